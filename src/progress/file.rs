//! The progress file's format: RON, with a format version.
//!
//! ```ron
//! Progress(
//!     version: 3,
//!     guides: {
//!         "icloud-photos-sync": Guide(
//!             steps: {
//!                 "same-apple-id": Outcome(state: Done, at: "2025-03-13T20:04:00Z"),
//!             },
//!         ),
//!     },
//! )
//! ```
//!
//! Version 1 kept a time per ticked step; it is read as "done" at that time.
//! Version 2 gave cases no id; each is given its place in its guide's list
//! (1, 2, ...), which every syncfix reading the file gives it alike.
//! Any change an older syncfix could not read back and write out again
//! without losing something must raise [`VERSION`]: an older syncfix leaves a
//! newer file untouched.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The format version this syncfix reads and writes.
pub const VERSION: u32 = 3;

const HEADER: &str = "\
// syncfix progress: per guide, each step's outcome, and the cases worked on.
// Written by syncfix (see `syncfix paths`); safe to delete to start over.
";

/// What came of trying a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum State {
    Done,
    DidntHelp,
    Skipped,
    FixedIt,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Done,
        State::DidntHelp,
        State::Skipped,
        State::FixedIt,
    ];

    /// The word scripts use: `done`, `didnt-help`, `skipped`, `fixed-it`.
    pub fn key(self) -> &'static str {
        match self {
            State::Done => "done",
            State::DidntHelp => "didnt-help",
            State::Skipped => "skipped",
            State::FixedIt => "fixed-it",
        }
    }

    /// As a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            State::Done => "done",
            State::DidntHelp => "didn't help",
            State::Skipped => "skipped",
            State::FixedIt => "fixed it",
        }
    }

    /// The checklist mark, told apart without color.
    pub fn mark(state: Option<State>) -> &'static str {
        match state {
            None => "[ ]",
            Some(State::Done) => "[x]",
            Some(State::DidntHelp) => "[-]",
            Some(State::Skipped) => "[~]",
            Some(State::FixedIt) => "[✓]",
        }
    }

    pub fn from_key(key: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// One step's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub state: State,
    pub at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Outcome {
    /// Outcomes of one step as one: the latest's state and time, and the
    /// notes of all, the earliest first, each once.
    fn merged(mut outcomes: Vec<Outcome>) -> Option<Outcome> {
        outcomes.sort_by_key(|o| o.at);
        let mut seen = std::collections::HashSet::new();
        let notes: Vec<&str> = outcomes
            .iter()
            .filter_map(|o| o.note.as_deref())
            .filter(|note| seen.insert(*note))
            .collect();
        let note = (!notes.is_empty()).then(|| notes.join("; "));
        let latest = outcomes.last()?;
        Some(Outcome {
            note,
            ..latest.clone()
        })
    }
}

/// One guide's outcomes: step id -> outcome.
pub type Outcomes = BTreeMap<String, Outcome>;

/// Outcomes read from a file, a step listed twice (a hand edit, a merge of
/// two copies) taken as one (`Outcome::merged`): a map would keep one and
/// drop the other's state and note at the next save.
fn repeats_merged<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Outcomes, D::Error> {
    struct Repeats;
    impl<'de> serde::de::Visitor<'de> for Repeats {
        type Value = Outcomes;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of step ids to outcomes")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Outcomes, A::Error> {
            let mut listed: BTreeMap<String, Vec<Outcome>> = BTreeMap::new();
            while let Some((step, outcome)) = map.next_entry::<String, Outcome>()? {
                listed.entry(step).or_default().push(outcome);
            }
            let merged = listed.into_iter();
            Ok(merged
                .filter_map(|(step, outcomes)| Some((step, Outcome::merged(outcomes)?)))
                .collect())
        }
    }
    deserializer.deserialize_map(Repeats)
}

/// A case: one problem worked through, from first answer to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Tells the case apart from every other, however close together they
    /// were opened: random, or its place in a file that had no ids.
    #[serde(default)]
    pub id: u64,
    /// The symptom or status message id.
    pub problem: String,
    /// The platform id, or None for all.
    #[serde(default)]
    pub platform: Option<String>,
    /// When the case was opened.
    pub started: Timestamp,
    /// The triage: each question asked and the answer given.
    #[serde(default)]
    pub answers: Vec<(String, String)>,
    /// Details support asks for: `device`, `os`, `library`, `since`.
    #[serde(default)]
    pub details: BTreeMap<String, String>,
    #[serde(default)]
    pub closed: Option<Closed>,
}

impl Case {
    /// Whether the case is on `problem` on `platform` (None = all): then
    /// opening a case on them is opening this one again.
    pub fn is_on(&self, problem: &str, platform: Option<&str>) -> bool {
        self.problem == problem && self.platform.as_deref() == platform
    }

    /// A case on `problem`, started at `started`, with an id of its own.
    pub fn new(
        problem: String,
        platform: Option<String>,
        answers: Vec<(String, String)>,
        started: Timestamp,
    ) -> Case {
        Case {
            id: fastrand::u64(1..),
            problem,
            platform,
            started,
            answers,
            details: BTreeMap::new(),
            closed: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closed {
    pub at: Timestamp,
    /// The step that fixed it, when one did.
    #[serde(default)]
    pub solved_by: Option<String>,
}

/// Where the interface was, to return there.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct View {
    #[serde(default)]
    pub platform: Option<String>,
    #[serde(default)]
    pub item: Option<String>,
}

/// Everything kept for one guide.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Guide {
    #[serde(default, deserialize_with = "repeats_merged")]
    pub steps: Outcomes,
    #[serde(default)]
    pub cases: Vec<Case>,
    #[serde(default)]
    pub view: Option<View>,
}

impl Guide {
    /// The case being worked on: the last one opened, if it is not closed.
    pub fn open_case(&self) -> Option<&Case> {
        self.cases.last().filter(|c| c.closed.is_none())
    }

    /// The open case, or the last one closed.
    pub fn last_case(&self) -> Option<&Case> {
        self.cases.last()
    }

    /// The case with this id.
    pub fn case(&self, id: u64) -> Option<&Case> {
        self.position(id).map(|i| &self.cases[i])
    }

    fn case_mut(&mut self, id: u64) -> Option<&mut Case> {
        self.position(id).map(|i| &mut self.cases[i])
    }

    /// Where the case with this id is: the last such, should a file edited
    /// by hand have two, as the open case is the last one.
    fn position(&self, id: u64) -> Option<usize> {
        self.cases.iter().rposition(|c| c.id == id)
    }

    fn is_empty(&self) -> bool {
        self.steps.is_empty() && self.cases.is_empty() && self.view.is_none()
    }

    /// Move outcomes kept under retired ids (`old -> new`) to the step that
    /// replaced them. Where the step already has one, or several retired
    /// ids had one, the latest stands, with every note kept in it, in time
    /// order and each once. A case solved by a retired id is solved by its
    /// step.
    pub fn carry_over(&mut self, replaced: &BTreeMap<String, String>) {
        let mut merging: BTreeMap<&String, Vec<Outcome>> = BTreeMap::new();
        for (old, new) in replaced {
            if let Some(moved) = self.steps.remove(old) {
                merging.entry(new).or_default().push(moved);
            }
        }
        for (new, mut outcomes) in merging {
            outcomes.extend(self.steps.remove(new));
            if let Some(outcome) = Outcome::merged(outcomes) {
                self.steps.insert(new.clone(), outcome);
            }
        }
        for closed in self.cases.iter_mut().filter_map(|c| c.closed.as_mut()) {
            if let Some(new) = closed.solved_by.as_ref().and_then(|s| replaced.get(s)) {
                closed.solved_by = Some(new.clone());
            }
        }
    }
}

/// The whole progress file: every guide's progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Progress")]
pub struct Progress {
    pub version: u32,
    /// Guide id (`KnowledgeBase::id`) -> that guide's progress.
    #[serde(default)]
    pub guides: BTreeMap<String, Guide>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: VERSION,
            guides: BTreeMap::new(),
        }
    }
}

/// Version 1: guide id -> step id -> when it was ticked.
#[derive(Deserialize)]
#[serde(rename = "Progress")]
struct ProgressV1 {
    #[serde(default)]
    guides: BTreeMap<String, BTreeMap<String, Timestamp>>,
}

impl From<ProgressV1> for Progress {
    fn from(v1: ProgressV1) -> Progress {
        let done = |(step, at)| {
            let outcome = Outcome {
                state: State::Done,
                at,
                note: None,
            };
            (step, outcome)
        };
        let guides = v1.guides.into_iter().map(|(kb, ticks)| {
            let steps = ticks.into_iter().map(done).collect();
            (
                kb,
                Guide {
                    steps,
                    ..Guide::default()
                },
            )
        });
        Progress {
            version: VERSION,
            guides: guides.collect(),
        }
    }
}

/// Why a progress file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FormatError {
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("format version {0} is not one syncfix has ever written")]
    BadVersion(u64),
}

/// A file read successfully.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// In this version's format, or an older one read into it (`from`).
    Current { progress: Progress, from: u32 },
    /// A file this syncfix leaves untouched, since writing it would lose
    /// something (see `Foreign`). `readable` is its content when it still
    /// reads as this version's format, to show (never to write back).
    Foreign {
        why: Foreign,
        readable: Option<Progress>,
    },
}

/// Why a progress file is left untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Foreign {
    /// Written by a newer syncfix, in this format version (any number a
    /// file may hold: one past 32 bits is newer still, not damage).
    Newer(u64),
    /// It has a field this syncfix does not know, at this path
    /// (`guides.icloud-photos-sync.extra`): from a newer syncfix or from
    /// an editor. Saving would drop it.
    Unknown(String),
}

impl std::fmt::Display for Foreign {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Foreign::Newer(version) => write!(
                f,
                "was written by a newer syncfix (format version {version}; this one knows version {VERSION})"
            ),
            Foreign::Unknown(field) => write!(
                f,
                "has a field this syncfix does not know (`{field}`), from a newer syncfix or an editor"
            ),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename = "Progress")]
struct Header {
    version: u64,
}

impl Progress {
    /// Read a progress file. Blank text is an empty file, not an error; a
    /// byte order mark (an editor's) is skipped.
    pub fn parse(text: &str) -> Result<Parsed, FormatError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        if text.trim().is_empty() {
            let progress = Progress::default();
            return Ok(Parsed::Current {
                progress,
                from: VERSION,
            });
        }
        let header: Header = ron::from_str(text).map_err(syntax)?;
        let current = |progress, from| Parsed::Current { progress, from };
        match header.version {
            0 => Err(FormatError::BadVersion(0)),
            1 => ron::from_str::<ProgressV1>(text)
                .map(|v1| current(v1.into(), 1))
                .map_err(syntax),
            from if from == 2 || from == u64::from(VERSION) => {
                // 2 or this version: it fits.
                let from = u32::try_from(from).unwrap_or(VERSION);
                let (progress, unknown) = noting_unknown(text)?;
                let progress = Progress::numbered(progress);
                Ok(match unknown {
                    None => current(progress, from),
                    Some(field) => Parsed::Foreign {
                        why: Foreign::Unknown(field),
                        readable: Some(progress),
                    },
                })
            }
            version => Ok(Parsed::Foreign {
                why: Foreign::Newer(version),
                readable: ron::from_str(text).ok().map(Progress::numbered),
            }),
        }
    }

    /// In this version, every case with an id: a case without one (from
    /// version 2, or edited by hand) is given its place in the list.
    fn numbered(mut self) -> Progress {
        self.version = VERSION;
        for guide in self.guides.values_mut() {
            for (place, case) in (1..).zip(&mut guide.cases) {
                if case.id == 0 {
                    case.id = place;
                }
            }
        }
        self
    }

    /// The file's text, with a comment saying what it is.
    pub fn to_ron(&self) -> Result<String, ron::Error> {
        let config = ron::ser::PrettyConfig::new()
            .struct_names(true)
            .indentor("    ");
        let body = ron::ser::to_string_pretty(self, config)?;
        Ok(format!("{HEADER}{body}\n"))
    }

    pub fn guide(&self, kb_id: &str) -> Option<&Guide> {
        self.guides.get(kb_id)
    }

    /// Change one guide's progress, dropping the guide if nothing is left.
    pub fn update(&mut self, kb_id: &str, change: impl FnOnce(&mut Guide)) {
        let guide = self.guides.entry(kb_id.to_string()).or_default();
        change(guide);
        if guide.is_empty() {
            self.guides.remove(kb_id);
        }
    }
}

/// The progress in `text`, and the path of the first field in it that
/// this syncfix does not know, if any.
fn noting_unknown(text: &str) -> Result<(Progress, Option<String>), FormatError> {
    let mut de = ron::Deserializer::from_str(text).map_err(syntax)?;
    let mut unknown = None;
    let progress = serde_ignored::deserialize(&mut de, |path| {
        unknown.get_or_insert_with(|| path.to_string());
    })
    .map_err(|e| syntax(de.span_error(e)))?;
    de.end().map_err(|e| syntax(de.span_error(e)))?;
    Ok((progress, unknown))
}

fn syntax(e: ron::error::SpannedError) -> FormatError {
    let message = match e.code {
        // ron's own words here are advice to a developer.
        ron::Error::ExceededRecursionLimit => "lists or values nested too deeply".to_string(),
        code => code.to_string(),
    };
    FormatError::Syntax {
        line: e.span.start.line,
        column: e.span.start.col,
        message,
    }
}

/// A change to one guide's progress, applied to the file as it is on disk
/// at the moment of saving, so that other processes' changes survive.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    /// Tick a step: done, now. A step done already keeps the time it was
    /// first done, and its note.
    Tick(String, Outcome),
    /// Record a step's outcome, as of now, even one it had already (this
    /// is when it last came to that: a case opened since counts it as its
    /// own). Given without a note, it keeps the note the step had (what
    /// was learnt trying it is not lost by marking it again).
    Record(String, Outcome),
    /// Set, or with None remove, the note of a step, keeping its outcome
    /// and its time; a step with no outcome gets this one.
    Note(String, Outcome),
    Clear(String),
    /// Clear these steps, or every step of the guide.
    Reset(Option<Vec<String>>),
    /// Open a case. A case still open is closed, unsolved: one case is
    /// worked at a time, and the new one goes on from it, with the details
    /// given there that the new one lacks (the person's devices are the
    /// same). A case whose id is there already (from a save that failed
    /// after writing) is not opened again.
    OpenCase(Case),
    /// Set (or, with an empty value, remove) a detail of the case with
    /// that id.
    Detail {
        case: u64,
        field: String,
        value: String,
    },
    /// Move the case with that id, while it is open, to another platform
    /// (None: all): what was tried, the answers and the details stay.
    MoveCase {
        case: u64,
        platform: Option<String>,
    },
    /// Close the case with that id, unless it is closed already.
    CloseCase {
        case: u64,
        closed: Closed,
    },
    /// Remember where the interface was.
    View(View),
}

impl Op {
    pub(crate) fn apply(&self, guide: &mut Guide) {
        let steps = &mut guide.steps;
        match self {
            Op::OpenCase(new) => {
                if guide.case(new.id).is_some() {
                    return;
                }
                let mut new = new.clone();
                // Opened after the case it closes, even when another syncfix
                // opened that one a moment later than this one's clock read.
                let open = guide.cases.iter().filter(|c| c.closed.is_none());
                if let Some(after) = open
                    .map(|c| c.started)
                    .max()
                    .and_then(|t| t.checked_add(jiff::SignedDuration::from_millis(1)).ok())
                {
                    new.started = new.started.max(after);
                }
                for open in guide.cases.iter_mut().filter(|c| c.closed.is_none()) {
                    open.closed = Some(Closed {
                        at: new.started,
                        solved_by: None,
                    });
                    for (field, value) in &open.details {
                        new.details
                            .entry(field.clone())
                            .or_insert_with(|| value.clone());
                    }
                }
                guide.cases.push(new);
            }
            Op::Detail { case, field, value } => {
                if let Some(case) = guide.case_mut(*case) {
                    match value.is_empty() {
                        true => case.details.remove(field),
                        false => case.details.insert(field.clone(), value.clone()),
                    };
                }
            }
            Op::MoveCase { case, platform } => {
                if let Some(case) = guide.case_mut(*case)
                    && case.closed.is_none()
                {
                    case.platform.clone_from(platform);
                }
            }
            Op::CloseCase { case, closed } => {
                if let Some(case) = guide.case_mut(*case)
                    && case.closed.is_none()
                {
                    case.closed = Some(closed.clone());
                }
            }
            Op::View(view) => guide.view = Some(view.clone()),
            Op::Tick(step, outcome) | Op::Record(step, outcome) | Op::Note(step, outcome) => {
                match (self, steps.get_mut(step)) {
                    (_, None) => {
                        steps.insert(step.clone(), outcome.clone());
                    }
                    (Op::Tick(..), Some(old)) if old.state == outcome.state => {}
                    (Op::Note(..), Some(old)) => old.note.clone_from(&outcome.note),
                    // A tick (which carries no note) or a mark.
                    (_, Some(old)) => {
                        let note = outcome.note.clone().or_else(|| old.note.take());
                        *old = Outcome {
                            note,
                            ..outcome.clone()
                        };
                    }
                }
                if steps.get(step).is_none_or(|o| o.state != State::FixedIt) {
                    guide.taken_back(|solver| solver == step);
                }
            }
            Op::Clear(step) => {
                steps.remove(step);
                guide.taken_back(|solver| solver == step);
            }
            Op::Reset(None) => {
                steps.clear();
                guide.taken_back(|_| true);
            }
            Op::Reset(Some(ids)) => {
                ids.iter().for_each(|step| {
                    steps.remove(step);
                });
                guide.taken_back(|solver| ids.iter().any(|id| id == solver));
            }
        }
    }
}

impl Guide {
    /// The last case, closed as solved by a step `solver` accepts, is open
    /// again when no other is: the person took back that the step fixed
    /// it (an `f` meant for `d`, undone with Space).
    fn taken_back(&mut self, solver: impl Fn(&str) -> bool) {
        if self.cases.iter().any(|c| c.closed.is_none()) {
            return;
        }
        if let Some(last) = self.cases.last_mut()
            && last
                .closed
                .as_ref()
                .and_then(|c| c.solved_by.as_deref())
                .is_some_and(solver)
        {
            last.closed = None;
        }
    }
}
