//! Working a case: what the plan has come to, the guide's advice on getting
//! help, and the report for support.

use super::{App, Notice, Pane};
use crate::case;
use crate::kb::Note;
use crate::progress::State;

impl App {
    /// The case's word below its plan, when the detail shows the case's
    /// problem on the case's platform: solved, or every step tried.
    pub(super) fn case_word(&self) -> Option<String> {
        let case = self.case.as_ref()?;
        let subject = self.subject?;
        if subject.item(&self.kb).id() != case.problem
            || self.platform_id() != case::platform(&self.kb, case)
        {
            return None;
        }
        match &case.closed {
            Some(closed) => closed.solved_by.as_ref().map(|_| {
                "Fixed: the case is closed as solved. R writes the report for support.".into()
            }),
            None => Some(format!(
                "{}. {}H opens “{}”, the guide's advice on getting help; {}R writes the \
                 report for support.",
                self.exhausted_word()?,
                // A problem whose plan goes past this one's last rung.
                self.further().map_or(String::new(), |(title, n)| {
                    let steps = if n == 1 { "step" } else { "steps" };
                    format!(
                        "Still stuck? “{title}” goes on with {n} more {steps}: open it and \
                         press c to work it as a case. "
                    )
                }),
                self.help_note()
                    .map_or("When to get help", |n| n.title.as_str()),
                case::missing_phrase(case)
                    .map_or(String::new(), |missing| format!("i adds {missing}, and ")),
            )),
        }
    }

    /// What the open case's plan has come to once no step is left to do
    /// next (`case::exhausted`), as a sentence that points at the skipped
    /// steps' mark.
    fn exhausted_word(&self) -> Option<String> {
        let case = self.open_case()?;
        let word = case::exhausted(&case::plan_of(&self.kb, case), &self.marks.0)?;
        let mut sentence = capitalized(&word.to_string());
        if word.skipped > 0 {
            sentence.push_str(" ([~]), still to try");
        }
        Some(sentence)
    }

    /// The guide's advice on getting help: the case's own, else the
    /// guide's first note that says what to collect for support.
    fn help_note(&self) -> Option<&Note> {
        let own = self
            .case
            .as_ref()
            .and_then(|c| case::help_note(&self.kb, c));
        own.or_else(|| self.kb.notes.iter().find(|n| !n.collect.is_empty()))
    }

    pub(super) fn open_help_note(&mut self) {
        let Some(id) = self.help_note().map(|n| n.id.clone()) else {
            let none = "This guide has no advice on getting help.";
            self.notice = Some(Notice::Info(none.into()));
            return;
        };
        if self.go_to(&id, false) {
            self.focus = Pane::Detail;
        }
    }

    /// What marking a step with `state` says: fixed, the plan exhausted,
    /// or nothing (the cursor moves on instead). True when the cursor
    /// should move on.
    pub(super) fn after_mark(&mut self, state: State, step: &str) -> bool {
        let in_case = self.open_case().is_some();
        let said = match state {
            State::FixedIt if in_case => {
                if let Some(case) = &mut self.case {
                    case.closed = Some(crate::progress::Closed {
                        at: jiff::Timestamp::now(),
                        solved_by: Some(step.to_string()),
                    });
                }
                "Fixed it: the case is closed as solved by this step. R writes the report \
                 for support."
            }
            State::FixedIt => "Fixed: marked as the step that solved it. Press Space to undo.",
            _ if self.open_step(true).is_some() => return true,
            _ => &self.run_out(),
        };
        self.notice = Some(Notice::Info(said.into()));
        self.refresh_doc();
        self.reveal_word();
        false
    }

    /// What the status bar says once no step here is left to do.
    pub(super) fn run_out(&self) -> String {
        match (self.open_case(), self.exhausted_word()) {
            (Some(_), Some(word)) => format!("{word}. H for help, R for the report."),
            (Some(_), None) => {
                "Every step here has been tried: H for help, R for the report.".into()
            }
            (None, _) => "Every step here has been tried: H for help, R writes the report (as \
                          `syncfix report` does)."
                .into(),
        }
    }

    /// Scroll the detail down until the case's word below the plan is in
    /// view (its start, when the pane is too short for all of it).
    fn reveal_word(&mut self) {
        let Some((start, end)) = self.doc.word else {
            return;
        };
        let top = (end + 1).saturating_sub(self.detail_height()).min(start);
        self.detail.scroll = self.detail.scroll.max(top);
    }

    /// Where the report went, as the loop tells it: the file's name first,
    /// what the person looks for, and its directory last, as the part a
    /// short status bar may cut.
    pub(super) fn report_written(&mut self, path: &str, copied: bool) {
        let path = std::path::Path::new(path);
        let name = path
            .file_name()
            .unwrap_or(path.as_os_str())
            .to_string_lossy();
        let dir = match path.parent().map(std::path::Path::as_os_str) {
            Some(dir) if !dir.is_empty() => dir.to_string_lossy(),
            _ => ".".into(),
        };
        self.notice = Some(Notice::ReportWritten {
            name: name.into_owned(),
            copied,
            dir: dir.into_owned(),
        });
    }
}

/// `text` with its first letter upper case.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
