//! What search looks at for each item, prepared once when the index is built.

use crate::kb::Item;

use super::query::{Query, fold_str};
use super::typo::Vocabulary;

/// The platforms an item is for.
#[derive(Debug, Clone, PartialEq, Eq)]
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

#[derive(Debug)]
pub(crate) struct Haystack {
    /// The title folded to lowercase, char for char.
    pub title: String,
    pub title_chars: usize,
    /// The folded body texts, one per line.
    pub body: String,
    pub title_words: Box<[u32]>,
    pub body_words: Box<[u32]>,
    pub scope: Scope,
    /// For a status message, its text as a query key.
    pub status_key: Option<String>,
}

impl Haystack {
    pub fn new(item: &Item<'_>, vocabulary: &mut Vocabulary) -> Haystack {
        let title = fold_str(item.title());
        let body = fold_str(&body_lines(item).join("\n"));
        Haystack {
            title_chars: title.chars().count(),
            title_words: vocabulary.intern_words(&title),
            body_words: vocabulary.intern_words(&body),
            title,
            body,
            scope: scope(item),
            status_key: match item {
                Item::Status(s) => Some(Query::parse(&s.text).key()),
                _ => None,
            },
        }
    }
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
