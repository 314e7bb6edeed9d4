//! The progress store facing files it must not destroy: corrupt, newer,
//! in the way, unwritable, half-written, symlinked.

use std::fs;
use std::path::Path;

use syncfix::progress::{self, Parsed, Progress, Store};
use tempfile::TempDir;

const GUIDE: &str = "fixture-guide";

fn load(path: &Path) -> Progress {
    let text = fs::read_to_string(path).unwrap();
    match Progress::parse(&text).unwrap() {
        Parsed::Current { progress, .. } => progress,
        other => panic!("expected a current file, got {other:?}"),
    }
}

/// Files in the directory whose names contain `part`.
fn files_with(dir: &Path, part: &str) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(part))
        .collect()
}

#[test]
fn a_corrupt_file_is_moved_aside_and_reported() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("progress.ron");
    let junk = b"Progress(version: 1, guides: {\"g\": {\"s\": 42";
    fs::write(&path, junk).unwrap();

    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    let aside = files_with(dir.path(), "progress.ron.corrupt-");
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(fs::read(dir.path().join(&aside[0])).unwrap(), junk);
    let [warning] = store.warnings() else {
        panic!("one warning expected: {:?}", store.warnings());
    };
    assert!(warning.contains(&aside[0]), "{warning}");
    assert!(store.outcomes().is_empty());

    store.set("same-account", true).unwrap();
    assert!(
        load(&path)
            .guide(GUIDE)
            .unwrap()
            .steps
            .contains_key("same-account")
    );
}

#[test]
fn binary_junk_and_two_corruptions_in_one_second_are_both_kept() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("progress.ron");
    fs::write(&path, [0xff, 0xfe, 0x00, 0x01]).unwrap();
    let first = Store::open(path.clone(), GUIDE, Default::default());
    fs::write(&path, "not ron at all").unwrap();
    let second = Store::open(path.clone(), GUIDE, Default::default());

    assert!(
        first.warnings()[0].contains("not UTF-8"),
        "{:?}",
        first.warnings()
    );
    assert_eq!(files_with(dir.path(), ".corrupt-").len(), 2);
    assert_eq!(second.warnings().len(), 1);
}

#[test]
fn an_empty_file_is_an_empty_store() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("progress.ron");
    fs::write(&path, "\n").unwrap();
    let store = Store::open(path, GUIDE, Default::default());
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    assert!(files_with(dir.path(), ".corrupt-").is_empty());
}

#[test]
fn a_file_from_a_newer_syncfix_is_left_untouched() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("progress.ron");
    let newer = "Progress(version: 99, guides: {\"fixture-guide\": Guide(steps: {\"same-account\": \
                 Outcome(state: Done, at: \"2025-03-13T20:04:05Z\")})}, colours: {})\n";
    fs::write(&path, newer).unwrap();

    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    assert_eq!(store.foreign(), Some(&progress::Foreign::Newer(99)));
    assert!(
        store.warnings()[0].contains("newer syncfix"),
        "{:?}",
        store.warnings()
    );
    assert!(
        store.ticked("same-account").is_some(),
        "still shown when readable"
    );

    let error = store.set("wifi-power", true).unwrap_err();
    assert!(matches!(
        error,
        progress::Error::Foreign {
            why: progress::Foreign::Newer(99),
            ..
        }
    ));
    assert!(error.to_string().contains("left untouched"), "{error}");
    assert!(
        store.ticked("wifi-power").is_some(),
        "the session still works"
    );
    assert!(store.has_unsaved());
    assert_eq!(fs::read_to_string(&path).unwrap(), newer);
    assert!(files_with(dir.path(), ".corrupt-").is_empty());

    // A version past 32 bits is newer still, not damage.
    let newest = "Progress(version: 4294967296, guides: {})\n";
    fs::write(&path, newest).unwrap();
    let store = Store::open(path.clone(), GUIDE, Default::default());
    let newer = progress::Foreign::Newer(4_294_967_296);
    assert_eq!(store.foreign(), Some(&newer));
    assert_eq!(fs::read_to_string(&path).unwrap(), newest);
    assert!(files_with(dir.path(), ".corrupt-").is_empty());
}

#[test]
fn a_file_with_a_field_this_syncfix_does_not_know_is_left_untouched() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("progress.ron");
    let edited = format!(
        "Progress(version: {}, guides: {{\"fixture-guide\": Guide(steps: {{\"same-account\": \
         Outcome(state: Done, at: \"2025-03-13T20:04:05Z\", mood: 5)}})}})\n",
        progress::VERSION
    );
    fs::write(&path, &edited).unwrap();

    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    let field = "guides.fixture-guide.steps.same-account.mood";
    assert_eq!(
        store.foreign(),
        Some(&progress::Foreign::Unknown(field.to_string()))
    );
    assert!(
        store.warnings()[0].contains(&format!("does not know (`{field}`)")),
        "{:?}",
        store.warnings()
    );
    assert!(store.ticked("same-account").is_some(), "still shown");

    let error = store.set("wifi-power", true).unwrap_err();
    assert!(error.to_string().contains("left untouched"), "{error}");
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);
    assert!(files_with(dir.path(), ".corrupt-").is_empty());
}

#[test]
fn a_byte_order_mark_an_editor_added_is_skipped() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("progress.ron");
    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    store.set("same-account", true).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, format!("\u{FEFF}{text}")).unwrap();

    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    assert!(store.ticked("same-account").is_some());
    store.set("wifi-power", true).unwrap();
    assert!(load(&path).guides["fixture-guide"].steps.len() == 2);
    assert!(files_with(dir.path(), ".corrupt-").is_empty());
}

#[test]
fn an_unwritable_location_is_an_error_naming_the_path_not_a_panic() {
    let dir = TempDir::new().unwrap();
    let blocker = dir.path().join("a-file");
    fs::write(&blocker, "in the way").unwrap();
    let path = blocker.join("progress.ron");

    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    let error = store.set("same-account", true).unwrap_err();
    assert!(
        error.to_string().contains(&*path.to_string_lossy()),
        "{error}"
    );
    assert!(store.ticked("same-account").is_some());
    assert!(store.has_unsaved());
    assert_eq!(fs::read_to_string(&blocker).unwrap(), "in the way");

    // Once the location works again, the unsaved change is saved too.
    fs::remove_file(&blocker).unwrap();
    store.set("wifi-power", true).unwrap();
    let ticks = load(&path).guide(GUIDE).unwrap().steps.clone();
    assert_eq!(
        ticks.keys().collect::<Vec<_>>(),
        ["same-account", "wifi-power"]
    );
    assert!(!store.has_unsaved());
}

#[test]
fn a_directory_at_the_path_is_left_alone() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("progress.ron");
    fs::create_dir(&path).unwrap();

    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    assert!(
        store.warnings()[0].contains("directory"),
        "{:?}",
        store.warnings()
    );
    assert!(store.set("same-account", true).is_err());
    assert!(path.is_dir());
    assert!(files_with(dir.path(), ".corrupt-").is_empty());
}

#[test]
fn temporary_files_left_by_a_killed_syncfix_are_cleaned_up() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("progress.ron");
    fs::write(dir.path().join(".progress.ron.AbC123.tmp"), "half").unwrap();
    Store::open(path.clone(), GUIDE, Default::default())
        .set("same-account", true)
        .unwrap();
    assert_eq!(files_with(dir.path(), ".tmp"), Vec::<String>::new());
    assert!(path.is_file());
}

#[cfg(unix)]
#[test]
fn a_symlinked_file_is_written_through_the_link() {
    let dir = TempDir::new().unwrap();
    let real = dir.path().join("dotfiles-progress.ron");
    let link = dir.path().join("progress.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    fs::write(&real, "").unwrap();

    Store::open(link.clone(), GUIDE, Default::default())
        .set("same-account", true)
        .unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        load(&real)
            .guide(GUIDE)
            .unwrap()
            .steps
            .contains_key("same-account")
    );
}
