//! `syncfix check` against the real binary: summaries, problem lists, exit
//! codes, and input that is not a knowledge base at all.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

fn syncfix() -> Command {
    let mut command = Command::cargo_bin("syncfix").unwrap_or_else(|e| panic!("{e}"));
    command.env_remove("SYNCFIX_STATE").env("NO_COLOR", "1");
    command
}

fn check(path: &Path) -> assert_cmd::assert::Assert {
    syncfix().arg("check").arg("--kb").arg(path).assert()
}

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
    path
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[test]
fn the_built_in_guide_checks_clean() {
    let (kb, _) = syncfix::kb::load(None).unwrap_or_else(|e| panic!("{e}"));
    let expected = format!(
        "the built-in guide “{}”: ok: {}, {}, {}, {}, {}, {}\n",
        kb.title,
        plural(kb.platforms.len(), "platform", "platforms"),
        plural(kb.symptoms.len(), "symptom", "symptoms"),
        plural(kb.fixes.len(), "fix", "fixes"),
        plural(kb.steps.len(), "step", "steps"),
        plural(kb.statuses.len(), "status message", "status messages"),
        plural(kb.notes.len(), "note", "notes"),
    );
    syncfix()
        .arg("check")
        .assert()
        .success()
        .stdout(expected)
        .stderr("");
    // The counts the line above is built from, pinned for the built-in guide.
    syncfix().arg("check").assert().success().stdout(
        "the built-in guide “iCloud Photos Won't Sync? Quick Fix Guide”: ok: 3 platforms, \
         22 symptoms, 30 fixes, 61 steps, 5 status messages, 6 notes\n",
    );
}

#[test]
fn a_valid_file_gets_a_one_line_summary() {
    syncfix()
        .args(["check", "--kb", "tests/fixtures/valid.ron"])
        .assert()
        .success()
        .stdout(
            "tests/fixtures/valid.ron: ok: 2 platforms, 1 symptom, 1 fix, 2 steps, \
             1 status message, 1 note\n",
        );
}

#[test]
fn every_problem_is_listed_then_counted() {
    // Schema v2: a syntax or field error stops the reading and is reported
    // alone (see `one_problem_is_counted_in_the_singular`), so this fixture
    // now holds only problems found after reading, and all of them are listed.
    let file = "tests/fixtures/many-problems.ron";
    let expected = [
        "5:12: the knowledge base has an empty title",
        "14:45: unknown platform `tablet`; the platforms are phone",
        "16:21: unknown fix `basic`; did you mean `basics`?",
        "22:18: id `check-account` was replaced by step `restart` and must not be used again",
        "23:18: duplicate id `stuck` (first defined at 12:17)",
        "29:19: unknown tier `cheap`; the tiers are basic",
        "34:93: fix `later` has no steps",
    ];
    let mut stderr: String = expected.iter().map(|p| format!("{file}:{p}\n")).collect();
    stderr.push_str(&format!("7 problems in {file}\n"));
    syncfix()
        .args(["check", "--kb", file])
        .assert()
        .code(1)
        .stdout("")
        .stderr(stderr);
}

#[test]
fn one_problem_is_counted_in_the_singular() {
    syncfix()
        .args(["check", "--kb", "tests/fixtures/syntax.ron"])
        .assert()
        .code(1)
        .stderr(
            "tests/fixtures/syntax.ron:22:34: expected a comma\n\
             1 problem in tests/fixtures/syntax.ron\n",
        );
}

#[test]
fn usage_errors_exit_2() {
    syncfix().args(["check", "extra"]).assert().code(2);
    syncfix().args(["check", "--kb"]).assert().code(2);
    syncfix().args(["check", "--no-such-flag"]).assert().code(2);
}

#[test]
fn a_missing_file_is_named() {
    let dir = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let missing = dir.path().join("missing.ron");
    let message = format!(
        "syncfix: cannot read knowledge base {}: ",
        missing.display()
    );
    check(&missing)
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(message));
    check(dir.path())
        .code(1)
        .stderr(predicate::str::starts_with(
            "syncfix: cannot read knowledge base",
        ));
}

#[test]
fn other_commands_report_an_invalid_knowledge_base_as_check_does() {
    for args in [&["search", "x"][..], &["report"], &["tick", "a-step"], &[]] {
        syncfix()
            .args(args)
            .args(["--kb", "tests/fixtures/syntax.ron"])
            .assert()
            .code(1)
            .stdout("")
            .stderr(
                "tests/fixtures/syntax.ron:22:34: expected a comma\n\
                 1 problem in tests/fixtures/syntax.ron\n",
            );
    }
}

/// Runs `check` on `bytes` and returns its stderr, asserting exit status 1.
fn rejected(name: &str, bytes: &[u8]) -> String {
    let dir = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let path = write(&dir, name, bytes);
    let output = check(&path).code(1).stdout("").get_output().stderr.clone();
    let text = String::from_utf8(output).unwrap_or_else(|e| panic!("stderr not UTF-8: {e}"));
    text.replace(&path.display().to_string(), name)
}

#[test]
fn an_empty_file_is_not_a_knowledge_base() {
    assert_eq!(
        rejected("empty.ron", b""),
        "empty.ron:1:1: the file is empty; a knowledge base starts with `KnowledgeBase(`\n\
         1 problem in empty.ron\n"
    );
    assert_eq!(
        rejected("comments.ron", b"// nothing\n/* here */\n"),
        "comments.ron:1:1: the file holds only comments; a knowledge base starts with \
         `KnowledgeBase(`\n1 problem in comments.ron\n"
    );
}

#[test]
fn binary_junk_is_not_utf8_and_says_where() {
    assert_eq!(
        rejected("junk.bin", b"Knowledge\nBa\x00se\xff\xfe\x80("),
        "junk.bin:2:6: not UTF-8 text (byte 0xFF); a knowledge base must be UTF-8\n\
         1 problem in junk.bin\n"
    );
}

#[test]
fn fifty_megabytes_of_one_character_are_rejected() {
    let stderr = rejected("x.ron", &vec![b'x'; 50 * 1024 * 1024]);
    assert_eq!(
        stderr,
        "x.ron:1:1: expected `KnowledgeBase(`, found `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…(`\n\
         1 problem in x.ron\n"
    );
}

#[test]
fn deeply_nested_brackets_are_rejected_without_overflowing() {
    // Schema v2: the nesting problem is reported alone (it used to come with
    // a second problem about how the file starts).
    assert_eq!(
        rejected("brackets.ron", &vec![b'['; 200_000]),
        "brackets.ron:1:129: nested more than 128 levels deep: this is not a knowledge base\n\
         1 problem in brackets.ron\n"
    );
    assert_eq!(
        rejected("parens.ron", &vec![b'('; 200_000]),
        "parens.ron:1:129: nested more than 128 levels deep: this is not a knowledge base\n\
         1 problem in parens.ron\n"
    );
}

#[test]
fn a_huge_unterminated_string_is_reported_where_it_starts() {
    let mut text = b"KnowledgeBase(\n    id: \"".to_vec();
    text.resize(text.len() + 20 * 1024 * 1024, b'a');
    assert_eq!(
        rejected("string.ron", &text),
        "string.ron:2:9: string is never closed\n1 problem in string.ron\n"
    );
}

#[test]
fn a_truncated_file_says_what_is_left_open() {
    let valid = std::fs::read("tests/fixtures/valid.ron").unwrap_or_default();
    let cut = valid.len() / 2;
    let stderr = rejected("cut.ron", &valid[..cut]);
    // The cut falls just after `tier: "basic",` (at the indent of the next
    // line) inside `Fix(`.
    let opened = "the file ends before `(` is closed (opened at 29:12)";
    assert_eq!(
        stderr,
        format!("cut.ron:32:13: {opened}\n1 problem in cut.ron\n")
    );
}

#[test]
fn control_characters_in_problems_and_paths_never_reach_the_terminal() {
    // Schema v2 reports a missing field alone, so the bad id goes into an
    // otherwise complete file (valid.ron) for its problem to be reported.
    let valid = std::fs::read_to_string("tests/fixtures/valid.ron").unwrap_or_default();
    let evil = valid.replacen("id: \"tiny-guide\"", "id: \"\u{1b}]0;owned\u{7}\"", 1);
    assert_ne!(evil, valid, "valid.ron no longer has the id `tiny-guide`");
    let dir = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let path = write(&dir, "evil\u{1b}[2J.ron", evil.as_bytes());
    let output = check(&path).code(1).get_output().stderr.clone();
    assert!(
        !output.iter().any(|&b| b == 0x1b || b == 0x07),
        "{output:?}"
    );
    let text = String::from_utf8_lossy(&output);
    assert!(
        text.contains("evil\u{241b}[2J.ron:3:9: id `\u{241b}]0;owned\u{2407}` is not kebab-case")
    );
    let missing = dir.path().join("gone\u{7}.ron");
    let output = check(&missing).code(1).get_output().stderr.clone();
    assert!(!output.contains(&0x07), "{output:?}");
}
