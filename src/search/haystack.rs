//! What search looks at for each item, prepared once when the index is built.

use serde::{Deserialize, Serialize};

use crate::kb::{Item, KnowledgeBase};

use super::query::{Query, fold_str};
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

#[derive(Debug, Serialize, Deserialize)]
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
    /// Breaks near-ties by kind: what a person notices (symptoms, status
    /// messages) before what to do about it, single steps last.
    pub prior: i64,
}

impl Haystack {
    pub fn new(kb: &KnowledgeBase, item: &Item<'_>, vocabulary: &mut Vocabulary) -> Haystack {
        let title = fold_str(item.title());
        let scope = scope(item);
        let mut lines = body_lines(item);
        lines.extend(platform_names(kb, item, &scope));
        let body = fold_str(&lines.join("\n"));
        Haystack {
            title_chars: title.chars().count(),
            title_words: vocabulary.intern_words(&title),
            body_words: vocabulary.intern_words(&body),
            title,
            body,
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
