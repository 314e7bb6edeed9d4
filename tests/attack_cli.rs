//! The command line under attack (issue 15): devices, pipes and oversized
//! input where files belong, hostile text in every argument, and
//! read-only commands that must create nothing. A hang would show as the
//! command's timeout, a panic as its exit code and stderr.

use std::os::unix::fs::FileTypeExt as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use tempfile::TempDir;

/// Only a guard against a hang; no test measures time.
const GUARD: Duration = Duration::from_secs(60);

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/progress")
        .join(name)
}

fn bare() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("syncfix");
    cmd.env_remove("SYNCFIX_STATE")
        .env("NO_COLOR", "1")
        .timeout(GUARD);
    cmd
}

fn syncfix(state: &Path) -> assert_cmd::Command {
    let mut cmd = bare();
    cmd.arg("--kb")
        .arg(fixture("guide.ron"))
        .arg("--state")
        .arg(state);
    cmd
}

fn fifo(dir: &TempDir, name: &str) -> PathBuf {
    let path = dir.path().join(name);
    let made = std::process::Command::new("mkfifo").arg(&path).status();
    assert!(made.expect("mkfifo runs").success());
    path
}

fn no_panic() -> impl Predicate<str> + use<> {
    predicate::str::contains("panicked").not()
}

fn no_escape() -> impl Predicate<str> + use<> {
    predicate::function(|s: &str| !s.contains('\u{1b}') && !s.contains('\u{202e}'))
}

#[test]
fn completions_into_a_full_disk_is_an_error_not_a_panic() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_syncfix"))
        .args(["completions", "bash"])
        .stdout(full)
        .output()
        .expect("syncfix runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

/// syncfix with `args`, its standard output a full disk.
fn into_a_full_disk(args: &[&str]) -> std::process::Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    std::process::Command::new(env!("CARGO_BIN_EXE_syncfix"))
        .args(args)
        .stdout(full)
        .output()
        .expect("syncfix runs")
}

#[test]
fn help_and_version_into_a_full_disk_fail_and_say_why() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["--version"],
        &["help", "tick"],
        &["tick", "--help"],
    ] {
        let out = into_a_full_disk(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "syncfix: cannot write to standard output: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
    // A usage error is told on stderr, as before.
    let out = into_a_full_disk(&["--bogus"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("unexpected argument '--bogus'"));
}

#[test]
fn help_and_version_go_to_standard_output() {
    bare()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("syncfix {}\n", env!("CARGO_PKG_VERSION")))
        .stderr("");
    bare()
        .args(["help", "tick"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Tick a checklist step"))
        .stderr("");
}

#[test]
fn completions_into_a_closed_pipe_is_success() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_syncfix"))
        .args(["completions", "zsh"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("syncfix starts");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("syncfix ends");
    assert!(out.status.success(), "{out:?}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn a_fifo_as_knowledge_base_state_or_cache_never_blocks() {
    let dir = TempDir::new().unwrap();
    let pipe = fifo(&dir, "pipe");
    bare()
        .arg("--kb")
        .arg(&pipe)
        .arg("check")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("named pipe").and(no_panic()));
    bare()
        .arg("--kb")
        .arg(&pipe)
        .args(["search", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("named pipe"));
    syncfix(&pipe).arg("report").assert().code(1).stderr(
        predicate::str::contains("cannot read progress from").and(predicate::str::contains(
            "it is a named pipe, not a regular file",
        )),
    );
    syncfix(&pipe)
        .args(["tick", "same-account"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("named pipe"));
    let meta = std::fs::symlink_metadata(&pipe).expect("still there");
    assert!(meta.file_type().is_fifo(), "the pipe is left alone");
}

#[test]
fn a_device_as_knowledge_base_is_refused_and_named() {
    for device in ["/dev/zero", "/dev/urandom"] {
        bare()
            .args(["--kb", device, "check"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("a device").and(predicate::str::contains(device)));
    }
}

#[test]
fn a_device_as_state_is_never_replaced() {
    let dir = TempDir::new().unwrap();
    let link = dir.path().join("null.ron");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    syncfix(&link)
        .args(["tick", "same-account"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a device"));
    let meta = std::fs::metadata("/dev/null").expect("/dev/null");
    assert!(meta.file_type().is_char_device());
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
}

#[test]
fn reading_commands_on_a_new_state_path_create_nothing_and_warn_nothing() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("new/dir/x.ron");
    let reading: [&[&str]; 4] = [
        &["report"],
        &["show", "basics"],
        &["plan", "photos-stuck"],
        &["plan", "photos-stuck", "--json"],
    ];
    for args in reading {
        syncfix(&state).args(args).assert().success().stderr("");
        assert!(!dir.path().join("new").exists(), "{args:?}");
    }
    // No case is open: these say so, and create nothing either (`next
    // --json` answers with no case, for scripts).
    for (args, code) in [
        (&["next"][..], 1),
        (&["next", "--json"], 0),
        (&["case", "show"], 1),
    ] {
        syncfix(&state)
            .args(args)
            .assert()
            .code(code)
            .stderr(predicate::str::contains("no case is open"))
            .stderr(predicate::str::contains("warning").not());
        assert!(!dir.path().join("new").exists(), "{args:?}");
    }
}

#[test]
fn hostile_text_in_arguments_and_paths_is_made_visible() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("evil\u{1b}[2J\u{202e}.ron");
    syncfix(&state)
        .arg("paths")
        .assert()
        .success()
        .stdout(no_escape().and(predicate::str::contains("\u{241b}[2J<U+202E>")));
    syncfix(&state)
        .args(["tick", "no\u{1b}]0;x\u{7}such"])
        .assert()
        .code(1)
        .stderr(no_escape().and(predicate::str::contains("\u{241b}")));
    syncfix(&state)
        .args(["reset", "no\u{1b}such"])
        .assert()
        .code(1)
        .stderr(no_escape());
    syncfix(&state)
        .args(["--platform", "x\u{1b}[31m\u{200b}", "report"])
        .assert()
        .code(2)
        .stderr(no_escape().and(predicate::str::contains("<U+200B>")));
    bare()
        .env("SYNCFIX_STATE", dir.path().join("d\u{1b}ir/\u{202e}/p.ron"))
        .args(["--kb"])
        .arg(fixture("guide.ron"))
        .args(["tick", "same-account"])
        .assert()
        .stderr(no_escape());
}

#[test]
fn check_stops_suggesting_after_many_unknown_fixes() {
    let dir = TempDir::new().unwrap();
    let guide = std::fs::read_to_string(fixture("guide.ron")).unwrap();
    let unknown: Vec<String> = (0..300).map(|i| format!("\"nope-{i}\"")).collect();
    let guide = guide.replacen(
        "fixes: [\"storage\"]",
        &format!("fixes: [\"storage\", {}]", unknown.join(", ")),
        1,
    );
    let path = dir.path().join("many.ron");
    std::fs::write(&path, guide).unwrap();
    let out = bare().arg("--kb").arg(&path).arg("check").output().unwrap();
    let stderr =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    let unknown_lines = stderr.lines().filter(|l| l.contains("unknown fix")).count();
    let suggested = stderr
        .lines()
        .filter(|l| l.contains("did you mean"))
        .count();
    assert_eq!(unknown_lines, 300, "{stderr}");
    assert!(suggested <= 100, "{suggested} suggestions");
}

#[test]
fn a_huge_unknown_id_is_told_without_suggestions() {
    // Far longer than any id: no id is near it, and none is measured
    // against it (the lengths alone rule each out). It is shown cut short,
    // once, and no search for it is offered.
    let dir = TempDir::new().unwrap();
    let id = "a".repeat(120_000);
    let told = format!("`{}…`\n", "a".repeat(80));
    for args in [["tick", id.as_str()], ["show", id.as_str()]] {
        bare()
            .arg("--state")
            .arg(dir.path().join("p.ron"))
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::starts_with("syncfix: no "))
            .stderr(predicate::str::ends_with(told.clone()))
            .stderr(predicate::function(|err: &str| err.len() < 200))
            .stderr(no_panic());
    }
}

/// clap's usage errors echo the value typed: it reaches the terminal made
/// visible, never as escape sequences, as syncfix's own messages do.
#[test]
fn a_usage_error_echoes_what_was_typed_made_visible() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    let typed = "\u{1b}[2J\u{1b}]0;PWN\u{7}\u{9b}31m\rx";
    for args in [
        vec!["mark", "same-account", typed],
        vec!["case", "info", typed, "x"],
        vec!["search", "x", "--limit", typed],
        vec![typed],
    ] {
        syncfix(&state)
            .args(&args)
            .assert()
            .code(2)
            .stderr(no_escape())
            .stderr(predicate::str::contains("error:"))
            .stderr(predicate::function(|s: &str| {
                !s.contains(['\u{9b}', '\u{7}', '\r'])
            }));
    }
    assert!(!state.exists());
}

#[test]
fn a_progress_file_that_is_the_guide_is_refused_and_the_guide_left_alone() {
    let dir = TempDir::new().unwrap();
    let guide = dir.path().join("guide.ron");
    std::fs::copy(fixture("guide.ron"), &guide).unwrap();
    let before = std::fs::read(&guide).unwrap();
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&guide, &link).unwrap();
    let hard = dir.path().join("hard.ron");
    std::fs::hard_link(&guide, &hard).unwrap();
    for state in [&guide, &link, &hard] {
        bare()
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .arg("--kb")
            .arg(&guide)
            .arg("--state")
            .arg(state)
            .args(["tick", "wifi-power"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                "is the knowledge base given with --kb; give --state another file",
            ));
    }
    assert_eq!(std::fs::read(&guide).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "cache")
        .collect();
    assert_eq!(names.len(), 3, "nothing moved aside or made: {names:?}");
}

#[test]
fn a_usage_error_shows_the_escape_sequence_typed_made_visible() {
    bare()
        .args(["search", "--limit", "\u{1b}[31m", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value '␛[31m' for '--limit <N>'",
        ))
        .stderr(predicate::str::contains("\u{1b}").not());
}

/// A save past the file-size limit (`ulimit -f`) is a failed save told in
/// words, exit 1, the old file whole and no temporary file left: the
/// signal that would end the process mid-write is ignored.
#[test]
fn a_save_past_the_file_size_limit_fails_in_words() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    syncfix(&state)
        .args(["tick", "same-account"])
        .assert()
        .success();
    let before = std::fs::read(&state).unwrap();
    let note = "z".repeat(900);
    let script = "ulimit -f 1 && exec \"$@\"";
    let mut cmd = assert_cmd::Command::new("sh");
    cmd.args(["-c", script, "sh"])
        .arg(assert_cmd::cargo::cargo_bin!("syncfix"))
        .arg("--kb")
        .arg(fixture("guide.ron"))
        .arg("--state")
        .arg(&state)
        .args(["mark", "same-account", "didnt-help", "--note", &note])
        .env_remove("SYNCFIX_STATE")
        .timeout(GUARD);
    cmd.assert().code(1).stderr(
        predicate::str::contains("syncfix: cannot save progress to ")
            .and(predicate::str::contains("File too large")),
    );
    assert_eq!(std::fs::read(&state).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(names.len(), 2, "the file and its lock: {names:?}");
}
