//! The file system side of the store: the lock, reading, moving a bad file
//! aside, and the atomic, durable write.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// A progress file larger than this is not one syncfix wrote, and
/// syncfix refuses to write one.
pub(crate) const MAX_LEN: u64 = 8 * 1024 * 1024;

/// Symbolic links followed at most, as the kernel does (`ELOOP`).
const MAX_LINKS: usize = 40;

/// How long to wait for another syncfix to finish saving.
pub(crate) const LOCK_WAIT: Duration = Duration::from_secs(10);

/// `path` with `suffix` added to its file name: `progress.ron.lock`.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(OsString::from).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

pub(crate) fn lock_path(path: &Path) -> PathBuf {
    sibling(path, ".lock")
}

/// The directory a file is in; `.` for a bare file name.
pub(crate) fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// The file a path names once every symbolic link on the way to it is
/// followed (the file need not exist). The lock, the read and the write
/// all use it, so a link and its target are one file to every syncfix.
pub(crate) fn resolve(path: &Path) -> io::Result<PathBuf> {
    // `progress/` names a directory: a file written there would be made
    // beside it, under a name nobody gave.
    if path
        .as_os_str()
        .to_string_lossy()
        .ends_with(std::path::MAIN_SEPARATOR)
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it ends in a path separator, so it names a directory, not a file",
        ));
    }
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&path)?;
                path = parent(&path).join(target);
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// The lock file, opened (created with the umask's mode if need be)
/// without blocking; an error unless it is a regular file.
pub(crate) fn open_lock_file(path: &Path) -> io::Result<File> {
    open_lock(path, true)
}

/// The lock file if it is there, opened as `open_lock_file` does; None
/// when it is not (nothing is made).
pub(crate) fn open_existing_lock_file(path: &Path) -> io::Result<Option<File>> {
    match open_lock(path, false) {
        Ok(file) => Ok(Some(file)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn open_lock(path: &Path, create: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options
        .read(true)
        .write(true)
        .create(create)
        .truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(lock_path(path))?;
    crate::regular::check(&file.metadata()?)?;
    Ok(file)
}

/// Whether this process may make files in the directory `dir`, asked of
/// the system without making one.
pub(crate) fn can_write_in(dir: &Path) -> io::Result<()> {
    may(dir, Access::MakeIn)
}

/// Whether this process may write the file at `path` (there), asked of
/// the system: a file made read-only is not replaced behind its owner's
/// back, though the directory would let the rename through. Nor is one
/// that no one may write, by anyone: root may, but was told not to.
pub(crate) fn can_write(path: &Path) -> io::Result<()> {
    may(path, Access::Write)?;
    match fs::metadata(path)?.permissions().readonly() {
        true => Err(io::Error::from(io::ErrorKind::PermissionDenied)),
        false => Ok(()),
    }
}

enum Access {
    MakeIn,
    Write,
}

fn may(path: &Path, access: Access) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let c = std::ffi::CString::new(path.as_os_str().as_bytes())
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
        let mode = match access {
            Access::MakeIn => libc::W_OK | libc::X_OK,
            Access::Write => libc::W_OK,
        };
        // SAFETY: `c` is a NUL-terminated path that outlives the call.
        if unsafe { libc::access(c.as_ptr(), mode) } != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    #[cfg(not(unix))]
    {
        let _ = access;
        if fs::metadata(path)?.permissions().readonly() {
            return Err(io::Error::from(io::ErrorKind::PermissionDenied));
        }
    }
    Ok(())
}

/// An exclusive lock on the lock file beside the progress file, released
/// when dropped (or when the process dies, however it dies).
pub(crate) struct Lock {
    _file: File,
}

pub(crate) enum LockError {
    Io(io::Error),
    Busy,
}

impl Lock {
    /// Wait up to `wait` for the lock. The lock file is never removed:
    /// removing it would let two processes lock different files.
    pub(crate) fn acquire(path: &Path, wait: Duration) -> Result<Lock, LockError> {
        let file = open_lock_file(path).map_err(LockError::Io)?;
        let deadline = Instant::now() + wait;
        let mut pause = Duration::from_millis(1);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Lock { _file: file }),
                // Without locking (some network file systems), writes are
                // still atomic; only simultaneous ticks could be lost.
                Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                    return Ok(Lock { _file: file });
                }
                Err(TryLockError::Error(e)) => return Err(LockError::Io(e)),
                Err(TryLockError::WouldBlock) if Instant::now() >= deadline => {
                    return Err(LockError::Busy);
                }
                Err(TryLockError::WouldBlock) => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
            }
        }
    }
}

/// What is at the progress path.
pub(crate) enum Content {
    /// Nothing, or an empty file: no progress yet.
    Missing,
    Text(String),
    /// A file that was read and is not text syncfix could have written:
    /// move it aside.
    Bad(String),
    /// The path cannot be read (a directory, a device, a pipe, no
    /// permission): leave it alone.
    Unusable(io::Error),
}

pub(crate) fn read(path: &Path) -> Content {
    let (file, meta) = match crate::regular::open(path) {
        Ok(opened) => opened,
        // Nothing is there when a directory on the way is missing or is a
        // file; whether it can be written is another question.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return Content::Missing;
        }
        Err(e) => return Content::Unusable(e),
    };
    if meta.len() > MAX_LEN {
        return Content::Bad(format!(
            "it is larger than {}",
            crate::regular::size(MAX_LEN)
        ));
    }
    let mut bytes = Vec::new();
    if let Err(e) = file.take(MAX_LEN + 1).read_to_end(&mut bytes) {
        return Content::Unusable(e);
    }
    if bytes.len() as u64 > MAX_LEN {
        return Content::Bad(format!(
            "it is larger than {}",
            crate::regular::size(MAX_LEN)
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) if text.trim().is_empty() => Content::Missing,
        Ok(text) => Content::Text(text),
        Err(e) => Content::Bad(format!(
            "it is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        )),
    }
}

/// What tells one version of a file from another without reading it: a
/// save puts a new file in its place, and a write changes its size or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Device and inode.
    #[cfg(unix)]
    file: (u64, u64),
}

/// The stamp of the file at `path`, None when there is none.
pub(crate) fn stamp(path: &Path) -> Option<Stamp> {
    let meta = fs::metadata(path).ok()?;
    Some(Stamp {
        len: meta.len(),
        modified: meta.modified().ok(),
        #[cfg(unix)]
        file: {
            use std::os::unix::fs::MetadataExt as _;
            (meta.dev(), meta.ino())
        },
    })
}

/// Rename a bad file to `progress.ron.corrupt-20250314T093000Z` (with `-2`,
/// `-3`... if that name is taken). Call with the lock held.
pub(crate) fn move_aside(path: &Path, now: jiff::Timestamp) -> io::Result<PathBuf> {
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    for aside in names_beside(path, format!(".corrupt-{stamp}"), '-') {
        if fs::symlink_metadata(&aside).is_err() {
            fs::rename(path, &aside)?;
            return Ok(aside);
        }
    }
    Err(io::Error::other("too many corrupt files beside it already"))
}

/// At most this many files are put beside one: corrupt copies of one
/// second, or copies of older files.
const MAX_ASIDE: usize = 999;

/// The names tried in turn for a file put beside `path`: `path` + `suffix`,
/// then with `sep` and 2, 3… after it, [`MAX_ASIDE`] in all.
fn names_beside(path: &Path, suffix: String, sep: char) -> impl Iterator<Item = PathBuf> + '_ {
    (1..=MAX_ASIDE).map(move |n| match n {
        1 => sibling(path, &suffix),
        n => sibling(path, &format!("{suffix}{sep}{n}")),
    })
}

/// Keep a copy of a file in an older format beside it (`progress.ron.v1`)
/// before it is first written in the new one. A copy already there is
/// kept: another old file put in this one's place later is kept beside it
/// (`progress.ron.v1.2`), unless it is the same.
pub(crate) fn keep_copy(path: &Path, version: u32) -> io::Result<PathBuf> {
    let text = fs::read(path)?;
    for copy in names_beside(path, format!(".v{version}"), '.') {
        if fs::symlink_metadata(&copy).is_err() {
            write_atomic(&copy, &String::from_utf8_lossy(&text))?;
            return Ok(copy);
        }
        if fs::read(&copy).is_ok_and(|kept| kept == text) {
            return Ok(copy);
        }
    }
    Err(io::Error::other(
        "too many copies of older files beside it already",
    ))
}

/// A temporary file's name is `.` + the file's name + `.`, then
/// [`TEMP_RANDOM`] random letters and digits, then [`TEMP_SUFFIX`]:
/// `.progress.ron.a1B2c3.tmp`.
fn temp_prefix(path: &Path) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(path.file_name().unwrap_or_default());
    prefix.push(".");
    prefix
}

const TEMP_RANDOM: usize = 6;
const TEMP_SUFFIX: &str = ".tmp";

/// Whether `name` is a temporary file named with `prefix` ([`temp_prefix`]).
/// Another file's temporary files are not, even when its name starts with
/// this one's (`.p.x.a1B2c3.tmp` beside `p`).
fn is_temp(prefix: &str, name: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|random| {
            random.len() == TEMP_RANDOM && random.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Replace the file with `text`: a temporary file in the same directory is
/// written and fsynced, renamed over the file, and the directory fsynced.
/// A crash at any moment leaves the old file or the new one. Call with the
/// lock held, on a path [`resolve`]d. Only a regular file is replaced, and
/// the new file keeps its mode; a new file gets the umask's.
pub(crate) fn write_atomic(path: &Path, text: &str) -> io::Result<()> {
    let replaced = match fs::symlink_metadata(path) {
        Ok(meta) => {
            crate::regular::check(&meta)?;
            can_write(path).map_err(read_only)?;
            Some(meta.permissions())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let dir = parent(path);
    remove_stale_temps(path);
    let prefix = temp_prefix(path);
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(&prefix)
        .rand_bytes(TEMP_RANDOM)
        .suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir).map_err(crate::regular::unnamed)?;
    if let Some(permissions) = replaced {
        temp.as_file().set_permissions(permissions)?;
    }
    temp.as_file_mut().write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// That the file is there and may not be written, said plainly.
pub(crate) fn read_only(e: io::Error) -> io::Error {
    match e.kind() {
        io::ErrorKind::PermissionDenied => io::Error::new(
            e.kind(),
            "the file is read-only for you, so it is left as it is",
        ),
        _ => e,
    }
}

/// Temporary files left by a syncfix killed mid-write. Only the lock holder
/// writes one, so with the lock held any that exist are stale.
fn remove_stale_temps(path: &Path) {
    let (Some(prefix), Ok(entries)) = (
        temp_prefix(path).to_str().map(str::to_string),
        fs::read_dir(parent(path)),
    ) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_str().is_some_and(|name| is_temp(&prefix, name)) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Make the rename itself durable. Some file systems cannot fsync a
/// directory; the rename has happened, so that is not a failure.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    match File::open(dir).and_then(|d| d.sync_all()) {
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Windows cannot open a directory with `File::open` to fsync it.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::write_atomic;

    #[test]
    fn a_failed_save_does_not_name_its_temporary_file() {
        let dir = tempfile::TempDir::new().unwrap();
        let error = write_atomic(&dir.path().join("gone/progress.ron"), "x").unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::NotFound);
        let message = error.to_string();
        assert!(
            !message.contains(".tmp") && !message.contains("at path"),
            "{message}"
        );
    }
}
