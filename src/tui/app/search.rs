//! Search mode: the search line, live results, and the preview of the
//! selected result in the detail pane.

use super::{App, Cursor, DetailCursor, Effect, Mode, Notice, Pane, Row};
use crate::kb::Kind;
use crate::tui::action::Action;
use crate::tui::detail::Subject;
use crate::tui::finder::{Answer, Hit, Request, Results};
use crate::tui::line_edit::LineEdit;

/// Type into `line`: the search line, a note, a field of the details.
/// What to tell when typing past the line's end was dropped.
pub(super) fn edit(line: &mut LineEdit, action: Action) -> Option<Notice> {
    let kept = match action {
        Action::Insert(c) => line.insert(c),
        Action::Paste(text) => line.insert_str(&text),
        action => {
            move_or_delete(line, action);
            true
        }
    };
    (!kept).then(|| {
        Notice::Info(format!(
            "The line is full ({} characters): what was typed past that was dropped.",
            line.limit()
        ))
    })
}

fn move_or_delete(line: &mut LineEdit, action: Action) {
    match action {
        Action::DeleteBack => line.delete_back(),
        Action::DeleteWord => line.delete_word(),
        Action::DeleteToStart => line.delete_to_start(),
        Action::CursorStart => line.start(),
        Action::CursorEnd => line.end(),
        Action::CursorLeft => line.left(),
        Action::CursorRight => line.right(),
        _ => {}
    }
}

/// The view to go back to when a search is cancelled.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedView {
    focus: Pane,
    list: Cursor,
    subject: Option<Subject>,
    detail: DetailCursor,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchState {
    pub line: LineEdit,
    /// What the latest answered search found: while a newer one runs, the
    /// list keeps showing these.
    pub results: Results,
    pub cursor: Cursor,
    /// The query `results` are for; None before the first answer.
    pub answers: Option<String>,
    /// The query and platform last asked for.
    asked: Option<(String, Option<String>)>,
    /// The generation of that request; answers to any other are dropped.
    generation: u64,
    /// True until the answer to the latest request comes.
    pub pending: bool,
    /// The search has been pending long enough to say so.
    pub slow: bool,
    saved: SavedView,
}

impl SearchState {
    pub(super) fn new(saved: SavedView) -> SearchState {
        SearchState {
            line: LineEdit::limited(crate::search::QUERY_MAX_CHARS),
            results: Results::default(),
            cursor: Cursor::default(),
            answers: None,
            asked: None,
            generation: 0,
            pending: false,
            slow: false,
            saved,
        }
    }
}

impl App {
    pub(super) fn saved_view(&self) -> SavedView {
        SavedView {
            focus: self.focus,
            list: self.list,
            subject: self.subject,
            detail: self.detail,
        }
    }

    pub(super) fn search(&mut self, action: Action) -> Effect {
        match action {
            Action::Up => self.move_hit(-1),
            Action::Down => self.move_hit(1),
            Action::PageUp => self.move_hit(-(self.list_height() as isize)),
            Action::PageDown => self.move_hit(self.list_height() as isize),
            Action::Open => self.jump(),
            Action::Back => self.cancel_search(),
            action => {
                if let Mode::Search(search) = &mut self.mode
                    && let Some(notice) = edit(&mut search.line, action)
                {
                    self.notice = Some(notice);
                }
            }
        }
        self.refresh_search();
        Effect::None
    }

    /// Ask for a search when the query (or platform) differs from the
    /// one last asked for; the answer comes as [`Action::Found`].
    pub(super) fn refresh_search(&mut self) {
        let platform = self.platform_id().map(str::to_string);
        let shown = self.list_height();
        let Mode::Search(search) = &mut self.mode else {
            return;
        };
        // The same start of the line as `syncfix search` searches: a
        // sentence typed or pasted counts whole, as it does there.
        let (query, _) = crate::search::clip_query(search.line.text());
        let wanted = (query.to_string(), platform);
        if search.asked.as_ref() == Some(&wanted) {
            return;
        }
        self.generation += 1;
        search.generation = self.generation;
        search.pending = true;
        let (query, platform) = wanted.clone();
        search.asked = Some(wanted);
        self.outbox = Some(Request {
            generation: self.generation,
            query,
            platform,
            shown,
        });
    }

    /// The search to run, if one was asked for since the last call: the
    /// latest only, however many keys came in between.
    pub fn search_request(&mut self) -> Option<Request> {
        self.outbox.take()
    }

    /// Run the search asked for, if any, here and now, and take its
    /// answer: what the loop and the worker do, without a thread (for
    /// tests and measurements).
    pub fn settle(&mut self, searcher: &mut crate::tui::Searcher) {
        while let Some(request) = self.search_request() {
            let answer = searcher.answer(&request);
            self.update(Action::Found(answer));
            if let Some(rest) = searcher.rest() {
                self.update(Action::Found(rest));
            }
        }
    }

    /// Show the answer to the latest search; drop any other.
    pub(super) fn found(&mut self, answer: Answer) {
        let Mode::Search(search) = &mut self.mode else {
            return;
        };
        if answer.generation != search.generation {
            return;
        }
        if !search.pending {
            // The same hits again, with the letters of those below the
            // screen lit too: the selection stays.
            search.results = answer.results;
            return;
        }
        search.results = answer.results;
        search.answers = search.asked.as_ref().map(|(query, _)| query.clone());
        search.pending = false;
        search.slow = false;
        search.cursor = Cursor::default();
        self.preview();
    }

    /// Whether a search was asked for and its answer has not come.
    pub fn searching(&self) -> bool {
        matches!(&self.mode, Mode::Search(search) if search.pending)
    }

    /// The latest search has taken long enough to say it is running.
    pub(super) fn still_searching(&mut self) {
        if let Mode::Search(search) = &mut self.mode
            && search.pending
        {
            search.slow = true;
        }
    }

    pub(super) fn move_hit(&mut self, delta: isize) {
        let height = self.list_height();
        if let Mode::Search(search) = &mut self.mode {
            let last = search.results.hits.len().saturating_sub(1);
            search.cursor.selected = search
                .cursor
                .selected
                .saturating_add_signed(delta)
                .min(last);
            search.cursor.keep_visible(height);
        }
        self.preview();
    }

    /// The item and step (if any) a hit leads to: a step opens in the fix
    /// the index says it belongs to.
    fn target(&self, hit: &Hit) -> Option<(Subject, Option<String>)> {
        let (shown, step) = match hit.kind {
            Kind::Step => (hit.fix.as_deref()?, Some(hit.id.clone())),
            _ => (hit.id.as_str(), None),
        };
        let (kind, i) = self.kb.position(shown)?;
        Some((Subject::at(kind, i)?, step))
    }

    /// Show the selected hit in the detail pane (or nothing, if no hits).
    fn preview(&mut self) {
        let hit = match &self.mode {
            Mode::Search(search) => search.results.hits.get(search.cursor.selected),
            _ => return,
        };
        match hit.and_then(|hit| self.target(hit)) {
            Some((subject, step)) => self.show_at(subject, step.as_deref()),
            None => self.show(None),
        }
    }

    /// Show `subject` with the detail cursor on `step` (when given).
    fn show_at(&mut self, subject: Subject, step: Option<&str>) {
        self.show(Some(subject));
        if let Some(i) = step.and_then(|id| self.doc.steps.iter().position(|s| s.id == id)) {
            self.detail.step = i;
            self.detail.scroll = 0;
            self.reveal_step(self.detail_height());
        }
    }

    fn jump(&mut self) {
        let Mode::Search(search) = &self.mode else {
            return;
        };
        let Some((subject, step)) = search
            .results
            .hits
            .get(search.cursor.selected)
            .and_then(|hit| self.target(hit))
        else {
            return;
        };
        self.mode = Mode::Browse;
        self.outbox = None;
        if let Some(row) = self.rows.iter().position(|r| *r == Row::Item(subject)) {
            self.list.selected = row;
            self.scroll_list();
        }
        self.focus = Pane::Detail;
        self.show_at(subject, step.as_deref());
    }

    fn cancel_search(&mut self) {
        let Mode::Search(search) = std::mem::replace(&mut self.mode, Mode::Browse) else {
            return;
        };
        let saved = search.saved;
        self.outbox = None;
        self.focus = saved.focus;
        self.list = saved.list;
        self.subject = saved.subject;
        self.detail = saved.detail;
        self.refresh_doc();
    }
}
