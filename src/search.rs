//! One fuzzy search over every item. Knows nothing of the terminal.
//! (Stub: the search issue builds the real index.)

use crate::kb::{Kind, KnowledgeBase};

/// One searchable item.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: Kind,
    pub id: String,
    /// What a person sees in a list; a step's title is its text.
    pub title: String,
}

/// One result: which entry, how well it matched, and the matched character
/// positions (char indices into the entry's title) for highlighting.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub entry: usize,
    pub score: i64,
    pub positions: Vec<usize>,
}

pub struct Index {
    entries: Vec<Entry>,
}

impl Index {
    pub fn new(kb: &KnowledgeBase) -> Self {
        let entries = kb
            .items()
            .map(|item| Entry {
                kind: item.kind(),
                id: item.id().to_string(),
                title: item.title().to_string(),
            })
            .collect();
        Index { entries }
    }

    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Ranked hits for `query` on `platform` (None = all), best first, at
    /// most `limit`.
    pub fn search(&mut self, query: &str, _platform: Option<&str>, limit: usize) -> Vec<Hit> {
        let q = query.to_lowercase();
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.title.to_lowercase().contains(&q))
            .map(|(entry, _)| Hit {
                entry,
                score: 0,
                positions: Vec::new(),
            })
            .take(limit)
            .collect()
    }
}
