//! The knowledge base: serde types for a troubleshooting guide, and lookups
//! by id. Knows nothing of the terminal.

mod balance;
mod lex;
mod load;
mod locate;
mod message;
mod position;
mod recover;
mod sanitize;
mod spelling;
mod validate;

pub(crate) use load::read_file;
pub use load::{LoadError, Problem, Source, load, parse};
pub use sanitize::printable;
pub(crate) use sanitize::{knowledge_base as clean, platforms as clean_platforms};

use serde::{Deserialize, Serialize};

/// The guide this binary ships with.
pub const BUILT_IN: &str = include_str!("../knowledge.ron");

/// A whole troubleshooting guide.
///
/// No field is skipped when serialized: the cache stores it in a format
/// that does not name fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeBase {
    /// Stable identity of the guide; checklist progress is kept per guide id.
    pub id: String,
    pub title: String,
    /// One or two sentences on what the guide is for.
    pub summary: String,
    pub platforms: Vec<Platform>,
    pub symptoms: Vec<Symptom>,
    pub fixes: Vec<Fix>,
    pub statuses: Vec<StatusMessage>,
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    pub id: String,
    pub name: String,
}

/// Something a person notices: "a new photo never shows up on my Mac".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Symptom {
    pub id: String,
    pub title: String,
    /// Platform ids this symptom concerns; empty means every platform.
    #[serde(default)]
    pub platforms: Vec<String>,
    pub where_to_look: Vec<Place>,
    pub quick_fix: String,
    /// Fix ids, most likely first.
    pub fixes: Vec<String>,
}

/// Where to look on one platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub platform: String,
    pub place: String,
}

/// A section of the guide that tells the reader what to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fix {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub steps: Vec<Step>,
}

/// One action. Its id keys checklist progress, so it must never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub text: String,
    /// Platform ids this step applies to; empty means every platform.
    #[serde(default)]
    pub platforms: Vec<String>,
    /// The guide's warning for this step, if it has one.
    #[serde(default)]
    pub caution: Option<String>,
}

/// A status line the Photos app shows, such as "Waiting To Upload".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusMessage {
    pub id: String,
    /// The exact on-screen text.
    pub text: String,
    pub meaning: String,
    pub action: String,
    #[serde(default)]
    pub platforms: Vec<String>,
    pub fixes: Vec<String>,
}

/// Reference material: what not to do, prevention, privacy, getting help.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub points: Vec<String>,
    /// What to gather before contacting support (used by the report).
    #[serde(default)]
    pub collect: Vec<String>,
}

/// The kinds of item search and `show` know about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Symptom,
    Fix,
    Step,
    Status,
    Note,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Symptom => "symptom",
            Kind::Fix => "fix",
            Kind::Step => "step",
            Kind::Status => "status",
            Kind::Note => "note",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Any item, found by id.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item<'a> {
    Symptom(&'a Symptom),
    Fix(&'a Fix),
    /// A step and the fix it belongs to.
    Step(&'a Fix, &'a Step),
    Status(&'a StatusMessage),
    Note(&'a Note),
}

impl<'a> Item<'a> {
    pub fn kind(&self) -> Kind {
        match self {
            Item::Symptom(_) => Kind::Symptom,
            Item::Fix(_) => Kind::Fix,
            Item::Step(..) => Kind::Step,
            Item::Status(_) => Kind::Status,
            Item::Note(_) => Kind::Note,
        }
    }

    pub fn id(&self) -> &'a str {
        match self {
            Item::Symptom(s) => &s.id,
            Item::Fix(f) => &f.id,
            Item::Step(_, s) => &s.id,
            Item::Status(s) => &s.id,
            Item::Note(n) => &n.id,
        }
    }

    /// The line a person sees in a list: a step's title is its text.
    pub fn title(&self) -> &'a str {
        match self {
            Item::Symptom(s) => &s.title,
            Item::Fix(f) => &f.title,
            Item::Step(_, s) => &s.text,
            Item::Status(s) => &s.text,
            Item::Note(n) => &n.title,
        }
    }
}

/// True when an item tagged with `tags` belongs on `platform` (None = all).
pub fn applies(tags: &[String], platform: Option<&str>) -> bool {
    match platform {
        None => true,
        Some(p) => tags.is_empty() || tags.iter().any(|t| t == p),
    }
}

impl KnowledgeBase {
    /// Every item in knowledge-base order: symptoms, fixes (each followed by
    /// its steps), status messages, notes.
    pub fn items(&self) -> impl Iterator<Item = Item<'_>> {
        let symptoms = self.symptoms.iter().map(Item::Symptom);
        let fixes = self.fixes.iter().flat_map(|f| {
            std::iter::once(Item::Fix(f)).chain(f.steps.iter().map(move |s| Item::Step(f, s)))
        });
        let statuses = self.statuses.iter().map(Item::Status);
        let notes = self.notes.iter().map(Item::Note);
        symptoms.chain(fixes).chain(statuses).chain(notes)
    }

    pub fn item(&self, id: &str) -> Option<Item<'_>> {
        self.items().find(|item| item.id() == id)
    }

    pub fn fix(&self, id: &str) -> Option<&Fix> {
        self.fixes.iter().find(|f| f.id == id)
    }

    pub fn platform(&self, id: &str) -> Option<&Platform> {
        self.platforms.iter().find(|p| p.id == id)
    }

    /// The platform a user named, by id or name, case-insensitively;
    /// `all` means no filter.
    pub fn resolve_platform(&self, name: &str) -> Result<Option<&Platform>, UnknownPlatform> {
        resolve_platform(&self.platforms, name)
    }

    /// Whether a fix has a step for `platform` (None = all).
    pub fn fix_applies(fix: &Fix, platform: Option<&str>) -> bool {
        fix.steps.iter().any(|s| applies(&s.platforms, platform))
    }

    /// Up to `n` ids of the given kinds closest in spelling to `id`, for
    /// "did you mean" messages.
    pub fn nearest_ids(&self, id: &str, kinds: &[Kind], n: usize) -> Vec<&str> {
        let mut scored: Vec<(f64, &str)> = self
            .items()
            .filter(|item| kinds.contains(&item.kind()))
            .map(|item| (strsim::jaro_winkler(id, item.id()), item.id()))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.into_iter().take(n).map(|(_, id)| id).collect()
    }
}

/// The platform of `platforms` a user named, by id or name,
/// case-insensitively; `all` means no filter.
pub fn resolve_platform<'p>(
    platforms: &'p [Platform],
    name: &str,
) -> Result<Option<&'p Platform>, UnknownPlatform> {
    let wanted = name.trim().to_lowercase();
    if wanted == "all" {
        return Ok(None);
    }
    platforms
        .iter()
        .find(|p| p.id.to_lowercase() == wanted || p.name.to_lowercase() == wanted)
        .map(Some)
        .ok_or_else(|| UnknownPlatform {
            name: name.to_string(),
            known: platforms.iter().map(|p| p.id.clone()).collect(),
        })
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("unknown platform `{name}`: use all, {}", known.join(", "))]
pub struct UnknownPlatform {
    pub name: String,
    pub known: Vec<String>,
}
