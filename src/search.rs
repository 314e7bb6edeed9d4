//! One fuzzy search over every item: symptoms, fixes, steps, status messages
//! and notes. Knows nothing of the terminal.
//!
//! A query is split into words, which may come in any order; every word
//! must match an item (function words such as `my` or `not` beside other
//! words need not). A word matches, in order of preference: fuzzily within
//! one word of the title; as a near spelling of a title word; as typed in
//! the body text; as a near spelling of a body word; fuzzily across several
//! title words. Items rank by class, then by score within the class:
//!
//! 4. a status message whose text is the query (ignoring case, spacing and
//!    surrounding punctuation);
//! 3. every required word matched the title (near spellings score lower);
//! 2. some word matched only the body text;
//! 1. some word matched only letters spread over several title words.
//!
//! Within a class, tighter matches (consecutive letters, word starts, whole
//! words, the query's words together in order) score higher, what a person
//! notices (symptoms, status messages) edges out single steps, and shorter
//! titles break near-ties; equal scores keep knowledge-base order.
//! docs/search.md has the details.

mod haystack;
mod query;
mod score;
mod typo;

use std::sync::Arc;

use fuzzy_matcher::skim::SkimMatcherV2;

use crate::kb::{Item, Kind, KnowledgeBase};
use haystack::Haystack;
use query::Query;
use score::Lookup;
use typo::{Near, Vocabulary};

/// One searchable item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    pub id: String,
    /// What a person sees in a list; a step's title is its text.
    pub title: String,
    /// For a step, the id of the fix it belongs to.
    pub fix: Option<String>,
}

/// One result: which entry, how well it matched, and the matched character
/// positions (char indices into the entry's title) for highlighting.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub entry: usize,
    pub score: i64,
    /// Strictly increasing; empty when the query matched only body text.
    pub positions: Vec<usize>,
}

/// The items the previous query matched, kept to narrow the next one.
struct Previous {
    query: Query,
    platform: Option<String>,
    matched: Vec<usize>,
}

pub struct Index {
    entries: Vec<Entry>,
    haystacks: Vec<Haystack>,
    vocabulary: Vocabulary,
    matcher: SkimMatcherV2,
    previous: Option<Previous>,
    /// Near spellings of recent query words, by bare word and budget.
    nears: Vec<(String, u8, Arc<Near>)>,
}

impl Index {
    pub fn new(kb: &KnowledgeBase) -> Self {
        let mut vocabulary = Vocabulary::default();
        let (entries, haystacks) = kb
            .items()
            .map(|item| {
                let entry = Entry {
                    kind: item.kind(),
                    id: item.id().to_string(),
                    title: item.title().to_string(),
                    fix: match item {
                        Item::Step(fix, _) => Some(fix.id.clone()),
                        _ => None,
                    },
                };
                (entry, Haystack::new(kb, &item, &mut vocabulary))
            })
            .unzip();
        Index {
            entries,
            haystacks,
            vocabulary,
            matcher: score::matcher(),
            previous: None,
            nears: Vec::new(),
        }
    }

    /// The entry a hit refers to. Panics if `i` is not an index from a hit
    /// of this index.
    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    pub fn get(&self, i: usize) -> Option<&Entry> {
        self.entries.get(i)
    }

    /// Every entry, in knowledge-base order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Ranked hits for `query` on `platform` (None = all), best first, at
    /// most `limit`. An empty query lists every item in knowledge-base order.
    ///
    /// When the query only adds to the previous one (see the narrowing rule
    /// on `Query::narrows`), only the items the previous query matched are
    /// searched; the results are the same as searching from scratch.
    pub fn search(&mut self, query: &str, platform: Option<&str>, limit: usize) -> Vec<Hit> {
        let query = Query::parse(query);
        let narrowed = self
            .previous
            .take()
            .filter(|prev| prev.platform.as_deref() == platform && query.narrows(&prev.query));
        let candidates = match narrowed {
            Some(prev) => prev.matched,
            None => (0..self.entries.len())
                .filter(|&i| self.haystacks[i].scope.admits(platform))
                .collect(),
        };
        let lookups = self.lookups(&query);
        let key = query.key();
        let mut scored: Vec<(i64, usize)> = if query.is_empty() {
            candidates.iter().map(|&i| (0, i)).collect()
        } else {
            candidates
                .iter()
                .filter_map(|&i| {
                    score::item(&self.matcher, &self.haystacks[i], &query, &key, &lookups)
                        .map(|s| (s, i))
                })
                .collect()
        };
        let matched = scored.iter().map(|&(_, i)| i).collect();
        best_first(&mut scored, limit);
        let hits = scored
            .into_iter()
            .map(|(score, entry)| Hit {
                entry,
                score,
                positions: score::positions(
                    &self.matcher,
                    &self.vocabulary,
                    &self.haystacks[entry],
                    &query,
                    &lookups,
                ),
            })
            .collect();
        self.previous = Some(Previous {
            query,
            platform: platform.map(str::to_string),
            matched,
        });
        hits
    }

    /// Forget the previous query, so that the next search starts afresh.
    pub fn reset(&mut self) {
        self.previous = None;
    }

    /// What the vocabulary knows of each word: its id, and its near
    /// spellings when it has a typo budget (reusing those of the previous
    /// query's words).
    fn lookups(&mut self, query: &Query) -> Vec<Lookup> {
        let mut kept = Vec::new();
        let lookups = query
            .words
            .iter()
            .map(|w| {
                let near = (w.budget > 0).then(|| {
                    let cached = self
                        .nears
                        .iter()
                        .find(|(b, k, _)| *b == w.bare && *k == w.budget);
                    let near = match cached {
                        Some((_, _, near)) => Arc::clone(near),
                        None => Arc::new(self.vocabulary.near(&w.bare, w.budget)),
                    };
                    kept.push((w.bare.clone(), w.budget, Arc::clone(&near)));
                    near
                });
                Lookup {
                    near,
                    exact: self.vocabulary.id(&w.bare),
                }
            })
            .collect();
        self.nears = kept;
        lookups
    }
}

/// Keep the `limit` best of `scored`, sorted best first; ties in
/// knowledge-base order.
fn best_first(scored: &mut Vec<(i64, usize)>, limit: usize) {
    let order = |a: &(i64, usize), b: &(i64, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
    if limit < scored.len() {
        if limit > 0 {
            scored.select_nth_unstable_by(limit - 1, order);
        }
        scored.truncate(limit);
    }
    scored.sort_unstable_by(order);
}
