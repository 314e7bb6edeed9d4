//! Every validation rule, each on a small fixture under tests/fixtures/,
//! asserting the exact `FILE:LINE:COLUMN: message` of every problem.

use syncfix::kb::{self, LoadError};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn problems_in(name: &str, bytes: &[u8]) -> Vec<String> {
    match kb::parse(name, bytes) {
        Ok(_) => panic!("{name} was accepted"),
        Err(LoadError::Invalid { problems }) => problems.iter().map(ToString::to_string).collect(),
        Err(other) => panic!("{name}: unexpected error {other}"),
    }
}

fn problems(name: &str) -> Vec<String> {
    problems_in(name, &fixture(name))
}

#[test]
fn the_valid_fixture_loads() {
    let kb = kb::parse("valid.ron", &fixture("valid.ron")).expect("valid.ron is valid");
    assert_eq!(kb.id, "tiny-guide");
    assert_eq!(
        kb.fixes[0].steps[1].caution.as_deref(),
        Some("Back up first.")
    );
}

#[test]
fn a_syntax_error_is_located() {
    assert_eq!(
        problems("syntax.ron"),
        ["syntax.ron:26:42: expected a comma"]
    );
}

#[test]
fn an_unknown_field_suggests_the_known_one() {
    assert_eq!(
        problems("unknown-field.ron"),
        [
            "unknown-field.ron:26:43: unknown field `txt` in a step; did you mean `text`?",
            "unknown-field.ron:26:68: missing field `text` in a step",
        ]
    );
}

#[test]
fn a_missing_field_is_reported_where_the_struct_closes() {
    assert_eq!(
        problems("missing-field.ron"),
        ["missing-field.ron:17:9: missing field `quick_fix` in a symptom"]
    );
}

#[test]
fn a_value_of_the_wrong_type_is_located_at_the_value() {
    assert_eq!(
        problems("wrong-type.ron"),
        ["wrong-type.ron:26:49: expected a string in double quotes"]
    );
}

#[test]
fn a_repeated_field_is_reported() {
    assert_eq!(
        problems("duplicate-field.ron"),
        ["duplicate-field.ron:24:13: field `title` appears twice in a fix"]
    );
}

#[test]
fn duplicate_ids_name_both_places_and_platforms_have_their_own_ids() {
    // `phone` is both a platform and, in valid.ron terms, nothing else:
    // only the second platform `phone` is a duplicate.
    assert_eq!(
        problems("duplicate-id.ron"),
        [
            "duplicate-id.ron:8:22: duplicate id `phone` (first defined at 7:22)",
            "duplicate-id.ron:26:26: duplicate id `basics` (first defined at 22:17)",
            "duplicate-id.ron:47:18: duplicate id `stuck` (first defined at 12:17)",
        ]
    );
}

#[test]
fn a_platform_id_may_equal_an_item_id() {
    let text = String::from_utf8(fixture("valid.ron")).unwrap_or_default();
    let text = text.replace("Note(id: \"help\"", "Note(id: \"phone\"");
    assert!(kb::parse("x.ron", text.as_bytes()).is_ok());
}

#[test]
fn unknown_references_are_named_with_a_suggestion() {
    assert_eq!(
        problems("unknown-reference.ron"),
        [
            "unknown-reference.ron:17:21: unknown fix `basic`; did you mean `basics`?",
            "unknown-reference.ron:17:30: `check-account` is a step, not a fix",
            "unknown-reference.ron:17:47: unknown fix `reinstall`",
        ]
    );
}

#[test]
fn unknown_platforms_are_found_wherever_platforms_are_named() {
    assert_eq!(
        problems("unknown-platform.ron"),
        [
            "unknown-platform.ron:14:25: unknown platform `phnoe`; did you mean `phone`?",
            "unknown-platform.ron:15:45: unknown platform `tablet`; the platforms are phone, desk",
            "unknown-platform.ron:30:33: unknown platform `desktop`; did you mean `desk`?",
            "unknown-platform.ron:42:25: unknown platform `watch`; the platforms are phone, desk",
        ]
    );
}

#[test]
fn empty_and_blank_titles_are_reported_for_every_kind() {
    assert_eq!(
        problems("empty-titles.ron"),
        [
            "empty-titles.ron:4:12: the knowledge base has an empty title",
            "empty-titles.ron:8:36: platform `desk` has an empty name",
            "empty-titles.ron:13:20: symptom `stuck` has an empty title",
            "empty-titles.ron:23:20: fix `basics` has an empty title",
            "empty-titles.ron:26:49: step `check-account` has empty text",
            "empty-titles.ron:39:19: status message `waiting` has empty text",
            "empty-titles.ron:47:33: note `help` has an empty title",
        ]
    );
}

#[test]
fn ids_must_be_kebab_case_and_not_empty() {
    let hint = "is not kebab-case (lowercase letters and digits joined by single hyphens)";
    assert_eq!(
        problems("bad-ids.ron"),
        [
            format!("bad-ids.ron:3:9: id `Tiny Guide` {hint}; did you mean `tiny-guide`?"),
            "bad-ids.ron:8:22: a platform has an empty id".to_string(),
            format!("bad-ids.ron:12:17: id `Stuck` {hint}; did you mean `stuck`?"),
            format!("bad-ids.ron:26:26: id `check_account` {hint}; did you mean `check-account`?"),
            format!("bad-ids.ron:28:25: id `sign--out` {hint}; did you mean `sign-out`?"),
            // The platform `desk` lost its id, so the step naming it is wrong too.
            "bad-ids.ron:30:33: unknown platform `desk`; the platforms are phone".to_string(),
            format!("bad-ids.ron:38:17: id `waiting-` {hint}; did you mean `waiting`?"),
            "bad-ids.ron:47:18: a note has an empty id".to_string(),
        ]
    );
}

#[test]
fn a_fix_needs_steps() {
    assert_eq!(
        problems("no-steps.ron"),
        ["no-steps.ron:21:80: fix `nothing-yet` has no steps"]
    );
}

#[test]
fn top_level_fields_are_checked_like_any_other() {
    assert_eq!(
        problems("top-level.ron"),
        [
            "top-level.ron:6:5: unknown field `version` in the knowledge base; expected one of `id`, \
             `title`, `summary`, `platforms`, `symptoms`, `fixes`, `statuses`, `notes`",
            "top-level.ron:7:5: field `title` appears twice in the knowledge base",
            "top-level.ron:48:1: missing field `notes` in the knowledge base",
        ]
    );
}

#[test]
fn a_bracket_closing_the_wrong_bracket_names_both() {
    assert_eq!(
        problems("unbalanced.ron"),
        ["unbalanced.ron:8:45: `]` where `)` was expected, to close `(` (opened at 8:17)"]
    );
}

#[test]
fn problems_of_every_kind_are_all_reported_in_file_order() {
    assert_eq!(
        problems("many-problems.ron"),
        [
            "many-problems.ron:4:12: the knowledge base has an empty title",
            "many-problems.ron:13:13: unknown field `colour` in a symptom; expected one of `id`, \
             `title`, `platforms`, `where_to_look`, `quick_fix`, `fixes`",
            "many-problems.ron:14:45: unknown platform `tablet`; the platforms are phone",
            "many-problems.ron:16:21: unknown fix `basic`; did you mean `basics`?",
            "many-problems.ron:26:42: expected a comma",
            "many-problems.ron:27:26: duplicate id `stuck` (first defined at 11:17)",
            "many-problems.ron:28:43: expected a string in double quotes",
            "many-problems.ron:31:78: fix `later` has no steps",
        ]
    );
}

#[test]
fn columns_count_characters_and_a_byte_order_mark_is_skipped() {
    let text = "\u{feff}KnowledgeBase(id: \"é\", title: \"平台 ✓\", zzz: 1)";
    let found = problems_in("u.ron", text.as_bytes());
    assert_eq!(
        found[0],
        "u.ron:1:19: id `é` is not kebab-case (lowercase letters and digits joined by single hyphens)"
    );
    assert!(found[1].starts_with("u.ron:1:39: unknown field `zzz` in the knowledge base"));
}

#[test]
fn windows_line_endings_keep_lines_and_columns() {
    let text = String::from_utf8(fixture("syntax.ron")).unwrap_or_default();
    let text = text.replace('\n', "\r\n");
    assert_eq!(
        problems_in("crlf.ron", text.as_bytes()),
        ["crlf.ron:26:42: expected a comma"]
    );
}

#[test]
fn the_file_s_own_ron_extensions_are_honoured_item_by_item() {
    let text = String::from_utf8(fixture("valid.ron")).unwrap_or_default();
    let text = format!("#![enable(implicit_some)]\n{text}")
        .replace("Some(\"Back up first.\")", "\"Back up first.\"")
        .replace("text: \"Check the account.\"", "text: \"\"")
        .replace("collect: [\"Model\"]", "collect: [\"Model\"], bogus: 1");
    // The unknown field sends the file down the item-by-item path; the
    // step's bare `caution` string must still be read as `Some`.
    assert_eq!(
        problems_in("ext.ron", text.as_bytes()),
        [
            "ext.ron:27:49: step `check-account` has empty text",
            "ext.ron:48:112: unknown field `bogus` in a note; expected one of `id`, `title`, \
             `summary`, `points`, `collect`",
        ]
    );
}

#[test]
fn an_item_of_the_wrong_kind_is_one_problem_and_keeps_its_id() {
    let text = String::from_utf8(fixture("valid.ron")).unwrap_or_default();
    let text = text.replace(
        "Fix(\n            id: \"basics\"",
        "Note(\n            id: \"basics\"",
    );
    // Not also "unknown field `steps`", "missing field", or "unknown fix `basics`".
    assert_eq!(
        problems_in("kind.ron", text.as_bytes()),
        ["kind.ron:21:9: expected `Fix(`, found `Note(`"]
    );
}
