//! The rules a knowledge base must follow beyond its schema: unique
//! kebab-case ids, references that resolve to an item of the right kind,
//! known platforms and tiers, non-empty titles, texts of a bounded length
//! (so that what a keystroke or a frame does with one item is bounded
//! too), fixes with steps, retired
//! ids never used again, no platform that `--platform all` would hide,
//! and questions that reach every other question, symptom and status
//! without going in a circle, each with an answer on every platform. Problems are given as
//! paths into the knowledge base; `spans` finds where they are.

use std::collections::hash_map::Entry;

use foldhash::{HashMap, HashMapExt, HashSet};

use super::problem::Issue;
use super::spans::{Path, Seg};
use super::spelling::{closest, is_kebab, kebab};
use super::{
    Answer, Fix, KnowledgeBase, Note, Place, Platform, Question, StatusMessage, Step, Symptom,
    Tier, means_all,
};

/// Suggestions ("did you mean") are looked for in this many problems at
/// most, so a file full of unknown references is still checked at once.
const MAX_SUGGESTIONS: usize = 50;

/// The most answers a question may have: each is chosen with one key.
pub(super) const MAX_ANSWERS: usize = 9;

/// The most characters any one text of a guide holds: the longest of the
/// shipped guide has 338. A step of megabytes would make each keystroke
/// that shows or searches it wait on it.
pub const MAX_TEXT: usize = 10_000;

/// An item by its place in the knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ItemRef {
    /// The knowledge base itself.
    Root,
    Platform(usize),
    Tier(usize),
    Step(usize),
    Fix(usize),
    Symptom(usize),
    Status(usize),
    Note(usize),
    Question(usize),
    Answer(usize, usize),
}

impl ItemRef {
    fn label(self) -> &'static str {
        match self {
            ItemRef::Root => "knowledge base",
            ItemRef::Platform(_) => "platform",
            ItemRef::Tier(_) => "tier",
            ItemRef::Step(_) => "step",
            ItemRef::Fix(_) => "fix",
            ItemRef::Symptom(_) => "symptom",
            ItemRef::Status(_) => "status message",
            ItemRef::Note(_) => "note",
            ItemRef::Question(_) | ItemRef::Answer(..) => "question",
        }
    }

    fn path(self, field: &'static str) -> Path {
        let (list, i) = match self {
            ItemRef::Root => return vec![Seg::Field(field)],
            ItemRef::Platform(i) => ("platforms", i),
            ItemRef::Tier(i) => ("tiers", i),
            ItemRef::Step(i) => ("steps", i),
            ItemRef::Fix(i) => ("fixes", i),
            ItemRef::Symptom(i) => ("symptoms", i),
            ItemRef::Status(i) => ("statuses", i),
            ItemRef::Note(i) => ("notes", i),
            ItemRef::Question(i) | ItemRef::Answer(i, _) => ("questions", i),
        };
        let mut path = vec![Seg::Field(list), Seg::Index(i)];
        if let ItemRef::Answer(_, j) = self {
            path.extend([Seg::Field("answers"), Seg::Index(j)]);
        }
        path.push(Seg::Field(field));
        path
    }

    /// The same path, one element further into a list field.
    fn at(self, field: &'static str, index: usize) -> Path {
        let mut path = self.path(field);
        path.push(Seg::Index(index));
        path
    }
}

/// The kinds a reference may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Fix,
    Step,
    Status,
    Note,
    /// What an answer leads to: a question, symptom or status message.
    Next,
}

impl Want {
    fn accepts(self, item: ItemRef) -> bool {
        matches!(
            (self, item),
            (Want::Fix, ItemRef::Fix(_))
                | (Want::Step, ItemRef::Step(_))
                | (Want::Status | Want::Next, ItemRef::Status(_))
                | (Want::Note, ItemRef::Note(_))
                | (Want::Next, ItemRef::Question(_) | ItemRef::Symptom(_))
        )
    }

    fn noun(self) -> &'static str {
        match self {
            Want::Fix => "fix",
            Want::Step => "step",
            Want::Status => "status message",
            Want::Note => "note",
            Want::Next => "question, symptom or status message",
        }
    }
}

pub(super) fn validate(kb: &KnowledgeBase) -> Vec<Issue<Path>> {
    let mut check = Check {
        issues: Vec::new(),
        ids: HashMap::with_capacity(kb.steps.len() + kb.fixes.len() + kb.symptoms.len()),
        platforms: HashMap::new(),
        tiers: HashMap::new(),
        gone: HashMap::new(),
        platform_hints: HashMap::new(),
        suggestions: 0,
    };
    check.id(ItemRef::Root, &kb.id);
    if kb.title.trim().is_empty() {
        check.push(
            ItemRef::Root.path("title"),
            "the knowledge base has an empty title",
        );
    }
    check.register(kb);
    check.retired(kb);
    check.items(kb);
    check.questions(kb);
    check.vocabulary(kb);
    check.lengths(kb);
    check.issues
}

struct Check<'a> {
    issues: Vec<Issue<Path>>,
    ids: HashMap<&'a str, ItemRef>,
    platforms: HashMap<&'a str, ItemRef>,
    tiers: HashMap<&'a str, ItemRef>,
    /// Ids retired, each with the step that took it over, if one did.
    gone: HashMap<&'a str, Option<&'a str>>,
    /// What follows "unknown platform `id`", by id.
    platform_hints: HashMap<&'a str, String>,
    /// How many "did you mean" suggestions were looked for.
    suggestions: usize,
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

    /// Every id first, so duplicates and references can be checked; then
    /// the ids' own form.
    fn register(&mut self, kb: &'a KnowledgeBase) {
        fn each<T>(
            list: &[T],
            item: fn(usize) -> ItemRef,
            id: fn(&T) -> &str,
        ) -> impl Iterator<Item = (ItemRef, &str)> {
            list.iter().enumerate().map(move |(i, x)| (item(i), id(x)))
        }
        let all = each(&kb.platforms, ItemRef::Platform, |p| &p.id)
            .chain(each(&kb.tiers, ItemRef::Tier, |t| &t.id))
            .chain(each(&kb.steps, ItemRef::Step, |s| &s.id))
            .chain(each(&kb.fixes, ItemRef::Fix, |f| &f.id))
            .chain(each(&kb.symptoms, ItemRef::Symptom, |s| &s.id))
            .chain(each(&kb.statuses, ItemRef::Status, |s| &s.id))
            .chain(each(&kb.notes, ItemRef::Note, |n| &n.id))
            .chain(each(&kb.questions, ItemRef::Question, |q| &q.id));
        for (item, id) in all {
            self.id(item, id);
            if id.is_empty() {
                continue;
            }
            let space = match item {
                ItemRef::Platform(_) => &mut self.platforms,
                ItemRef::Tier(_) => &mut self.tiers,
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

    /// Ids a step took over (`replaces`) or the guide retired are never
    /// used again, and each is taken over once.
    fn retired(&mut self, kb: &'a KnowledgeBase) {
        let mut gone: HashMap<&str, (Path, Option<&String>)> = HashMap::new();
        let replaced = kb.steps.iter().enumerate().flat_map(|(i, s)| {
            let ids = s.replaces.iter().enumerate();
            ids.map(move |(j, old)| (ItemRef::Step(i).at("replaces", j), old, Some(&s.id)))
        });
        let retired = (0..kb.retired.len()).map(|j| ItemRef::Root.at("retired", j));
        let retired = retired.zip(&kb.retired).map(|(at, old)| (at, old, None));
        for (at, old, by) in replaced.chain(retired) {
            if let Some(item) = self.ids.get(old.as_str()) {
                let why = match by {
                    Some(step) => format!("was replaced by step `{step}`"),
                    None => "is retired".to_string(),
                };
                self.push(
                    item.path("id"),
                    format!("id `{old}` {why} and must not be used again"),
                );
            }
            match gone.entry(old) {
                Entry::Vacant(entry) => {
                    entry.insert((at, by));
                    self.gone.insert(old, by.map(String::as_str));
                }
                Entry::Occupied(entry) => {
                    let (first, first_by) = entry.get();
                    let message = match (first_by, by) {
                        (Some(first), Some(step)) if *first != step => format!(
                            "id `{old}` is taken over by step `{step}`, but step `{first}` already took it over; an id goes to one step"
                        ),
                        (Some(first), None) => format!(
                            "retired id `{old}` is taken over by step `{first}` already (its `replaces`); list it there alone"
                        ),
                        _ => format!("retired id `{old}` is listed twice"),
                    };
                    self.issues.push(Issue {
                        at,
                        message,
                        see: Some((first.clone(), "first listed")),
                    });
                }
            }
        }
    }

    fn text(&mut self, item: ItemRef, id: &str, field: &'static str, text: &str) {
        if text.chars().all(char::is_whitespace) {
            let what = match field {
                "text" => "empty text",
                "caution" => "an empty caution (leave it out for none)",
                "name" => "an empty name",
                _ => "an empty title",
            };
            self.push(item.path(field), format!("{} has {what}", name(item, id)));
        }
    }

    /// Every text holds at most `MAX_TEXT` characters. The patterns name
    /// every field, so a field added to the schema cannot be forgotten.
    fn lengths(&mut self, kb: &KnowledgeBase) {
        let KnowledgeBase {
            id,
            title,
            summary,
            platforms,
            tiers,
            steps,
            fixes,
            symptoms,
            statuses,
            notes,
            questions,
            retired,
            synonyms,
            lookup: _,
        } = kb;
        let root = ItemRef::Root;
        self.texts(
            root,
            id,
            [("id", id), ("title", title), ("summary", summary)],
        );
        self.lists(root, id, [("retired", retired)]);
        for (g, group) in synonyms.iter().enumerate() {
            for (k, word) in group.iter().enumerate() {
                self.length(word, root, id, "synonyms", || {
                    let mut at = root.at("synonyms", g);
                    at.push(Seg::Index(k));
                    at
                });
            }
        }
        for (i, Platform { id, name }) in platforms.iter().enumerate() {
            self.texts(ItemRef::Platform(i), id, [("id", id), ("name", name)]);
        }
        for (i, Tier { id, name }) in tiers.iter().enumerate() {
            self.texts(ItemRef::Tier(i), id, [("id", id), ("name", name)]);
        }
        for (i, step) in steps.iter().enumerate() {
            let Step {
                id,
                text,
                platforms,
                caution,
                replaces,
                words,
            } = step;
            let item = ItemRef::Step(i);
            self.texts(item, id, [("id", id), ("text", text)]);
            if let Some(caution) = caution {
                self.texts(item, id, [("caution", caution)]);
            }
            self.lists(
                item,
                id,
                [
                    ("platforms", platforms),
                    ("replaces", replaces),
                    ("words", words),
                ],
            );
        }
        for (i, fix) in fixes.iter().enumerate() {
            let Fix {
                id,
                title,
                summary,
                tier,
                steps,
                words,
            } = fix;
            let item = ItemRef::Fix(i);
            self.texts(
                item,
                id,
                [
                    ("id", id),
                    ("title", title),
                    ("summary", summary),
                    ("tier", tier),
                ],
            );
            self.lists(item, id, [("steps", steps), ("words", words)]);
        }
        for (i, symptom) in symptoms.iter().enumerate() {
            let Symptom {
                id,
                title,
                platforms,
                where_to_look,
                quick_fix,
                fixes,
                statuses,
                notes,
                words,
            } = symptom;
            let item = ItemRef::Symptom(i);
            self.texts(
                item,
                id,
                [("id", id), ("title", title), ("quick_fix", quick_fix)],
            );
            self.lists(
                item,
                id,
                [
                    ("platforms", platforms),
                    ("fixes", fixes),
                    ("statuses", statuses),
                ],
            );
            self.lists(item, id, [("notes", notes), ("words", words)]);
            for (j, Place { platform, place }) in where_to_look.iter().enumerate() {
                for (field, text) in [("platform", platform), ("place", place)] {
                    self.length(text, item, id, field, || {
                        let mut at = item.at("where_to_look", j);
                        at.push(Seg::Field(field));
                        at
                    });
                }
            }
        }
        for (i, status) in statuses.iter().enumerate() {
            let StatusMessage {
                id,
                text,
                meaning,
                action,
                platforms,
                fixes,
                notes,
                words,
            } = status;
            let item = ItemRef::Status(i);
            self.texts(
                item,
                id,
                [
                    ("id", id),
                    ("text", text),
                    ("meaning", meaning),
                    ("action", action),
                ],
            );
            self.lists(
                item,
                id,
                [("platforms", platforms), ("fixes", fixes), ("notes", notes)],
            );
            self.lists(item, id, [("words", words)]);
        }
        for (i, note) in notes.iter().enumerate() {
            let Note {
                id,
                title,
                summary,
                points,
                collect,
                words,
            } = note;
            let item = ItemRef::Note(i);
            self.texts(
                item,
                id,
                [("id", id), ("title", title), ("summary", summary)],
            );
            self.lists(
                item,
                id,
                [("points", points), ("collect", collect), ("words", words)],
            );
        }
        for (i, Question { id, text, answers }) in questions.iter().enumerate() {
            self.texts(ItemRef::Question(i), id, [("id", id), ("text", text)]);
            for (
                j,
                Answer {
                    text,
                    platform,
                    next,
                },
            ) in answers.iter().enumerate()
            {
                let answer = ItemRef::Answer(i, j);
                self.texts(answer, id, [("text", text), ("next", next)]);
                if let Some(platform) = platform {
                    self.texts(answer, id, [("platform", platform)]);
                }
            }
        }
    }

    fn texts<const N: usize>(
        &mut self,
        item: ItemRef,
        id: &str,
        texts: [(&'static str, &String); N],
    ) {
        for (field, text) in texts {
            self.length(text, item, id, field, || item.path(field));
        }
    }

    fn lists<const N: usize>(
        &mut self,
        item: ItemRef,
        id: &str,
        lists: [(&'static str, &Vec<String>); N],
    ) {
        for (field, list) in lists {
            for (j, text) in list.iter().enumerate() {
                self.length(text, item, id, field, || item.at(field, j));
            }
        }
    }

    /// `text`, in `field` of the item, at the place `at` makes, holds at
    /// most `MAX_TEXT` characters.
    fn length(
        &mut self,
        text: &str,
        item: ItemRef,
        id: &str,
        field: &str,
        at: impl FnOnce() -> Path,
    ) {
        // A text of at most `MAX_TEXT` bytes is settled without counting.
        if text.len() <= MAX_TEXT {
            return;
        }
        let chars = text.chars().count();
        if chars > MAX_TEXT {
            let whose = name(item, id);
            self.push(
                at(),
                format!(
                    "`{field}` of {whose}: {chars} characters, and a text holds at most {MAX_TEXT}"
                ),
            );
        }
    }

    fn items(&mut self, kb: &'a KnowledgeBase) {
        for (i, p) in kb.platforms.iter().enumerate() {
            self.text(ItemRef::Platform(i), &p.id, "name", &p.name);
            for (field, value) in [("id", &p.id), ("name", &p.name)] {
                if means_all(value) {
                    self.push(
                        ItemRef::Platform(i).path(field),
                        format!(
                            "a platform's {field} must not be `{value}`: `--platform {value}` \
                             means every platform; give it another"
                        ),
                    );
                }
            }
        }
        for (i, t) in kb.tiers.iter().enumerate() {
            self.text(ItemRef::Tier(i), &t.id, "name", &t.name);
        }
        for (i, s) in kb.steps.iter().enumerate() {
            let item = ItemRef::Step(i);
            self.text(item, &s.id, "text", &s.text);
            if let Some(caution) = &s.caution {
                self.text(item, &s.id, "caution", caution);
            }
            self.platform_list(kb, item, &s.platforms);
        }
        for (i, f) in kb.fixes.iter().enumerate() {
            let item = ItemRef::Fix(i);
            self.text(item, &f.id, "title", &f.title);
            if !self.tiers.contains_key(f.tier.as_str()) {
                let known = kb.tiers.iter().map(|t| t.id.as_str());
                let hint = match closest(&f.tier, known.clone()) {
                    Some(near) => format!("; did you mean `{near}`?"),
                    None => match known.collect::<Vec<_>>().join(", ") {
                        list if list.is_empty() => {
                            "; the knowledge base lists no tiers".to_string()
                        }
                        list => format!("; the tiers are {list}"),
                    },
                };
                self.push(
                    item.path("tier"),
                    format!("unknown tier `{}`{hint}", f.tier),
                );
            }
            if f.steps.is_empty() {
                self.push(
                    item.path("steps"),
                    format!("{} has no steps", name(item, &f.id)),
                );
            }
            self.refs(item, "steps", &f.steps, Want::Step);
        }
        for (i, s) in kb.symptoms.iter().enumerate() {
            let item = ItemRef::Symptom(i);
            self.text(item, &s.id, "title", &s.title);
            self.platform_list(kb, item, &s.platforms);
            for (j, place) in s.where_to_look.iter().enumerate() {
                let mut at = item.at("where_to_look", j);
                at.push(Seg::Field("platform"));
                self.platform(kb, at, &place.platform);
            }
            if s.fixes.is_empty() {
                self.push(
                    item.path("fixes"),
                    format!(
                        "{} has no fixes, so its plan would be empty",
                        name(item, &s.id)
                    ),
                );
            }
            self.refs(item, "fixes", &s.fixes, Want::Fix);
            self.plans(kb, item, &s.id, &s.platforms, &s.fixes);
            self.refs(item, "statuses", &s.statuses, Want::Status);
            self.refs(item, "notes", &s.notes, Want::Note);
        }
        for (i, s) in kb.statuses.iter().enumerate() {
            let item = ItemRef::Status(i);
            self.text(item, &s.id, "text", &s.text);
            self.platform_list(kb, item, &s.platforms);
            self.refs(item, "fixes", &s.fixes, Want::Fix);
            if !s.fixes.is_empty() {
                self.plans(kb, item, &s.id, &s.platforms, &s.fixes);
            }
            self.refs(item, "notes", &s.notes, Want::Note);
        }
        for (i, n) in kb.notes.iter().enumerate() {
            self.text(ItemRef::Note(i), &n.id, "title", &n.title);
        }
    }

    /// An item for some platforms has a plan on each: a step of one of
    /// its `fixes` applies there. (Problems for every platform may have
    /// none on one, which the plan says; fixes and platforms that are not
    /// in the guide are told elsewhere.)
    fn plans(
        &mut self,
        kb: &KnowledgeBase,
        item: ItemRef,
        id: &str,
        platforms: &[String],
        fixes: &[String],
    ) {
        // A reference that is not to a fix or a step is told as such, and
        // makes what the plan would hold unknown.
        let fixes: Option<Vec<&Fix>> = fixes
            .iter()
            .map(|f| match self.ids.get(f.as_str()) {
                Some(&ItemRef::Fix(i)) => Some(&kb.fixes[i]),
                _ => None,
            })
            .collect();
        let steps: Option<Vec<&Step>> = fixes
            .iter()
            .flatten()
            .flat_map(|f| &f.steps)
            .map(|s| match self.ids.get(s.as_str()) {
                Some(&ItemRef::Step(i)) => Some(&kb.steps[i]),
                _ => None,
            })
            .collect();
        let Some(steps) = steps.filter(|_| fixes.is_some()) else {
            return;
        };
        if steps.is_empty() {
            return;
        }
        for platform in platforms {
            let Some(&ItemRef::Platform(p)) = self.platforms.get(platform.as_str()) else {
                continue;
            };
            let applies = |s: &&Step| s.platforms.is_empty() || s.platforms.contains(platform);
            if !steps.iter().any(applies) {
                self.push(
                    item.path("fixes"),
                    format!(
                        "{} is for {}, but no step of its fixes is, so its plan there would be empty",
                        name(item, id),
                        kb.platforms[p].name
                    ),
                );
            }
        }
    }

    fn platform_list(&mut self, kb: &'a KnowledgeBase, item: ItemRef, ids: &'a [String]) {
        for (j, id) in ids.iter().enumerate() {
            self.platform(kb, item.at("platforms", j), id);
        }
    }

    fn platform(&mut self, kb: &'a KnowledgeBase, at: Path, id: &'a str) {
        if self.platforms.contains_key(id) {
            return;
        }
        // Once per unknown id: a guide may name the same one thousands of times.
        let hint = match self.platform_hints.get(id) {
            Some(hint) => hint.clone(),
            None => {
                let hint = platform_hint(kb, id);
                self.platform_hints.insert(id, hint.clone());
                hint
            }
        };
        self.push(at, format!("unknown platform `{id}`{hint}"));
    }

    /// Each id in `ids` must name an item of the kind wanted, once.
    fn refs(&mut self, item: ItemRef, field: &'static str, ids: &[String], want: Want) {
        let mut seen = HashSet::default();
        for (j, id) in ids.iter().enumerate() {
            let at = item.at(field, j);
            if !seen.insert(id.as_str()) {
                self.push(at, format!("`{id}` is listed twice"));
                continue;
            }
            self.reference(at, id, want);
        }
    }

    fn reference(&mut self, at: Path, id: &str, want: Want) {
        let message = match self.ids.get(id) {
            Some(&found) if want.accepts(found) => return,
            Some(found) => format!("`{id}` is a {}, not a {}", found.label(), want.noun()),
            None if let Some(&by) = self.gone.get(id) => match by {
                Some(step) if matches!(want, Want::Step) => {
                    format!("step `{id}` was replaced by step `{step}`; use `{step}`")
                }
                _ => format!("`{id}` is a retired id, not a {}", want.noun()),
            },
            None => {
                let near = match self.suggestions < MAX_SUGGESTIONS {
                    true => {
                        self.suggestions += 1;
                        let ids = self.ids.iter();
                        closest(id, ids.filter(|(_, i)| want.accepts(**i)).map(|(k, _)| *k))
                    }
                    false => None,
                };
                match near {
                    Some(near) => format!("unknown {} `{id}`; did you mean `{near}`?", want.noun()),
                    None => format!("unknown {} `{id}`", want.noun()),
                }
            }
        };
        self.push(at, message);
    }

    /// Answers lead somewhere; from the first question every other
    /// question, symptom and status message can be reached, and no path
    /// goes in a circle.
    fn questions(&mut self, kb: &'a KnowledgeBase) {
        for (i, q) in kb.questions.iter().enumerate() {
            let item = ItemRef::Question(i);
            self.text(item, &q.id, "text", &q.text);
            if q.answers.is_empty() || q.answers.len() > MAX_ANSWERS {
                self.push(
                    item.path("answers"),
                    format!(
                        "{} has {} answers; give it 1 to {MAX_ANSWERS}, one key each",
                        name(item, &q.id),
                        q.answers.len()
                    ),
                );
            }
            let mut said: HashMap<String, usize> = HashMap::new();
            for (j, answer) in q.answers.iter().enumerate() {
                let item = ItemRef::Answer(i, j);
                let which = format!("answer {} of {}", j + 1, name(ItemRef::Question(i), &q.id));
                if answer.text.trim().is_empty() {
                    self.push(item.path("text"), format!("{which} has empty text"));
                } else {
                    let first = *said.entry(said_as(&answer.text)).or_insert(j);
                    if first != j {
                        // A person could not tell the two apart.
                        self.issues.push(Issue {
                            at: item.path("text"),
                            message: format!("{which} says what answer {} says", first + 1),
                            see: Some((ItemRef::Answer(i, first).path("text"), "that one")),
                        });
                    }
                }
                if let Some(platform) = &answer.platform {
                    self.platform(kb, item.path("platform"), platform);
                }
                self.reference(item.path("next"), &answer.next, Want::Next);
            }
        }
        if kb.questions.is_empty() {
            return;
        }
        self.circles(kb);
        self.answers_on_every_platform(kb);
        let reached = self.reached(kb);
        let symptoms = kb.symptoms.iter().enumerate();
        let symptoms = symptoms.map(|(i, s)| (ItemRef::Symptom(i), &s.id));
        let statuses = kb.statuses.iter().enumerate();
        let statuses = statuses.map(|(i, s)| (ItemRef::Status(i), &s.id));
        let questions = kb.questions.iter().enumerate();
        let questions = questions.map(|(i, q)| (ItemRef::Question(i), &q.id));
        for (item, id) in questions.chain(symptoms).chain(statuses) {
            if !reached.contains(&item) {
                let what = item.label();
                self.push(
                    item.path("id"),
                    format!("no question leads to {what} `{id}`"),
                );
            }
        }
    }

    /// Every question has an answer left ([`Answer::offered`]) on each
    /// platform a person can have chosen by the time they reach it: the
    /// questions are walked from the first, with the platform the answers
    /// so far chose (an unknown one is told elsewhere, and not followed).
    ///
    /// [`Answer::offered`]: super::Answer::offered
    fn answers_on_every_platform(&mut self, kb: &'a KnowledgeBase) {
        let mut seen: HashSet<(usize, Option<&'a str>)> = HashSet::default();
        let mut todo = vec![(0, None)];
        seen.insert((0, None));
        while let Some((q, platform)) = todo.pop() {
            let question = &kb.questions[q];
            if let Some(platform) = platform
                && !question.answers.is_empty()
                && !question
                    .answers
                    .iter()
                    .any(|a| a.offered(kb, Some(platform)))
            {
                let name = kb.platforms.iter().find(|p| p.id == platform);
                let name = name.map_or(platform, |p| p.name.as_str());
                self.push(
                    ItemRef::Question(q).path("answers"),
                    format!(
                        "question `{}` has no answer for {name}: each of its answers leads \
                         to a symptom or status message for other platforms",
                        question.id
                    ),
                );
            }
            for answer in &question.answers {
                let chosen = answer.platform.as_deref();
                let chosen = chosen.filter(|p| self.platforms.contains_key(p));
                let chosen = chosen.or(platform);
                if let Some(&ItemRef::Question(k)) = self.ids.get(answer.next.as_str())
                    && seen.insert((k, chosen))
                {
                    todo.push((k, chosen));
                }
            }
        }
    }

    fn next_questions(&self, q: &'a Question) -> impl Iterator<Item = usize> + '_ {
        q.answers
            .iter()
            .filter_map(|a| match self.ids.get(a.next.as_str()) {
                Some(ItemRef::Question(k)) => Some(*k),
                _ => None,
            })
    }

    /// Every item reachable from the first question.
    fn reached(&self, kb: &'a KnowledgeBase) -> HashSet<ItemRef> {
        let mut reached = HashSet::default();
        let mut todo = vec![0];
        reached.insert(ItemRef::Question(0));
        while let Some(q) = todo.pop() {
            for answer in &kb.questions[q].answers {
                if let Some(&item) = self.ids.get(answer.next.as_str())
                    && reached.insert(item)
                    && let ItemRef::Question(k) = item
                {
                    todo.push(k);
                }
            }
        }
        reached
    }

    /// A question that can lead back to itself (depth-first, iterative).
    fn circles(&mut self, kb: &'a KnowledgeBase) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let mut mark = vec![Mark::New; kb.questions.len()];
        for start in 0..kb.questions.len() {
            if mark[start] != Mark::New {
                continue;
            }
            let mut stack: Vec<(usize, Vec<usize>)> = Vec::new();
            mark[start] = Mark::Open;
            stack.push((start, self.next_questions(&kb.questions[start]).collect()));
            while let Some((q, next)) = stack.last_mut() {
                let q = *q;
                match next.pop() {
                    Some(k) if mark[k] == Mark::Open => {
                        let id = &kb.questions[k].id;
                        let at = answer_to(kb, q, id);
                        self.push(
                            at,
                            format!("question `{id}` leads back to itself: answers go in a circle"),
                        );
                    }
                    Some(k) if mark[k] == Mark::New => {
                        mark[k] = Mark::Open;
                        let after = self.next_questions(&kb.questions[k]).collect();
                        stack.push((k, after));
                    }
                    Some(_) => {}
                    None => {
                        mark[q] = Mark::Done;
                        stack.pop();
                    }
                }
            }
        }
    }

    fn vocabulary(&mut self, kb: &'a KnowledgeBase) {
        for (i, group) in kb.synonyms.iter().enumerate() {
            let at = ItemRef::Root.at("synonyms", i);
            if group.len() < 2 {
                self.push(at, "a synonym group needs at least two words");
            } else if group.iter().any(|w| w.trim().is_empty()) {
                self.push(at, "a synonym group has an empty word");
            }
        }
        let words = kb
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| (ItemRef::Step(i), &s.words))
            .chain(
                kb.fixes
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (ItemRef::Fix(i), &f.words)),
            )
            .chain(
                kb.symptoms
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (ItemRef::Symptom(i), &s.words)),
            )
            .chain(
                kb.statuses
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (ItemRef::Status(i), &s.words)),
            )
            .chain(
                kb.notes
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (ItemRef::Note(i), &n.words)),
            );
        for (item, words) in words {
            if let Some(j) = words.iter().position(|w| w.trim().is_empty()) {
                self.push(item.at("words", j), "an empty entry in `words`");
            }
        }
    }
}

/// What to say after "unknown platform `id`": the platform meant, or the
/// platforms there are.
fn platform_hint(kb: &KnowledgeBase, id: &str) -> String {
    let known = kb
        .platforms
        .iter()
        .map(|p| p.id.as_str())
        .filter(|p| !p.is_empty());
    match closest(id, known.clone()) {
        Some(near) => format!("; did you mean `{near}`?"),
        // Each once, in the guide's order, though a guide may list one twice.
        None => match known
            .fold(Vec::new(), |mut ids, id| {
                if !ids.contains(&id) {
                    ids.push(id);
                }
                ids
            })
            .join(", ")
        {
            list if list.is_empty() => "; the knowledge base lists no platforms".to_string(),
            list => format!("; the platforms are {list}"),
        },
    }
}

/// The path of question `q`'s answer that leads to `id`.
fn answer_to(kb: &KnowledgeBase, q: usize, id: &str) -> Path {
    let j = kb.questions[q]
        .answers
        .iter()
        .position(|a| a.next == id)
        .unwrap_or(0);
    ItemRef::Answer(q, j).path("next")
}

/// An answer's text as a person reads it: case and spacing aside.
fn said_as(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}
