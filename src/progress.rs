//! The checklist store: which steps are ticked, per knowledge base, saved
//! atomically. Knows nothing of the terminal.
//!
//! Every change is an operation (tick, untick, reset) applied, under an
//! exclusive lock, to the file as it is on disk at that moment, then written
//! atomically. So other guides' ticks and other processes' ticks survive,
//! and a process killed at any moment leaves the old file or the new one.

mod disk;
mod error;
mod file;
mod location;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;

pub use error::Error;
pub use file::{
    Case, Closed, Foreign, FormatError, Guide, Outcome, Outcomes, Parsed, Progress, State, VERSION,
    View,
};
pub use location::{ENV, Origin, resolve, resolve_path};

use disk::{Content, Lock, LockError, Stamp};
use error::{create_dir, lock_error, too_large, writable};
use file::Op;

/// The lock file beside a progress file.
pub fn lock_path(path: &Path) -> PathBuf {
    disk::lock_path(path)
}

/// The file the progress path names, every symbolic link followed: the
/// one a store reads, locks beside and writes; an error for a path that
/// can name no file.
pub fn target(path: &Path) -> std::io::Result<PathBuf> {
    disk::resolve(path)
}

/// What a store may do to the file system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Read only: nothing is created, locked or moved aside.
    Read,
    /// Save, waiting up to this long for another syncfix's save to end
    /// (commands).
    Wait(Duration),
    /// Save, but never wait on the lock (the interface): a change that
    /// finds the lock held stays unsaved until `save` is called again.
    NoWait,
}

/// One guide's progress. Queries (`outcome`, `outcomes`) are map lookups,
/// cheap enough for every frame; each change is saved at once.
pub struct Store {
    path: PathBuf,
    access: Access,
    kb_id: String,
    /// Retired step id -> the step that took it over.
    replaced: BTreeMap<String, String>,
    /// This guide's progress as last read, with unsaved changes applied.
    guide: Guide,
    /// The file's format when it was last read, if older than this one's:
    /// it is kept beside the file before the first write.
    older: Option<u32>,
    /// Changes not yet saved, replayed in order on the next save.
    pending: Vec<Op>,
    /// Set when the file on disk is left untouched, and why.
    foreign: Option<Foreign>,
    /// The file as it was when last read or written (None: there was
    /// none), to see when another syncfix has saved.
    stamp: Option<Stamp>,
    /// Why the file could not be read, when it is there and could not be
    /// when last read.
    unread: Option<(std::io::ErrorKind, String)>,
    warnings: Vec<String>,
}

impl Store {
    /// Open the store for guide `kb_id`. Never fails: a problem (corrupt file
    /// moved aside, newer format, unreadable location) becomes a warning.
    ///
    /// `replaced` maps retired step ids to the steps that took them over
    /// ([`crate::kb::KnowledgeBase::replaced_ids`]): their outcomes count
    /// for the new step, and are saved under it with the next change.
    pub fn open(path: PathBuf, kb_id: &str, replaced: BTreeMap<String, String>) -> Store {
        Store::open_as(path, kb_id, replaced, Access::Wait(disk::LOCK_WAIT))
    }

    /// Open the store to read only: nothing is created, locked or moved
    /// aside, and a location that cannot be written is no concern.
    pub fn open_read_only(path: PathBuf, kb_id: &str, replaced: BTreeMap<String, String>) -> Store {
        Store::open_as(path, kb_id, replaced, Access::Read)
    }

    /// Open the store for the interface: a save never waits for the lock;
    /// when another syncfix holds it, the change stays unsaved (see
    /// `has_unsaved`) and `save` tries again.
    pub fn open_without_waiting(
        path: PathBuf,
        kb_id: &str,
        replaced: BTreeMap<String, String>,
    ) -> Store {
        Store::open_as(path, kb_id, replaced, Access::NoWait)
    }

    fn open_as(
        path: PathBuf,
        kb_id: &str,
        replaced: BTreeMap<String, String>,
        access: Access,
    ) -> Store {
        let mut store = Store {
            path,
            access,
            kb_id: kb_id.to_string(),
            replaced,
            guide: Guide::default(),
            older: None,
            pending: Vec::new(),
            foreign: None,
            stamp: None,
            unread: None,
            warnings: Vec::new(),
        };
        store.reload();
        store
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn kb_id(&self) -> &str {
        &self.kb_id
    }

    /// Problems met so far, for the status bar or stderr; each is reported
    /// once.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Why the progress file could not be read, when it is there and could
    /// not be: the error of a command that cannot do without its progress
    /// (for a store that saves, the error a save returns). None when it
    /// was read, or there is none yet.
    pub fn unreadable(&self) -> Option<Error> {
        let (kind, reason) = self.unread.clone()?;
        let path = self.path.clone();
        Some(match self.access {
            Access::Read => Error::Unreadable { path, reason },
            Access::Wait(_) | Access::NoWait => Error::Read {
                path,
                source: std::io::Error::new(kind, reason),
            },
        })
    }

    /// When `step_id` was given an outcome, if it has one.
    pub fn ticked(&self, step_id: &str) -> Option<Timestamp> {
        self.guide.steps.get(step_id).map(|o| o.at)
    }

    pub fn outcome(&self, step_id: &str) -> Option<&Outcome> {
        self.guide.steps.get(step_id)
    }

    pub fn state(&self, step_id: &str) -> Option<State> {
        self.outcome(step_id).map(|o| o.state)
    }

    /// This guide's outcomes, including steps the guide no longer has.
    pub fn outcomes(&self) -> &Outcomes {
        &self.guide.steps
    }

    /// This guide's progress: outcomes, cases, where the interface was.
    pub fn guide(&self) -> &Guide {
        &self.guide
    }

    /// Why the file is left as it is, when it is (from a newer syncfix,
    /// or with a field this one does not know): then nothing is saved.
    pub fn foreign(&self) -> Option<&Foreign> {
        self.foreign.as_ref()
    }

    /// True when some change is not saved yet (the last save failed).
    pub fn has_unsaved(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Tick or untick one step and save. A step ticked again keeps the time
    /// it was first ticked.
    ///
    /// The change always takes effect in this store, so the checklist works
    /// for the session; the error says why it could not be saved. It is
    /// saved with the next change that can be.
    pub fn set(&mut self, step_id: &str, ticked: bool) -> Result<(), Error> {
        match ticked {
            true => self.change(Op::Tick(step_id.to_string(), outcome(State::Done, None))),
            false => self.change(Op::Clear(step_id.to_string())),
        }
    }

    /// Set, or with None remove, the note of a step, keeping what came of
    /// it; a step with no outcome yet gets `state`. Saved at once.
    pub fn note(&mut self, step_id: &str, state: State, note: Option<String>) -> Result<(), Error> {
        within_limit("note", note.as_deref())?;
        self.change(Op::Note(step_id.to_string(), outcome(state, note)))
    }

    /// Record what came of a step. Saved at once. A case stays as it is:
    /// "fixed it" that closes the open case is `solve`'s to record.
    pub fn mark(&mut self, step_id: &str, state: State, note: Option<String>) -> Result<(), Error> {
        within_limit("note", note.as_deref())?;
        self.change(Op::Record(step_id.to_string(), outcome(state, note)))
    }

    /// Record that a step fixed it and close case `case` as solved by it,
    /// unless that case was closed meanwhile (by another syncfix): in one
    /// write.
    pub fn solve(&mut self, step_id: &str, note: Option<String>, case: u64) -> Result<(), Error> {
        within_limit("note", note.as_deref())?;
        let closed = Closed {
            at: now(),
            solved_by: Some(step_id.to_string()),
        };
        self.change_all(vec![
            Op::Record(step_id.to_string(), outcome(State::FixedIt, note)),
            Op::CloseCase { case, closed },
        ])
    }

    /// Open a case on `problem` (a symptom or status id) on `platform`,
    /// with the triage answers that led there; an open case is closed.
    pub fn open_case(
        &mut self,
        problem: &str,
        platform: Option<&str>,
        answers: Vec<(String, String)>,
    ) -> Result<&Case, Error> {
        let case = Case::new(
            problem.to_string(),
            platform.map(str::to_string),
            answers,
            now(),
        );
        let id = case.id;
        let result = self.change(Op::OpenCase(case));
        result.map(|()| self.guide.case(id).expect("just opened"))
    }

    /// Set a detail for support on the open case; an empty value removes
    /// it. Nothing happens without an open case.
    pub fn set_detail(&mut self, field: &str, value: &str) -> Result<(), Error> {
        within_limit("detail", Some(value.trim()))?;
        let Some(case) = self.guide.open_case() else {
            return Ok(());
        };
        let op = Op::Detail {
            case: case.id,
            field: field.to_string(),
            value: value.trim().to_string(),
        };
        self.change(op)
    }

    /// Move the open case to `platform` (None: all), keeping what was
    /// tried, its answers and its details. Nothing happens without an open
    /// case.
    pub fn move_case(&mut self, platform: Option<&str>) -> Result<(), Error> {
        let Some(case) = self.guide.open_case() else {
            return Ok(());
        };
        self.change(Op::MoveCase {
            case: case.id,
            platform: platform.map(str::to_string),
        })
    }

    /// Close the open case, solved by `solved_by` when given.
    pub fn close_case(&mut self, solved_by: Option<&str>) -> Result<(), Error> {
        let Some(case) = self.guide.open_case() else {
            return Ok(());
        };
        let closed = Closed {
            at: now(),
            solved_by: solved_by.map(str::to_string),
        };
        self.change(Op::CloseCase {
            case: case.id,
            closed,
        })
    }

    /// Remember where the interface is, for the next start.
    pub fn set_view(&mut self, view: View) -> Result<(), Error> {
        self.change(Op::View(view))
    }

    /// Untick the given steps, or every step of this guide when `None`, and
    /// save. Other guides' ticks are kept.
    pub fn reset(&mut self, step_ids: Option<&[&str]>) -> Result<(), Error> {
        let ids = step_ids.map(|ids| ids.iter().map(|id| id.to_string()).collect());
        self.change(Op::Reset(ids))
    }

    /// Read the file again, to see other processes' changes. Unsaved
    /// changes stay applied.
    ///
    /// Warns when the location cannot be written, so that is known before
    /// the first tick. Each warning reads as the error a save would return.
    pub fn reload(&mut self) {
        let path = self.path.clone();
        if path.file_name().is_none() {
            return self.warn(Error::NotAFile { path }.to_string());
        }
        let resolved = match disk::resolve(&path) {
            Ok(resolved) => resolved,
            Err(source) => return self.cannot_read(source.kind(), source.to_string()),
        };
        self.stamp = disk::stamp(&resolved);
        let bad = match disk::read(&resolved) {
            Content::Missing => {
                self.show(&Progress::default());
                None
            }
            Content::Text(text) => match Progress::parse(&text) {
                Ok(parsed) => {
                    self.accept(parsed);
                    None
                }
                Err(e) => Some(e.to_string()),
            },
            Content::Bad(reason) => Some(reason),
            Content::Unusable(source) => {
                return self.cannot_read(source.kind(), source.to_string());
            }
        };
        if let Some(reason) = bad {
            return match self.access {
                Access::Read => self.cannot_read(std::io::ErrorKind::InvalidData, reason),
                // Moving it aside needs the lock.
                Access::Wait(_) | Access::NoWait => self.sync_or_warn(),
            };
        }
        if self.access != Access::Read
            && self.foreign.is_none()
            && let Err(e) = writable(&resolved)
        {
            self.warn(e.to_string());
        }
    }

    /// Read the file again if it changed since this store last read or
    /// wrote it, as when another syncfix saved; true when it did. Unsaved
    /// changes stay applied. Cheap when nothing changed (one look at the
    /// file's metadata), and never waits: no lock is taken, as a save
    /// replaces the file whole. A file that cannot be read now is left to
    /// the next save.
    pub fn refresh(&mut self) -> bool {
        let Ok(path) = disk::resolve(&self.path) else {
            return false;
        };
        let stamp = disk::stamp(&path);
        if stamp == self.stamp {
            return false;
        }
        self.stamp = stamp;
        match disk::read(&path) {
            Content::Missing => self.show(&Progress::default()),
            Content::Text(text) => match Progress::parse(&text) {
                Ok(parsed) => self.accept(parsed),
                Err(_) => return false,
            },
            Content::Bad(_) | Content::Unusable(_) => return false,
        }
        true
    }

    /// Save unsaved changes, if any.
    pub fn save(&mut self) -> Result<(), Error> {
        match self.pending.is_empty() {
            true => Ok(()),
            false => self.sync(true),
        }
    }

    /// Save unsaved changes, waiting for the lock however the store was
    /// opened: for the end of a session.
    pub fn save_waiting(&mut self) -> Result<(), Error> {
        self.save_within(disk::LOCK_WAIT)
    }

    /// Save unsaved changes, waiting up to `wait` for the lock however the
    /// store was opened: for an end that cannot wait long (a signal).
    pub fn save_within(&mut self, wait: Duration) -> Result<(), Error> {
        if self.access == Access::Read {
            return Ok(());
        }
        let access = std::mem::replace(&mut self.access, Access::Wait(wait));
        let saved = self.save();
        self.access = access;
        saved
    }

    fn change(&mut self, op: Op) -> Result<(), Error> {
        self.change_all(vec![op])
    }

    /// Apply `ops` and save them; ops that change nothing in this store's
    /// progress are dropped, so they write nothing.
    fn change_all(&mut self, ops: Vec<Op>) -> Result<(), Error> {
        let before = self.guide.clone();
        ops.iter().for_each(|op| op.apply(&mut self.guide));
        if self.guide == before {
            return self.save();
        }
        self.pending.extend(ops);
        self.sync(true)
    }

    fn sync_or_warn(&mut self) {
        match self.sync(false) {
            Ok(()) | Err(Error::Foreign { .. }) => {}
            Err(e) => self.warn(e.to_string()),
        }
    }

    /// Under the lock: read the file (moving a bad one aside), and if
    /// `write`, apply the unsaved changes and write it.
    fn sync(&mut self, write: bool) -> Result<(), Error> {
        let given = self.path.clone();
        if given.file_name().is_none() {
            return Err(Error::NotAFile { path: given });
        }
        if self.access == Access::Read {
            return Ok(());
        }
        let path = disk::resolve(&given).map_err(|source| Error::Read {
            path: given.clone(),
            source,
        })?;
        if write {
            create_dir(&path)?;
        }
        if path != given {
            not_anothers(&given, &path)?;
        }
        let wait = match self.access {
            Access::NoWait => Duration::ZERO,
            Access::Wait(wait) => wait,
            Access::Read => disk::LOCK_WAIT,
        };
        // Something else than a file there (a directory, a pipe) is
        // refused before a lock file is made beside it.
        if let Ok(meta) = std::fs::metadata(&path) {
            crate::regular::check(&meta).map_err(|source| Error::Read {
                path: given.clone(),
                source,
            })?;
        }
        let _lock = Lock::acquire(&path, wait).map_err(|e| match e {
            LockError::Io(source) => lock_error(&given, source),
            LockError::Busy if wait.is_zero() => Error::Held {
                path: given.clone(),
            },
            LockError::Busy => Error::Busy {
                path: given.clone(),
                waited: wait,
            },
        })?;
        let mut progress = match disk::read(&path) {
            Content::Missing => Progress::default(),
            Content::Text(text) => match Progress::parse(&text) {
                Ok(Parsed::Current { progress, from }) => {
                    self.foreign = None;
                    self.older = (from < VERSION).then_some(from);
                    progress
                }
                Ok(Parsed::Foreign { why, readable }) => {
                    let left = Error::Foreign {
                        path: given,
                        why: why.clone(),
                    };
                    self.accept(Parsed::Foreign { why, readable });
                    return Err(left);
                }
                Err(e) => self.move_aside(&path, &e.to_string())?,
            },
            Content::Bad(reason) => self.move_aside(&path, &reason)?,
            Content::Unusable(source) => {
                return Err(Error::Read {
                    path: given,
                    source,
                });
            }
        };
        if write && !self.pending.is_empty() {
            let kb_id = self.kb_id.clone();
            progress.update(&kb_id, |guide| {
                guide.carry_over(&self.replaced);
                self.pending.iter().for_each(|op| op.apply(guide));
            });
            if let Some(from) = self.older {
                disk::keep_copy(&path, from)
                    .map(drop)
                    .map_err(|source| Error::Write {
                        path: given.clone(),
                        source,
                    })?;
                self.older = None;
            }
            let text = progress.to_ron().map_err(|e| Error::Write {
                path: given.clone(),
                source: std::io::Error::other(e.to_string()),
            })?;
            if text.len() as u64 > disk::MAX_LEN {
                return Err(too_large(&given));
            }
            disk::write_atomic(&path, &text).map_err(|source| Error::Write {
                path: given.clone(),
                source,
            })?;
            self.pending.clear();
        }
        // With the lock held, the file is as read or written.
        self.stamp = disk::stamp(&path);
        self.show(&progress);
        Ok(())
    }

    fn move_aside(&mut self, path: &Path, reason: &str) -> Result<Progress, Error> {
        match disk::move_aside(path, Timestamp::now()) {
            Ok(aside) => {
                // What this syncfix read or saved before the file was
                // damaged is saved again, not lost with it.
                let mut progress = Progress::default();
                progress.update(&self.kb_id, |guide| guide.clone_from(&self.guide));
                let then = match progress.guides.is_empty() {
                    true => "progress starts afresh",
                    false => "progress starts afresh from what this syncfix had",
                };
                self.warn(format!(
                    "progress file {} could not be read ({reason}); it was moved to {} and {then}",
                    path.display(),
                    aside.display()
                ));
                Ok(progress)
            }
            Err(e) => Err(Error::Write {
                path: path.to_path_buf(),
                source: std::io::Error::new(
                    e.kind(),
                    format!("it could not be read ({reason}) nor moved aside ({e})"),
                ),
            }),
        }
    }

    fn accept(&mut self, parsed: Parsed) {
        match parsed {
            Parsed::Current { progress, from } => {
                self.foreign = None;
                self.older = (from < VERSION).then_some(from);
                self.show(&progress);
            }
            Parsed::Foreign { why, readable } => {
                let path = self.path.clone();
                let error = Error::Foreign {
                    path,
                    why: why.clone(),
                };
                self.foreign = Some(why);
                self.warn(error.to_string());
                self.show(&readable.unwrap_or_default());
            }
        }
    }

    /// The file is there and cannot be read: say so, in the words of
    /// `unreadable`.
    fn cannot_read(&mut self, kind: std::io::ErrorKind, reason: String) {
        self.unread = Some((kind, reason));
        if let Some(e) = self.unreadable() {
            self.warn(e.to_string());
        }
    }

    /// Show the file's progress for this guide, with unsaved changes applied.
    fn show(&mut self, progress: &Progress) {
        self.unread = None;
        self.guide = progress.guide(&self.kb_id).cloned().unwrap_or_default();
        self.guide.carry_over(&self.replaced);
        self.pending.iter().for_each(|op| op.apply(&mut self.guide));
    }

    fn warn(&mut self, message: String) {
        if !self.warnings.contains(&message) {
            self.warnings.push(message);
        }
    }
}

/// Through a symbolic link, replace only the user's own file: a link may
/// be planted where another user's file is its target.
fn not_anothers(link: &Path, target: &Path) -> Result<(), Error> {
    match std::fs::metadata(target) {
        Ok(meta) if !crate::regular::owned(&meta) => Err(Error::Write {
            path: link.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!(
                    "it links to {}, which belongs to another user; it is left alone",
                    target.display()
                ),
            ),
        }),
        _ => Ok(()),
    }
}

/// The most characters a note or a detail holds: both are a line or two,
/// and a file of them stays well within what syncfix reads back.
pub const MAX_TEXT: usize = 1000;

/// `text`, a `what` (note, detail), if it is within [`MAX_TEXT`].
fn within_limit(what: &'static str, text: Option<&str>) -> Result<(), Error> {
    let chars = text.map_or(0, |t| t.chars().count());
    match chars > MAX_TEXT {
        true => Err(Error::TooLong { what, chars }),
        false => Ok(()),
    }
}

/// Now, to the millisecond: marks a script makes one after another, in
/// the same second, keep their order.
fn now() -> Timestamp {
    let now = Timestamp::now();
    Timestamp::from_millisecond(now.as_millisecond()).unwrap_or(now)
}

/// An outcome as of now.
fn outcome(state: State, note: Option<String>) -> Outcome {
    Outcome {
        state,
        at: now(),
        note,
    }
}
