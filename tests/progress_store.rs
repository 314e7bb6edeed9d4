//! The progress store's API: saving, reading back, guides kept apart,
//! merging.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use syncfix::progress::{Parsed, Progress, Store};
use tempfile::TempDir;

const GUIDE: &str = "fixture-guide";

fn state(dir: &TempDir) -> PathBuf {
    dir.path().join("state").join("progress.ron")
}

fn load(path: &Path) -> Progress {
    let text = fs::read_to_string(path).unwrap();
    match Progress::parse(&text).unwrap() {
        Parsed::Current(progress) => progress,
        other => panic!("expected a current file, got {other:?}"),
    }
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

#[test]
fn ticks_survive_a_reopen_with_their_times() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    store.set("same-account", true).unwrap();
    store.set("wifi-power", true).unwrap();
    store.set("wifi-power", false).unwrap();
    let when = store.ticked("same-account").unwrap();

    let reopened = Store::open(path.clone(), GUIDE, Default::default());
    assert_eq!(reopened.ticked("same-account"), Some(when));
    assert_eq!(reopened.ticked("wifi-power"), None);
    assert!(reopened.warnings().is_empty(), "{:?}", reopened.warnings());
    assert!(!reopened.has_unsaved());
    assert_eq!(when.subsec_nanosecond(), 0, "times are kept to the second");
}

#[test]
fn the_file_format_round_trips() {
    let mut progress = Progress::default();
    progress.update(GUIDE, |ticks| {
        ticks.insert("same-account".into(), at("2025-03-13T20:04:05Z"));
        ticks.insert("check-quota".into(), at("2025-03-14T08:00:00Z"));
    });
    progress.update("other-guide", |ticks| {
        ticks.insert("x".into(), at("2025-01-01T00:00:00Z"));
    });
    let text = progress.to_ron().unwrap();
    assert!(text.contains("version: 1"), "{text}");
    assert!(
        text.contains(r#""same-account": "2025-03-13T20:04:05Z""#),
        "{text}"
    );
    assert_eq!(Progress::parse(&text).unwrap(), Parsed::Current(progress));
}

#[test]
fn ticking_again_keeps_the_first_time() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut progress = Progress::default();
    progress.update(GUIDE, |t| {
        t.insert("same-account".into(), at("2025-03-13T20:04:05Z"));
    });
    fs::write(&path, progress.to_ron().unwrap()).unwrap();

    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    store.set("same-account", true).unwrap();
    assert_eq!(
        store.ticked("same-account"),
        Some(at("2025-03-13T20:04:05Z"))
    );
    assert_eq!(load(&path), progress);
}

#[test]
fn two_guides_in_one_file_never_mix() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let mut first = Store::open(path.clone(), "first");
    let mut second = Store::open(path.clone(), "second");
    first.set("shared-id", true).unwrap();
    second.set("own-step", true).unwrap();

    let first = Store::open(path.clone(), "first");
    let mut second = Store::open(path.clone(), "second");
    assert_eq!(first.ticks().keys().collect::<Vec<_>>(), ["shared-id"]);
    assert_eq!(second.ticks().keys().collect::<Vec<_>>(), ["own-step"]);

    second.reset(None).unwrap();
    let file = load(&path);
    assert_eq!(file.guides.keys().collect::<Vec<_>>(), ["first"]);
    assert!(file.guide("first").unwrap().contains_key("shared-id"));
}

#[test]
fn a_store_opened_earlier_does_not_overwrite_newer_ticks() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let mut early = Store::open(path.clone(), GUIDE, Default::default());
    let mut late = Store::open(path.clone(), GUIDE, Default::default());
    late.set("check-quota", true).unwrap();
    early.set("same-account", true).unwrap();
    early.reset(Some(&["wifi-power"])).unwrap();

    let ticks = load(&path).guide(GUIDE).unwrap().clone();
    assert_eq!(
        ticks.keys().collect::<Vec<_>>(),
        ["check-quota", "same-account"]
    );
    assert!(
        early.ticked("check-quota").is_some(),
        "saving re-reads the file"
    );
}

#[test]
fn ticks_for_steps_the_guide_no_longer_has_are_kept() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut old = Progress::default();
    old.update(GUIDE, |t| {
        t.insert("renamed-long-ago".into(), at("2024-12-31T23:59:59Z"));
    });
    fs::write(&path, old.to_ron().unwrap()).unwrap();

    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    store.set("same-account", true).unwrap();
    store.reset(Some(&["same-account", "check-quota"])).unwrap();

    assert_eq!(
        load(&path).guide(GUIDE).unwrap().get("renamed-long-ago"),
        Some(&at("2024-12-31T23:59:59Z"))
    );
}

#[test]
fn merging_two_diverged_files_keeps_every_tick_and_the_earlier_time() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    store.set("same-account", true).unwrap();
    let copy = dir.path().join("copy.ron");
    fs::copy(&path, &copy).unwrap();
    Store::open(path.clone(), GUIDE, Default::default())
        .set("wifi-power", true)
        .unwrap();
    Store::open(copy.clone(), GUIDE, Default::default())
        .set("check-quota", true)
        .unwrap();
    Store::open(copy.clone(), "other-guide")
        .set("x", true)
        .unwrap();

    let (mut ours, mut theirs) = (load(&path), load(&copy));
    theirs.update(GUIDE, |t| {
        t.insert("wifi-power".into(), at("2000-01-01T00:00:00Z"));
    });
    let ours_then = ours.clone();
    ours.merge(&theirs);

    let ticks = ours.guide(GUIDE).unwrap();
    assert_eq!(
        ticks.keys().collect::<Vec<_>>(),
        ["check-quota", "same-account", "wifi-power"]
    );
    assert_eq!(ticks["wifi-power"], at("2000-01-01T00:00:00Z"));
    assert!(ours.guide("other-guide").unwrap().contains_key("x"));

    let mut other_way = theirs.clone();
    other_way.merge(&ours_then);
    assert_eq!(other_way, ours, "merging is commutative");
    let mut twice = ours.clone();
    twice.merge(&theirs);
    assert_eq!(twice, ours, "merging is idempotent");
}
