//! What search looks at for each item, prepared once when the index is built.

use serde::{Deserialize, Serialize};

use crate::kb::{Item, KnowledgeBase};

use std::ops::Range;

use super::query::{Query, fold};
use super::typo::Vocabulary;

/// The platforms an item is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Scope {
    All,
    Only(Box<[String]>),
}

impl Scope {
    pub fn admits(&self, platform: Option<&str>) -> bool {
        match (self, platform) {
            (Scope::All, _) | (_, None) => true,
            (Scope::Only(tags), Some(p)) => tags.iter().any(|t| t == p),
        }
    }

    fn of(tags: &[String]) -> Scope {
        if tags.is_empty() {
            Scope::All
        } else {
            Scope::Only(tags.into())
        }
    }
}

/// What search looks at for one item. Its texts live in `Texts`, all
/// titles in one buffer and all bodies in another, so that a search that
/// reads every title reads memory in order.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Haystack {
    title: Range<usize>,
    body: Range<usize>,
    title_words: Range<usize>,
    body_words: Range<usize>,
    title_chars: usize,
    pub scope: Scope,
    status_key: Option<String>,
    prior: i64,
}

/// The texts of every haystack, end to end.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Texts {
    titles: String,
    bodies: String,
    words: Vec<u32>,
}

/// One haystack with its texts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hay<'a> {
    /// The title folded to lowercase, char for char.
    pub title: &'a str,
    pub title_chars: usize,
    /// The folded body texts, one per line.
    pub body: &'a str,
    /// Vocabulary ids of the title's and the body's words, sorted.
    pub title_words: &'a [u32],
    pub body_words: &'a [u32],
    /// For a status message, its text as a query key.
    pub status_key: Option<&'a str>,
    /// Breaks near-ties by kind: what a person notices (symptoms, status
    /// messages) before what to do about it, single steps last.
    pub prior: i64,
}

impl Texts {
    /// `hay` with its texts; empty texts if it is not from these (a
    /// damaged cache is caught by `holds` before it gets here).
    pub fn hay<'a>(&'a self, hay: &'a Haystack) -> Hay<'a> {
        Hay {
            title: self.titles.get(hay.title.clone()).unwrap_or(""),
            title_chars: hay.title_chars,
            body: self.bodies.get(hay.body.clone()).unwrap_or(""),
            title_words: self.words.get(hay.title_words.clone()).unwrap_or(&[]),
            body_words: self.words.get(hay.body_words.clone()).unwrap_or(&[]),
            status_key: hay.status_key.as_deref(),
            prior: hay.prior,
        }
    }

    /// Whether every haystack's texts are here and every word id is below
    /// `vocabulary_len`.
    pub fn holds(&self, haystacks: &[Haystack], vocabulary_len: usize) -> bool {
        self.words.iter().all(|&id| (id as usize) < vocabulary_len)
            && haystacks.iter().all(|h| {
                self.titles.get(h.title.clone()).is_some()
                    && self.bodies.get(h.body.clone()).is_some()
                    && self.words.get(h.title_words.clone()).is_some()
                    && self.words.get(h.body_words.clone()).is_some()
            })
    }
}

impl Haystack {
    pub fn new(
        kb: &KnowledgeBase,
        item: &Item<'_>,
        vocabulary: &mut Vocabulary,
        texts: &mut Texts,
    ) -> Haystack {
        let scope = scope(item);
        let mut lines = body_lines(item);
        lines.extend(platform_names(kb, item, &scope));
        let title = append_folded(&mut texts.titles, std::iter::once(item.title()));
        let body = append_folded(&mut texts.bodies, lines.into_iter());
        let title_words = append(
            &mut texts.words,
            &vocabulary.intern_words(&texts.titles[title.clone()]),
        );
        let body_words = append(
            &mut texts.words,
            &vocabulary.intern_words(&texts.bodies[body.clone()]),
        );
        Haystack {
            title_chars: texts.titles[title.clone()].chars().count(),
            title,
            body,
            title_words,
            body_words,
            scope,
            status_key: match item {
                Item::Status(s) => Some(Query::parse(&s.text).key()),
                _ => None,
            },
            prior: match item {
                Item::Symptom(_) | Item::Status(_) => 6,
                Item::Fix(_) | Item::Note(_) => 3,
                Item::Step(..) => 0,
            },
        }
    }
}

/// Append `lines`, folded, one per line; where they went.
fn append_folded<'t>(buffer: &mut String, lines: impl Iterator<Item = &'t str>) -> Range<usize> {
    let start = buffer.len();
    for (i, line) in lines.enumerate() {
        if i > 0 {
            buffer.push('\n');
        }
        buffer.extend(line.chars().map(fold));
    }
    start..buffer.len()
}

fn append(buffer: &mut Vec<u32>, ids: &[u32]) -> Range<usize> {
    let start = buffer.len();
    buffer.extend_from_slice(ids);
    start..buffer.len()
}

/// The text searched besides the title, which ranks below it.
fn body_lines<'a>(item: &Item<'a>) -> Vec<&'a str> {
    match *item {
        Item::Symptom(s) => std::iter::once(s.quick_fix.as_str())
            .chain(s.where_to_look.iter().map(|p| p.place.as_str()))
            .collect(),
        Item::Fix(f) => vec![&f.summary],
        Item::Step(_, s) => s.caution.as_deref().into_iter().collect(),
        Item::Status(s) => vec![&s.meaning, &s.action],
        Item::Note(n) => std::iter::once(n.summary.as_str())
            .chain(n.points.iter().map(String::as_str))
            .chain(n.collect.iter().map(String::as_str))
            .collect(),
    }
}

/// The names of the platforms an item is for or says where to look on, so
/// that `iphone storage full` finds what the guide says about iPhones.
fn platform_names<'k>(kb: &'k KnowledgeBase, item: &Item<'_>, scope: &Scope) -> Vec<&'k str> {
    let mut ids: Vec<&str> = match (item, scope) {
        (Item::Symptom(s), _) => s
            .where_to_look
            .iter()
            .map(|p| p.platform.as_str())
            .collect(),
        (_, Scope::Only(tags)) => tags.iter().map(String::as_str).collect(),
        (_, Scope::All) => Vec::new(),
    };
    if let (Item::Symptom(_), Scope::Only(tags)) = (item, scope) {
        ids.extend(tags.iter().map(String::as_str));
    }
    kb.platforms
        .iter()
        .filter(|p| ids.contains(&p.id.as_str()))
        .map(|p| p.name.as_str())
        .collect()
}

/// A fix is for the platforms of its steps; notes are for everyone.
fn scope(item: &Item<'_>) -> Scope {
    match *item {
        Item::Symptom(s) => Scope::of(&s.platforms),
        Item::Step(_, s) => Scope::of(&s.platforms),
        Item::Status(s) => Scope::of(&s.platforms),
        Item::Note(_) => Scope::All,
        Item::Fix(f) => {
            if f.steps.iter().any(|s| s.platforms.is_empty()) {
                return Scope::All;
            }
            let mut tags: Vec<String> = f.steps.iter().flat_map(|s| s.platforms.clone()).collect();
            tags.sort();
            tags.dedup();
            Scope::Only(tags.into())
        }
    }
}
