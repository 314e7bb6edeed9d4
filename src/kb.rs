//! The knowledge base: serde types for a troubleshooting guide, and lookups
//! by id. Knows nothing of the terminal.

mod balance;
mod lex;
mod load;
mod message;
mod position;
mod problem;
mod sanitize;
mod spans;
mod spelling;
mod subset;
mod validate;

pub use load::{LoadError, Problem, Source, load, parse};
pub(crate) use load::{check, parse_unchecked, read_file};
pub use sanitize::{is_plain, printable};
pub(crate) use sanitize::{knowledge_base as clean, platforms as clean_platforms};
pub use validate::MAX_TEXT;

use std::collections::BTreeMap;

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
    /// Stable identity of the guide; progress is kept per guide id.
    pub id: String,
    pub title: String,
    /// One or two sentences on what the guide is for.
    pub summary: String,
    pub platforms: Vec<Platform>,
    /// The guide's ladder of escalation, cheapest and safest first: a plan
    /// works through fixes in this order.
    pub tiers: Vec<Tier>,
    /// The step library: every action once.
    pub steps: Vec<Step>,
    pub fixes: Vec<Fix>,
    pub symptoms: Vec<Symptom>,
    pub statuses: Vec<StatusMessage>,
    pub notes: Vec<Note>,
    /// The triage: the first question is asked first.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Ids no longer used by any item, never to be used again (a step that
    /// took over an old id lists it in its own `replaces` instead).
    #[serde(default)]
    pub retired: Vec<String>,
    /// Groups of words that mean the same to a person searching
    /// (`["pc", "windows"]`).
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
    /// Where each id lives; not part of the file.
    #[serde(skip)]
    pub lookup: Lookup,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    pub id: String,
    pub name: String,
}

/// A rung of the ladder of escalation ("Quick checks", "Last resort").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub id: String,
    pub name: String,
}

/// One action. Its id keys progress, so it is never renamed or reused.
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
    /// Retired step ids whose progress now counts for this step.
    #[serde(default)]
    pub replaces: Vec<String>,
    /// Other words people use for this step, for search.
    #[serde(default)]
    pub words: Vec<String>,
}

/// A section of the guide that tells the reader what to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fix {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// Its rung on the ladder (a tier id).
    pub tier: String,
    /// Step ids, in the order to do them.
    pub steps: Vec<String>,
    #[serde(default)]
    pub words: Vec<String>,
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
    /// Status message ids that go with this symptom.
    #[serde(default)]
    pub statuses: Vec<String>,
    /// Note ids to read: what not to do, when to get help.
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub words: Vec<String>,
}

/// Where to look on one platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub platform: String,
    pub place: String,
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
    /// Platform ids that show this message; empty means every platform.
    #[serde(default)]
    pub platforms: Vec<String>,
    /// Fix ids, most likely first; empty for a message that is normal
    /// activity.
    #[serde(default)]
    pub fixes: Vec<String>,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub words: Vec<String>,
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
    #[serde(default)]
    pub words: Vec<String>,
}

/// One question of the triage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub text: String,
    /// One to nine answers, each chosen with one key.
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub text: String,
    /// The platform this answer chooses, if it chooses one.
    #[serde(default)]
    pub platform: Option<String>,
    /// A question, symptom or status message id.
    pub next: String,
}

impl Answer {
    /// Whether the triage offers this answer to a person who has chosen
    /// `platform` (None: none yet): an answer that chooses a platform when
    /// none or that one is chosen (not another); one that leads to another
    /// question always; one that leads to a symptom or status message when
    /// that is for the platform. The questions on screen show these, and
    /// validation checks no question is left without one.
    pub fn offered(&self, kb: &KnowledgeBase, platform: Option<&str>) -> bool {
        if let Some(chooses) = &self.platform {
            return platform.is_none_or(|chosen| chosen == chooses);
        }
        match kb.item(&self.next) {
            Some(Item::Symptom(s)) => applies(&s.platforms, platform),
            Some(Item::Status(s)) => applies(&s.platforms, platform),
            Some(_) => false,
            None => kb.questions.iter().any(|q| q.id == self.next),
        }
    }
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
    Step(&'a Step),
    Status(&'a StatusMessage),
    Note(&'a Note),
}

impl<'a> Item<'a> {
    pub fn kind(&self) -> Kind {
        match self {
            Item::Symptom(_) => Kind::Symptom,
            Item::Fix(_) => Kind::Fix,
            Item::Step(_) => Kind::Step,
            Item::Status(_) => Kind::Status,
            Item::Note(_) => Kind::Note,
        }
    }

    pub fn id(&self) -> &'a str {
        match self {
            Item::Symptom(s) => &s.id,
            Item::Fix(f) => &f.id,
            Item::Step(s) => &s.id,
            Item::Status(s) => &s.id,
            Item::Note(n) => &n.id,
        }
    }

    /// The line a person sees in a list: a step's title is its text.
    pub fn title(&self) -> &'a str {
        match self {
            Item::Symptom(s) => &s.title,
            Item::Fix(f) => &f.title,
            Item::Step(s) => &s.text,
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

/// Where each id lives, built once on first use.
#[derive(Debug, Clone, Default)]
pub struct Lookup(std::sync::OnceLock<foldhash::HashMap<String, (Kind, usize)>>);

impl PartialEq for Lookup {
    /// A lookup is derived from the rest of the knowledge base.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl KnowledgeBase {
    /// Every item in knowledge-base order: symptoms, status messages, fixes,
    /// steps, notes.
    pub fn items(&self) -> impl Iterator<Item = Item<'_>> {
        let symptoms = self.symptoms.iter().map(Item::Symptom);
        let statuses = self.statuses.iter().map(Item::Status);
        let fixes = self.fixes.iter().map(Item::Fix);
        let steps = self.steps.iter().map(Item::Step);
        let notes = self.notes.iter().map(Item::Note);
        symptoms
            .chain(statuses)
            .chain(fixes)
            .chain(steps)
            .chain(notes)
    }

    fn lookup(&self) -> &foldhash::HashMap<String, (Kind, usize)> {
        self.lookup.0.get_or_init(|| {
            let mut map = foldhash::HashMap::default();
            let mut add = |kind: Kind, ids: &mut dyn Iterator<Item = &String>| {
                for (i, id) in ids.enumerate() {
                    map.entry(id.clone()).or_insert((kind, i));
                }
            };
            add(Kind::Symptom, &mut self.symptoms.iter().map(|s| &s.id));
            add(Kind::Status, &mut self.statuses.iter().map(|s| &s.id));
            add(Kind::Fix, &mut self.fixes.iter().map(|f| &f.id));
            add(Kind::Step, &mut self.steps.iter().map(|s| &s.id));
            add(Kind::Note, &mut self.notes.iter().map(|n| &n.id));
            map
        })
    }

    /// The kind of the item `id` names and its index in that kind's list.
    pub fn position(&self, id: &str) -> Option<(Kind, usize)> {
        self.lookup().get(id).copied()
    }

    pub fn item(&self, id: &str) -> Option<Item<'_>> {
        let (kind, i) = self.position(id)?;
        Some(match kind {
            Kind::Symptom => Item::Symptom(&self.symptoms[i]),
            Kind::Status => Item::Status(&self.statuses[i]),
            Kind::Fix => Item::Fix(&self.fixes[i]),
            Kind::Step => Item::Step(&self.steps[i]),
            Kind::Note => Item::Note(&self.notes[i]),
        })
    }

    pub fn fix(&self, id: &str) -> Option<&Fix> {
        match self.item(id)? {
            Item::Fix(fix) => Some(fix),
            _ => None,
        }
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        match self.item(id)? {
            Item::Step(step) => Some(step),
            _ => None,
        }
    }

    pub fn note(&self, id: &str) -> Option<&Note> {
        match self.item(id)? {
            Item::Note(note) => Some(note),
            _ => None,
        }
    }

    pub fn status(&self, id: &str) -> Option<&StatusMessage> {
        match self.item(id)? {
            Item::Status(status) => Some(status),
            _ => None,
        }
    }

    pub fn tier(&self, id: &str) -> Option<(usize, &Tier)> {
        self.tiers.iter().enumerate().find(|(_, t)| t.id == id)
    }

    /// A fix's steps, in order (unknown ids are skipped: a loaded
    /// knowledge base has none).
    pub fn steps_of<'a>(&'a self, fix: &'a Fix) -> impl Iterator<Item = &'a Step> + 'a {
        fix.steps.iter().filter_map(|id| self.step(id))
    }

    /// The platforms a fix is for: those of its steps, in the guide's
    /// order; empty (every platform) when one of its steps is for all.
    pub fn fix_platforms(&self, fix: &Fix) -> Vec<&str> {
        if self.steps_of(fix).any(|s| s.platforms.is_empty()) {
            return Vec::new();
        }
        let tagged = |p: &&Platform| self.steps_of(fix).any(|s| s.platforms.contains(&p.id));
        self.platforms
            .iter()
            .filter(tagged)
            .map(|p| p.id.as_str())
            .collect()
    }

    pub fn platform(&self, id: &str) -> Option<&Platform> {
        self.platforms.iter().find(|p| p.id == id)
    }

    /// Retired step id -> the step that took it over.
    pub fn replaced_ids(&self) -> BTreeMap<String, String> {
        let pairs = self.steps.iter().flat_map(|s| {
            s.replaces
                .iter()
                .map(move |old| (old.clone(), s.id.clone()))
        });
        pairs.collect()
    }

    /// The platform a user named, by id or name, case-insensitively;
    /// `all` means no filter.
    pub fn resolve_platform(&self, name: &str) -> Result<Option<&Platform>, UnknownPlatform> {
        resolve_platform(&self.platforms, name)
    }
}

/// Whether a platform named `name` (`--platform all`) means every
/// platform, no filter: so no platform may have that id.
pub fn means_all(name: &str) -> bool {
    name.trim().eq_ignore_ascii_case("all")
}

/// The platform of `platforms` a user named, by id or name,
/// case-insensitively, or by one word of a name, when only one platform's
/// name has it (`ipad` for "iPhone/iPad"); `all` means no filter
/// ([`means_all`]).
pub fn resolve_platform<'p>(
    platforms: &'p [Platform],
    name: &str,
) -> Result<Option<&'p Platform>, UnknownPlatform> {
    if means_all(name) {
        return Ok(None);
    }
    let wanted = name.trim().to_lowercase();
    let whole = |p: &&Platform| p.id.to_lowercase() == wanted || p.name.to_lowercase() == wanted;
    let has_word = |p: &&Platform| {
        let name = p.name.to_lowercase();
        name.split(|c: char| !c.is_alphanumeric())
            .any(|w| w == wanted)
    };
    let by_word = || match platforms.iter().filter(has_word).collect::<Vec<_>>()[..] {
        [only] => Some(only),
        _ => None,
    };
    platforms
        .iter()
        .find(whole)
        .or_else(by_word)
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
