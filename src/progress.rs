//! The checklist store: which steps are ticked, per knowledge base, saved
//! atomically. Knows nothing of the terminal. (Stub: the progress issue
//! builds the real store.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot save progress to {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Where the progress file is: `--state`, else `$SYNCFIX_STATE`, else the
/// platform's state directory.
pub fn resolve_path(flag: Option<&Path>) -> PathBuf {
    flag.map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("progress.ron"))
}

pub struct Store {
    path: PathBuf,
    ticks: BTreeMap<String, Timestamp>,
    warnings: Vec<String>,
}

impl Store {
    /// Open the store for guide `kb_id`. Never fails: a problem (corrupt file
    /// moved aside, newer format, unreadable location) becomes a warning.
    pub fn open(path: PathBuf, _kb_id: &str) -> Store {
        Store {
            path,
            ticks: BTreeMap::new(),
            warnings: Vec::new(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Problems met so far, for the status bar or stderr.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// When `step_id` was ticked, if it is.
    pub fn ticked(&self, step_id: &str) -> Option<Timestamp> {
        self.ticks.get(step_id).copied()
    }

    /// Tick or untick one step and save.
    pub fn set(&mut self, step_id: &str, ticked: bool) -> Result<(), Error> {
        if ticked {
            self.ticks.insert(step_id.to_string(), Timestamp::now());
        } else {
            self.ticks.remove(step_id);
        }
        Ok(())
    }

    /// Untick the given steps, or every step when `None`, and save.
    pub fn reset(&mut self, step_ids: Option<&[&str]>) -> Result<(), Error> {
        match step_ids {
            None => self.ticks.clear(),
            Some(ids) => ids.iter().for_each(|id| {
                self.ticks.remove(*id);
            }),
        }
        Ok(())
    }
}
