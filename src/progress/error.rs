//! What can go wrong reading or saving progress, each a sentence naming the
//! path.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::Foreign;
use super::disk;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot save progress to {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot save progress to {path}: cannot lock {lock}: {source}", lock = disk::lock_path(.path).display())]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot save progress to {path}: another syncfix has held {lock} for {secs} seconds",
        lock = disk::lock_path(.path).display(),
        secs = .waited.as_secs()
    )]
    Busy {
        path: PathBuf,
        /// How long syncfix waited for it.
        waited: std::time::Duration,
    },
    #[error(
        "progress not saved yet: another syncfix is saving to {path}; trying again \
         every second"
    )]
    Held { path: PathBuf },
    #[error(
        "cannot save progress to {path}: it would be larger than {limit}, which syncfix \
         could not read back; nothing was written",
        limit = crate::regular::size(disk::MAX_LEN)
    )]
    TooLarge { path: PathBuf },
    #[error("cannot save progress to {path}: it cannot be read ({source}), so it is left alone")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("not saving progress: {path} {why}; it is left untouched")]
    Foreign { path: PathBuf, why: Foreign },
    /// The file is there but could not be read: what a command that only
    /// reads says (it saves nothing, so it cannot fail to save).
    #[error("cannot read progress from {path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("cannot save progress to `{path}`: that is not a file name")]
    NotAFile { path: PathBuf },
    /// A note or a detail longer than [`super::MAX_TEXT`].
    #[error(
        "a {what} holds at most {} characters, and this one has {chars}; nothing was saved",
        super::MAX_TEXT
    )]
    TooLong { what: &'static str, chars: usize },
}

pub(super) fn create_dir(path: &Path) -> Result<(), Error> {
    let dir = disk::parent(path);
    std::fs::create_dir_all(dir).map_err(|e| cannot_create(path, e))
}

/// That the directory `path` is in cannot be made, and why.
fn cannot_create(path: &Path, e: std::io::Error) -> Error {
    let dir = disk::parent(path);
    let why = match e.kind() {
        ErrorKind::AlreadyExists | ErrorKind::NotADirectory => "a file is in the way".into(),
        _ => e.to_string(),
    };
    let message = format!("cannot create directory {}: {why}", dir.display());
    Error::Write {
        path: path.to_path_buf(),
        source: std::io::Error::new(e.kind(), message),
    }
}

pub(super) fn too_large(path: &Path) -> Error {
    Error::TooLarge {
        path: path.to_path_buf(),
    }
}

pub(super) fn lock_error(path: &Path, source: std::io::Error) -> Error {
    Error::Lock {
        path: path.to_path_buf(),
        source,
    }
}

/// Whether a save could work, told as the save would tell it, and
/// making nothing (a store opened to change nothing leaves no trace): the
/// directory exists or can be made, and the lock file can be opened for
/// writing or made.
pub(super) fn writable(path: &Path) -> Result<(), Error> {
    let dir = disk::parent(path);
    // The nearest directory there is: the rest would be made in it.
    let mut there = dir;
    let meta = loop {
        match std::fs::metadata(there) {
            Ok(meta) => break meta,
            Err(e) if e.kind() == ErrorKind::NotFound => match there.parent() {
                Some(up) if !up.as_os_str().is_empty() => there = up,
                _ => return Ok(()),
            },
            Err(e) => return Err(cannot_create(path, e)),
        }
    };
    if !meta.is_dir() {
        return Err(cannot_create(path, ErrorKind::NotADirectory.into()));
    }
    if there != dir {
        return disk::can_write_in(there).map_err(|e| cannot_create(path, e));
    }
    if path.exists() {
        disk::can_write(path)
            .map_err(disk::read_only)
            .map_err(|source| Error::Write {
                path: path.to_path_buf(),
                source,
            })?;
    }
    match disk::open_existing_lock_file(path) {
        Ok(Some(_)) => Ok(()),
        Ok(None) => disk::can_write_in(dir).map_err(|e| lock_error(path, e)),
        Err(e) => Err(lock_error(path, e)),
    }
}
