//! The progress store under attack (issue 15): modes kept, links locked
//! where they lead, oversized writes refused, a held lock never waited on
//! by the interface, empty and unreadable files left alone.

use std::fs::{self, File};
use std::os::unix::fs::PermissionsExt as _;
use std::path::PathBuf;

use syncfix::progress::{Error, Store};
use tempfile::TempDir;

const GUIDE: &str = "fixture-guide";

fn state(dir: &TempDir) -> PathBuf {
    dir.path().join("progress.ron")
}

fn mode(path: &std::path::Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn a_save_keeps_the_mode_of_the_file_it_replaces() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    Store::open(path.clone(), GUIDE, Default::default())
        .set("a", true)
        .unwrap();
    for wanted in [0o664, 0o640, 0o604] {
        fs::set_permissions(&path, fs::Permissions::from_mode(wanted)).unwrap();
        Store::open(path.clone(), GUIDE, Default::default())
            .set("b", true)
            .unwrap();
        assert_eq!(mode(&path), wanted, "{wanted:o}");
    }
}

/// A file no one may write is left as it is, whoever runs syncfix: root
/// could replace it, but its owner made it read-only.
#[test]
fn a_file_made_read_only_is_never_replaced_even_by_root() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    Store::open(path.clone(), GUIDE, Default::default())
        .set("a", true)
        .unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&path).unwrap();
    let error = Store::open(path.clone(), GUIDE, Default::default())
        .set("b", true)
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("the file is read-only for you, so it is left as it is"),
        "{error}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(mode(&path), 0o444);
}

#[test]
fn a_new_file_is_not_made_private_behind_the_umask() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    Store::open(path.clone(), GUIDE, Default::default())
        .set("a", true)
        .unwrap();
    let lock = syncfix::progress::lock_path(&path);
    // Whatever the umask, the new file is made like the lock file beside
    // it (open(2) with 0666), not 0600.
    assert_eq!(mode(&path), mode(&lock));
}

#[test]
fn an_empty_file_is_no_progress_and_no_corruption() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    File::create(&path).unwrap();
    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    store.set("a", true).unwrap();
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(names.len(), 2, "only the file and its lock: {names:?}");
}

#[test]
fn an_unreadable_file_is_reported_and_left_alone() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    Store::open(path.clone(), GUIDE, Default::default())
        .set("a", true)
        .unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if File::open(&path).is_ok() {
        return; // Running as root: every file can be read.
    }
    let store = Store::open_read_only(path.clone(), GUIDE, Default::default());
    assert!(!store.warnings().is_empty());
    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    assert!(store.set("b", true).is_err());
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        2,
        "nothing moved aside"
    );
}

#[test]
fn a_write_larger_than_the_read_limit_is_refused() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    store.set("small", true).unwrap();
    let before = fs::read(&path).unwrap();
    let huge = "x".repeat(9 * 1024 * 1024);
    let err = store.set(&huge, true).expect_err("too large");
    assert!(matches!(err, Error::TooLarge { .. }), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before, "the file is untouched");
    let again = Store::open(path, GUIDE, Default::default());
    assert!(again.warnings().is_empty(), "{:?}", again.warnings());
}

#[test]
fn a_link_and_its_target_share_one_lock() {
    let dir = TempDir::new().unwrap();
    let target = state(&dir);
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink("progress.ron", &link).unwrap();
    Store::open(link.clone(), GUIDE, Default::default())
        .set("a", true)
        .unwrap();
    assert!(syncfix::progress::lock_path(&target).exists());
    assert!(!syncfix::progress::lock_path(&link).exists());
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    let mut via_target = Store::open(target, GUIDE, Default::default());
    via_target.set("b", true).unwrap();
    let via_link = Store::open(link, GUIDE, Default::default());
    assert!(via_link.ticked("a").is_some() && via_link.ticked("b").is_some());
}

#[test]
fn the_interface_store_never_waits_on_a_held_lock_and_saves_later() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let mut store = Store::open_without_waiting(path.clone(), GUIDE, Default::default());
    let lock = File::create(syncfix::progress::lock_path(&path)).unwrap();
    lock.lock().unwrap();
    let err = store.set("a", true).expect_err("the lock is held");
    assert!(matches!(err, Error::Held { .. }), "{err}");
    assert!(store.has_unsaved());
    assert!(store.ticked("a").is_some(), "the tick shows meanwhile");
    lock.unlock().unwrap();
    store.save().unwrap();
    assert!(!store.has_unsaved());
    assert!(
        Store::open(path, GUIDE, Default::default())
            .ticked("a")
            .is_some()
    );
}

#[test]
fn a_save_removes_its_own_stale_temps_and_no_other_files() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("p");
    // A temp left by a syncfix killed while saving `p`, and one being
    // written now by another syncfix saving `p.x` beside it.
    let stale = dir.path().join(".p.a1B2c3.tmp");
    let others = dir.path().join(".p.x.a1B2c3.tmp");
    fs::write(&stale, "half").unwrap();
    fs::write(&others, "half").unwrap();
    Store::open(path.clone(), GUIDE, Default::default())
        .set("a", true)
        .unwrap();
    assert!(!stale.exists(), "its own stale temp is removed");
    assert!(others.exists(), "the temp of p.x is left to its writer");
}

#[test]
fn a_file_nested_too_deeply_is_told_in_plain_words() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let n = 100_000;
    let text = format!(
        "Progress(version: 3, junk: {}{})",
        "[".repeat(n),
        "]".repeat(n)
    );
    fs::write(&path, text).unwrap();
    let store = Store::open_read_only(path.clone(), GUIDE, Default::default());
    let said: Vec<String> = store.warnings().iter().map(ToString::to_string).collect();
    let said = said.join("\n");
    assert!(said.contains("nested too deeply"), "{said}");
    assert!(
        !said.contains("recursion_limit"),
        "no advice to a developer: {said}"
    );
}

#[test]
fn a_directory_in_the_place_of_the_file_is_refused_and_no_lock_is_left_beside_it() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    fs::create_dir(&path).unwrap();
    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    let said = store.set("a", true).unwrap_err().to_string();
    assert!(said.contains("it is a directory"), "{said}");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["progress.ron"], "no lock file made");
}
