//! The support report, rendered from a fixture guide and fixture progress at
//! a fixed time.

use std::path::Path;

use jiff::{Timestamp, ZonedDateTime, tz};
use syncfix::kb::{self, KnowledgeBase};
use syncfix::progress::Store;
use syncfix::report;
use tempfile::TempDir;

fn guide() -> KnowledgeBase {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/progress/guide.ron");
    kb::load(Some(&path)).unwrap().0
}

/// 2025-03-14 09:30 at UTC+01:00.
fn now() -> ZonedDateTime {
    let t: Timestamp = "2025-03-14T08:30:00Z".parse().unwrap();
    t.to_zoned_datetime(tz::TimeZone::fixed(tz::offset(1)))
}

/// A store for the fixture guide holding `progress` (the file's text).
fn store(dir: &TempDir, progress: &str) -> Store {
    let path = dir.path().join("progress.ron");
    std::fs::write(&path, progress).unwrap();
    let store = Store::open(path, "fixture-guide", Default::default());
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    store
}

const SOME_TICKS: &str = r#"Progress(
    version: 1,
    guides: {
        "fixture-guide": {
            "same-account": "2025-03-13T20:04:05Z",
            "phone-restart": "2025-03-13T20:10:00Z",
            "sign-out": "2025-03-13T21:30:00Z",
            "check-quota": "2025-03-14T07:15:00Z",
            "renamed-step": "2025-01-02T03:04:05Z",
        },
        "another-guide": {
            "same-account": "2020-01-01T00:00:00Z",
        },
    },
)"#;

#[test]
fn report_of_what_was_tried_on_every_platform() {
    let dir = TempDir::new().unwrap();
    let text = report::render(&guide(), &store(&dir, SOME_TICKS), None, &now());
    insta::assert_snapshot!("some_ticks_all_platforms", text);
}

#[test]
fn report_for_one_platform_lists_its_steps_and_every_ticked_one() {
    let dir = TempDir::new().unwrap();
    let text = report::render(&guide(), &store(&dir, SOME_TICKS), Some("laptop"), &now());
    assert!(
        text.contains("\n- The laptop shows nothing\n"),
        "a laptop symptom"
    );
    assert!(
        text.contains("- [x] Restart the phone. (done 2025-03-13 21:10)"),
        "a ticked phone step is still reported"
    );
    assert!(
        !text.contains("Restart the phone.\n"),
        "untick phone steps are not"
    );
    insta::assert_snapshot!("some_ticks_laptop", text);
}

#[test]
fn report_with_nothing_ticked() {
    let dir = TempDir::new().unwrap();
    let text = report::render(&guide(), &store(&dir, ""), None, &now());
    assert!(text.contains("Nothing has been ticked yet."));
    insta::assert_snapshot!("nothing_ticked", text);
}

#[test]
fn report_never_prints_control_characters_from_the_guide() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/progress/guide.ron");
    let source = std::fs::read_to_string(path)
        .unwrap()
        .replace("Fixture Sync Guide", "Evil\u{1b}[2J guide\u{7}")
        .replace("Restart the phone.", "Line one\nline two\u{9b}31m")
        .replace("\"The exact status message\"", "\"Bell\u{7}\"");
    let kb = kb::parse("evil.ron", source.as_bytes()).unwrap();
    let dir = TempDir::new().unwrap();
    let text = report::render(&kb, &store(&dir, SOME_TICKS), None, &now());
    let controls: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert_eq!(controls, []);
    assert!(text.contains("Evil\u{241b}\\[2J guide\u{2407}"));
    assert!(text.contains("- [x] Line one line two\u{fffd}31m (done 2025-03-13 21:10)"));
    assert!(text.contains("- [ ] Bell\u{2407}"));
}
