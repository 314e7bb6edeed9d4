//! The interface's state and `update`, the only place it changes. No I/O:
//! saving and quitting come back as effects for the event loop.

mod browse;
mod forms;
mod mouse;
mod search;
mod triage;
mod work;

use std::collections::HashMap;
use std::sync::Arc;

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

pub use self::forms::{DetailsForm, NoteEdit};
pub use self::search::SearchState;
pub use self::triage::{MAX_ANSWERS, Triage};
use super::action::{Action, Effect};
use super::detail::{self, Doc, Marks, Subject};
use super::finder::Request;
use super::keymap::{self, Context};
use super::layout::Areas;
use crate::kb::{Item, KnowledgeBase, applies};
use crate::plan::{self, Problem};
use crate::progress::Case;

/// Columns kept for a list item's progress badge, " 12/34".
const BADGE: usize = 6;

/// The three panes, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Platforms,
    List,
    Detail,
}

/// What has the keyboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Browse,
    Search(Box<SearchState>),
    /// "What do you see?": the guide's questions, one at a time.
    Questions(Box<Triage>),
    /// Writing a note for a step.
    Note(Box<NoteEdit>),
    /// Filling in the details support asks for.
    Details(Box<DetailsForm>),
    /// The key help, scrolled this many rows; over the questions, when
    /// asked from them (closing it goes back to them).
    Help {
        scroll: usize,
        questions: Option<Box<Triage>>,
    },
    /// Asking before something that cannot be undone.
    Confirm(Ask),
}

/// What a yes/no question asks before doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Clear the ticks of a fix (index into `kb.fixes`).
    Reset { fix: usize },
    /// Open a case on the problem shown, closing the open one, with the
    /// answers that led there (none for `c`).
    NewCase { answers: Vec<(String, String)> },
    /// Move the open case, on the problem shown, to the platform chosen.
    MoveCase,
    /// Clear a step's outcome and its note (Space).
    Clear { step: String },
    /// Mark a step the open case's plan does not hold "fixed it", closing
    /// the case as solved by it (f).
    Solve { step: String },
}

/// A row of the symptom list: a group heading or an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Header(&'static str),
    Item(Subject),
}

/// A selection in a scrolling list, and the first row shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Scroll so the selection is inside a window of `height` rows.
    fn keep_visible(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }
}

/// Where the detail pane is: the selected step and the first line shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DetailCursor {
    pub step: usize,
    pub scroll: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Info(String),
    Problem(String),
    /// How many details the open case has, said as the case is when drawn
    /// (another syncfix may add one after the form is saved): see
    /// [`App::details_given`].
    DetailsGiven,
    /// Where a report went: the bar gives up the middle of its directory
    /// before its end or the file's name.
    ReportWritten {
        name: String,
        copied: bool,
        dir: String,
    },
}

/// Everything the interface shows; drawing is a function of this alone.
pub struct App {
    /// Shared with the loader, which indexes it after handing it over.
    pub kb: Arc<KnowledgeBase>,
    /// Each step's outcome, as the progress file last said.
    pub marks: Marks,
    /// The open case, or the last one (closed), as the progress file last
    /// said.
    pub case: Option<Case>,
    /// 0 is All, n is `kb.platforms[n - 1]`.
    pub platform: usize,
    pub focus: Pane,
    pub mode: Mode,
    pub rows: Vec<Row>,
    pub list: Cursor,
    pub subject: Option<Subject>,
    pub doc: Doc,
    pub detail: DetailCursor,
    pub notice: Option<Notice>,
    /// True while a change is not saved (the last save failed).
    pub unsaved: bool,
    /// Quit was asked for with a change not saved, and told so: asked for
    /// again at once, it quits.
    quit_told: bool,
    /// Why the last save failed, while a change is not saved.
    unsaved_why: Option<String>,
    pub size: Rect,
    /// Columns the list needs to show its widest title whole.
    pub list_wants: u16,
    /// (tried, total) steps of the whole guide on the chosen platform,
    /// for the title bar: counted when marks or the platform change,
    /// never per frame.
    pub done: (usize, usize),
    /// The progress badges of the list items that have been in view since
    /// marks or the platform last changed (None: the item has no steps).
    badges: HashMap<Subject, Option<(usize, usize)>>,
    /// The number of the latest search request.
    generation: u64,
    /// A search asked for and not yet handed to the loop.
    outbox: Option<Request>,
    /// The step last marked and the step the cursor moved on to from it:
    /// while the cursor is still there, N keeps a note with the step
    /// just marked.
    marked_last: Option<(String, String)>,
    /// Where a person still stuck goes on to (`case::further`), kept with
    /// what it was found for: finding it reads every problem's plan, so it
    /// is found again only when the case or its outcomes change, never on
    /// a refresh of the same (a resize, another subject and back).
    further: Option<(FurtherFor, Option<(String, usize)>)>,
}

/// What `App::further` depends on: the case and its platform, and the
/// outcomes, told apart by how many there are and the latest.
type FurtherFor = (u64, Option<String>, usize, Option<jiff::Timestamp>);

impl App {
    pub fn new(
        kb: impl Into<Arc<KnowledgeBase>>,
        platform: Option<&str>,
        marks: impl Into<Marks>,
        size: Rect,
    ) -> App {
        let kb = kb.into();
        let platform = platform
            .and_then(|id| kb.platforms.iter().position(|p| p.id == id))
            .map_or(0, |i| i + 1);
        let mut app = App {
            kb,
            marks: marks.into(),
            case: None,
            platform,
            focus: Pane::List,
            mode: Mode::Browse,
            rows: Vec::new(),
            list: Cursor::default(),
            subject: None,
            doc: Doc::default(),
            detail: DetailCursor::default(),
            notice: None,
            unsaved: false,
            quit_told: false,
            unsaved_why: None,
            size,
            list_wants: 0,
            done: (0, 0),
            badges: HashMap::new(),
            generation: 0,
            outbox: None,
            marked_last: None,
            further: None,
        };
        app.list_wants = app.widest_row();
        app.rebuild_rows(None);
        app.recount();
        app
    }

    /// Count again what marks and the platform decide: the guide's
    /// done/total, and (as they come into view) the list's badges.
    fn recount(&mut self) {
        let marks = &self.marks;
        self.done = plan::guide_progress(&self.kb, self.platform_id(), |id| marks.tried(id));
        self.badges.clear();
        self.fill_badges();
    }

    /// Whether step `id` was tried (`was`, see `Marks::tried`) before its
    /// mark changed: count the change alone, with the badges in view.
    fn count_mark(&mut self, id: &str, was: bool) {
        let now = self.marks.tried(id);
        if was != now && plan::in_guide_progress(&self.kb, id, self.platform_id()) {
            let (done, _) = &mut self.done;
            *done = if now {
                *done + 1
            } else {
                done.saturating_sub(1)
            };
        }
        self.badges.clear();
        self.fill_badges();
    }

    /// Work out the badges of the list rows in view that have none yet.
    fn fill_badges(&mut self) {
        let end = (self.list.offset + self.list_height()).min(self.rows.len());
        for row in self.list.offset..end {
            if let Row::Item(subject) = self.rows[row]
                && !self.badges.contains_key(&subject)
            {
                let badge = self.progress(subject);
                self.badges.insert(subject, badge);
            }
        }
    }

    /// The badge of a list item in view: (tried, total) steps of its plan.
    pub fn badge(&self, subject: Subject) -> Option<(usize, usize)> {
        self.badges.get(&subject).copied().flatten()
    }

    /// The chosen platform's id; None is All.
    pub fn platform_id(&self) -> Option<&str> {
        self.platform
            .checked_sub(1)
            .map(|i| self.kb.platforms[i].id.as_str())
    }

    pub fn platform_name(&self) -> &str {
        self.platform
            .checked_sub(1)
            .map_or("All platforms", |i| &self.kb.platforms[i].name)
    }

    /// Which rows of the key table are live.
    pub fn context(&self) -> Context {
        // Too small to draw in, the mode's keys are those of the mode, but
        // only quit and resize act (see `update`): q quits only where it
        // would, and is never taken from a note or a search being typed.
        match self.mode {
            Mode::Browse => Context::Browse,
            Mode::Search(_) => Context::Search,
            Mode::Questions(_) => Context::Questions,
            Mode::Note(_) => Context::Edit,
            Mode::Details(_) => Context::Details,
            Mode::Help { .. } => Context::Help,
            Mode::Confirm(_) => Context::Confirm,
        }
    }

    pub fn areas(&self) -> Option<Areas> {
        Areas::new(
            self.size,
            self.list_wants,
            self.status_rows(self.size.width),
        )
    }

    /// The columns a notice has in the status bar of a terminal `width`
    /// wide: what the keys for help and quitting leave, less a space on
    /// each side.
    pub fn notice_room(&self, width: u16) -> usize {
        let kept = keymap::hints(self.context(), 0);
        usize::from(width).saturating_sub(keymap::hints_width(&kept) + 2)
    }

    /// A notice said in words that wrap onto a second row of the status
    /// bar when one is too narrow for them (problems and reports written
    /// have short forms of their own).
    pub fn wrapping_notice(&self) -> Option<String> {
        match &self.notice {
            Some(Notice::Info(text)) => Some(text.clone()),
            Some(Notice::DetailsGiven) => Some(self.details_given()),
            _ => None,
        }
    }

    /// The status bar's rows in a terminal `width` wide: two when the
    /// notice is wider than one row has room for.
    pub fn status_rows(&self, width: u16) -> u16 {
        let room = self.notice_room(width);
        match self.wrapping_notice() {
            Some(text) if text.width() > room => 2,
            _ => 1,
        }
    }

    /// The widest title in the list, with its badge and the pane's frame.
    fn widest_row(&self) -> u16 {
        let kb = &self.kb;
        let titles = kb.symptoms.iter().map(|s| &s.title);
        let titles = titles
            .chain(kb.statuses.iter().map(|s| &s.text))
            .chain(kb.fixes.iter().map(|f| &f.title))
            .chain(kb.notes.iter().map(|n| &n.title));
        let widest = titles.map(|t| t.width()).max().unwrap_or(0);
        // A space on each side of the title, " 12/34", the border and padding.
        u16::try_from(widest + 2 + BADGE + 4).unwrap_or(u16::MAX)
    }

    /// Apply one action. The returned effect is for the event loop to carry out.
    pub fn update(&mut self, action: Action) -> Effect {
        let effect = self.apply(action);
        self.fill_badges();
        effect
    }

    fn apply(&mut self, action: Action) -> Effect {
        // The mouse points at the screen as drawn: with the notice that is
        // about to go, which may take two rows of the status bar.
        let drawn = self.areas();
        // A word in the status bar lasts until the person's next action;
        // news from the loop (a save, the file read again) keeps it.
        let passing = matches!(
            self.notice,
            Some(Notice::Info(_) | Notice::DetailsGiven | Notice::ReportWritten { .. })
        );
        // What the loop reports (a save failed again) is news here too.
        let news = action.is_news() || matches!(action, Action::SaveFailed(_));
        if passing && !news {
            // A change still not saved is said again in its place.
            self.notice = self.unsaved_why.clone().map(Notice::Problem);
        }
        // Told until the person's next action.
        let quit_told = match news {
            true => self.quit_told,
            false => std::mem::take(&mut self.quit_told),
        };
        match action {
            // A change not saved (another syncfix holds the file, or it
            // cannot be written) is not dropped at the first q unsaid.
            Action::Quit if self.unsaved && !quit_told => {
                self.quit_told = true;
                self.notice = Some(Notice::Info(
                    "Your last change is not saved yet. Quit again to leave without it, or wait: \
                     syncfix saves it as soon as the file can be written."
                        .into(),
                ));
                return Effect::None;
            }
            Action::Quit if quit_told => return Effect::Leave,
            Action::Quit => return Effect::Quit,
            Action::Suspend => return Effect::Suspend,
            Action::Resize { width, height } => {
                self.resize(width, height);
                return Effect::None;
            }
            Action::SaveFailed(message) => {
                self.unsaved = true;
                self.unsaved_why = Some(message.clone());
                // The word asked before quitting stays until answered.
                if !self.quit_told {
                    self.notice = Some(Notice::Problem(message));
                }
                return Effect::None;
            }
            Action::Warning(message) => {
                self.notice = Some(Notice::Problem(message));
                return Effect::None;
            }
            Action::Saved => {
                self.unsaved_why = None;
                if std::mem::take(&mut self.unsaved) {
                    self.notice = Some(Notice::Info("Progress saved.".to_string()));
                }
                return Effect::None;
            }
            Action::MarksChanged(marks) => {
                // The step under the cursor, marked meanwhile by another
                // syncfix (a script), is left for the next still to try,
                // as a mark made here leaves it: the next key is not for it.
                let selected = self.selected_step().filter(|_| self.focus == Pane::Detail);
                let selected = selected.map(|s| s.id.clone());
                let was_open = selected.as_ref().is_some_and(|id| !self.marks.contains(id));
                self.marks = marks;
                self.recount();
                self.refresh_doc();
                let now_marked = selected.is_some_and(|id| self.marks.contains(&id));
                if was_open
                    && now_marked
                    && self.mode == Mode::Browse
                    && self.open_step(true).is_some()
                {
                    self.go_to_open_step(true);
                }
                return Effect::None;
            }
            Action::ReportWritten { path, copied } => {
                self.report_written(&path, copied);
                return Effect::None;
            }
            Action::CaseChanged(case) => {
                // The open case closed by another syncfix (a script that
                // marked a step fixed it): say so, as the title loses it.
                let was_open = self.open_case().map(|c| c.id);
                if let Some(now) = case.as_ref().filter(|c| Some(c.id) == was_open)
                    && let Some(closed) = &now.closed
                {
                    let how = match closed.solved_by.as_deref().and_then(|s| self.kb.step(s)) {
                        Some(step) => format!("solved by “{}”", step.text),
                        None => "unsolved".to_string(),
                    };
                    self.notice = Some(Notice::Info(format!(
                        "Another syncfix closed the case on {}, {how}.",
                        crate::case::problem_title(&self.kb, now)
                    )));
                }
                self.case = case;
                // "Fixed it" asked of a case closed meanwhile asks nothing.
                if matches!(self.mode, Mode::Confirm(Ask::Solve { .. }))
                    && self.open_case().is_none()
                {
                    self.mode = Mode::Browse;
                }
                self.refresh_doc();
                return Effect::None;
            }
            Action::Found(answer) => {
                self.found(answer);
                return Effect::None;
            }
            Action::StillSearching => {
                self.still_searching();
                return Effect::None;
            }
            Action::Click { column, row } => return self.click(drawn, column, row),
            Action::ScrollUp { column, row } => return self.wheel(drawn, column, row, false),
            Action::ScrollDown { column, row } => return self.wheel(drawn, column, row, true),
            // Asked for at the start: the questions need no screen to be
            // put up, and show once the terminal is large enough.
            Action::AskQuestions if self.areas().is_none() => {
                self.ask();
                return Effect::None;
            }
            _ if self.areas().is_none() => return Effect::None,
            _ => {}
        }
        match &self.mode {
            Mode::Browse => self.browse(action),
            Mode::Search(_) => self.search(action),
            Mode::Questions(_) => self.questions(action),
            Mode::Note(_) => self.note(action),
            Mode::Details(_) => self.details(action),
            Mode::Help { .. } => self.help(action),
            Mode::Confirm(ask) => {
                let ask = ask.clone();
                self.confirm(action, ask)
            }
        }
    }

    /// A new terminal size: the detail returns to the paragraph it showed
    /// at the top (and keeps a selected step in view), the list shows as
    /// much from its top as it can with the selection in view.
    fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        let block = self.doc.lines.get(self.detail.scroll).map(|l| l.block);
        self.refresh_doc();
        if let Some(block) = block {
            let top = self.doc.lines.iter().position(|l| l.block == block);
            let max = self.doc.lines.len().saturating_sub(self.detail_height());
            self.detail.scroll = top.unwrap_or(0).min(max);
        }
        if self.focus == Pane::Detail {
            self.reveal_step(self.detail_height());
            self.start_at_a_paragraph();
        }
        self.list.offset = 0;
        self.scroll_list();
        let height = self.list_height();
        if let Mode::Search(search) = &mut self.mode {
            search.cursor.offset = 0;
            search.cursor.keep_visible(height);
        }
    }

    /// After revealing the selected step, move the top of the detail off a
    /// paragraph's middle: up to where the paragraph starts if the step
    /// still fits below, else down to the next paragraph.
    fn start_at_a_paragraph(&mut self) {
        let (Some(step), Some(top)) =
            (self.selected_step(), self.doc.lines.get(self.detail.scroll))
        else {
            return;
        };
        let (first, last) = (step.first_line, step.last_line);
        let lines = &self.doc.lines;
        let start = lines.iter().position(|l| l.block == top.block);
        let next = (self.detail.scroll..lines.len()).find(|&i| lines[i].block != top.block);
        if let Some(start) = start.filter(|s| last < s + self.detail_height()) {
            self.detail.scroll = start;
        } else if let Some(next) = next.filter(|n| *n <= first) {
            self.detail.scroll = next;
        }
    }

    /// Scroll the list so the selection is in view, and the heading of its
    /// group too when the selection is the group's first item.
    fn scroll_list(&mut self) {
        let height = self.list_height();
        self.list.keep_visible(height);
        let selected = self.list.selected;
        if selected == self.list.offset
            && height > 1
            && selected
                .checked_sub(1)
                .is_some_and(|above| matches!(self.rows[above], Row::Header(_)))
        {
            self.list.offset -= 1;
        }
    }

    fn help(&mut self, action: Action) -> Effect {
        let lines = super::keymap::help_lines(self.size.width.saturating_sub(2)).len();
        let max = (lines + 2).saturating_sub(usize::from(self.size.height));
        if let Mode::Help { scroll, questions } = &mut self.mode {
            match action {
                Action::Up => *scroll = scroll.saturating_sub(1),
                Action::Down => *scroll = (*scroll + 1).min(max),
                Action::PageUp => *scroll = scroll.saturating_sub(10),
                Action::PageDown => *scroll = (*scroll + 10).min(max),
                Action::ToggleHelp | Action::Back => {
                    self.mode = match questions.take() {
                        Some(triage) => Mode::Questions(triage),
                        None => Mode::Browse,
                    };
                }
                _ => {}
            }
        }
        Effect::None
    }

    /// The answer to a yes/no question: yes does what was asked, no (or
    /// Esc) leaves everything as it was; other keys wait for one of them.
    fn confirm(&mut self, action: Action, ask: Ask) -> Effect {
        match action {
            Action::Confirm => {
                self.mode = Mode::Browse;
                match ask {
                    Ask::Reset { fix } => self.reset_fix(fix),
                    Ask::NewCase { answers } => self.open_shown_case(answers),
                    Ask::MoveCase => self.move_case(),
                    // Cleared meanwhile (by another syncfix): nothing to
                    // clear, and nothing to tick either.
                    Ask::Clear { step } if self.marks.0.contains_key(&step) => {
                        self.tick_or_clear(step)
                    }
                    Ask::Clear { .. } => Effect::None,
                    Ask::Solve { step } => self.mark_step(step, crate::progress::State::FixedIt),
                }
            }
            Action::Back => {
                self.mode = Mode::Browse;
                Effect::None
            }
            _ => Effect::None,
        }
    }

    /// Clear the outcomes of fix `fix`'s steps shown on this platform.
    fn reset_fix(&mut self, fix: usize) -> Effect {
        let steps = self.shown_ticked(fix);
        steps.iter().for_each(|id| {
            self.marks.0.remove(id);
        });
        self.recount();
        let n = steps.len();
        self.notice = Some(Notice::Info(format!(
            "Cleared the outcomes of {n} {} of “{}”.",
            if n == 1 { "step" } else { "steps" },
            self.kb.fixes[fix].title
        )));
        self.refresh_doc();
        Effect::SaveReset { steps }
    }

    /// Rebuild the list for the current platform, keeping `keep` (or the
    /// current subject) selected when it is still there.
    fn rebuild_rows(&mut self, keep: Option<Subject>) {
        let kb = &self.kb;
        let platform = self.platform_id();
        let mut rows = Vec::new();
        let mut group = |title: &'static str, items: Vec<Subject>| {
            if !items.is_empty() {
                rows.push(Row::Header(title));
                rows.extend(items.into_iter().map(Row::Item));
            }
        };
        group(
            "Symptoms",
            (0..kb.symptoms.len())
                .filter(|&i| applies(&kb.symptoms[i].platforms, platform))
                .map(Subject::Symptom)
                .collect(),
        );
        group(
            "Status messages",
            (0..kb.statuses.len())
                .filter(|&i| applies(&kb.statuses[i].platforms, platform))
                .map(Subject::Status)
                .collect(),
        );
        group(
            "All fixes",
            (0..kb.fixes.len())
                .filter(|&i| plan::fix_applies(kb, &kb.fixes[i], platform))
                .map(Subject::Fix)
                .collect(),
        );
        group("Notes", (0..kb.notes.len()).map(Subject::Note).collect());
        self.rows = rows;
        let wanted = keep.or(self.subject);
        let selected = wanted
            .and_then(|s| self.rows.iter().position(|r| *r == Row::Item(s)))
            .or_else(|| self.rows.iter().position(|r| matches!(r, Row::Item(_))));
        self.list.selected = selected.unwrap_or(0);
        self.subject = match self.rows.get(self.list.selected) {
            Some(Row::Item(s)) => Some(*s),
            _ => None,
        };
        self.scroll_list();
        self.refresh_doc();
    }

    /// Show `subject` in the detail pane from the top.
    /// Every other change the detail depends on (platform, ticks, size)
    /// lays it out again itself, so showing the same subject costs nothing:
    /// typing a search whose best hit stays the same rebuilds no detail.
    fn show(&mut self, subject: Option<Subject>) {
        if self.subject == subject {
            return;
        }
        self.subject = subject;
        self.detail = DetailCursor::default();
        self.refresh_doc();
    }

    /// Lay the detail out again (after a change of subject, platform, ticks or size).
    fn refresh_doc(&mut self) {
        self.refresh_further();
        let width = self.areas().map_or(40, |a| a.detail_text().width);
        self.doc = match self.subject {
            Some(subject) => {
                let word = self.case_word();
                let platform = self.platform_id();
                detail::build(
                    &self.kb,
                    subject,
                    platform,
                    &self.marks,
                    width,
                    word.as_deref(),
                )
            }
            None => Doc::default(),
        };
        self.detail.step = self.detail.step.min(self.doc.steps.len().saturating_sub(1));
        let max = self.doc.lines.len().saturating_sub(self.detail_height());
        self.detail.scroll = self.detail.scroll.min(max);
        self.scroll_list();
    }

    pub fn list_height(&self) -> usize {
        let searching = matches!(self.mode, Mode::Search(_));
        self.areas()
            .map_or(1, |a| usize::from(a.list_rows(searching).height))
    }

    pub fn detail_height(&self) -> usize {
        self.areas()
            .map_or(1, |a| usize::from(a.detail_text().height))
    }

    /// (tried, total) steps of a list item's plan, for its badge.
    pub fn progress(&self, subject: Subject) -> Option<(usize, usize)> {
        let kb = &self.kb;
        let item = subject.item(kb);
        let shown = match (item, Problem::of(item)) {
            (_, Some(problem)) => plan::plan(kb, problem, self.platform_id()),
            (Item::Fix(fix), None) => plan::fix_plan(kb, fix, self.platform_id()),
            _ => return None,
        };
        Some(detail::progress(&shown, &self.marks)).filter(|(_, total)| *total > 0)
    }

    /// Where the interface is, to return there next time.
    pub fn view(&self) -> crate::progress::View {
        crate::progress::View {
            platform: self.platform_id().map(str::to_string),
            item: self.subject.map(|s| s.item(&self.kb).id().to_string()),
        }
    }

    /// Select item `id` in the list and show it; with `next_step`, put the
    /// detail cursor on its first step still to try. False when the list
    /// does not have it.
    pub fn go_to(&mut self, id: &str, next_step: bool) -> bool {
        let Some(row) = self.rows.iter().position(|r| match r {
            Row::Item(s) => s.item(&self.kb).id() == id,
            Row::Header(_) => false,
        }) else {
            return false;
        };
        let Row::Item(subject) = self.rows[row] else {
            return false;
        };
        self.list.selected = row;
        self.list.keep_visible(self.list_height());
        self.show(Some(subject));
        if !next_step {
            return true;
        }
        // The next step to do; with none left, the first skipped (still to
        // try), else the last, and the plan's end said as when it came.
        let steps = &self.doc.steps;
        let open = steps.iter().position(|s| !self.marks.contains(&s.id));
        let skipped = || {
            let skipped = |s: &detail::DocStep| crate::case::is_skipped(&self.marks.0, &s.id);
            steps.iter().position(skipped)
        };
        if let Some(i) = open.or_else(skipped).or(steps.len().checked_sub(1)) {
            self.focus = Pane::Detail;
            self.detail.step = i;
            self.reveal_step(self.detail_height());
        }
        if open.is_none() && !self.doc.steps.is_empty() {
            self.notice = Some(Notice::Info(self.run_out()));
        }
        true
    }

    /// The ticked steps of fix `fix` (an index into `kb.fixes`) on the
    /// chosen platform: what a reset clears. Steps the platform hides are
    /// left alone.
    pub fn shown_ticked(&self, fix: usize) -> Vec<String> {
        let shown = plan::fix_plan(&self.kb, &self.kb.fixes[fix], self.platform_id());
        shown
            .steps
            .iter()
            .filter(|s| self.marks.contains(&s.step.id))
            .map(|s| s.step.id.clone())
            .collect()
    }

    /// The open case, if there is one.
    /// Find again where a person still stuck goes on to, if the case or
    /// its outcomes changed since it was last found.
    fn refresh_further(&mut self) {
        let Some(case) = self.open_case() else {
            return;
        };
        // Asked for only once the plan has run out.
        let plan = crate::case::plan_of(&self.kb, case);
        if crate::case::exhausted(&plan, &self.marks.0).is_none() {
            self.further = None;
            return;
        }
        let latest = self.marks.0.values().map(|o| o.at).max();
        let now: FurtherFor = (case.id, case.platform.clone(), self.marks.0.len(), latest);
        if self.further.as_ref().is_some_and(|(was, _)| *was == now) {
            return;
        }
        let found = crate::case::further(&self.kb, case, &self.marks.0);
        let found = found.map(|(p, n)| (p.item.title().to_string(), n));
        self.further = Some((now, found));
    }

    /// Where a person still stuck on the open case goes on to: a problem's
    /// title and how many steps past this plan it has (see
    /// `refresh_further`).
    pub(super) fn further(&self) -> Option<(&str, usize)> {
        let (_, found) = self.further.as_ref()?;
        found.as_ref().map(|(title, n)| (title.as_str(), *n))
    }

    pub fn open_case(&self) -> Option<&Case> {
        self.case.as_ref().filter(|c| c.closed.is_none())
    }

    /// The step under the detail cursor, if the detail has steps.
    pub fn selected_step(&self) -> Option<&detail::DocStep> {
        self.doc.steps.get(self.detail.step)
    }
}
