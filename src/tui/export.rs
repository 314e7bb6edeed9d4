//! The report leaves the interface: written to a file beside the progress
//! file, and copied to the clipboard through the terminal (OSC 52).

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use jiff::ZonedDateTime;

/// Longer reports are not copied: many terminals drop, or choke on, an
/// OSC 52 sequence much larger than this.
pub const COPY_LIMIT: usize = 100_000;

/// `syncfix-report-YYYYMMDD-HHMM.md` in the directory of `progress`.
pub fn report_path(progress: &Path, now: &ZonedDateTime) -> PathBuf {
    let dir = match progress.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    dir.join(format!("syncfix-report-{}.md", now.strftime("%Y%m%d-%H%M")))
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

/// Write `text` to `path` whole or not at all: a temporary file beside it,
/// renamed over it (so a link planted at `path` is replaced, not followed).
/// The caller names the report (see `regular::unnamed`).
pub fn write(path: &Path, text: &str) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let unnamed = crate::regular::unnamed;
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(unnamed)?;
    file.as_file_mut().write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    file.persist(path).map(drop).map_err(|e| e.error)
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
        assert_eq!(path, Path::new("/s/syncfix-report-20261105-1432.md"));
        let here = report_path(Path::new("progress.ron"), &now);
        assert_eq!(here, Path::new("./syncfix-report-20261105-1432.md"));
    }
}
