//! The two small editors: a note on a step, and the details support asks
//! for. Enter keeps what was typed, Esc leaves everything as it was, and
//! so does Enter for a line left as it opened (a note or detail saved
//! from the command line may hold line breaks, which a line shows as
//! spaces).

use super::search::edit;
use super::{App, Effect, Mode, Notice, Pane};
use crate::case::Field;
use crate::progress::State;
use crate::tui::action::Action;
use crate::tui::line_edit::LineEdit;

/// A note being written for a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEdit {
    pub step: String,
    /// Whether `step` is the step just marked, not the one selected.
    pub just_marked: bool,
    /// Whether `step` had no outcome as the editor opened: saving marks
    /// it done.
    pub marks_it: bool,
    pub line: LineEdit,
    /// The line as it opened.
    opened: String,
}

/// The details form: one line per field of [`Field::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailsForm {
    /// The field being typed in, as an index into [`Field::ALL`].
    pub field: usize,
    pub lines: Vec<LineEdit>,
    /// Each line as it opened.
    opened: Vec<String>,
}

impl App {
    /// N: write a note for the step just marked, else the selected one,
    /// starting from the note it has.
    pub(super) fn edit_note(&mut self) {
        // Right after d, n or s moved the cursor on, the note is for the
        // step just marked, not for the next one, still untried.
        let marked_last = self.marked_last.take();
        let selected = self.selected_step().filter(|_| self.focus == Pane::Detail);
        let just_marked = match (marked_last, selected) {
            (Some((marked, moved_to)), Some(selected)) if selected.id == moved_to => Some(marked),
            _ => None,
        };
        let step = match &just_marked {
            Some(step) => step.clone(),
            None => match self.step_to_mark() {
                Some(step) => step,
                None => return,
            },
        };
        // A note goes with an outcome: on a step with none yet, saving it
        // marks the step done, as the editor's title says. (Refusing
        // instead would turn the words typed next into keys.)
        let outcome = self.marks.0.get(&step);
        let line = LineEdit::with_text(outcome.and_then(|o| o.note.as_deref()).unwrap_or_default());
        let opened = line.text().to_string();
        self.mode = Mode::Note(Box::new(NoteEdit {
            marks_it: outcome.is_none(),
            step,
            just_marked: just_marked.is_some(),
            line,
            opened,
        }));
    }

    pub(super) fn note(&mut self, action: Action) -> Effect {
        let Mode::Note(editing) = &mut self.mode else {
            return Effect::None;
        };
        match action {
            Action::Save
                if editing.line.text() == editing.opened && self.marks.contains(&editing.step) =>
            {
                self.mode = Mode::Browse;
                self.notice = Some(Notice::Info("Note unchanged.".into()));
            }
            Action::Save => {
                let step = editing.step.clone();
                let text = editing.line.text().trim();
                let note = (!text.is_empty()).then(|| text.to_string());
                self.mode = Mode::Browse;
                // The note goes with the step's outcome; a step with none
                // (as it opened, or cleared by another syncfix meanwhile)
                // is marked done, and the cursor moves on as with d.
                let state = self.marks.state(&step).unwrap_or(State::Done);
                let was = self.marks.tried(&step);
                let marks_it = !self.marks.0.contains_key(&step);
                let outcome = self.marks.0.entry(step.clone());
                let outcome = outcome.or_insert_with(|| super::browse::marked(state));
                outcome.note = note.clone();
                self.count_mark(&step, was);
                let said = match (marks_it, &note) {
                    (true, _) => "Marked done, with its note.",
                    (false, Some(_)) => "Note kept with the step.",
                    (false, None) => "Note removed.",
                };
                self.notice = Some(Notice::Info(said.into()));
                self.refresh_doc();
                if marks_it && self.after_mark(state, &step) {
                    self.go_to_open_step(true);
                }
                return Effect::SaveNote { step, state, note };
            }
            Action::Back => self.mode = Mode::Browse,
            action => {
                if let Some(notice) = edit(&mut editing.line, action) {
                    self.notice = Some(notice);
                }
            }
        }
        Effect::None
    }

    /// i: the details support asks for, on the open case.
    pub(super) fn edit_details(&mut self) {
        let Some(case) = self.open_case() else {
            self.notice = Some(Notice::Info(
                "No case is open: w asks “What do you see?”, c works the symptom shown as one."
                    .into(),
            ));
            return;
        };
        let lines: Vec<LineEdit> = Field::ALL
            .iter()
            .map(|f| LineEdit::with_text(case.details.get(f.key()).map_or("", String::as_str)))
            .collect();
        let opened = lines.iter().map(|l| l.text().to_string()).collect();
        self.mode = Mode::Details(Box::new(DetailsForm {
            field: 0,
            lines,
            opened,
        }));
    }

    pub(super) fn details(&mut self, action: Action) -> Effect {
        let Mode::Details(form) = &mut self.mode else {
            return Effect::None;
        };
        let n = Field::ALL.len();
        match action {
            Action::Down | Action::FocusNext => form.field = (form.field + 1) % n,
            Action::Up | Action::FocusPrev => form.field = (form.field + n - 1) % n,
            Action::Save => {
                // None for a line left as it opened.
                let typed: Vec<Option<String>> = (form.lines.iter().zip(&form.opened))
                    .map(|(l, opened)| (l.text() != opened).then(|| l.text().trim().into()))
                    .collect();
                self.mode = Mode::Browse;
                return self.save_details(typed);
            }
            Action::Back => self.mode = Mode::Browse,
            action => {
                if let Some(notice) = edit(&mut form.lines[form.field], action) {
                    self.notice = Some(notice);
                }
            }
        }
        Effect::None
    }

    /// What `Notice::DetailsGiven` says: how many details the case shown
    /// holds.
    pub fn details_given(&self) -> String {
        let missing = self
            .case
            .as_ref()
            .map_or(Field::ALL.len(), |c| crate::case::missing_details(c).len());
        format!(
            "Details for support: {} of {} given; the report carries them.",
            Field::ALL.len() - missing,
            Field::ALL.len()
        )
    }

    /// Keep the details typed (one per field, None where it was left as
    /// it was; empty removes one) on the open case, and have the loop save
    /// those that changed.
    fn save_details(&mut self, typed: Vec<Option<String>>) -> Effect {
        let Some(case) = self.case.as_mut().filter(|c| c.closed.is_none()) else {
            return Effect::None;
        };
        let mut changed = Vec::new();
        for (field, value) in Field::ALL.into_iter().zip(typed) {
            let Some(value) = value else { continue };
            let key = field.key();
            if case.details.get(key).map_or("", String::as_str) == value {
                continue;
            }
            match value.is_empty() {
                true => case.details.remove(key),
                false => case.details.insert(key.to_string(), value.clone()),
            };
            changed.push((field, value));
        }
        self.notice = Some(Notice::DetailsGiven);
        match changed.is_empty() {
            true => Effect::None,
            false => Effect::SaveDetails(changed),
        }
    }
}
