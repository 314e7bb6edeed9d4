//! The rules a knowledge base must follow beyond its schema: unique
//! kebab-case ids, references that resolve, known platforms, non-empty
//! titles, fixes with steps. Problems are given as paths into the
//! knowledge base; `locate` turns them into line and column.

use std::collections::HashSet;
use std::collections::hash_map::Entry;

use foldhash::{HashMap, HashMapExt};

use super::KnowledgeBase;
use super::load::Issue;
use super::locate::{Path, Seg};
use super::spelling::{closest, is_kebab, kebab};

/// An item by its place in the knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum ItemRef {
    /// The knowledge base itself.
    Root,
    Platform(usize),
    Symptom(usize),
    Fix(usize),
    Step(usize, usize),
    Status(usize),
    Note(usize),
}

impl ItemRef {
    fn label(self) -> &'static str {
        match self {
            ItemRef::Root => "knowledge base",
            ItemRef::Platform(_) => "platform",
            ItemRef::Symptom(_) => "symptom",
            ItemRef::Fix(_) => "fix",
            ItemRef::Step(..) => "step",
            ItemRef::Status(_) => "status message",
            ItemRef::Note(_) => "note",
        }
    }

    fn path(self, field: &'static str) -> Path {
        let (list, i) = match self {
            ItemRef::Root => return vec![Seg::Field(field)],
            ItemRef::Platform(i) => ("platforms", i),
            ItemRef::Symptom(i) => ("symptoms", i),
            ItemRef::Fix(i) | ItemRef::Step(i, _) => ("fixes", i),
            ItemRef::Status(i) => ("statuses", i),
            ItemRef::Note(i) => ("notes", i),
        };
        let mut path = vec![Seg::Field(list), Seg::Index(i)];
        if let ItemRef::Step(_, j) = self {
            path.extend([Seg::Field("steps"), Seg::Index(j)]);
        }
        path.push(Seg::Field(field));
        path
    }
}

/// What could not be read, when a knowledge base is checked in pieces:
/// rules about those fields would only repeat a problem already reported
/// (or invent one), so they are skipped.
#[derive(Debug, Default)]
pub(super) struct Damage {
    /// Fields that are missing or could not be read, by item.
    pub lost: HashSet<(ItemRef, &'static str)>,
}

pub(super) fn validate(kb: &KnowledgeBase, damage: &Damage) -> Vec<Issue<Path>> {
    let items = kb.symptoms.len() + kb.statuses.len() + kb.notes.len();
    let fixes = kb.fixes.iter().map(|f| 1 + f.steps.len()).sum::<usize>();
    let mut check = Check {
        damage,
        issues: Vec::new(),
        ids: HashMap::with_capacity(items + fixes),
        platforms: HashMap::new(),
    };
    check.register(kb);
    if check.has(ItemRef::Root, "id") {
        check.id(ItemRef::Root, &kb.id);
    }
    if check.has(ItemRef::Root, "title") && kb.title.trim().is_empty() {
        check.push(
            ItemRef::Root.path("title"),
            "the knowledge base has an empty title",
        );
    }
    check.items(kb);
    check.issues
}

/// Problems after this many get no "did you mean" for an unknown fix.
const SUGGESTED: usize = 100;

struct Check<'a> {
    damage: &'a Damage,
    issues: Vec<Issue<Path>>,
    ids: HashMap<&'a str, ItemRef>,
    platforms: HashMap<&'a str, ItemRef>,
}

/// `symptom `x``, or `a symptom` when it has no id.
fn name(item: ItemRef, id: &str) -> String {
    match id.is_empty() {
        true => format!("a {}", item.label()),
        false => format!("{} `{id}`", item.label()),
    }
}

impl<'a> Check<'a> {
    fn push(&mut self, at: Path, message: impl Into<String>) {
        self.issues.push(Issue {
            at,
            message: message.into(),
            see: None,
        });
    }

    /// Whether `field` of `item` was read.
    fn has(&self, item: ItemRef, field: &'static str) -> bool {
        self.damage.lost.is_empty() || !self.damage.lost.contains(&(item, field))
    }

    /// Every id first, so duplicates and references can be checked; then
    /// the ids' own form.
    fn register(&mut self, kb: &'a KnowledgeBase) {
        let platforms = kb.platforms.iter().enumerate();
        let platforms = platforms.map(|(i, p)| (ItemRef::Platform(i), p.id.as_str()));
        let symptoms = kb.symptoms.iter().enumerate();
        let symptoms = symptoms.map(|(i, s)| (ItemRef::Symptom(i), s.id.as_str()));
        let fixes = kb.fixes.iter().enumerate().flat_map(|(i, f)| {
            let steps = f.steps.iter().enumerate();
            let steps = steps.map(move |(j, s)| (ItemRef::Step(i, j), s.id.as_str()));
            std::iter::once((ItemRef::Fix(i), f.id.as_str())).chain(steps)
        });
        let statuses = kb.statuses.iter().enumerate();
        let statuses = statuses.map(|(i, s)| (ItemRef::Status(i), s.id.as_str()));
        let notes = kb.notes.iter().enumerate();
        let notes = notes.map(|(i, n)| (ItemRef::Note(i), n.id.as_str()));
        let all = platforms
            .chain(symptoms)
            .chain(fixes)
            .chain(statuses)
            .chain(notes);
        for (item, id) in all {
            if !self.has(item, "id") {
                continue;
            }
            self.id(item, id);
            if id.is_empty() {
                continue;
            }
            let space = match item {
                ItemRef::Platform(_) => &mut self.platforms,
                _ => &mut self.ids,
            };
            match space.entry(id) {
                Entry::Vacant(entry) => {
                    entry.insert(item);
                }
                Entry::Occupied(entry) => {
                    let first = entry.get().path("id");
                    self.issues.push(Issue {
                        at: item.path("id"),
                        message: format!("duplicate id `{id}`"),
                        see: Some((first, "first defined")),
                    });
                }
            }
        }
    }

    /// An id must be kebab-case, which also rules out an empty one.
    fn id(&mut self, item: ItemRef, id: &str) {
        if id.trim().is_empty() {
            let owner = match item {
                ItemRef::Root => "the knowledge base".to_string(),
                _ => format!("a {}", item.label()),
            };
            self.push(item.path("id"), format!("{owner} has an empty id"));
        } else if !is_kebab(id) {
            let hint = match kebab(id) {
                fixed if fixed.is_empty() => String::new(),
                fixed => format!("; did you mean `{fixed}`?"),
            };
            let rule = "lowercase letters and digits joined by single hyphens";
            self.push(
                item.path("id"),
                format!("id `{id}` is not kebab-case ({rule}){hint}"),
            );
        }
    }

    fn title(&mut self, item: ItemRef, id: &str, field: &'static str, text: &str) {
        if text.chars().all(char::is_whitespace) && self.has(item, field) {
            let what = match field {
                "text" => "empty text",
                "name" => "an empty name",
                _ => "an empty title",
            };
            self.push(item.path(field), format!("{} has {what}", name(item, id)));
        }
    }

    fn items(&mut self, kb: &'a KnowledgeBase) {
        let fix_ids: foldhash::HashSet<&str> = kb.fixes.iter().map(|f| f.id.as_str()).collect();
        for (i, p) in kb.platforms.iter().enumerate() {
            self.title(ItemRef::Platform(i), &p.id, "name", &p.name);
        }
        for (i, s) in kb.symptoms.iter().enumerate() {
            let item = ItemRef::Symptom(i);
            self.title(item, &s.id, "title", &s.title);
            self.platform_list(kb, item, &s.platforms);
            if self.has(item, "where_to_look") {
                for (j, place) in s.where_to_look.iter().enumerate() {
                    let mut at = item.path("where_to_look");
                    at.extend([Seg::Index(j), Seg::Field("platform")]);
                    self.platform(kb, at, &place.platform);
                }
            }
            self.fix_list(item, &s.fixes, &fix_ids);
        }
        for (i, f) in kb.fixes.iter().enumerate() {
            let item = ItemRef::Fix(i);
            self.title(item, &f.id, "title", &f.title);
            if self.has(item, "steps") && f.steps.is_empty() {
                self.push(
                    item.path("steps"),
                    format!("{} has no steps", name(item, &f.id)),
                );
            }
            for (j, step) in f.steps.iter().enumerate() {
                let item = ItemRef::Step(i, j);
                self.title(item, &step.id, "text", &step.text);
                self.platform_list(kb, item, &step.platforms);
            }
        }
        for (i, s) in kb.statuses.iter().enumerate() {
            let item = ItemRef::Status(i);
            self.title(item, &s.id, "text", &s.text);
            self.platform_list(kb, item, &s.platforms);
            self.fix_list(item, &s.fixes, &fix_ids);
        }
        for (i, n) in kb.notes.iter().enumerate() {
            self.title(ItemRef::Note(i), &n.id, "title", &n.title);
        }
    }

    fn platform_list(&mut self, kb: &KnowledgeBase, item: ItemRef, ids: &[String]) {
        if !self.has(item, "platforms") {
            return;
        }
        for (j, id) in ids.iter().enumerate() {
            let mut at = item.path("platforms");
            at.push(Seg::Index(j));
            self.platform(kb, at, id);
        }
    }

    fn platform(&mut self, kb: &KnowledgeBase, at: Path, id: &str) {
        if !self.has(ItemRef::Root, "platforms") || self.platforms.contains_key(id) {
            return;
        }
        let known = kb
            .platforms
            .iter()
            .map(|p| p.id.as_str())
            .filter(|p| !p.is_empty());
        let hint = match closest(id, known.clone()) {
            Some(near) => format!("; did you mean `{near}`?"),
            None => match known.collect::<Vec<_>>().join(", ") {
                list if list.is_empty() => "; the knowledge base lists no platforms".to_string(),
                list => format!("; the platforms are {list}"),
            },
        };
        self.push(at, format!("unknown platform `{id}`{hint}"));
    }

    fn fix_list(&mut self, item: ItemRef, ids: &[String], fixes: &foldhash::HashSet<&str>) {
        if !self.has(ItemRef::Root, "fixes") || !self.has(item, "fixes") {
            return;
        }
        for (j, id) in ids.iter().enumerate() {
            if fixes.contains(id.as_str()) {
                continue;
            }
            let mut at = item.path("fixes");
            at.push(Seg::Index(j));
            let message = match self.ids.get(id.as_str()) {
                Some(other) => format!("`{id}` is a {}, not a fix", other.label()),
                // Each suggestion scans every fix id: only the first
                // problems get one, so that many unknown ids stay cheap.
                None if self.issues.len() >= SUGGESTED => format!("unknown fix `{id}`"),
                None => match closest(id, fixes.iter().copied()) {
                    Some(near) => format!("unknown fix `{id}`; did you mean `{near}`?"),
                    None => format!("unknown fix `{id}`"),
                },
            };
            self.push(at, message);
        }
    }
}
