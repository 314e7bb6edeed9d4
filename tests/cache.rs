//! The binary cache of a knowledge base file never changes what is loaded:
//! a hit gives what parsing gives, a changed file is read afresh, a file
//! with problems reports them every time, and a damaged or unwritable
//! cache is passed over in silence.

use std::path::{Path, PathBuf};

use syncfix::cache;
use syncfix::kb::{self, LoadError};
use syncfix::search::Index;

fn write_guide(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("guide.ron");
    std::fs::write(&path, text).expect("write the guide");
    path
}

/// The built-in guide written to a temporary directory: the directory
/// (removed when dropped), the guide's path and a cache directory in it.
fn new_guide() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let temp = tempfile::tempdir().expect("temp dir");
    let path = write_guide(temp.path(), kb::BUILT_IN);
    let dir = temp.path().join("cache");
    (temp, path, dir)
}

/// `new_guide`, loaded once, so that its cache is written.
fn cached_guide() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (temp, path, dir) = new_guide();
    cache::load(&path, &dir).expect("loads");
    (temp, path, dir)
}

fn cached_files(dir: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => Vec::new(),
    }
}

/// What a fresh parse of `path` gives, and its search results for `query`.
fn fresh(path: &Path, query: &str) -> (kb::KnowledgeBase, syncfix::search::Results) {
    let (kb, _) = kb::load(Some(path)).expect("the guide loads");
    let hits = Index::new(&kb).search(query, None, usize::MAX);
    (kb, hits)
}

/// The built-in guide with the status message "Waiting To Upload" renamed
/// "Waiting To Send": an edit of the file.
fn renamed_guide() -> String {
    kb::BUILT_IN.replacen(
        "text: \"Waiting To Upload\"",
        "text: \"Waiting To Send\"",
        1,
    )
}

#[test]
fn a_hit_gives_what_parsing_gives() {
    let (_temp, path, dir) = new_guide();
    let (first, _) = cache::load(&path, &dir).expect("loads");
    assert_eq!(
        cached_files(&dir).len(),
        1,
        "the first load writes the cache"
    );
    let (kb, mut index) = cache::load(&path, &dir).expect("loads from the cache");
    let (expected, hits) = fresh(&path, "wating to uplaod");
    assert_eq!(first, expected);
    assert_eq!(kb, expected);
    assert_eq!(index.search("wating to uplaod", None, usize::MAX), hits);
}

#[test]
fn a_changed_file_is_read_afresh() {
    let (temp, path, dir) = cached_guide();
    let renamed = renamed_guide();
    write_guide(temp.path(), &renamed);
    let (kb, mut index) = cache::load(&path, &dir).expect("loads");
    assert_eq!(kb, fresh(&path, "").0);
    let hits = index.search("waiting to send", None, 1).hits;
    assert_eq!(index.entry(hits[0].entry).title, "Waiting To Send");
}

#[test]
fn problems_are_reported_every_time() {
    let temp = tempfile::tempdir().expect("temp dir");
    let broken = kb::BUILT_IN.replacen("id: \"fast-checks\"", "id: \"Fast Checks\"", 1);
    let path = write_guide(temp.path(), &broken);
    let dir = temp.path().join("cache");
    for _ in 0..2 {
        let Err(LoadError::Invalid { problems, .. }) = cache::load(&path, &dir) else {
            panic!("an invalid guide loaded");
        };
        let expected = match kb::load(Some(&path)) {
            Err(LoadError::Invalid { problems, .. }) => problems,
            other => panic!("expected problems, got {other:?}"),
        };
        assert_eq!(problems, expected);
        assert!(problems.iter().any(|p| p.message.contains("Fast Checks")));
    }
    assert!(
        cached_files(&dir).is_empty(),
        "an invalid guide is never cached"
    );
}

#[test]
fn a_damaged_cache_is_rebuilt() {
    let (_temp, path, dir) = cached_guide();
    let file = cached_files(&dir).pop().expect("a cache file");
    let mut bytes = std::fs::read(&file).expect("read the cache");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&file, &bytes).expect("damage the cache");
    let (kb, _) = cache::load(&path, &dir).expect("loads despite the damage");
    assert_eq!(kb, fresh(&path, "").0);
    assert_ne!(
        std::fs::read(&file).expect("read the cache"),
        bytes,
        "rebuilt"
    );
    std::fs::write(&file, b"junk").expect("replace the cache");
    assert_eq!(cache::load(&path, &dir).expect("loads").0, kb);
}

#[test]
fn a_cut_short_cache_is_rebuilt() {
    let (_temp, path, dir) = new_guide();
    let (_, hits) = fresh(&path, "photos not on my mac");
    cache::load(&path, &dir).expect("loads");
    let file = cached_files(&dir).pop().expect("a cache file");
    let whole = std::fs::read(&file).expect("read the cache");
    // The search index is mapped, not read: a mapping past the end of a
    // cut file must never be touched.
    for len in [whole.len() - 1, whole.len() / 2, 200, 9] {
        std::fs::write(&file, &whole[..len]).expect("cut the cache");
        let (_, mut index) = cache::load_for_search(&path, &dir).expect("loads");
        assert_eq!(index.search("photos not on my mac", None, usize::MAX), hits);
        let (_, mut index) = cache::load(&path, &dir).expect("loads");
        assert_eq!(index.search("photos not on my mac", None, usize::MAX), hits);
        let rebuilt = std::fs::read(&file).expect("read the cache");
        assert!(rebuilt == whole, "cut at {len}: not rebuilt");
    }
}

#[test]
fn an_unwritable_cache_directory_is_no_error() {
    let temp = tempfile::tempdir().expect("temp dir");
    let path = write_guide(temp.path(), kb::BUILT_IN);
    // A file where the directory should be: nothing can be written there.
    let dir = temp.path().join("not-a-dir");
    std::fs::write(&dir, b"").expect("block the cache directory");
    let (kb, _) = cache::load(&path, &dir).expect("loads without a cache");
    assert_eq!(kb, fresh(&path, "").0);
}

#[test]
fn a_missing_file_is_the_same_error_as_without_a_cache() {
    let temp = tempfile::tempdir().expect("temp dir");
    let path = temp.path().join("missing.ron");
    let Err(error) = cache::load(&path, temp.path()) else {
        panic!("a missing file loaded");
    };
    let Err(expected) = kb::load(Some(&path)) else {
        panic!("a missing file loaded");
    };
    assert_eq!(error.to_string(), expected.to_string());
}

#[test]
fn a_search_from_the_cache_gives_what_parsing_gives() {
    let (_temp, path, dir) = new_guide();
    let (expected, hits) = fresh(&path, "photos not on my mac");
    for _ in 0..2 {
        let (platforms, mut index) = cache::load_for_search(&path, &dir).expect("loads");
        assert_eq!(platforms, expected.platforms);
        assert_eq!(index.search("photos not on my mac", None, usize::MAX), hits);
    }
    assert_eq!(cached_files(&dir).len(), 1);
}

#[test]
fn a_cache_cut_short_while_in_use_cannot_fault() {
    let (_temp, path, dir) = cached_guide();
    let (_, mut index) = cache::load_for_search(&path, &dir).expect("loads from the cache");
    for file in cached_files(&dir) {
        std::fs::File::options()
            .write(true)
            .open(&file)
            .and_then(|f| f.set_len(0))
            .expect("cut the cache");
    }
    let (kb, expected) = fresh(&path, "waiting");
    let found = index.search("waiting", None, usize::MAX);
    assert_eq!(found, expected);
    // The rows of hits are read from the file as they are asked for: from
    // a file cut short they read as missing, never as something else.
    let fresh_index = Index::new(&kb);
    for hit in &found.hits {
        let row = index.get(hit.entry);
        assert!(
            row.is_none() || row == fresh_index.get(hit.entry),
            "{row:?}"
        );
    }
}

/// The first place `needle` is in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("found")
}

#[test]
fn a_damaged_row_is_never_shown() {
    let temp = tempfile::tempdir().expect("temp dir");
    let path = write_guide(temp.path(), kb::BUILT_IN);
    let cache_home = temp.path().join("xdg");
    let search = || {
        let run = assert_cmd::Command::cargo_bin("syncfix")
            .expect("the syncfix binary is built")
            .env("XDG_CACHE_HOME", &cache_home)
            .env("NO_COLOR", "1")
            .args(["search", "waiting to upload", "--limit", "1", "--kb"])
            .arg(&path)
            .assert()
            .success();
        String::from_utf8(run.get_output().stdout.clone()).expect("UTF-8")
    };
    let expected = search();
    assert!(expected.contains("Waiting To Upload"), "{expected}");
    let dir = cache_home.join("syncfix");
    let file = cached_files(&dir).pop().expect("a cache file");
    let mut bytes = std::fs::read(&file).expect("read the cache");
    // A row holds its id, then its title as written.
    let at = find(&bytes, b"status-waiting-to-uploadWaiting To Upload");
    bytes[at + 24] = b'X';
    std::fs::write(&file, &bytes).expect("damage the row");
    assert_eq!(search(), expected);
    let rebuilt = std::fs::read(&file).expect("read the cache");
    assert!(rebuilt != bytes, "not rebuilt");
    assert_eq!(search(), expected);
}

#[test]
fn a_cache_others_can_write_is_not_trusted() {
    use std::os::unix::fs::PermissionsExt as _;
    let (_temp, path, dir) = cached_guide();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700, "the cache directory is private");
    let file = cached_files(&dir).pop().expect("a cache file");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
    cache::load(&path, &dir).expect("loads");
    assert_eq!(
        mode(&file),
        0o600,
        "a cache anyone could have written is replaced, not read"
    );
}

#[test]
fn only_a_few_caches_are_kept() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("cache");
    for i in 0..8 {
        let sub = temp.path().join(format!("g{i}"));
        std::fs::create_dir(&sub).unwrap();
        let path = write_guide(&sub, kb::BUILT_IN);
        cache::load(&path, &dir).expect("loads");
    }
    assert!(cached_files(&dir).len() <= 4, "{:?}", cached_files(&dir));
}

/// A file that has settled is known by its stamp (inode, length, times)
/// rather than re-hashed; an edit of the same length with its modification
/// time put back still changes the stamp (its change time), so it is read
/// afresh.
#[test]
fn an_edit_with_its_time_put_back_is_read_afresh() {
    let (_temp, path, dir) = new_guide();
    // Only a file whose last change is two seconds or more old gets a
    // stamp.
    std::thread::sleep(std::time::Duration::from_millis(3100));
    let modified = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    cache::load(&path, &dir).expect("loads");
    let edited = kb::BUILT_IN.replacen(
        "text: \"Waiting To Upload\"",
        "text: \"Waiting To Sendit\"",
        1,
    );
    assert_eq!(edited.len(), kb::BUILT_IN.len());
    std::fs::write(&path, &edited).expect("edit");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(modified))
        .expect("put the time back");
    let (kb, _) = cache::load(&path, &dir).expect("loads");
    assert!(
        kb.statuses.iter().any(|s| s.text == "Waiting To Sendit"),
        "the edit is seen"
    );
    let (again, _) = cache::load(&path, &dir).expect("loads from the new cache");
    assert_eq!(kb, again);
}

#[test]
fn rows_come_from_the_copy_the_index_came_from() {
    let (temp, path, dir) = cached_guide();
    let (_, mut index) = cache::load_for_search(&path, &dir).expect("loads from the cache");
    // Another syncfix replaces the copy with one of an edited guide.
    let renamed = renamed_guide();
    write_guide(temp.path(), &renamed);
    cache::load(&path, &dir).expect("loads the edit");
    let hits = index.search("waiting to upload", None, 1).hits;
    assert_eq!(
        index.get(hits[0].entry).map(|e| e.title),
        Some("Waiting To Upload")
    );
}

/// What the interface's loader does: the index of a file read afresh comes
/// with its copy still to write, so that search opens first; the copy is
/// written once asked, and read back the next time.
#[test]
fn a_fresh_copy_is_cached_once_written() {
    let (_temp, path, dir) = new_guide();
    let load = || cache::load_kb_first(&path, &dir, &mut |_| {}, &mut |_| {}).expect("loads");
    let (index, unwritten) = load();
    assert!(cached_files(&dir).is_empty(), "written before it was asked");
    let unwritten = unwritten.expect("a file read afresh has a copy to write");
    unwritten.write(&cache::Writes::default());
    assert_eq!(cached_files(&dir).len(), 1, "{:?}", cached_files(&dir));
    let (again, unwritten) = load();
    assert!(unwritten.is_none(), "read from the copy");
    assert_eq!(again.len(), index.len());
}

/// A person who quits while the copy is written: the copy is given up,
/// nothing is left in the cache directory, and the file is read afresh
/// the next time.
#[test]
fn an_abandoned_copy_leaves_nothing_behind() {
    let (_temp, path, dir) = new_guide();
    let load = || cache::load_kb_first(&path, &dir, &mut |_| {}, &mut |_| {}).expect("loads");
    let (_, unwritten) = load();
    let writes = cache::Writes::default();
    writes.abandon();
    unwritten.expect("a copy to write").write(&writes);
    assert!(cached_files(&dir).is_empty(), "{:?}", cached_files(&dir));
    let (_, unwritten) = load();
    assert!(unwritten.is_some(), "read afresh");
}
