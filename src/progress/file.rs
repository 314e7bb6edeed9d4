//! The progress file's format: RON, with a format version.
//!
//! ```ron
//! Progress(
//!     version: 1,
//!     guides: {
//!         "icloud-photos-sync": {
//!             "same-apple-id": "2025-03-13T20:04:00Z",
//!         },
//!     },
//! )
//! ```
//!
//! Any change an older syncfix could not read back and write out again
//! without losing something must raise [`VERSION`]: an older syncfix leaves a
//! newer file untouched.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The format version this syncfix reads and writes.
pub const VERSION: u32 = 1;

const HEADER: &str = "\
// syncfix checklist progress: guide id -> step id -> when the step was ticked.
// Written by syncfix (see `syncfix paths`); safe to delete to start over.
";

/// One guide's ticks: step id -> when it was ticked.
pub type Ticks = BTreeMap<String, Timestamp>;

/// The whole progress file: every guide's ticks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Progress")]
pub struct Progress {
    pub version: u32,
    /// Guide id (`KnowledgeBase::id`) -> that guide's ticks.
    #[serde(default)]
    pub guides: BTreeMap<String, Ticks>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: VERSION,
            guides: BTreeMap::new(),
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
    BadVersion(u32),
}

/// A file read successfully.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    Current(Progress),
    /// Written by a newer syncfix. `readable` is its content when it still
    /// reads as this version's format, to show (never to write back).
    Newer {
        version: u32,
        readable: Option<Progress>,
    },
}

#[derive(Deserialize)]
#[serde(rename = "Progress")]
struct Header {
    version: u32,
}

impl Progress {
    /// Read a progress file. Blank text is an empty file, not an error.
    pub fn parse(text: &str) -> Result<Parsed, FormatError> {
        if text.trim().is_empty() {
            return Ok(Parsed::Current(Progress::default()));
        }
        let header: Header = ron::from_str(text).map_err(syntax)?;
        match header.version {
            0 => Err(FormatError::BadVersion(0)),
            VERSION => ron::from_str(text).map(Parsed::Current).map_err(syntax),
            version => Ok(Parsed::Newer {
                version,
                readable: ron::from_str(text).ok(),
            }),
        }
    }

    /// The file's text, with a comment saying what it is.
    pub fn to_ron(&self) -> Result<String, ron::Error> {
        let config = ron::ser::PrettyConfig::new()
            .struct_names(true)
            .indentor("    ");
        let body = ron::ser::to_string_pretty(self, config)?;
        Ok(format!("{HEADER}{body}\n"))
    }

    pub fn guide(&self, kb_id: &str) -> Option<&Ticks> {
        self.guides.get(kb_id)
    }

    /// Change one guide's ticks, dropping the guide if none are left.
    pub fn update(&mut self, kb_id: &str, change: impl FnOnce(&mut Ticks)) {
        let ticks = self.guides.entry(kb_id.to_string()).or_default();
        change(ticks);
        if ticks.is_empty() {
            self.guides.remove(kb_id);
        }
    }

    /// Merge another copy of the file into this one: the union of both
    /// copies' ticks, for every guide. A step ticked in both keeps the
    /// earlier time: it has been done since then. An untick is not recorded,
    /// so a step ticked in either copy stays ticked.
    ///
    /// The merge is commutative, associative and idempotent, so copies can
    /// be merged in any order.
    pub fn merge(&mut self, other: &Progress) {
        for (kb_id, theirs) in &other.guides {
            let ours = self.guides.entry(kb_id.clone()).or_default();
            for (step, &when) in theirs {
                ours.entry(step.clone())
                    .and_modify(|t| *t = (*t).min(when))
                    .or_insert(when);
            }
        }
        self.guides.retain(|_, ticks| !ticks.is_empty());
    }
}

fn syntax(e: ron::error::SpannedError) -> FormatError {
    FormatError::Syntax {
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    }
}

/// A change to one guide's ticks, applied to the file as it is on disk at
/// the moment of saving, so that other processes' changes survive.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    /// Tick a step; a step already ticked keeps its first time.
    Tick(String, Timestamp),
    Untick(String),
    /// Untick these steps, or every step of the guide.
    Reset(Option<Vec<String>>),
}

impl Op {
    pub(crate) fn apply(&self, ticks: &mut Ticks) {
        match self {
            Op::Tick(step, when) => {
                ticks.entry(step.clone()).or_insert(*when);
            }
            Op::Untick(step) => {
                ticks.remove(step);
            }
            Op::Reset(None) => ticks.clear(),
            Op::Reset(Some(steps)) => steps.iter().for_each(|step| {
                ticks.remove(step);
            }),
        }
    }
}
