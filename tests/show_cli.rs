//! `syncfix show` against the built-in guide: each kind of item as plain
//! text wrapped to 80 columns when piped, platform filtering, unknown ids.

use assert_cmd::Command;

struct Run {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

/// Run syncfix with a fresh, empty progress file.
fn show(args: &[&str]) -> Run {
    let state = tempfile::tempdir().expect("a temporary directory");
    run_with_state(&state.path().join("progress.ron"), args)
}

fn run_with_state(state: &std::path::Path, args: &[&str]) -> Run {
    let output = Command::cargo_bin("syncfix")
        .expect("the syncfix binary is built")
        .env_remove("SYNCFIX_STATE")
        .arg("--state")
        .arg(state)
        .args(args)
        .output()
        .expect("syncfix runs");
    Run {
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        code: output.status.code(),
    }
}

fn assert_plain(run: &Run) {
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    assert!(
        !run.stdout.contains('\u{1b}'),
        "an escape sequence in:\n{}",
        run.stdout
    );
    let widest = run
        .stdout
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!(
        widest <= 80,
        "a line of {widest} columns when piped:\n{}",
        run.stdout
    );
}

#[test]
fn a_symptom_with_places_quick_fix_and_fix_checklists() {
    let run = show(&["show", "waiting-to-upload"]);
    assert_plain(&run);
    insta::assert_snapshot!("show_symptom", run.stdout);
}

#[test]
fn a_symptom_for_one_platform_hides_other_steps_and_says_how_many() {
    // Schema v2's page has no "(N steps for other platforms hidden)" line:
    // the header names the platform and the plan's `N/M steps tried` counts
    // only the steps shown, 9 of the 15 the unfiltered plan has.
    let all = show(&["show", "waiting-to-upload"]);
    assert_plain(&all);
    assert!(
        all.stdout.contains("\n  0/15 steps tried\n"),
        "{}",
        all.stdout
    );
    assert!(all.stdout.contains("(iphone-sync-off)"), "{}", all.stdout);
    let run = show(&["--platform", "mac", "show", "waiting-to-upload"]);
    assert_plain(&run);
    assert_eq!(
        run.stdout.lines().nth(1),
        Some("symptom waiting-to-upload · Mac")
    );
    assert!(
        run.stdout.contains("\n  0/9 steps tried\n"),
        "{}",
        run.stdout
    );
    for iphone_only in [
        "(iphone-sync-off)",
        "(playbook-iphone-reboot)",
        "iPhone/iPad:",
    ] {
        assert!(
            !run.stdout.contains(iphone_only),
            "{iphone_only} for Mac: {}",
            run.stdout
        );
    }
    insta::assert_snapshot!("show_symptom_mac", run.stdout);
}

#[test]
fn a_fix_with_its_steps_and_cautions() {
    let run = show(&["show", "repair-library"]);
    assert_plain(&run);
    assert!(run.stdout.contains("! Caution: "), "{}", run.stdout);
    insta::assert_snapshot!("show_fix", run.stdout);
}

/// The built-in guide's id for a step the test knew by its v1 id.
fn step_id(v1: &str) -> String {
    let (kb, _) = syncfix::kb::load(None).unwrap_or_else(|e| panic!("{e}"));
    let id = kb
        .replaced_ids()
        .get(v1)
        .cloned()
        .unwrap_or_else(|| v1.to_string());
    assert!(
        kb.step(&id).is_some(),
        "{v1} is not a step, nor replaced by one"
    );
    id
}

#[test]
fn a_step_with_its_caution_and_the_fixes_it_is_part_of() {
    // Schema v2: a step's page no longer lists the other steps of its fix
    // with itself marked; it shows its state, its caution and "Part of", the
    // fixes that use it. v1's iphone-sign-out-if-needed is now sign-out-last.
    let id = step_id("iphone-sign-out-if-needed");
    assert_eq!(id, "sign-out-last");
    let run = show(&["show", &id]);
    assert_plain(&run);
    // The title (the step's text) wraps; the header follows it.
    assert_eq!(
        run.stdout.lines().find(|l| l.starts_with("step ")),
        Some("step sign-out-last · all platforms · not done"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  ! Caution: Signing out removes local copies"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("Part of\n  - Sign out only as a last step (sign-out-last-resort)\n"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("show_step", run.stdout);
}

#[test]
fn a_status_message_with_meaning_action_and_fixes() {
    let run = show(&["show", "status-paused"]);
    assert_plain(&run);
    insta::assert_snapshot!("show_status", run.stdout);
    // A status that is normal activity has no fixes: its plan says so.
    let run = show(&["show", "status-syncing-with-icloud"]);
    assert_plain(&run);
    assert!(
        run.stdout.ends_with(
            "Plan, quickest and safest first\n\n  Nothing to fix: this is normal activity.\n"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("[ ]"), "{}", run.stdout);
}

#[test]
fn a_note_with_its_points_and_what_to_collect() {
    let run = show(&["show", "get-help"]);
    assert_plain(&run);
    assert!(run.stdout.contains("What to collect"), "{}", run.stdout);
    insta::assert_snapshot!("show_note", run.stdout);
}

#[test]
fn ticked_steps_are_marked_and_counted() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let state = dir.path().join("progress.ron");
    let tick = |step: &str| {
        let run = run_with_state(&state, &["tick", step]);
        assert_eq!(run.code, Some(0), "tick {step}: {}", run.stderr);
    };
    let marks = |run: &Run| -> Vec<String> {
        run.stdout
            .lines()
            .filter(|l| l.trim_start().starts_with('['))
            .filter_map(|l| l.trim_start().split_inclusive(']').next())
            .map(str::to_string)
            .collect()
    };
    // v1's repair-choose-repair is now part of repair-launch-option-command.
    tick("repair-back-up-first");
    tick(&step_id("repair-choose-repair"));
    let run = run_with_state(&state, &["show", "repair-library"]);
    assert_plain(&run);
    assert_eq!(run.stdout.lines().nth(1), Some("fix repair-library · Mac"));
    // Schema v2 counts at the end of the steps (3 steps now, was 4).
    assert!(
        run.stdout.ends_with("\n  2/3 steps tried\n"),
        "{}",
        run.stdout
    );
    assert_eq!(marks(&run), ["[x]", "[ ]", "[x]"]);

    let run = run_with_state(&state, &["show", "repair-back-up-first"]);
    assert_plain(&run);
    // Schema v2: a step's page is titled with its text and gives its state
    // in the header, no longer as a marked line among its fix's steps.
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("Back up the Photos library before you repair it.")
    );
    let header = lines.next().unwrap_or_default();
    assert!(
        header.starts_with("step repair-back-up-first · Mac · done 20"),
        "{header}"
    );
    let run = run_with_state(
        &state,
        &[
            "mark",
            "repair-back-up-first",
            "done",
            "--note",
            "to the NAS",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let run = run_with_state(&state, &["show", "repair-back-up-first"]);
    assert_eq!(
        run.stdout.lines().nth(2),
        Some("Note: to the NAS"),
        "a step's note, under its state: {}",
        run.stdout
    );

    let run = run_with_state(&state, &["show", "large-files-stuck"]);
    assert!(
        run.stdout.contains("[ ] Keep the devices awake"),
        "unticked elsewhere: {}",
        run.stdout
    );

    // Schema v2: a step shared by two fixes is ticked once and counts in both.
    let run = run_with_state(&state, &["show", "reset-photo-analysis"]);
    assert_eq!(marks(&run), ["[ ]", "[ ]"], "{}", run.stdout);
    tick("mac-reliable-power");
    let run = run_with_state(&state, &["show", "reset-photo-analysis"]);
    assert_plain(&run);
    assert_eq!(marks(&run), ["[x]", "[ ]"], "{}", run.stdout);
    assert!(
        run.stdout.ends_with("\n  1/2 steps tried\n"),
        "{}",
        run.stdout
    );
    let run = run_with_state(&state, &["show", "repair-library"]);
    assert_eq!(marks(&run), ["[x]", "[x]", "[x]"], "{}", run.stdout);
    assert!(
        run.stdout.ends_with("\n  3/3 steps tried\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_unknown_id_fails_and_suggests_the_nearest() {
    let run = show(&["show", "waiting-to-uplod"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with(
            "syncfix: no item with id `waiting-to-uplod`; did you mean waiting-to-upload"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn text_from_a_knowledge_base_cannot_reach_the_terminal_as_control_codes() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let kb = dir.path().join("kb.ron");
    let ron = include_str!("../knowledge.ron");
    let hostile = ron.replacen(
        "title: \"Items say “Waiting To Upload”\"",
        "title: \"Items say \\u{1b}]0;pwned\\u{7}\\u{1b}[2J\"",
        1,
    );
    assert_ne!(hostile, ron, "the fixture edit must apply");
    std::fs::write(&kb, hostile).expect("the fixture is written");
    let kb = kb.to_str().expect("a UTF-8 path");
    for args in [
        &["--kb", kb, "show", "waiting-to-upload"][..],
        &["--kb", kb, "search", "items say"],
    ] {
        let run = show(args);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert!(
            !run.stdout.contains(['\u{1b}', '\u{7}']),
            "{:?}",
            run.stdout
        );
        assert!(
            run.stdout
                .contains("Items say \u{241b}]0;pwned\u{2407}\u{241b}[2J"),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn with_a_platform_the_header_names_it() {
    let run = show(&["show", "waiting-to-upload", "--platform", "iphone"]);
    assert_plain(&run);
    let header = run.stdout.lines().nth(1).expect("a header line");
    assert_eq!(header, "symptom waiting-to-upload · iPhone/iPad");

    let run = show(&["show", "iphone-fresh-screenshot", "--platform", "mac"]);
    let header = run.stdout.lines().find(|l| l.starts_with("step "));
    let header = header.expect("a header line");
    assert_eq!(
        header,
        "step iphone-fresh-screenshot · iPhone/iPad, not Mac · not done"
    );
}

/// `syncfix ARGS` fails with exit code 1 and exactly `stderr`.
fn fails_with(args: &[&str], stderr: &str) {
    let run = show(args);
    assert_eq!((run.code, run.stderr.as_str()), (Some(1), stderr));
}

#[test]
fn a_word_that_is_no_id_gets_no_unrelated_suggestions() {
    fails_with(
        &["show", "nope"],
        "syncfix: no item with id `nope`; `syncfix search \"nope\"` finds items by the words in them\n",
    );
}

#[test]
fn part_of_an_id_suggests_the_symptom_before_the_status_message() {
    fails_with(
        &["show", "waiting"],
        "syncfix: no item with id `waiting`; did you mean waiting-to-upload, status-waiting-to-upload?\n",
    );
}

/// What is suggested can be run: a query that starts with a dash comes
/// after `--`, else `search` would read it as an option.
#[test]
fn an_unknown_id_starting_with_a_dash_suggests_a_search_that_runs() {
    let run = show(&["show", "--", "-x"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr,
        "syncfix: no item with id `-x`; `syncfix search -- \"-x\"` finds items by the words in them\n"
    );
    let search = show(&["search", "--", "-x"]);
    assert_eq!(search.code, Some(0), "{}", search.stderr);
}
