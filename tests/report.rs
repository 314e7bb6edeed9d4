//! The case record for support, rendered from a fixture guide and fixture
//! progress at a fixed time.

use std::path::Path;

use jiff::{Timestamp, ZonedDateTime, tz};
use syncfix::kb::{self, KnowledgeBase};
use syncfix::progress::Store;
use syncfix::report;
use tempfile::TempDir;

fn guide() -> KnowledgeBase {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/progress/guide.ron");
    kb::load(Some(&path)).unwrap().0
}

/// 2025-03-14 09:30 at UTC+01:00.
fn now() -> ZonedDateTime {
    let t: Timestamp = "2025-03-14T08:30:00Z".parse().unwrap();
    t.to_zoned_datetime(tz::TimeZone::fixed(tz::offset(1)))
}

/// A store for the fixture guide holding `progress` (the file's text).
fn store(dir: &TempDir, progress: &str) -> Store {
    let path = dir.path().join("progress.ron");
    std::fs::write(&path, progress).unwrap();
    let store = Store::open(path, "fixture-guide", Default::default());
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    store
}

/// A "Waiting To Upload" case on the phone: three outcomes (one outside the
/// plan, one with a note full of Markdown), then fixed by a restart. An
/// older, closed case and a step tried long before stay out of it.
const FINISHED: &str = r#"Progress(
    version: 2,
    guides: {
        "fixture-guide": Guide(
            steps: {
                "same-account": Outcome(state: Done, at: "2025-03-13T20:04:05Z"),
                "wifi-power": Outcome(state: DidntHelp, at: "2025-03-13T20:30:00Z", note: Some("Left it *all* night_ on [Wi-Fi](x) <b>#1</b>")),
                "check-quota": Outcome(state: Skipped, at: "2025-03-13T21:00:00Z"),
                "phone-restart": Outcome(state: FixedIt, at: "2025-03-14T07:15:00Z"),
                "delete-duplicates": Outcome(state: Done, at: "2024-01-01T00:00:00Z"),
            },
            cases: [
                Case(
                    problem: "blurry-thumbnails",
                    platform: Some("phone"),
                    started: "2024-01-01T00:00:00Z",
                    closed: Some(Closed(at: "2024-01-02T00:00:00Z")),
                ),
                Case(
                    problem: "status-waiting",
                    platform: Some("phone"),
                    started: "2025-03-13T20:00:00Z",
                    answers: [("Which device?", "Phone"), ("What does it say?", "Waiting To Upload")],
                    details: {"device": "Phone 15", "os": "PhoneOS 18.3"},
                    closed: Some(Closed(at: "2025-03-14T07:15:00Z", solved_by: Some("phone-restart"))),
                ),
            ],
        ),
    },
)"#;

#[test]
fn record_of_a_finished_case() {
    let dir = TempDir::new().unwrap();
    let text = report::render(&guide(), &store(&dir, FINISHED), &now());
    assert!(!text.contains("Thumbnails are blurry"), "never had it");
    assert!(
        !text.contains("Delete duplicate"),
        "tried before, not in this plan"
    );
    assert!(
        text.lines().count() <= 60,
        "short: {} lines",
        text.lines().count()
    );
    insta::assert_snapshot!("finished_case", text);
}

#[test]
fn an_open_case_tried_but_for_a_skipped_step_lists_it_as_left_and_what_is_missing() {
    let progress = FINISHED
        .replace(
            r#"closed: Some(Closed(at: "2025-03-14T07:15:00Z", solved_by: Some("phone-restart"))),"#,
            "",
        )
        .replace("FixedIt", "DidntHelp")
        .replace(
            r#"},
            cases"#,
            r#"    "sign-out": Outcome(state: Skipped, at: "2025-03-14T08:00:00Z"),
            },
            cases"#,
        );
    let dir = TempDir::new().unwrap();
    let text = report::render(&guide(), &store(&dir, &progress), &now());
    assert!(text.contains("- **Case:** open"), "{text}");
    let left = text.split("## Left to try").nth(1).unwrap_or_default();
    let left = left.split("\n## ").next().unwrap_or_default();
    assert_eq!(left.trim().lines().count(), 1, "{left}");
    assert!(
        left.contains("; skipped)*"),
        "a skipped step is still to try: {left}"
    );
    assert!(left.to_lowercase().contains("sign out"), "{left}");
    assert!(text.contains("- **Library size:** *not given yet*"));
    assert!(text.contains("## Getting help"));
    assert!(
        text.contains(
            "**Have ready for support:** Device models and OS versions; The exact status message."
        ),
        "{text}"
    );
}

/// Outcomes of the same moment (a script's marks) are listed in plan
/// order, and those outside the plan after them.
#[test]
fn outcomes_of_one_moment_are_in_plan_order_with_others_after() {
    let progress = FINISHED
        .replace("2025-03-13T20:04:05Z", "2025-03-13T20:30:00Z")
        .replace("2025-03-13T21:00:00Z", "2025-03-13T20:30:00Z");
    let dir = TempDir::new().unwrap();
    let text = report::render(&guide(), &store(&dir, &progress), &now());
    let at = |text_of_step: &str| text.find(text_of_step).unwrap_or_else(|| panic!("{text}"));
    assert!(
        at("Use the same account") < at("Connect to Wi-Fi"),
        "{text}"
    );
    assert!(
        at("Connect to Wi-Fi") < at("Check how much account storage"),
        "{text}"
    );
}

/// A note sits under its item's text, as far in as the item's number
/// and its dot: from the tenth item on, four columns, so that Markdown
/// keeps it in the item.
#[test]
fn a_note_is_indented_as_far_as_its_items_text() {
    let more: String = (1..=9)
        .map(|n| format!("\"gone-{n}\": Outcome(state: Done, at: \"2025-03-14T07:2{n}:00Z\"),\n"))
        .collect();
    let progress = FINISHED.replace(
        r#""phone-restart": Outcome(state: FixedIt, at: "2025-03-14T07:15:00Z"),"#,
        &format!(
            "{more}\"phone-restart\": Outcome(state: FixedIt, at: \"2025-03-14T07:35:00Z\", note: Some(\"at last\")),"
        ),
    );
    let dir = TempDir::new().unwrap();
    let text = report::render(&guide(), &store(&dir, &progress), &now());
    assert!(text.contains("\n   Note: Left it"), "{text}");
    assert!(
        text.contains("Restart the phone.\n    Note: at last\n"),
        "{text}"
    );
}

#[test]
fn with_no_case_it_says_so_and_lists_outcomes() {
    let progress = r#"Progress(version: 1, guides: {"fixture-guide": {"wifi-power": "2025-03-13T20:04:05Z"}})"#;
    let dir = TempDir::new().unwrap();
    let text = report::render(&guide(), &store(&dir, progress), &now());
    insta::assert_snapshot!("no_case", text);
}

#[test]
fn record_never_prints_control_characters_from_the_guide() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/progress/guide.ron");
    let source = std::fs::read_to_string(path)
        .unwrap()
        .replace("Restart the phone.", "Line one\nline two\u{9b}31m\u{1b}[2J");
    let kb = kb::parse("evil.ron", source.as_bytes()).unwrap();
    let dir = TempDir::new().unwrap();
    let text = report::render(&kb, &store(&dir, FINISHED), &now());
    let controls: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert_eq!(controls, []);
    assert!(
        text.contains("Line one line two\u{fffd}31m\u{241b}\\[2J"),
        "{text}"
    );
}

#[test]
fn a_step_of_the_plan_tried_before_the_case_started_says_so() {
    let progress = FINISHED.replace(
        r#"started: "2025-03-13T20:00:00Z","#,
        r#"started: "2025-03-13T20:10:00Z","#,
    );
    let dir = TempDir::new().unwrap();
    let text = report::render(&guide(), &store(&dir, &progress), &now());
    let tried: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with(char::is_numeric))
        .collect();
    assert_eq!(tried.len(), 4, "{text}");
    assert!(tried[0].ends_with("*(before this case)*"), "{}", tried[0]);
    assert!(
        tried[1..].iter().all(|l| !l.contains("before this case")),
        "{text}"
    );
}

#[test]
fn a_case_on_a_platform_the_guide_lacks_is_worked_and_said_on_all() {
    let progress = FINISHED
        .replace(
            r#"closed: Some(Closed(at: "2025-03-14T07:15:00Z", solved_by: Some("phone-restart"))),"#,
            "",
        )
        .replace(
            r#"platform: Some("phone"),
                    started: "2025-03-13T20:00:00Z","#,
            r#"platform: Some("linux"),
                    started: "2025-03-13T20:00:00Z","#,
        );
    let dir = TempDir::new().unwrap();
    let store = store(&dir, &progress);
    let kb = guide();
    let case = store.guide().open_case().expect("the case is open").clone();
    let all = syncfix::plan::plan(&kb, syncfix::case::problem(&kb, &case).unwrap(), None);
    assert_eq!(
        syncfix::case::plan_of(&kb, &case),
        all,
        "worked on every platform"
    );
    let text = report::render(&kb, &store, &now());
    assert!(
        text.contains("- **Platform:** All platforms (this guide has no platform “linux”)"),
        "{text}"
    );
    let total = format!("of {} steps of the plan tried)", all.len());
    assert!(text.contains(&total), "{text}");
}

/// A plan that ran out, gone on with as another problem: the second case
/// was opened the moment the first was closed unsolved.
const WENT_ON: &str = r#"Progress(
    version: 3,
    guides: {
        "fixture-guide": Guide(
            steps: {
                "same-account": Outcome(state: DidntHelp, at: "2025-03-13T20:04:05Z", note: Some("same account everywhere")),
                "wifi-power": Outcome(state: DidntHelp, at: "2025-03-13T20:30:00Z"),
                "check-quota": Outcome(state: Done, at: "2025-03-14T08:00:00Z"),
            },
            cases: [
                Case(
                    id: 1,
                    problem: "status-waiting",
                    platform: Some("phone"),
                    started: "2025-03-13T20:00:00Z",
                    answers: [("What does it say?", "Waiting To Upload")],
                    closed: Some(Closed(at: "2025-03-14T07:00:00Z")),
                ),
                Case(
                    id: 2,
                    problem: "blurry-thumbnails",
                    platform: Some("phone"),
                    started: "2025-03-14T07:00:00Z",
                    details: {"device": "Phone 15"},
                ),
            ],
        ),
    },
)"#;

#[test]
fn a_case_gone_on_from_a_plan_run_out_keeps_what_that_case_tried_and_its_answers() {
    let dir = TempDir::new().unwrap();
    let text = report::render(&guide(), &store(&dir, WENT_ON), &now());
    let from = "“Waiting To Upload”";
    assert!(
        text.contains(&format!("- **Goes on from:** {from} (Phone)\n")),
        "{text}"
    );
    assert!(
        text.contains(
            "## Answers (for “Waiting To Upload”)\n\n- What does it say? Waiting To Upload"
        ),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "1. [-] **didn't help** (2025-03-13 21:04): Use the same account on every device. *(in the case on {from}, on Phone)*\n   Note: same account everywhere"
        )),
        "{text}"
    );
    assert!(
        text.contains(
            "3. [x] **done** (2025-03-14 09:00): Check how much account storage is left.\n"
        ),
        "{text}"
    );
}

/// A long chain of cases, each gone on from the one before: the header
/// names the last three and no more.
#[test]
fn a_long_chain_names_its_last_three_cases() {
    let cases: Vec<String> = (0..6)
        .map(|i| {
            let problem = ["status-waiting", "blurry-thumbnails"][i % 2];
            let closed = match i {
                5 => String::new(),
                i => format!(
                    ", closed: Some(Closed(at: \"2025-03-1{}T00:00:00Z\"))",
                    i + 1
                ),
            };
            format!(
                "Case(id: {}, problem: \"{problem}\", started: \"2025-03-1{i}T00:00:00Z\"{closed})",
                i + 1
            )
        })
        .collect();
    let progress = format!(
        "Progress(version: 3, guides: {{\"fixture-guide\": Guide(steps: {{}}, cases: [{}])}})",
        cases.join(", ")
    );
    let dir = TempDir::new().unwrap();
    let text = report::render(&guide(), &store(&dir, &progress), &now());
    let line = text.lines().find(|l| l.starts_with("- **Goes on from:**"));
    assert_eq!(
        line,
        Some(
            "- **Goes on from:** “Waiting To Upload” (all platforms); before that, Thumbnails are \
             blurry (all platforms); before that, “Waiting To Upload” (all platforms); before \
             that, earlier cases"
        ),
        "{text}"
    );
}
