//! What can go wrong reading or saving progress, each a sentence naming the
//! path.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::VERSION;
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
    #[error(
        "not saving progress: {path} was written by a newer syncfix (format version {version}; \
         this one knows version {VERSION}); it is left untouched"
    )]
    Newer { path: PathBuf, version: u32 },
    /// The file is there but could not be read: what a command that only
    /// reads says (it saves nothing, so it cannot fail to save).
    #[error("cannot read progress from {path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("cannot save progress to `{path}`: that is not a file name")]
    NotAFile { path: PathBuf },
}

pub(super) fn create_dir(path: &Path) -> Result<(), Error> {
    let dir = disk::parent(path);
    std::fs::create_dir_all(dir).map_err(|e| {
        let why = match e.kind() {
            ErrorKind::AlreadyExists | ErrorKind::NotADirectory => "a file is in the way".into(),
            _ => e.to_string(),
        };
        let message = format!("cannot create directory {}: {why}", dir.display());
        Error::Write {
            path: path.to_path_buf(),
            source: std::io::Error::new(e.kind(), message),
        }
    })
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

/// Whether a save could work: the directory exists or can be made, and
/// the lock file can be opened for writing.
pub(super) fn writable(path: &Path) -> Result<(), Error> {
    create_dir(path)?;
    disk::open_lock_file(path)
        .map(drop)
        .map_err(|e| lock_error(path, e))
}
