//! Browsing: moving through panes, choosing a platform, ticking steps.

use super::{App, Ask, Effect, Mode, Notice, Pane, Row, SearchState};
use crate::progress::{Outcome, State};
use crate::tui::action::Action;
use crate::tui::detail::Subject;

impl App {
    pub(super) fn browse(&mut self, action: Action) -> Effect {
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-self.page()),
            Action::PageDown => self.move_by(self.page()),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::FocusLeft => self.focus = self.neighbour(-1, false),
            Action::FocusRight => self.focus = self.neighbour(1, false),
            Action::FocusPrev => self.focus = self.neighbour(-1, true),
            Action::FocusNext => self.focus = self.neighbour(1, true),
            Action::Open => self.open(),
            Action::Back => {
                self.focus = match self.focus {
                    Pane::Detail => Pane::List,
                    Pane::List | Pane::Platforms => Pane::Platforms,
                }
            }
            Action::ToggleTick => return self.toggle_tick(),
            Action::Mark(state) => return self.mark(state),
            Action::NextOpen => self.go_to_open_step(true),
            Action::PrevOpen => self.go_to_open_step(false),
            Action::StartSearch => self.start_search(),
            Action::AskQuestions => self.ask(),
            Action::StartCase => return self.case_from_detail(),
            Action::OpenHelpNote => self.open_help_note(),
            Action::EditNote => self.edit_note(),
            Action::EditDetails => self.edit_details(),
            Action::WriteReport => return Effect::WriteReport,
            Action::ChoosePlatform(n) => self.choose_platform(n),
            Action::ResetFix => self.ask_reset(),
            Action::ToggleHelp => {
                self.mode = Mode::Help {
                    scroll: 0,
                    questions: None,
                }
            }
            _ => {}
        }
        Effect::None
    }

    fn page(&self) -> isize {
        let rows = match self.focus {
            Pane::Detail => self.detail_height(),
            _ => self.list_height(),
        };
        isize::try_from(rows.saturating_sub(1).max(1)).unwrap_or(1)
    }

    fn neighbour(&self, step: isize, wrap: bool) -> Pane {
        const ORDER: [Pane; 3] = [Pane::Platforms, Pane::List, Pane::Detail];
        let here = ORDER.iter().position(|p| *p == self.focus).unwrap_or(1) as isize;
        let next = if wrap {
            (here + step).rem_euclid(3)
        } else {
            (here + step).clamp(0, 2)
        };
        ORDER[next as usize]
    }

    /// Move the focused pane's selection by `delta` rows (clamped).
    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Pane::Platforms => {
                let last = self.kb.platforms.len();
                let to = self.platform.saturating_add_signed(delta).min(last);
                self.choose_platform(to);
            }
            Pane::List => self.move_list(delta),
            Pane::Detail => self.move_detail(delta),
        }
    }

    fn move_list(&mut self, delta: isize) {
        let items: Vec<usize> = (0..self.rows.len())
            .filter(|&i| matches!(self.rows[i], Row::Item(_)))
            .collect();
        let Some(here) = items.iter().position(|&i| i == self.list.selected) else {
            return;
        };
        let to = here.saturating_add_signed(delta).min(items.len() - 1);
        self.list.selected = items[to];
        self.scroll_list();
        if let Row::Item(subject) = self.rows[self.list.selected] {
            self.show(Some(subject));
        }
    }

    /// In the detail: move between steps, or scroll when there are none.
    fn move_detail(&mut self, delta: isize) {
        let height = self.detail_height();
        let max_scroll = self.doc.lines.len().saturating_sub(height);
        if self.doc.steps.is_empty() {
            self.detail.scroll = self
                .detail
                .scroll
                .saturating_add_signed(delta)
                .min(max_scroll);
            return;
        }
        let last = self.doc.steps.len() - 1;
        self.detail.step = self.detail.step.saturating_add_signed(delta).min(last);
        if self.detail.step == 0 && delta < 0 {
            self.detail.scroll = 0;
        } else if self.detail.step == last && delta > 0 {
            self.detail.scroll = max_scroll;
        }
        self.reveal_step(height);
    }

    /// Scroll the detail so the selected step (and its fix heading, for a
    /// fix's first step) is in view.
    pub(super) fn reveal_step(&mut self, height: usize) {
        let Some(step) = self.doc.steps.get(self.detail.step) else {
            return;
        };
        let context = if step.opens_fix { 3 } else { 0 };
        let top = step.first_line.saturating_sub(context);
        if top < self.detail.scroll {
            self.detail.scroll = top;
        } else if step.last_line >= self.detail.scroll + height {
            self.detail.scroll = step.last_line + 1 - height.max(1);
        }
    }

    fn open(&mut self) {
        match self.focus {
            Pane::Platforms => self.focus = Pane::List,
            Pane::List if self.subject.is_some() => self.focus = Pane::Detail,
            _ => {}
        }
    }

    /// The step under the detail cursor when the detail has the focus;
    /// otherwise a hint on how to get there.
    pub(super) fn step_to_mark(&mut self) -> Option<String> {
        match (self.focus, self.selected_step()) {
            (Pane::Detail, Some(step)) => Some(step.id.clone()),
            _ => {
                let hint = if self.doc.steps.is_empty() {
                    "This item has no steps to tick."
                } else {
                    "Press Enter or → to go to the steps, then Space to tick one."
                };
                self.notice = Some(Notice::Info(hint.to_string()));
                None
            }
        }
    }

    fn toggle_tick(&mut self) -> Effect {
        let Some(step) = self.step_to_mark() else {
            return Effect::None;
        };
        // A note is what was learnt trying the step: asked before it goes.
        if self.marks.0.get(&step).is_some_and(|o| o.note.is_some()) {
            self.mode = Mode::Confirm(Ask::Clear { step });
            return Effect::None;
        }
        self.tick_or_clear(step)
    }

    /// Tick `step`, or clear its outcome (and its note).
    pub(super) fn tick_or_clear(&mut self, step: String) -> Effect {
        let tried = self.marks.tried(&step);
        let was = self.marks.0.remove(&step);
        let ticked = was.is_none();
        if ticked {
            self.marks.0.insert(step.clone(), marked(State::Done));
        }
        // Space unticks a tick; of another outcome, say what went.
        if let Some(was) = was.filter(|o| o.state != State::Done) {
            let note = if was.note.is_some() {
                " and its note"
            } else {
                ""
            };
            self.notice = Some(Notice::Info(format!(
                "Cleared “{}”{note}; Space again marks the step done.",
                was.state.label()
            )));
        }
        self.count_mark(&step, tried);
        self.refresh_doc();
        Effect::SaveTick { step, ticked }
    }

    /// Record an outcome and move on to the next step still to try; say so
    /// when none is left.
    fn mark(&mut self, state: State) -> Effect {
        let Some(step) = self.step_to_mark() else {
            return Effect::None;
        };
        // "Fixed it" closes the open case: on a step its plan does not
        // hold (another problem's page), ask first.
        let elsewhere = self
            .open_case()
            .is_some_and(|case| !crate::case::in_plan(&self.kb, case, &step));
        if state == State::FixedIt && elsewhere {
            self.mode = Mode::Confirm(Ask::Solve { step });
            return Effect::None;
        }
        self.mark_step(step, state)
    }

    /// Record what came of `step`; "fixed it" closes the open case.
    pub(super) fn mark_step(&mut self, step: String, state: State) -> Effect {
        // A note given earlier stays with the step.
        let note = self.marks.0.get(&step).and_then(|o| o.note.clone());
        let mut outcome = marked(state);
        outcome.note = note.clone();
        let was = self.marks.tried(&step);
        let solves = (state == State::FixedIt)
            .then(|| self.open_case().map(|case| case.id))
            .flatten();
        self.marks.0.insert(step.clone(), outcome);
        self.count_mark(&step, was);
        self.refresh_doc();
        if self.after_mark(state, &step) {
            self.go_to_open_step(true);
            if let Some(now) = self.selected_step().filter(|_| self.focus == Pane::Detail) {
                self.marked_last = Some((step.clone(), now.id.clone()));
            }
        }
        Effect::SaveMark {
            step,
            state,
            note,
            solves,
        }
    }

    /// The next (or previous) step with no outcome, from the cursor round.
    pub(super) fn open_step(&self, forward: bool) -> Option<usize> {
        let steps = &self.doc.steps;
        crate::case::open_around(steps.len(), self.detail.step, forward, |i| {
            !self.marks.contains(&steps[i].id)
        })
    }

    pub(super) fn go_to_open_step(&mut self, forward: bool) {
        match self.open_step(forward) {
            Some(i) => {
                self.focus = Pane::Detail;
                self.detail.step = i;
                self.reveal_step(self.detail_height());
            }
            None => {
                // Nothing left here, while a case is open on something
                // else: back to the case, at its next step.
                if let Some((problem, platform)) = self.case_elsewhere() {
                    self.show_on(&problem, platform.as_deref());
                    let back = "Nothing left to try here: back to the open case, at its next step.";
                    self.notice = Some(Notice::Info(back.into()));
                    return;
                }
                let steps = &self.doc.steps;
                let skipped = steps
                    .iter()
                    .filter(|s| crate::case::is_skipped(&self.marks.0, &s.id))
                    .count();
                let done = match skipped {
                    0 => "No step here is left to try.".to_string(),
                    n => format!(
                        "No step here is left without an outcome; {n} skipped ([~]) still to try."
                    ),
                };
                self.notice = Some(Notice::Info(done));
            }
        }
    }

    /// The open case's problem and platform, when the detail shows
    /// something else, or it on another platform.
    fn case_elsewhere(&self) -> Option<(String, Option<String>)> {
        let case = self.open_case()?;
        let platform = crate::case::platform(&self.kb, case);
        let shown = self.subject.map(|s| s.item(&self.kb).id());
        (shown != Some(case.problem.as_str()) || self.platform_id() != platform)
            .then(|| (case.problem.clone(), platform.map(str::to_string)))
    }

    pub(super) fn choose_platform(&mut self, n: usize) {
        if n > self.kb.platforms.len() || n == self.platform {
            return;
        }
        self.platform = n;
        self.recount();
        let step = self.selected_step().map(|s| s.id.clone());
        self.rebuild_rows(None);
        self.detail.step = step
            .and_then(|id| self.doc.steps.iter().position(|s| s.id == id))
            .unwrap_or(0);
        self.refresh_search();
    }

    /// The fix `r` would reset: the one under the detail cursor, else the
    /// selected fix in the list.
    fn target_fix(&self) -> Option<usize> {
        match (self.focus, self.selected_step(), self.subject) {
            (Pane::Detail, Some(step), _) => Some(step.fix),
            (_, _, Some(Subject::Fix(i))) => Some(i),
            _ => None,
        }
    }

    fn ask_reset(&mut self) {
        let Some(fix) = self.target_fix() else {
            self.notice = Some(Notice::Info(
                "Select a step of the fix to reset first.".into(),
            ));
            return;
        };
        let fix_ref = &self.kb.fixes[fix];
        let shown = crate::plan::fix_plan(&self.kb, fix_ref, self.platform_id());
        if shown.steps.iter().any(|s| self.marks.contains(&s.step.id)) {
            self.mode = Mode::Confirm(Ask::Reset { fix });
        } else {
            self.notice = Some(Notice::Info(format!(
                "Nothing is ticked in “{}”.",
                fix_ref.title
            )));
        }
    }

    pub(super) fn start_search(&mut self) {
        self.mode = Mode::Search(Box::new(SearchState::new(self.saved_view())));
        self.refresh_search();
    }
}

/// An outcome recorded now, as the interface keeps it until the store says
/// otherwise.
pub(super) fn marked(state: State) -> Outcome {
    Outcome {
        state,
        at: jiff::Timestamp::now(),
        note: None,
    }
}
