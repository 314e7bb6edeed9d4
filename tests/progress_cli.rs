//! `syncfix tick`, `untick`, `reset`, `paths` and `report` on a fixture guide.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use syncfix::progress::{Parsed, Progress};
use tempfile::TempDir;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/progress")
        .join(name)
}

fn bare() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("syncfix");
    cmd.env_remove("SYNCFIX_STATE").env("NO_COLOR", "1");
    cmd
}

/// syncfix on the fixture guide, with progress in `state`.
fn syncfix(state: &Path) -> assert_cmd::Command {
    let mut cmd = bare();
    cmd.arg("--kb")
        .arg(fixture("guide.ron"))
        .arg("--state")
        .arg(state);
    cmd
}

/// The outcomes kept for `guide` in the file at `state`.
fn outcomes(state: &Path, guide: &str) -> syncfix::progress::Outcomes {
    let text = fs::read_to_string(state).unwrap();
    let Ok(Parsed::Current { progress, .. }) = Progress::parse(&text) else {
        panic!("not a current progress file:\n{text}");
    };
    progress
        .guide(guide)
        .map(|g| g.steps.clone())
        .unwrap_or_default()
}

fn ticks(state: &Path, guide: &str) -> Vec<String> {
    outcomes(state, guide).into_keys().collect()
}

fn tick(state: &Path, step: &str) {
    syncfix(state).args(["tick", step]).assert().success();
}

#[test]
fn tick_and_untick_say_what_they_did_on_stderr_only() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    syncfix(&state)
        .args(["tick", "same-account"])
        .assert()
        .success()
        .stdout("")
        .stderr("ticked same-account\n");
    assert_eq!(ticks(&state, "fixture-guide"), ["same-account"]);

    syncfix(&state)
        .args(["tick", "same-account"])
        .assert()
        .success()
        .stderr(predicate::str::starts_with(
            "same-account was already ticked on ",
        ));
    syncfix(&state)
        .args(["untick", "same-account"])
        .assert()
        .success()
        .stdout("")
        .stderr("unticked same-account\n");
    syncfix(&state)
        .args(["untick", "same-account"])
        .assert()
        .success()
        .stderr("same-account was not ticked\n");
    assert!(ticks(&state, "fixture-guide").is_empty());
}

#[test]
fn an_unknown_step_fails_with_the_nearest_ids_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    syncfix(&state)
        .args(["tick", "same-acount"])
        .assert()
        .code(1)
        .stderr("syncfix: no step with id `same-acount`; did you mean same-account?\n");
    syncfix(&state)
        .args(["untick", "wifi"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean wifi-power"));
    assert!(!state.exists());
}

#[test]
fn a_fix_id_given_as_a_step_says_so_and_lists_its_steps() {
    let dir = TempDir::new().unwrap();
    syncfix(&dir.path().join("progress.ron"))
        .args(["tick", "storage"])
        .assert()
        .code(1)
        .stderr(
            "syncfix: storage is a fix, not a step; tick one of its steps:\n  \
             check-quota        Check how much account storage is left.\n  \
             delete-duplicates  Delete duplicate videos.\n",
        );
}

#[test]
fn a_symptom_id_given_as_a_step_lists_its_steps_for_the_platform() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    syncfix(&state)
        .args(["--platform", "laptop", "tick", "photos-stuck"])
        .assert()
        .code(1)
        .stderr(
            "syncfix: photos-stuck is a symptom, not a step; tick one of its steps:\n  \
             same-account       Use the same account on every device.\n  \
             wifi-power         Connect to Wi-Fi and plug in.\n  \
             sign-out           Sign out and back in, as a last resort.\n  \
             check-quota        Check how much account storage is left.\n  \
             delete-duplicates  Delete duplicate videos.\n",
        );
    syncfix(&state)
        .args(["untick", "status-waiting"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "syncfix: status-waiting is a status message, not a step; untick one of its steps:\n",
        ));
    syncfix(&state)
        .args(["tick", "privacy"])
        .assert()
        .code(1)
        .stderr("syncfix: privacy is a note, not a step, and has no steps to tick\n");
    assert!(!state.exists(), "nothing written");
}

#[test]
fn suggestions_for_a_step_are_steps_near_in_spelling() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    // Near a fix or a symptom and no step: named for what it is, not
    // offered as a step.
    syncfix(&state)
        .args(["tick", "storag"])
        .assert()
        .code(1)
        .stderr(
            "syncfix: no step with id `storag`; storage is a fix, and `syncfix show storage` \
             lists its steps\n",
        );
    syncfix(&state)
        .args(["case", "close", "--solved", "photos"])
        .assert()
        .code(1)
        .stderr(
            "syncfix: no step with id `photos`; photos-stuck is a symptom, and \
             `syncfix plan photos-stuck` lists its steps\n",
        );
    syncfix(&state)
        .args(["tick", "sign-ou"])
        .assert()
        .code(1)
        .stderr("syncfix: no step with id `sign-ou`; did you mean sign-out?\n");
    syncfix(&state)
        .args(["tick", "nope"])
        .assert()
        .code(1)
        .stderr(
            "syncfix: no step with id `nope`; \
             `syncfix search \"nope\"` finds items by the words in them\n",
        );
}

#[test]
fn a_search_is_offered_only_as_it_can_be_typed() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    // Control characters are shown made visible, which is no command.
    syncfix(&state)
        .args(["untick", "\u{1b}[31mx\u{7}"])
        .assert()
        .code(1)
        .stderr("syncfix: no step with id `\u{241b}[31mx\u{2407}`\n");
    // What a shell would expand is quoted so that it is not.
    syncfix(&state)
        .args(["tick", "$(nope)"])
        .assert()
        .code(1)
        .stderr(
            "syncfix: no step with id `$(nope)`; \
             `syncfix search '$(nope)'` finds items by the words in them\n",
        );
}

#[test]
fn a_tick_for_a_step_the_guide_no_longer_has_can_be_unticked() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    fs::write(
        &state,
        "Progress(version: 1, guides: {\"fixture-guide\": {\"gone-step\": \"2025-01-02T03:04:05Z\"}})",
    )
    .unwrap();
    syncfix(&state)
        .args(["untick", "gone-step"])
        .assert()
        .success()
        .stderr("unticked gone-step\n");
    assert!(ticks(&state, "fixture-guide").is_empty());
}

#[test]
fn reset_clears_one_fix_or_this_guides_ticks_only() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    for step in ["same-account", "wifi-power", "check-quota"] {
        tick(&state, step);
    }
    bare()
        .arg("--kb")
        .arg(fixture("twenty.ron"))
        .arg("--state")
        .arg(&state)
        .args(["tick", "step-07"])
        .assert()
        .success();

    syncfix(&state)
        .args([
            "mark",
            "wifi-power",
            "didnt-help",
            "--note",
            "left it all night",
        ])
        .assert()
        .success();
    syncfix(&state)
        .args(["reset", "basics"])
        .assert()
        .success()
        .stdout("")
        .stderr("cleared the outcomes of 2 steps and 1 note of “Basic checks” (basics)\n");
    assert_eq!(ticks(&state, "fixture-guide"), ["check-quota"]);

    syncfix(&state)
        .args(["reset", "--all"])
        .assert()
        .success()
        .stderr("cleared every outcome kept for “Fixture Sync Guide”: 1 step\n");
    assert!(ticks(&state, "fixture-guide").is_empty());
    assert_eq!(ticks(&state, "twenty-steps"), ["step-07"]);
}

#[test]
fn reset_of_an_unknown_fix_fails_with_the_nearest_and_needs_an_argument() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    syncfix(&state)
        .args(["reset", "basic"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "syncfix: no fix with id `basic`; did you mean basics",
        ));
    syncfix(&state).arg("reset").assert().code(2);
}

#[test]
fn paths_says_where_things_are_and_why() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("p.ron");
    let shown = state.display().to_string();
    syncfix(&state)
        .arg("paths")
        .assert()
        .success()
        .stdout(format!(
            "knowledge base: {} (from --kb; read only)\n\
         progress:       {shown} (from --state; the first tick writes the file)\n\
         lock:           {shown}.lock\n\
         cache:          {} (a binary copy of the --kb file and its index)\n",
            fixture("guide.ron").display(),
            syncfix::cache::dir().display()
        ));

    bare()
        .env("SYNCFIX_STATE", &state)
        .arg("paths")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "progress:       {shown} (from $SYNCFIX_STATE; the first tick writes the file)"
        )))
        .stdout(predicate::str::starts_with(
            "knowledge base: built in (compiled into syncfix; read only)\n",
        ))
        .stdout(predicate::str::contains("cache:").not());

    let xdg = dir.path().join("xdg-state");
    let expected = xdg.join("syncfix").join("progress.ron");
    bare()
        .env("XDG_STATE_HOME", &xdg)
        .arg("paths")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "progress:       {} (the state directory; the first tick creates the directory and the file)",
            expected.display()
        )));

    // A relative path is shown as the file it names, in the directory
    // syncfix runs in.
    for (flag, origin) in [(true, "from --state"), (false, "from $SYNCFIX_STATE")] {
        let mut cmd = bare();
        cmd.current_dir(dir.path());
        match flag {
            true => cmd.args(["--state", "rel/p.ron"]),
            false => cmd.env("SYNCFIX_STATE", "rel/p.ron"),
        };
        cmd.arg("paths")
            .assert()
            .success()
            .stdout(predicate::str::contains(format!(
                "progress:       {} ({origin}; the first tick creates the directory and the file)\n\
                 lock:           {}.lock\n",
                dir.path().join("rel/p.ron").display(),
                dir.path().join("rel/p.ron").display()
            )));
    }
}

/// A progress path ending in `/` names a directory: nothing is made, not
/// even a lock beside it, and `paths` says why. A link is followed: the
/// lock `paths` names is its target's, the one every syncfix takes.
#[test]
fn a_state_path_naming_a_directory_makes_nothing_and_a_link_locks_its_target() {
    let dir = TempDir::new().unwrap();
    let trailing = format!("{}/trail/", dir.path().display());
    bare()
        .args(["--state", &trailing, "tick", "same-apple-id"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("names a directory, not a file"));
    let made: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert!(made.is_empty(), "{made:?}");
    bare()
        .args(["--state", &trailing, "paths"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "progress:       {trailing} (from --state; it ends in a path separator, so it names a \
             directory, not a file)\nlock:           none (nothing can be saved there)\n"
        )));

    let target = dir.path().join("real.ron");
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink("real.ron", &link).unwrap();
    syncfix(&link)
        .arg("paths")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "progress:       {} (from --state; a link to {}; the first tick writes the file)\n\
             lock:           {}.lock\n",
            link.display(),
            target.display(),
            target.display()
        )));
}

#[test]
fn the_state_directory_is_created_on_the_first_tick() {
    let dir = TempDir::new().unwrap();
    let xdg = dir.path().join("xdg-state");
    bare()
        .env("XDG_STATE_HOME", &xdg)
        .arg("--kb")
        .arg(fixture("guide.ron"))
        .args(["tick", "wifi-power"])
        .assert()
        .success();
    let state = xdg.join("syncfix").join("progress.ron");
    assert_eq!(ticks(&state, "fixture-guide"), ["wifi-power"]);
}

#[test]
fn a_corrupt_file_is_moved_aside_with_a_warning() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    fs::write(&state, "Progress(version: 1, guides: {").unwrap();
    syncfix(&state)
        .args(["tick", "wifi-power"])
        .assert()
        .success()
        .stderr(predicate::str::contains("syncfix: warning: progress file "))
        .stderr(predicate::str::contains("it was moved to "))
        .stderr(predicate::str::contains("progress.ron.corrupt-"));
    assert_eq!(ticks(&state, "fixture-guide"), ["wifi-power"]);
    let aside: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        fs::read_to_string(&aside[0]).unwrap(),
        "Progress(version: 1, guides: {"
    );
}

#[test]
fn a_newer_file_is_left_byte_identical_and_tick_says_why_it_failed() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    let newer = "// from syncfix 9\nProgress(version: 4, guides: {}, devices: [])\n";
    fs::write(&state, newer).unwrap();
    syncfix(&state)
        .args(["tick", "wifi-power"])
        .assert()
        .code(1)
        .stderr(format!(
            "syncfix: not saving progress: {} was written by a newer syncfix (format version 4; \
             this one knows version 3); it is left untouched\n",
            state.display()
        ));
    assert_eq!(fs::read_to_string(&state).unwrap(), newer);
}

#[test]
fn an_unwritable_location_fails_naming_the_path() {
    let dir = TempDir::new().unwrap();
    let blocker = dir.path().join("not-a-directory");
    fs::write(&blocker, "").unwrap();
    let state = blocker.join("progress.ron");
    syncfix(&state)
        .args(["tick", "wifi-power"])
        .assert()
        .code(1)
        .stderr(format!(
            "syncfix: cannot save progress to {}: cannot create directory {}: a file is in the way\n",
            state.display(),
            blocker.display()
        ));
}

#[test]
fn report_without_a_case_says_so_and_lists_the_outcomes() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    tick(&state, "laptop-toggle");
    syncfix(&state)
        .args(["--platform", "laptop", "report"])
        .assert()
        .success()
        .stderr("")
        .stdout(predicate::str::starts_with(
            "# Support record: Fixture Sync Guide\n\nNo case has been opened.",
        ))
        .stdout(predicate::str::contains("- [x] **done** ("))
        .stdout(predicate::str::contains(
            "): Turn on sync in Preferences.\n",
        ));
}

#[test]
fn a_change_that_changes_nothing_writes_nothing() {
    use std::os::unix::fs::MetadataExt as _;
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    syncfix(&state)
        .args(["untick", "same-account"])
        .assert()
        .success()
        .stderr("same-account was not ticked\n");
    syncfix(&state)
        .args(["reset", "--all"])
        .assert()
        .success()
        .stderr("cleared every outcome kept for “Fixture Sync Guide”: 0 steps\n");
    assert!(!state.exists(), "no empty progress file");

    tick(&state, "same-account");
    // A save replaces the file with a new one: the same file is no save.
    let file = fs::metadata(&state).unwrap().ino();
    tick(&state, "same-account");
    syncfix(&state)
        .args(["untick", "wifi-power"])
        .assert()
        .success();
    syncfix(&state)
        .args(["reset", "storage"])
        .assert()
        .success();
    assert_eq!(fs::metadata(&state).unwrap().ino(), file, "nothing written");
    assert_eq!(ticks(&state, "fixture-guide"), ["same-account"]);
}

/// The built-in guide, with progress in `state`.
fn built_in(state: &Path) -> assert_cmd::Command {
    let mut cmd = bare();
    cmd.arg("--state").arg(state);
    cmd
}

#[test]
fn a_replaced_step_id_names_the_step_that_replaced_it() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    built_in(&state)
        .args(["tick", "playbook-windows-install"])
        .assert()
        .code(1)
        .stderr(
            "syncfix: playbook-windows-install is now windows-install-icloud; use that id \
             (progress under playbook-windows-install counts for it)\n",
        );
    assert!(!state.exists());
}

#[test]
fn reset_of_an_item_that_is_no_fix_says_what_it_is_and_what_to_do() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    built_in(&state)
        .args(["reset", "same-apple-id"])
        .assert()
        .code(1)
        .stderr(
            "syncfix: same-apple-id is a step, not a fix; `syncfix untick same-apple-id` \
             clears it\n",
        );
    built_in(&state)
        .args(["reset", "status-paused"])
        .assert()
        .code(1)
        .stderr(
            "syncfix: status-paused is a status message, not a fix; `syncfix show \
             status-paused` names its fixes\n",
        );
}

#[test]
fn an_unknown_platform_is_a_usage_error() {
    let dir = TempDir::new().unwrap();
    for args in [&["show", "same-apple-id"][..], &["search", "sync"]] {
        built_in(&dir.path().join("progress.ron"))
            .args(["--platform", "nonsense"])
            .args(args)
            .assert()
            .code(2)
            .stderr("syncfix: unknown platform `nonsense`: use all, iphone, mac, windows\n");
    }
}

#[test]
fn a_full_standard_output_is_named() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_syncfix"))
        .args(["search", "waiting"])
        .stdout(full)
        .output()
        .expect("syncfix runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("syncfix: cannot write to standard output: No space left on device"),
        "{out:?}"
    );
}

/// Runs `args`, which must succeed; what it said on stderr.
fn says(state: &Path, args: &[&str]) -> String {
    let out = syncfix(state).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn tick_of_a_step_with_another_outcome_records_done_and_keeps_its_note() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    let note = ["--note", "tried twice"];
    says(
        &state,
        &[&["mark", "same-account", "didnt-help"][..], &note].concat(),
    );
    assert_eq!(
        says(&state, &["tick", "same-account"]),
        "same-account: didn't help → done\n"
    );
    let kept = &outcomes(&state, "fixture-guide")["same-account"];
    assert_eq!(kept.state, syncfix::progress::State::Done);
    assert_eq!(kept.note.as_deref(), Some("tried twice"));
    let again = says(&state, &["tick", "same-account"]);
    assert!(
        again.starts_with("same-account was already ticked on "),
        "{again}"
    );
}

#[test]
fn untick_of_a_step_with_another_outcome_says_which_it_clears() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    says(&state, &["mark", "same-account", "skipped"]);
    assert_eq!(
        says(&state, &["untick", "same-account"]),
        "unticked same-account: cleared “skipped”\n"
    );
    says(
        &state,
        &["mark", "same-account", "done", "--note", "on the Mac"],
    );
    assert_eq!(
        says(&state, &["untick", "same-account"]),
        "unticked same-account: cleared “done” and its note\n"
    );
    assert!(ticks(&state, "fixture-guide").is_empty());
}

#[test]
fn reset_without_what_to_reset_names_both_ways() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    syncfix(&state)
        .arg("reset")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "Usage: syncfix reset <FIX_ID|--all>",
        ));
    assert!(!state.exists());
}

#[test]
fn a_change_that_changes_nothing_creates_nothing() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("state").join("progress.ron");
    let runs: [(&[&str], i32); 4] = [
        (&["untick", "same-account"], 0),
        (&["reset", "--all"], 0),
        (&["reset", "basics"], 0),
        (&["case", "close"], 1),
    ];
    for (args, code) in runs {
        syncfix(&state).args(args).assert().code(code);
        assert!(
            !dir.path().join("state").exists(),
            "{args:?} created the state directory"
        );
    }
    syncfix(&state)
        .args(["tick", "same-account"])
        .assert()
        .success();
    let made = std::fs::read_dir(dir.path().join("state")).unwrap().count();
    syncfix(&state)
        .args(["tick", "same-account"])
        .assert()
        .success()
        .stderr(predicate::str::contains("was already ticked"));
    assert_eq!(
        std::fs::read_dir(dir.path().join("state")).unwrap().count(),
        made
    );
}
