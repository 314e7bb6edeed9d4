//! `syncfix case`, `mark` and `next` on the shipped guide: a case opened,
//! worked, and closed from scripts.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use tempfile::TempDir;

/// syncfix on the shipped guide for iPhone, with progress in `state`.
fn syncfix(state: &Path) -> assert_cmd::Command {
    on(state, "iphone")
}

/// syncfix with progress in `state`, on `platform`.
fn on(state: &Path, platform: &str) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("syncfix");
    cmd.env_remove("SYNCFIX_STATE")
        .env("NO_COLOR", "1")
        .arg("--state")
        .arg(state)
        .args(["--platform", platform]);
    cmd
}

/// Runs `args`, which must fail with `code`; its message has `message`.
fn fails(state: &Path, args: &[&str], code: i32, message: &str) {
    let assert = syncfix(state).args(args).assert().code(code);
    assert.stderr(predicate::str::contains(message));
}

/// A fresh state file with a case open on `id`; the start's stderr.
fn started(id: &str) -> (TempDir, PathBuf, String) {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    let out = syncfix(&state)
        .args(["case", "start", id])
        .output()
        .unwrap();
    assert!(out.status.success());
    (dir, state, String::from_utf8(out.stderr).unwrap())
}

fn json(state: &Path, args: &[&str]) -> serde_json::Value {
    let out = syncfix(state).args(args).output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn next_json(state: &Path) -> serde_json::Value {
    json(state, &["next", "--json"])
}

#[test]
fn a_case_on_normal_activity_says_so_and_sends_no_one_to_support() {
    let (_dir, state, said) = started("status-syncing-with-icloud");
    let normal = "“Syncing With iCloud” is normal activity: nothing to fix; let it finish";
    assert!(said.contains(normal), "{said}");
    let next = syncfix(&state).arg("next").assert().success();
    let next = String::from_utf8(next.get_output().stderr.clone()).unwrap();
    assert!(
        next.contains(normal) && !next.contains("get help"),
        "{next}"
    );
}

#[test]
fn a_step_skipped_is_still_to_try_when_the_rest_are_tried() {
    let (_dir, state, _) = started("status-paused");
    syncfix(&state)
        .args(["mark", "charge-the-device", "didnt-help"])
        .assert()
        .success();
    let marked = syncfix(&state)
        .args(["mark", "low-power-mode-off", "skipped"])
        .assert()
        .success();
    let said = String::from_utf8(marked.get_output().stderr.clone()).unwrap();
    assert!(
        said.contains("every step of the plan has been tried except 1 skipped"),
        "{said}"
    );
    // A problem whose plan goes past this one's last rung is offered
    // before getting help.
    assert!(
        said.contains(
            "try those, or `syncfix case start errors-persist` goes on with 6 more steps \
             (Errors persist for a full day, or the status bar shows repeated failures), or get help"
        ),
        "{said}"
    );
    assert!(
        said.contains("add the 4 missing details support asks for (`syncfix case info`)"),
        "{said}"
    );
    syncfix(&state)
        .args(["case", "info", "device", "iPhone 15"])
        .assert()
        .success();
    let next = syncfix(&state).arg("next").assert().success();
    let said = String::from_utf8(next.get_output().stderr.clone()).unwrap();
    assert!(said.contains("add the 3 missing details"), "{said}");
    let report = syncfix(&state).arg("report").assert().success();
    let report = String::from_utf8(report.get_output().stdout.clone()).unwrap();
    let left = report.split("## Left to try").nth(1).unwrap();
    assert!(
        left.contains("Low Power Mode") && left.contains("; skipped)*"),
        "{left}"
    );
}

#[test]
fn a_case_from_start_to_fixed_it() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    syncfix(&state)
        .args(["case", "start", "status-waiting-to-upload"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "opened a case on “Waiting To Upload” (iPhone/iPad)",
        ))
        .stderr(predicate::str::contains("next: open-apple-system-status"));
    let first = next_json(&state);
    assert_eq!(first["step"]["id"], "open-apple-system-status");
    assert_eq!(first["tried"], 0);

    syncfix(&state)
        .args(["mark", "open-apple-system-status", "didnt-help"])
        .args(["--note", "no outage listed"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "next: leave-photos-open-plugged-in",
        ));
    syncfix(&state)
        .args(["mark", "leave-photos-open-plugged-in", "skipped"])
        .assert()
        .success();
    assert_eq!(next_json(&state)["step"]["id"], "iphone-fresh-screenshot");

    syncfix(&state)
        .args(["case", "info", "device", "iPhone 15 Pro"])
        .assert()
        .success();
    let show = json(&state, &["case", "show", "--json"]);
    assert_eq!(show["details"]["device"], "iPhone 15 Pro");
    assert_eq!(
        show["missing"],
        serde_json::json!(["os", "library", "since"])
    );
    assert_eq!(show["steps"][0]["state"], "didnt-help");
    assert_eq!(show["steps"][0]["note"], "no outage listed");
    assert_eq!(show["steps"][1]["state"], "skipped");
    assert_eq!(show["steps"][2]["state"], "todo");

    syncfix(&state)
        .args(["mark", "iphone-fresh-screenshot", "fixed-it"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "closed the case: solved by iphone-fresh-screenshot",
        ));
    let show = json(&state, &["case", "show", "--json"]);
    assert_eq!(show["closed"]["solved_by"], "iphone-fresh-screenshot");
    let no_case = "no case is open; start one with `syncfix case start ID`";
    fails(&state, &["next"], 1, no_case);
    // A closed case has no next step, and takes no details, however much
    // of its plan is left; a script asking in a loop gets its answer.
    assert_eq!(show["next"], serde_json::Value::Null, "{show}");
    let shown = syncfix(&state).args(["case", "show"]).assert().success();
    let shown = String::from_utf8_lossy(&shown.get_output().stdout).into_owned();
    assert!(
        !shown.contains('→') && !shown.contains("case info"),
        "{shown}"
    );
    assert!(shown.contains("OS versions: missing\n"), "{shown}");
    let next = next_json(&state);
    assert_eq!(next["case"], serde_json::Value::Null, "{next}");
    assert_eq!(next["step"], serde_json::Value::Null, "{next}");

    // Taking back that the step fixed it opens the case again.
    syncfix(&state)
        .args(["mark", "iphone-fresh-screenshot", "didnt-help"])
        .assert()
        .success();
    let show = json(&state, &["case", "show", "--json"]);
    assert_eq!(show["closed"], serde_json::Value::Null, "{show}");
    // Tried: the one that did not help and this one; the skipped one is not.
    assert_eq!(next_json(&state)["tried"], 2);
}

#[test]
fn a_step_outside_the_plan_is_marked_and_flagged() {
    let (_dir, state, _) = started("status-waiting-to-upload");
    syncfix(&state)
        .args(["mark", "windows-install-icloud", "done"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "note: windows-install-icloud is not in the plan for “Waiting To Upload” on iPhone/iPad",
        ));
}

#[test]
fn a_case_closed_as_solved_by_a_step_outside_the_plan_is_flagged() {
    let (_dir, state, _) = started("status-waiting-to-upload");
    syncfix(&state)
        .args(["case", "close", "--solved", "windows-install-icloud"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "note: windows-install-icloud is not in the plan for “Waiting To Upload” on iPhone/iPad",
        ))
        .stderr(predicate::str::contains(
            "closed the case on “Waiting To Upload”: solved by windows-install-icloud",
        ));
}

#[test]
fn errors_name_the_id_and_suggest() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    let waiting = "`status-waiting`; did you mean status-waiting-to-upload";
    fails(&state, &["case", "start", "status-waiting"], 1, waiting);
    let airplane = "no step with id `iphone-toggle-airplane`; did you mean";
    fails(
        &state,
        &["mark", "iphone-toggle-airplane", "done"],
        1,
        airplane,
    );
    let outcome = "invalid value 'worked'";
    fails(
        &state,
        &["mark", "iphone-toggle-airplane-mode", "worked"],
        2,
        outcome,
    );
    fails(
        &state,
        &["case", "info", "colour", "blue"],
        2,
        "invalid value 'colour'",
    );
    fails(&state, &["case", "close"], 1, "no case is open");
    // A step is wanted: a symptom is not offered as one.
    syncfix(&state)
        .args(["mark", "nothing", "done"])
        .assert()
        .code(1)
        .stderr(
            "syncfix: no step with id `nothing`; nothing-syncs-anywhere is a symptom, and \
             `syncfix plan nothing-syncs-anywhere` lists its steps\n",
        );
    assert!(!state.exists(), "failed commands write nothing");
}

#[test]
fn closing_unsolved_and_a_new_case_closes_the_old_one() {
    let (_dir, state, _) = started("status-waiting-to-upload");
    syncfix(&state)
        .args(["case", "start", "status-paused"])
        .assert()
        .success()
        .stderr(predicate::str::starts_with(
            "closed the case on “Waiting To Upload” (iPhone/iPad), unsolved\n\
             opened a case on “Paused” (iPhone/iPad)\n",
        ));
    let show = json(&state, &["case", "show", "--json"]);
    assert_eq!(show["problem"], "status-paused");
    syncfix(&state)
        .args(["case", "close"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "closed the case on “Paused”, unsolved",
        ));
    let text = std::fs::read_to_string(&state).unwrap();
    assert_eq!(text.matches("closed: Some(").count(), 2, "{text}");
}

/// A file edited by hand to hold two open cases started at the same time:
/// the case `close` closes is the one `show` shows, the last.
#[test]
fn of_two_cases_started_at_once_close_closes_the_one_shown() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    let case =
        |problem: &str| format!("Case(problem: \"{problem}\", started: \"2025-01-01T00:00:00Z\")");
    let text = format!(
        "Progress(version: 2, guides: {{\"icloud-photos-sync\": Guide(cases: [{}, {}])}})",
        case("status-paused"),
        case("status-waiting-to-upload")
    );
    std::fs::write(&state, text).unwrap();
    assert_eq!(
        json(&state, &["case", "show", "--json"])["problem"],
        "status-waiting-to-upload"
    );
    syncfix(&state)
        .args(["case", "close"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "closed the case on “Waiting To Upload”, unsolved",
        ));
    let show = json(&state, &["case", "show", "--json"]);
    assert_eq!(show["problem"], "status-waiting-to-upload");
    assert!(show["closed"].is_object(), "{show:#}");
    fails(&state, &["next"], 1, "no case is open");
    assert!(
        dir.path().join("progress.ron.v2").exists(),
        "kept as it was"
    );
}

#[test]
fn a_case_is_not_opened_on_a_problem_of_other_platforms() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    for id in ["status-paused", "thumbnails-blurry"] {
        cargo_bin_cmd!("syncfix")
            .env_remove("SYNCFIX_STATE")
            .arg("--state")
            .arg(&state)
            .args(["--platform", "windows", "case", "start", id])
            .assert()
            .code(1)
            .stderr(format!(
                "syncfix: {id} is not for Windows, only for iPhone/iPad, Mac; \
                 `syncfix --platform windows search` finds what is\n"
            ));
    }
    assert!(!state.exists(), "nothing is written");
}

#[test]
fn a_plan_without_steps_on_the_platform_says_so_not_that_all_were_tried() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    // A symptom for every platform whose only fix has laptop steps alone.
    let guide = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/progress/guide.ron"),
    )
    .unwrap()
    .replacen("platforms: [\"laptop\"],", "platforms: [],", 1);
    let kb = dir.path().join("guide.ron");
    std::fs::write(&kb, guide).unwrap();
    let run = |args: &[&str]| {
        let mut cmd = cargo_bin_cmd!("syncfix");
        cmd.env_remove("SYNCFIX_STATE").env("NO_COLOR", "1");
        cmd.arg("--kb").arg(&kb).arg("--state").arg(&state);
        cmd.args(["--platform", "phone"])
            .args(args)
            .assert()
            .success()
    };
    let none = "the guide has no steps for The laptop shows nothing on Phone";
    run(&["case", "start", "laptop-missing"]).stderr(predicate::str::contains(none));
    run(&["next"])
        .stderr(predicate::str::contains(none))
        .stderr(predicate::str::contains("has been tried").not());
    run(&["report"])
        .stdout(predicate::str::contains(format!("Nothing: {none}.")))
        .stdout(predicate::str::contains("0 of 0").not())
        .stdout(predicate::str::contains("has been tried").not());
}

#[test]
fn a_progress_file_that_cannot_be_read_is_named_not_taken_for_no_case() {
    // A directory where the file belongs cannot be read, even by root.
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    std::fs::create_dir(&state).unwrap();
    let unread = format!(
        "cannot read progress from {}: it is a directory, not a regular file\n",
        state.display()
    );
    for args in [
        &["report"][..],
        &["next"],
        &["next", "--json"],
        &["case", "show"],
    ] {
        syncfix(&state)
            .args(args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(format!("syncfix: {unread}"));
    }
    // Commands that show an item or a plan still do, and say why no
    // outcome is marked, as a warning.
    for args in [&["show", "same-apple-id"][..], &["plan", "status-paused"]] {
        syncfix(&state)
            .args(args)
            .assert()
            .success()
            .stderr(format!("syncfix: warning: {unread}"));
    }
    // Commands that save say they cannot save, and why.
    let unsaved = format!(
        "syncfix: cannot save progress to {}: it cannot be read (it is a directory, not a \
         regular file), so it is left alone\n",
        state.display()
    );
    for args in [
        &["case", "info", "device", "iPhone 15"][..],
        &["case", "close"],
    ] {
        syncfix(&state)
            .args(args)
            .assert()
            .code(1)
            .stderr(unsaved.clone());
    }
    assert!(state.is_dir(), "left as it is");

    // Nor is a file that is not progress taken for none.
    let state = dir.path().join("binary.ron");
    std::fs::write(&state, b"\xff\xfe").unwrap();
    syncfix(&state)
        .arg("report")
        .assert()
        .code(1)
        .stdout("")
        .stderr(format!(
            "syncfix: cannot read progress from {}: it is not UTF-8 text (byte 0)\n",
            state.display()
        ));
}

/// Ids read from a progress file edited by hand never reach the terminal
/// as control sequences.
#[test]
fn control_characters_in_a_cases_ids_are_shown_made_visible() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    std::fs::write(
        &state,
        "Progress(version: 3, guides: {\"icloud-photos-sync\": Guide(cases: [Case(id: 7, \
         problem: \"bad\\u{1b}[31m\\u{7}\", started: \"2025-03-13T20:04:00Z\", closed: \
         Some(Closed(at: \"2025-03-13T20:04:00Z\", solved_by: Some(\"by\\u{1b}[2J\"))))])})",
    )
    .unwrap();
    let run = syncfix(&state).args(["case", "show"]).assert().success();
    let out = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(!out.contains(['\u{1b}', '\u{7}']), "{out:?}");
    assert!(
        out.contains("(bad␛[31m␇)") && out.contains("solved by by␛[2J"),
        "{out}"
    );
}

/// An id a step took over, or a step's id, where a symptom or status
/// message is wanted: said for what it is, by every command alike.
#[test]
fn a_replaced_id_or_a_step_is_named_for_what_it_is() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    let replaced = "syncfix: playbook-windows-install is now windows-install-icloud; use that \
                    id (progress under playbook-windows-install counts for it)\n";
    for args in [
        &["show", "playbook-windows-install"][..],
        &["plan", "playbook-windows-install"],
        &["case", "start", "playbook-windows-install"],
    ] {
        syncfix(&state).args(args).assert().code(1).stderr(replaced);
    }
    syncfix(&state)
        .args(["case", "start", "same-apple-id"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "syncfix: `same-apple-id` is a step: plans are for symptoms and status messages",
        ));
    assert!(!state.exists(), "nothing is written");
}

#[test]
fn starting_the_open_case_again_keeps_it_as_it_was() {
    let (_dir, state, _) = started("status-waiting-to-upload");
    let before = json(&state, &["case", "show", "--json"]);
    let file = std::fs::read_to_string(&state).unwrap();
    syncfix(&state)
        .args(["case", "start", "status-waiting-to-upload"])
        .assert()
        .success()
        .stderr(predicate::str::starts_with(
            "a case on “Waiting To Upload” (iPhone/iPad) is already open, since ",
        ))
        .stderr(predicate::str::contains("\nnext: "))
        .stderr(predicate::str::contains("closed").not());
    assert_eq!(
        std::fs::read_to_string(&state).unwrap(),
        file,
        "nothing is written"
    );
    let after = json(&state, &["case", "show", "--json"]);
    assert_eq!(after["started"], before["started"]);
    assert!(after["closed"].is_null(), "{after:#}");

    // The same problem on another platform is the same case, moved there.
    on(&state, "mac")
        .args(["case", "start", "status-waiting-to-upload"])
        .assert()
        .success()
        .stderr(predicate::str::starts_with(
            "moved the case on “Waiting To Upload” to Mac: what was tried, the answers and \
             the details stay with it\n",
        ));
    let moved = json(&state, &["case", "show", "--json"]);
    assert_eq!(moved["started"], before["started"], "{moved:#}");
}

#[test]
fn the_report_keeps_what_an_earlier_case_on_the_problem_tried() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    let problem = "photo-missing-on-mac";
    on(&state, "mac")
        .args(["case", "start", problem])
        .assert()
        .success();
    on(&state, "mac")
        .args(["mark", "mac-check-icloud-photos", "didnt-help"])
        .args(["--note", "box was checked already"])
        .assert()
        .success();
    // Closed, then worked again on another platform: a case of its own
    // (started on its own platform, it would be the same case, moved).
    on(&state, "mac").args(["case", "close"]).assert().success();
    std::thread::sleep(std::time::Duration::from_millis(20));
    on(&state, "iphone")
        .args(["case", "start", problem])
        .assert()
        .success();
    let report = on(&state, "iphone").arg("report").assert().success();
    let report = String::from_utf8(report.get_output().stdout.clone()).unwrap();
    let outcomes = report.split("## Left to try").next().unwrap();
    assert!(
        outcomes.contains(
            "check the iCloud Photos box. *(in an earlier case on this problem, on Mac)*"
        ) && outcomes.contains("Note: box was checked already"),
        "{outcomes}"
    );
}

/// A note or a detail holds what the interface's line does, 1,000
/// characters: a longer one is refused, saying so, and nothing is saved.
#[test]
fn a_note_or_detail_longer_than_a_line_holds_is_refused() {
    let (_dir, state, _) = started("status-waiting-to-upload");
    let long = "n".repeat(1001);
    fails(
        &state,
        &["mark", "open-apple-system-status", "done", "--note", &long],
        1,
        "a note holds at most 1000 characters, and this one has 1001; nothing was saved",
    );
    fails(
        &state,
        &["case", "info", "os", &long],
        1,
        "a detail holds at most 1000 characters, and this one has 1001",
    );
    let case = json(&state, &["case", "show", "--json"]);
    assert_eq!(case["details"], serde_json::json!({}), "{case}");
    assert!(!std::fs::read_to_string(&state).unwrap().contains("nnnn"));
    let just = "n".repeat(1000);
    syncfix(&state)
        .args(["mark", "open-apple-system-status", "done", "--note", &just])
        .assert()
        .success();
}

/// `case start` on the open case's problem, on another platform, moves
/// the case there: what was tried, the answers and the details stay.
#[test]
fn starting_the_open_cases_problem_on_another_platform_moves_the_case() {
    let (_dir, state, _) = started("status-waiting-to-upload");
    syncfix(&state)
        .args(["case", "info", "device", "iPhone 15, MacBook Air"])
        .assert()
        .success();
    syncfix(&state)
        .args(["mark", "open-apple-system-status", "didnt-help"])
        .assert()
        .success();
    on(&state, "mac")
        .args(["case", "start", "status-waiting-to-upload"])
        .assert()
        .success();
    let case = json(&state, &["case", "show", "--json"]);
    assert_eq!(case["platform"], "mac", "{case}");
    assert_eq!(
        case["details"]["device"], "iPhone 15, MacBook Air",
        "{case}"
    );
    assert!(case["closed"].is_null(), "{case}");
    let report = syncfix(&state).arg("report").assert().success();
    let report = String::from_utf8(report.get_output().stdout.clone()).unwrap();
    assert!(report.contains("- **Platform:** Mac"), "{report}");
    assert!(
        report.contains("Open the Apple System Status page"),
        "{report}"
    );
}

#[test]
fn taking_back_the_step_that_solved_the_case_reopens_it_and_says_so() {
    let (_dir, state, _) = started("waiting-to-upload");
    let solver = "iphone-fresh-screenshot";
    let reopened = "reopened the case on Items say “Waiting To Upload”: iphone-fresh-screenshot no longer says it fixed it";
    for take_back in [
        vec!["mark", solver, "done"],
        vec!["untick", solver],
        vec!["reset", "--all"],
    ] {
        syncfix(&state)
            .args(["case", "close", "--solved", solver])
            .assert()
            .success();
        syncfix(&state)
            .args(&take_back)
            .assert()
            .success()
            .stderr(predicate::str::contains(reopened));
        assert_eq!(
            json(&state, &["case", "show", "--json"])["closed"],
            serde_json::Value::Null
        );
    }
    // A mark that leaves the solver's "fixed it" alone says nothing of it.
    syncfix(&state)
        .args(["case", "close", "--solved", solver])
        .assert()
        .success();
    syncfix(&state)
        .args(["mark", "open-apple-system-status", "done"])
        .assert()
        .success()
        .stderr(predicate::str::contains("reopened").not());
}

#[test]
fn a_case_started_over_an_open_one_keeps_its_details_and_its_report_goes_on_from_it() {
    let (_dir, state, _) = started("moving-to-new-phone");
    for (field, value) in [("device", "iPhone 15"), ("os", "iOS 18.1")] {
        syncfix(&state)
            .args(["case", "info", field, value])
            .assert()
            .success();
    }
    syncfix(&state)
        .args([
            "mark",
            "same-apple-id",
            "didnt-help",
            "--note",
            "one account",
        ])
        .assert()
        .success();
    syncfix(&state)
        .args(["case", "start", "errors-persist"])
        .assert()
        .success();
    syncfix(&state)
        .args(["case", "info", "os", "iOS 18.2"])
        .assert()
        .success();
    let show = json(&state, &["case", "show", "--json"]);
    assert_eq!(show["problem"], "errors-persist");
    assert_eq!(show["details"]["device"], "iPhone 15");
    assert_eq!(show["details"]["os"], "iOS 18.2");
    let report = syncfix(&state).arg("report").output().unwrap();
    let report = String::from_utf8(report.stdout).unwrap();
    assert!(
        report.contains("- **Goes on from:** Moving to a new phone"),
        "{report}"
    );
    assert!(
        report.contains("- **Device models:** iPhone 15"),
        "{report}"
    );
    assert!(
        report.contains("*(in the case on Moving to a new phone: the library is incomplete on the new one, on iPhone/iPad)*\n   Note: one account"),
        "{report}"
    );
}

#[test]
fn a_case_on_a_problem_of_one_platform_opens_on_it_when_none_is_chosen() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    let mut start = cargo_bin_cmd!("syncfix");
    start
        .env_remove("SYNCFIX_STATE")
        .arg("--state")
        .arg(&state)
        .args(["case", "start", "moving-to-new-phone"])
        .assert()
        .success()
        .stderr(predicate::str::contains("(iPhone/iPad)"));
    assert_eq!(
        json(&state, &["case", "show", "--json"])["platform"],
        "iphone"
    );
}

#[test]
fn starting_the_open_cases_problem_with_no_platform_keeps_its_platform() {
    let (_dir, state, _) = started("waiting-to-upload");
    let mut again = cargo_bin_cmd!("syncfix");
    again
        .env_remove("SYNCFIX_STATE")
        .arg("--state")
        .arg(&state)
        .args(["case", "start", "waiting-to-upload"])
        .assert()
        .success()
        .stderr(predicate::str::contains("is already open"));
    assert_eq!(
        json(&state, &["case", "show", "--json"])["platform"],
        "iphone"
    );
}

/// "fixed it" on a step of another problem closes the open case as the
/// spec has it, and says how to take it back, which reopens the case.
#[test]
fn fixed_it_outside_the_plan_closes_the_case_and_says_how_to_take_it_back() {
    let (_dir, state, _) = started("waiting-to-upload");
    let marked = syncfix(&state)
        .args(["mark", "check-recently-deleted", "fixed-it"])
        .assert()
        .success();
    let said = String::from_utf8(marked.get_output().stderr.clone()).unwrap();
    assert!(
        said.contains(
            "note: check-recently-deleted is not in the plan for Items say “Waiting To Upload” \
             on iPhone/iPad\n\
             closed the case: solved by check-recently-deleted (`syncfix untick \
             check-recently-deleted` takes it back and reopens the case)\n"
        ),
        "{said}"
    );
    assert_eq!(next_json(&state)["case"], serde_json::Value::Null);
    syncfix(&state)
        .args(["untick", "check-recently-deleted"])
        .assert()
        .success()
        .stderr(predicate::str::contains("reopened the case"));
    assert_eq!(
        next_json(&state)["step"]["id"],
        "open-apple-system-status",
        "the case goes on where it was"
    );
}
