//! Search mode: the search line, live results, and the preview of the
//! selected result in the detail pane.

use super::{App, Cursor, DetailCursor, Effect, Mode, Pane, Row};
use crate::kb::Kind;
use crate::search::{Hit, Results};
use crate::tui::action::Action;
use crate::tui::detail::Subject;
use crate::tui::line_edit::LineEdit;

/// At most this many search results are listed.
pub const SEARCH_LIMIT: usize = 200;

/// At most this many words and characters of the search line are searched
/// for: a keystroke's work stays bounded however much is typed or pasted
/// (when nothing matches, the search runs once more per word).
const QUERY_WORDS: usize = 6;
const QUERY_CHARS: usize = 120;

/// The start of `query` that is searched for: its first [`QUERY_WORDS`]
/// words, and no more than [`QUERY_CHARS`] characters.
fn bounded(query: &str) -> &str {
    let mut words = 0;
    let mut in_word = false;
    for (chars, (at, c)) in query.char_indices().enumerate() {
        if chars == QUERY_CHARS {
            return &query[..at];
        }
        match (c.is_whitespace(), in_word) {
            (false, false) if words == QUERY_WORDS => return &query[..at],
            (false, false) => {
                words += 1;
                in_word = true;
            }
            (true, true) => in_word = false,
            _ => {}
        }
    }
    query
}

/// Type into `line`: the search line, a note, a field of the details.
pub(super) fn edit(line: &mut LineEdit, action: Action) {
    match action {
        Action::Insert(c) => line.insert(c),
        Action::Paste(text) => line.insert_str(&text),
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
    /// What the search found; only the hits that have been on screen
    /// carry their match positions (see `lit`).
    pub results: Results,
    /// Which hits have their positions filled in.
    lit: Vec<bool>,
    pub cursor: Cursor,
    /// The query the hits are for.
    searched: Option<String>,
    /// Set when the hits must be recomputed even for the same query.
    pub(super) stale: bool,
    saved: SavedView,
}

impl SearchState {
    pub(super) fn new(saved: SavedView) -> SearchState {
        SearchState {
            line: LineEdit::default(),
            results: Results::default(),
            lit: Vec::new(),
            cursor: Cursor::default(),
            searched: None,
            stale: true,
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
                if let Mode::Search(search) = &mut self.mode {
                    edit(&mut search.line, action);
                }
            }
        }
        self.refresh_search();
        Effect::None
    }

    /// Run the search again if the query (or platform) changed, and preview
    /// the selected hit.
    pub(super) fn refresh_search(&mut self) {
        let platform = self.platform_id().map(str::to_string);
        let Mode::Search(search) = &mut self.mode else {
            return;
        };
        let query = search.line.text();
        if !search.stale && search.searched.as_deref() == Some(query) {
            return;
        }
        search.results = self
            .index
            .rank(bounded(query), platform.as_deref(), SEARCH_LIMIT);
        search.lit = vec![false; search.results.hits.len()];
        search.searched = Some(query.to_string());
        search.stale = false;
        search.cursor = Cursor::default();
        self.preview();
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
        let entry = self.index.entry(hit.entry);
        let (shown, step) = match entry.kind {
            Kind::Step => (entry.fix?, Some(entry.id.to_string())),
            _ => (entry.id, None),
        };
        let (kind, i) = self.kb.position(shown)?;
        Some((Subject::at(kind, i)?, step))
    }

    /// Find the match positions of the hits on screen, once per hit.
    pub(super) fn light_visible_hits(&mut self) {
        let height = self.list_height();
        let Mode::Search(search) = &mut self.mode else {
            return;
        };
        let results = &mut search.results;
        let end = (search.cursor.offset + height).min(results.hits.len());
        for i in search.cursor.offset..end {
            if !search.lit[i] {
                results.hits[i].positions = self.index.positions(results, results.hits[i].entry);
                search.lit[i] = true;
            }
        }
    }

    /// Show the selected hit in the detail pane (or nothing, if no hits).
    fn preview(&mut self) {
        self.light_visible_hits();
        let hit = match &self.mode {
            Mode::Search(search) => search.results.hits.get(search.cursor.selected).cloned(),
            _ => return,
        };
        match hit.and_then(|hit| self.target(&hit)) {
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
        self.focus = saved.focus;
        self.list = saved.list;
        self.subject = saved.subject;
        self.detail = saved.detail;
        self.refresh_doc();
    }
}

#[cfg(test)]
mod tests {
    use super::{QUERY_CHARS, QUERY_WORDS, bounded};

    #[test]
    fn only_the_start_of_a_long_query_is_searched() {
        assert_eq!(bounded("icloud  photos"), "icloud  photos");
        let many = "a b c d e f g h";
        assert_eq!(bounded(many).split_whitespace().count(), QUERY_WORDS);
        let long = "x".repeat(100_000);
        assert_eq!(bounded(&long).len(), QUERY_CHARS);
        assert_eq!(bounded(&"é".repeat(500)).chars().count(), QUERY_CHARS);
    }
}
