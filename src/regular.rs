//! Opening files that must be regular files: without blocking on a named
//! pipe, and without reading more than a limit. A device (`/dev/zero`), a
//! pipe or a socket where a file is expected is refused with an error that
//! says what it is. And the errors of writing a file through a temporary
//! one beside it, said without its name.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read as _};
use std::path::Path;

/// `error` without the name of the temporary file tempfile adds to its
/// own (`… at path "/…/.progress.ron.a1B2c3.tmp"`): the message that
/// reaches a person names the file being written instead. What tempfile
/// wraps can only be told by its kind.
pub(crate) fn unnamed(error: io::Error) -> io::Error {
    match error.get_ref() {
        Some(_) => io::Error::from(error.kind()),
        None => error,
    }
}

/// Open `path` for reading; an error unless it is a regular file. A named
/// pipe is opened without waiting for a writer, then refused.
pub fn open(path: &Path) -> io::Result<(File, Metadata)> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    check(&meta)?;
    Ok((file, meta))
}

/// An error unless `meta` is a regular file's.
pub fn check(meta: &Metadata) -> io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {}, not a regular file", kind(meta)),
    ))
}

fn kind(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// The whole of the regular file at `path`, refused when longer than
/// `limit` bytes.
pub fn read(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let (file, meta) = open(path)?;
    let too_large = || {
        io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("it is larger than {}", size(limit)),
        )
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    match bytes.len() as u64 > limit {
        true => Err(too_large()),
        false => Ok(bytes),
    }
}

/// `bytes` as "8 MiB".
pub fn size(bytes: u64) -> String {
    format!("{} MiB", bytes / 1024 / 1024)
}

/// Whether the file described by `meta` belongs to the user running syncfix.
#[cfg(unix)]
pub fn owned(meta: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    // SAFETY: geteuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::geteuid() }
}

#[cfg(not(unix))]
pub fn owned(_meta: &Metadata) -> bool {
    true
}

/// Fill `buf` from `file` at offset `at`, without moving the file's
/// position (so that threads can share the file); None when it cannot.
#[cfg(unix)]
pub(crate) fn read_at(file: &File, at: u64, buf: &mut [u8]) -> Option<()> {
    use std::os::unix::fs::FileExt as _;
    file.read_exact_at(buf, at).ok()
}

#[cfg(windows)]
pub(crate) fn read_at(file: &File, mut at: u64, mut buf: &mut [u8]) -> Option<()> {
    use std::os::windows::fs::FileExt as _;
    while !buf.is_empty() {
        match file.seek_read(buf, at).ok()? {
            0 => return None,
            n => {
                buf = &mut buf[n..];
                at += n as u64;
            }
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_refused_and_named() {
        let e = read(Path::new("/dev/zero"), 1024).expect_err("not a file");
        assert!(e.to_string().contains("a device"), "{e}");
    }

    #[test]
    fn a_file_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big");
        std::fs::write(&path, [b'x'; 100]).expect("written");
        assert!(read(&path, 100).is_ok());
        let e = read(&path, 99).expect_err("too large");
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
    }
}
