//! The report leaves the interface: written to a file beside the progress
//! file, and copied to the clipboard through the terminal (OSC 52).

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use jiff::ZonedDateTime;

/// Longer reports are not copied: many terminals drop, or choke on, an
/// OSC 52 sequence much larger than this.
pub const COPY_LIMIT: usize = 100_000;

/// `syncfix-report-YYYYMMDD-HHMMSS.md` in the directory of `progress`:
/// the name a report is written under if no file has it yet (see `write`).
pub fn report_path(progress: &Path, now: &ZonedDateTime) -> PathBuf {
    let dir = match progress.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    dir.join(format!(
        "syncfix-report-{}.md",
        now.strftime("%Y%m%d-%H%M%S")
    ))
}

/// Names tried for a report before giving up: `path`, then `-2` ... up to
/// this, before the extension.
const NAMES: u32 = 100;

/// The `n`th name for a report wanted at `path`: `path` itself, then
/// `-2`, `-3`... before the extension.
fn numbered(path: &Path, n: u32) -> PathBuf {
    if n < 2 {
        return path.to_path_buf();
    }
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{n}"),
    };
    path.with_file_name(name)
}

/// `path` as a person reads it: the home directory as `~`.
pub fn home_as_tilde(path: &Path) -> String {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match home
        .as_deref()
        .and_then(|home| path.strip_prefix(home).ok())
    {
        Some(rest) if !rest.as_os_str().is_empty() => format!("~/{}", rest.display()),
        _ => path.display().to_string(),
    }
}

/// Write `text` whole or not at all to a new file: `path`, or when a
/// file (or a link) has that name, the first of `path`'s numbered names
/// (`-2`, `-3`...) that none has; the name written. Never over an existing
/// file, even one made meanwhile: a temporary file beside it is given the
/// name only if it is still free. The caller names the report in errors
/// (see `regular::unnamed`).
pub fn write(path: &Path, text: &str) -> io::Result<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let unnamed = crate::regular::unnamed;
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(unnamed)?;
    file.as_file_mut().write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    for n in 1..=NAMES {
        let name = numbered(path, n);
        match file.persist_noclobber(&name) {
            Ok(_) => return Ok(name),
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => file = e.file,
            Err(e) => return Err(e.error),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{NAMES} reports of that second are there already"),
    ))
}

/// The OSC 52 sequence that puts `text` on the clipboard, unless the text
/// is too long or the terminal `term` cannot take it.
pub fn osc52(text: &str, term: Option<&str>) -> Option<String> {
    if text.len() > COPY_LIMIT || matches!(term, Some("dumb")) {
        return None;
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    Some(format!("\x1b]52;c;{encoded}\x07"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_says_what_went_wrong_without_the_temporary_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let e = write(&dir.path().join("gone/report.md"), "x").expect_err("no directory");
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
        assert!(!e.to_string().contains("at path"), "{e}");
    }

    #[test]
    fn the_sequence_is_base64_between_osc_52_and_bel() {
        assert_eq!(
            osc52("hi", Some("xterm")).as_deref(),
            Some("\x1b]52;c;aGk=\x07")
        );
        assert_eq!(osc52("hi", Some("dumb")), None);
        assert_eq!(osc52(&"x".repeat(COPY_LIMIT + 1), None), None);
    }

    #[test]
    fn the_report_goes_beside_the_progress_file() {
        let now: ZonedDateTime = "2026-11-05T14:32:09+01:00[Europe/Paris]"
            .parse()
            .expect("a time");
        let path = report_path(Path::new("/s/progress.ron"), &now);
        assert_eq!(path, Path::new("/s/syncfix-report-20261105-143209.md"));
        let here = report_path(Path::new("progress.ron"), &now);
        assert_eq!(here, Path::new("./syncfix-report-20261105-143209.md"));
    }

    #[test]
    fn a_report_under_a_name_taken_gets_the_next_number_and_leaves_the_other_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("syncfix-report-20261105-143209.md");
        let written: Vec<PathBuf> = ["one", "two", "three"]
            .iter()
            .map(|text| write(&path, text).expect("written"))
            .collect();
        let name = |n: &str| {
            dir.path()
                .join(format!("syncfix-report-20261105-143209{n}.md"))
        };
        assert_eq!(written, [name(""), name("-2"), name("-3")]);
        let read = |p: &PathBuf| std::fs::read_to_string(p).expect("read");
        assert_eq!(
            written.iter().map(read).collect::<Vec<_>>(),
            ["one", "two", "three"]
        );
        let files = std::fs::read_dir(dir.path()).expect("dir").count();
        assert_eq!(files, 3, "no temporary file is left");
    }
}
