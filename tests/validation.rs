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
        Err(LoadError::Invalid { problems, .. }) => {
            problems.iter().map(ToString::to_string).collect()
        }
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
        kb.step("sign-out").and_then(|s| s.caution.as_deref()),
        Some("Back up first.")
    );
    assert_eq!(kb.replaced_ids()["same-account"], "check-account");
    assert_eq!(kb.questions[1].answers[0].next, "waiting");
    assert_eq!(kb.synonyms, [["pc", "desktop"]]);
}

#[test]
fn a_syntax_error_is_located() {
    assert_eq!(
        problems("syntax.ron"),
        ["syntax.ron:22:34: expected a comma"]
    );
}

#[test]
fn an_unknown_field_suggests_the_known_one() {
    assert_eq!(
        problems("unknown-field.ron"),
        ["unknown-field.ron:22:35: unknown field `txt` in a step; did you mean `text`?"]
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
        ["wrong-type.ron:22:41: expected a string in double quotes"]
    );
}

#[test]
fn a_repeated_field_is_reported() {
    assert_eq!(
        problems("duplicate-field.ron"),
        ["duplicate-field.ron:30:13: field `title` appears twice in a fix"]
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
            // The step `basics` is defined first, so references to the fix
            // `basics` are to a step, not a fix.
            "duplicate-id.ron:17:21: `basics` is a step, not a fix",
            "duplicate-id.ron:27:17: duplicate id `basics` (first defined at 22:18)",
            "duplicate-id.ron:41:21: `basics` is a step, not a fix",
            "duplicate-id.ron:45:18: duplicate id `stuck` (first defined at 12:17)",
        ]
    );
}

#[test]
fn a_platform_id_may_equal_an_item_id() {
    let text = String::from_utf8(fixture("valid.ron")).unwrap_or_default();
    let text = text
        .replace("Note(id: \"help\"", "Note(id: \"phone\"")
        .replace("notes: [\"help\"]", "notes: [\"phone\"]");
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
            "unknown-platform.ron:23:74: unknown platform `desktop`; did you mean `desk`?",
            "unknown-platform.ron:40:25: unknown platform `watch`; the platforms are phone, desk",
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
            "empty-titles.ron:22:41: step `check-account` has empty text",
            "empty-titles.ron:23:92: step `sign-out` has an empty caution (leave it out for none)",
            "empty-titles.ron:29:20: fix `basics` has an empty title",
            "empty-titles.ron:37:19: status message `waiting` has empty text",
            "empty-titles.ron:45:33: note `help` has an empty title",
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
            format!("bad-ids.ron:22:18: id `check_account` {hint}; did you mean `check-account`?"),
            format!("bad-ids.ron:23:18: id `sign--out` {hint}; did you mean `sign-out`?"),
            // The platform `desk` lost its id, so the step naming it is wrong too.
            "bad-ids.ron:23:75: unknown platform `desk`; the platforms are phone".to_string(),
            format!("bad-ids.ron:36:17: id `waiting-` {hint}; did you mean `waiting`?"),
            "bad-ids.ron:45:18: a note has an empty id".to_string(),
        ]
    );
}

#[test]
fn a_fix_needs_steps() {
    assert_eq!(
        problems("no-steps.ron"),
        ["no-steps.ron:26:95: fix `nothing-yet` has no steps"]
    );
}

#[test]
fn top_level_fields_are_checked_like_any_other() {
    assert_eq!(
        problems("top-level.ron"),
        // Only the first problem: ron stops reading there.
        [
            "top-level.ron:6:5: unknown field `version` in the knowledge base; expected one of `id`, \
          `title`, `summary`, `platforms`, `tiers`, `steps`, `fixes`, `symptoms`, `statuses`, \
          `notes`, `questions`, `retired`, `synonyms`"
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
            "many-problems.ron:5:12: the knowledge base has an empty title",
            "many-problems.ron:14:45: unknown platform `tablet`; the platforms are phone",
            "many-problems.ron:16:21: unknown fix `basic`; did you mean `basics`?",
            "many-problems.ron:22:18: id `check-account` was replaced by step `restart` and must \
             not be used again",
            "many-problems.ron:23:18: duplicate id `stuck` (first defined at 12:17)",
            "many-problems.ron:29:19: unknown tier `cheap`; the tiers are basic",
            "many-problems.ron:34:93: fix `later` has no steps",
        ]
    );
}

#[test]
fn fixes_name_known_tiers_and_links_name_items_of_the_right_kind() {
    assert_eq!(
        problems("plan-rules.ron"),
        [
            "plan-rules.ron:18:24: `help` is a note, not a status message",
            "plan-rules.ron:19:21: `waiting` is a status message, not a note",
            "plan-rules.ron:31:19: unknown tier `basics-tier`; did you mean `basic`?",
            "plan-rules.ron:34:50: `check-account` is listed twice",
        ]
    );
}

#[test]
fn retired_ids_are_never_used_again_nor_retired_twice() {
    assert_eq!(
        problems("retired.ron"),
        [
            "retired.ron:48:18: id `old-step` is retired and must not be used again",
            "retired.ron:60:27: retired id `same-account` is taken over by step `check-account` already (its `replaces`); list it there alone (first listed at 25:74)",
        ]
    );
}

#[test]
fn questions_lead_somewhere_never_in_a_circle_and_reach_every_problem() {
    assert_eq!(
        problems("questions.ron"),
        [
            "questions.ron:39:17: no question leads to status message `waiting`",
            "questions.ron:52:49: unknown platform `tablet`; the platforms are phone, desk",
            "questions.ron:57:40: `help` is a note, not a question, symptom or status message",
            "questions.ron:58:43: unknown question, symptom or status message `nowhere`",
            "questions.ron:61:40: question `which-device` leads back to itself: answers go in a \
             circle",
            "questions.ron:63:22: no question leads to question `empty`",
            "questions.ron:63:61: question `empty` has 0 answers; give it 1 to 9, one key each",
        ]
    );
}

#[test]
fn suggestions_stay_cheap_with_thousands_of_unknown_references() {
    let text = String::from_utf8(fixture("valid.ron")).unwrap_or_default();
    let unknown: Vec<String> = (0..8000).map(|i| format!("\"missing-fix-{i}\"")).collect();
    let text = text.replacen(
        "fixes: [\"basics\"],",
        &format!("fixes: [{}],", unknown.join(", ")),
        1,
    );
    let found = problems_in("many.ron", text.as_bytes());
    assert_eq!(
        found.len(),
        1001,
        "1,000 problems and a line saying how many more"
    );
    assert!(
        found[0].ends_with("unknown fix `missing-fix-0`"),
        "{}",
        found[0]
    );
    assert_eq!(found[1000], "many.ron:17:18911: and 7000 more problems");
}

#[test]
fn columns_count_characters_and_a_byte_order_mark_is_skipped() {
    let text = "\u{feff}KnowledgeBase(title: \"平台 ✓\", id: \"é\", summary: \"\", platforms: [], \
                tiers: [], steps: [], fixes: [], symptoms: [], statuses: [], notes: [])";
    let found = problems_in("u.ron", text.as_bytes());
    assert_eq!(
        found,
        [
            "u.ron:1:34: id `é` is not kebab-case (lowercase letters and digits joined by single hyphens)"
        ]
    );
}

#[test]
fn windows_line_endings_keep_lines_and_columns() {
    let text = String::from_utf8(fixture("syntax.ron")).unwrap_or_default();
    let text = text.replace('\n', "\r\n");
    assert_eq!(
        problems_in("crlf.ron", text.as_bytes()),
        ["crlf.ron:22:34: expected a comma"]
    );
}

#[test]
fn the_file_s_own_ron_extensions_are_honoured_item_by_item() {
    let text = String::from_utf8(fixture("valid.ron")).unwrap_or_default();
    let text = format!("#![enable(implicit_some)]\n{text}")
        .replace("Some(\"Back up first.\")", "\"Back up first.\"")
        .replace("text: \"Check the account.\"", "text: \"\"")
        .replace("collect: [\"Model\"]", "collect: [\"Model\"], bogus: 1");
    // The step's bare `caution` string is read as `Some`, so the first
    // problem is the note's unknown field.
    assert_eq!(
        problems_in("ext.ron", text.as_bytes()),
        [
            "ext.ron:49:112: unknown field `bogus` in a note; expected one of `id`, `title`, \
          `summary`, `points`, `collect`, `words`"
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
    assert_eq!(
        problems_in("kind.ron", text.as_bytes()),
        ["kind.ron:29:9: expected `Fix(`, found `Note(`"]
    );
}

#[test]
fn problems_past_those_listed_are_counted_not_placed() {
    // 3,000 steps naming two unknown platforms each: the problems are
    // placed only as far as the 1,001st, yet all 6,000 are counted.
    let text = String::from_utf8(fixture("valid.ron")).unwrap_or_default();
    let steps: Vec<String> = (0..3000)
        .map(|i| format!("Step(id: \"s-{i}\", text: \"T\", platforms: [\"tablet\", \"watch\"]),\n"))
        .collect();
    let text = text.replacen(
        "    steps: [\n",
        &format!("    steps: [\n{}", steps.concat()),
        1,
    );
    let found = problems_in("big.ron", text.as_bytes());
    assert_eq!(found.len(), 1001);
    assert_eq!(
        found[0],
        "big.ron:25:40: unknown platform `tablet`; the platforms are phone, desk"
    );
    assert_eq!(
        found[999],
        "big.ron:524:52: unknown platform `watch`; the platforms are phone, desk"
    );
    assert_eq!(found[1000], "big.ron:525:42: and 5000 more problems");
    let Err(LoadError::Invalid { total, .. }) = kb::parse("big.ron", text.as_bytes()) else {
        panic!("big.ron was accepted");
    };
    assert_eq!(
        total, 6000,
        "every problem is counted, not the lines listed"
    );
}

#[test]
fn an_empty_answer_is_named_by_its_number_and_question() {
    let text = String::from_utf8(fixture("valid.ron")).unwrap_or_default();
    let text = text.replacen("Answer(text: \"The desktop\"", "Answer(text: \" \"", 1);
    assert_eq!(
        problems_in("answer.ron", text.as_bytes()),
        ["answer.ron:53:26: answer 2 of question `which-device` has empty text"]
    );
}

#[test]
fn two_answers_a_person_could_not_tell_apart_are_named() {
    let text = String::from_utf8(fixture("valid.ron")).unwrap_or_default();
    let text = text.replacen(
        "Answer(text: \"The desktop\"",
        "Answer(text: \"the  PHONE\"",
        1,
    );
    assert_eq!(
        problems_in("answers.ron", text.as_bytes()),
        [
            "answers.ron:53:26: answer 2 of question `which-device` says what answer 1 says (that one at 52:26)"
        ]
    );
}

#[test]
fn a_symptom_needs_fixes() {
    let text = String::from_utf8(fixture("valid.ron")).unwrap_or_default();
    let text = text.replacen("fixes: [\"basics\"]", "fixes: []", 1);
    assert_eq!(
        problems_in("symptom.ron", text.as_bytes()),
        ["symptom.ron:17:20: symptom `stuck` has no fixes, so its plan would be empty"]
    );
}

#[test]
fn an_unknown_field_is_shown_as_written_with_invisible_characters_made_visible() {
    let text = String::from_utf8(fixture("valid.ron")).unwrap_or_default();
    let text = text.replacen(
        "Platform(id: \"phone\"",
        "Platform(i\u{202e}d: \"phone\"",
        1,
    );
    assert_eq!(
        problems_in("bidi.ron", text.as_bytes()),
        ["bidi.ron:7:18: unknown field `i<U+202E>d` in a platform; did you mean `id`?"]
    );
}

#[test]
fn a_control_character_before_a_value_is_reported_where_it_is() {
    let text = String::from_utf8(fixture("valid.ron")).unwrap_or_default();
    let text = text.replacen(
        "title: \"A tiny guide\"",
        "title: \u{1b}\"A tiny guide\"",
        1,
    );
    assert_eq!(
        problems_in("esc.ron", text.as_bytes()),
        ["esc.ron:4:12: unexpected control character U+001B outside a string"]
    );
}

#[test]
fn a_string_never_closed_is_reported_where_it_opens() {
    let text = String::from_utf8(fixture("valid.ron")).unwrap_or_default();
    let text = text.replacen("id: \"tiny-guide\"", "id: \"Plan test", 1);
    assert_eq!(
        problems_in("open.ron", text.as_bytes()),
        ["open.ron:3:9: string is never closed"]
    );
}

#[test]
fn no_platform_is_called_all_and_every_question_has_an_answer_on_each_platform() {
    assert_eq!(
        problems("platform-answers.ron"),
        [
            "platform-answers.ron:10:22: a platform's id must not be `all`: `--platform all` \
             means every platform; give it another",
            "platform-answers.ron:10:35: a platform's name must not be `All`: `--platform All` \
             means every platform; give it another",
            "platform-answers.ron:46:76: question `what-do-you-see` has no answer for Desktop: \
             each of its answers leads to a symptom or status message for other platforms",
        ]
    );
}

/// A text holds at most `kb::MAX_TEXT` characters, counted as characters,
/// not bytes: one past it, in any field and in lists too, is a problem at
/// the text's place that names the field and the item.
#[test]
fn a_text_holds_at_most_max_text_characters() {
    let valid = String::from_utf8(fixture("valid.ron")).expect("UTF-8");
    let most = "é".repeat(kb::MAX_TEXT);
    let over = "x".repeat(kb::MAX_TEXT + 1);
    let at_most = valid
        .replace("Check the account.", &most)
        .replace("Be specific.", &most);
    assert!(kb::parse("long.ron", at_most.as_bytes()).is_ok());
    let too_long = valid
        .replace("Check the account.", &over)
        .replace("Be specific.", &over)
        .replace("Settings > Sync", &over);
    assert_eq!(
        problems_in("long.ron", too_long.as_bytes()),
        [
            "long.ron:15:61: `place` of symptom `stuck`: 10001 characters, \
             and a text holds at most 10000",
            "long.ron:25:41: `text` of step `check-account`: 10001 characters, \
             and a text holds at most 10000",
            "long.ron:48:75: `points` of note `help`: 10001 characters, \
             and a text holds at most 10000",
        ]
    );
}

/// Lines that end in a carriage return alone read as one line, which a
/// first comment takes whole: that is what is said, not "only comments".
#[test]
fn old_mac_line_endings_are_named() {
    let valid = String::from_utf8(fixture("valid.ron")).expect("UTF-8");
    assert_eq!(
        problems_in("cr.ron", valid.replace('\n', "\r").as_bytes()),
        [
            "cr.ron:1:1: its lines end in a carriage return alone (old Mac line endings), so it \
          reads as one line; save it with LF or CRLF line endings"
        ]
    );
    let crlf = valid.replace('\n', "\r\n");
    assert!(kb::parse("crlf.ron", crlf.as_bytes()).is_ok());
}

#[test]
fn a_problem_for_a_platform_no_step_of_its_fixes_is_for_is_told() {
    let text = String::from_utf8(fixture("valid.ron")).unwrap_or_default();
    // Both steps are for the desktop alone; the symptom is for the phone.
    let text = text.replace(
        "Step(id: \"check-account\", text: \"Check the account.\",",
        "Step(id: \"check-account\", text: \"Check the account.\", platforms: [\"desk\"],",
    );
    assert_eq!(
        problems_in("x.ron", text.as_bytes()),
        [
            "x.ron:17:20: symptom `stuck` is for Phone, but no step of its fixes is, so its plan there would be empty",
            "x.ron:44:20: status message `waiting` is for Phone, but no step of its fixes is, so its plan there would be empty",
        ]
    );
}

#[test]
fn a_reference_to_a_replaced_step_names_the_step_that_took_it_over() {
    let text = String::from_utf8(fixture("valid.ron")).unwrap_or_default();
    let text = text.replace(
        "steps: [\"check-account\", \"sign-out\"]",
        "steps: [\"same-account\", \"sign-out\", \"old-step\"]",
    );
    assert_eq!(
        problems_in("x.ron", text.as_bytes()),
        [
            "x.ron:34:21: step `same-account` was replaced by step `check-account`; use `check-account`",
            "x.ron:34:49: `old-step` is a retired id, not a step",
        ]
    );
}

#[test]
fn a_guide_without_tiers_says_so_and_platforms_are_listed_once() {
    let text = String::from_utf8(fixture("valid.ron")).unwrap_or_default();
    let text = text
        .replace("tiers: [Tier(id: \"basic\", name: \"Basic\")]", "tiers: []")
        .replace(
            "Platform(id: \"desk\", name: \"Desktop\")",
            "Platform(id: \"phone\", name: \"Desktop\")",
        )
        .replace(
            "platforms: [\"desk\"], caution",
            "platforms: [\"tablet-computer\"], caution",
        );
    let found = problems_in("x.ron", text.as_bytes());
    assert!(
        found
            .iter()
            .any(|p| p.ends_with("unknown tier `basic`; the knowledge base lists no tiers")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.ends_with("unknown platform `tablet-computer`; the platforms are phone")),
        "{found:?}"
    );
}
