//! The progress store's API: saving, reading back, guides kept apart,
//! version 1 files carried over.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use syncfix::progress::{Outcome, Parsed, Progress, State, Store, VERSION};
use tempfile::TempDir;

const GUIDE: &str = "fixture-guide";

fn state(dir: &TempDir) -> PathBuf {
    dir.path().join("state").join("progress.ron")
}

fn load(path: &Path) -> Progress {
    let text = fs::read_to_string(path).unwrap();
    match Progress::parse(&text).unwrap() {
        Parsed::Current { progress, .. } => progress,
        other => panic!("expected a current file, got {other:?}"),
    }
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// A progress file at `path` with `outcome` for step `id` of `GUIDE`, as
/// written.
fn written_with(path: &Path, id: &str, outcome: Outcome) -> Progress {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut progress = Progress::default();
    progress.update(GUIDE, |guide| {
        guide.steps.insert(id.into(), outcome);
    });
    fs::write(path, progress.to_ron().unwrap()).unwrap();
    progress
}

fn done(text: &str) -> Outcome {
    Outcome {
        state: State::Done,
        at: at(text),
        note: None,
    }
}

#[test]
fn ticks_survive_a_reopen_with_their_times() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    store.set("same-account", true).unwrap();
    store.set("wifi-power", true).unwrap();
    store.set("wifi-power", false).unwrap();
    let when = store.ticked("same-account").unwrap();

    let reopened = Store::open(path.clone(), GUIDE, Default::default());
    assert_eq!(reopened.ticked("same-account"), Some(when));
    assert_eq!(reopened.ticked("wifi-power"), None);
    assert!(reopened.warnings().is_empty(), "{:?}", reopened.warnings());
    assert!(!reopened.has_unsaved());
    assert_eq!(
        when.subsec_nanosecond() % 1_000_000,
        0,
        "times are kept to the millisecond"
    );
}

#[test]
fn the_file_format_round_trips() {
    let mut progress = Progress::default();
    progress.update(GUIDE, |guide| {
        guide
            .steps
            .insert("same-account".into(), done("2025-03-13T20:04:05Z"));
        let mut tried = done("2025-03-14T08:00:00Z");
        tried.state = State::DidntHelp;
        tried.note = Some("no change after an hour".into());
        guide.steps.insert("check-quota".into(), tried);
    });
    progress.update("other-guide", |guide| {
        guide.steps.insert("x".into(), done("2025-01-01T00:00:00Z"));
    });
    let text = progress.to_ron().unwrap();
    assert!(text.contains("version: 3"), "{text}");
    assert!(text.contains("state: DidntHelp"), "{text}");
    assert_eq!(
        Progress::parse(&text).unwrap(),
        Parsed::Current {
            progress,
            from: VERSION
        }
    );
}

#[test]
fn ticking_again_keeps_the_first_time() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let progress = written_with(&path, "same-account", done("2025-03-13T20:04:05Z"));

    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    store.set("same-account", true).unwrap();
    assert_eq!(
        store.ticked("same-account"),
        Some(at("2025-03-13T20:04:05Z"))
    );
    assert_eq!(load(&path), progress);
}

/// An outcome marked again, even the same one, is as of now (a case opened
/// since counts it as its own), and keeps the note it had.
#[test]
fn marking_again_is_as_of_now_and_keeps_the_note() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let earlier = Outcome {
        state: State::DidntHelp,
        at: at("2025-03-13T20:04:05Z"),
        note: Some("on hotel wifi".into()),
    };
    written_with(&path, "same-account", earlier);

    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    store.mark("same-account", State::DidntHelp, None).unwrap();
    let reread = Store::open(path, GUIDE, Default::default());
    let outcome = reread.outcome("same-account").expect("kept");
    assert_eq!(outcome.state, State::DidntHelp);
    assert!(outcome.at > at("2026-01-01T00:00:00Z"), "{}", outcome.at);
    assert_eq!(outcome.note.as_deref(), Some("on hotel wifi"));
}

/// A note removed is removed from the file; the outcome and its time stay.
#[test]
fn a_note_removed_is_gone_from_the_file() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    store
        .mark("same-account", State::Skipped, Some("later".into()))
        .unwrap();
    let when = store.outcome("same-account").expect("marked").at;
    store.note("same-account", State::Done, None).unwrap();
    let reread = Store::open(path.clone(), GUIDE, Default::default());
    let outcome = reread.outcome("same-account").expect("kept");
    assert_eq!((outcome.state, outcome.at), (State::Skipped, when));
    assert_eq!(outcome.note, None);

    // On a step with no outcome, a note marks it with the state given.
    store
        .note("other-step", State::Done, Some("did it".into()))
        .unwrap();
    let reread = Store::open(path, GUIDE, Default::default());
    let outcome = reread.outcome("other-step").expect("marked by its note");
    assert_eq!(outcome.state, State::Done);
    assert_eq!(outcome.note.as_deref(), Some("did it"));
}

#[test]
fn two_guides_in_one_file_never_mix() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let mut first = Store::open(path.clone(), "first", Default::default());
    let mut second = Store::open(path.clone(), "second", Default::default());
    first.set("shared-id", true).unwrap();
    second.set("own-step", true).unwrap();

    let first = Store::open(path.clone(), "first", Default::default());
    let mut second = Store::open(path.clone(), "second", Default::default());
    assert_eq!(first.outcomes().keys().collect::<Vec<_>>(), ["shared-id"]);
    assert_eq!(second.outcomes().keys().collect::<Vec<_>>(), ["own-step"]);

    second.reset(None).unwrap();
    let file = load(&path);
    assert_eq!(file.guides.keys().collect::<Vec<_>>(), ["first"]);
    assert!(file.guide("first").unwrap().steps.contains_key("shared-id"));
}

#[test]
fn a_store_opened_earlier_does_not_overwrite_newer_ticks() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let mut early = Store::open(path.clone(), GUIDE, Default::default());
    let mut late = Store::open(path.clone(), GUIDE, Default::default());
    late.set("check-quota", true).unwrap();
    early.set("same-account", true).unwrap();
    early.reset(Some(&["wifi-power"])).unwrap();

    let ticks = load(&path).guide(GUIDE).unwrap().steps.clone();
    assert_eq!(
        ticks.keys().collect::<Vec<_>>(),
        ["check-quota", "same-account"]
    );
    assert!(
        early.ticked("check-quota").is_some(),
        "saving re-reads the file"
    );
}

#[test]
fn ticks_for_steps_the_guide_no_longer_has_are_kept() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut old = Progress::default();
    old.update(GUIDE, |guide| {
        let outcome = done("2024-12-31T23:59:59Z");
        guide.steps.insert("renamed-long-ago".into(), outcome);
    });
    fs::write(&path, old.to_ron().unwrap()).unwrap();

    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    store.set("same-account", true).unwrap();
    store.reset(Some(&["same-account", "check-quota"])).unwrap();

    assert_eq!(
        load(&path)
            .guide(GUIDE)
            .unwrap()
            .steps
            .get("renamed-long-ago"),
        Some(&done("2024-12-31T23:59:59Z"))
    );
}

#[test]
fn a_version_1_file_is_read_as_done_carried_to_replacing_steps_and_kept_aside() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let v1 = "Progress(version: 1, guides: {\"fixture-guide\": {\
              \"old-twin\": \"2025-03-13T20:04:05Z\", \"kept\": \"2025-03-14T08:00:00Z\"}})";
    fs::write(&path, v1).unwrap();
    let replaced = [("old-twin".to_string(), "same-account".to_string())].into();

    let mut store = Store::open(path.clone(), GUIDE, replaced);
    assert_eq!(store.state("same-account"), Some(State::Done));
    assert_eq!(
        store.ticked("same-account"),
        Some(at("2025-03-13T20:04:05Z"))
    );
    assert_eq!(
        store.state("old-twin"),
        None,
        "counted for the step that replaced it"
    );
    assert!(
        !path.with_extension("ron.v1").exists(),
        "nothing is written by reading"
    );

    store.set("wifi-power", true).unwrap();
    assert_eq!(
        fs::read_to_string(path.with_extension("ron.v1")).unwrap(),
        v1
    );
    let file = load(&path);
    assert_eq!(file.version, VERSION);
    let steps = &file.guide(GUIDE).unwrap().steps;
    assert_eq!(
        steps.keys().collect::<Vec<_>>(),
        ["kept", "same-account", "wifi-power"]
    );
}

/// A script and the interface open a case from the same file, neither
/// seeing the other's: both cases are kept, the later closing the earlier,
/// each store has its own, and a change made to one's case from a view
/// that is behind never reaches the other's.
#[test]
fn cases_opened_at_once_are_both_kept_each_store_with_its_own() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    // A case started after now, so the two opened next start at the same
    // time in an older syncfix.
    let file = format!(
        "Progress(version: 2, guides: {{\"{GUIDE}\": Guide(cases: \
         [Case(problem: \"earlier\", started: \"2100-01-01T00:00:00Z\")])}})"
    );
    fs::write(&path, file).unwrap();
    let mut script = Store::open(path.clone(), GUIDE, Default::default());
    let mut interface = Store::open_without_waiting(path.clone(), GUIDE, Default::default());

    let opened = script.open_case("paused", None, Vec::new()).unwrap();
    assert_eq!(opened.problem, "paused");
    let mut late = Store::open(path.clone(), GUIDE, Default::default());
    let opened = interface
        .open_case("waiting", Some("iphone"), Vec::new())
        .unwrap();
    assert_eq!(opened.problem, "waiting");

    let cases = |path: &Path| load(path).guide(GUIDE).unwrap().cases.clone();
    let problems: Vec<_> = cases(&path).iter().map(|c| c.problem.clone()).collect();
    assert_eq!(problems, ["earlier", "paused", "waiting"]);
    let open: Vec<_> = cases(&path).iter().map(|c| c.closed.is_none()).collect();
    assert_eq!(open, [false, false, true], "the last one opened is open");

    // To these two the script's case is still open: what they do to it
    // never reaches the interface's.
    late.set_detail("device", "iPhone 15").unwrap();
    assert_eq!(script.guide().open_case().unwrap().problem, "paused");
    script.close_case(None).unwrap();
    interface.set_detail("os", "iOS 18").unwrap();
    let cases = cases(&path);
    assert_eq!(cases[1].details["device"], "iPhone 15");
    assert_eq!(cases[2].closed, None);
    assert_eq!(cases[2].details.len(), 1, "{:?}", cases[2].details);
    assert_eq!(cases[2].details["os"], "iOS 18");
}

#[test]
fn refresh_reads_the_file_again_only_when_another_store_saved() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let mut shown = Store::open_without_waiting(path.clone(), GUIDE, Default::default());
    let mut other = Store::open(path.clone(), GUIDE, Default::default());
    assert!(!shown.refresh(), "nothing there, nothing new");
    other.set("a", true).unwrap();
    assert!(shown.refresh());
    assert!(shown.ticked("a").is_some());
    assert!(!shown.refresh(), "read once");
    shown.set("b", true).unwrap();
    assert!(!shown.refresh(), "its own save is no news");
    other.mark("a", State::Skipped, None).unwrap();
    assert!(shown.refresh());
    assert_eq!(shown.state("a"), Some(State::Skipped));
    fs::remove_file(&path).unwrap();
    assert!(shown.refresh());
    assert!(shown.outcomes().is_empty(), "deleted to start over");
}

/// Moving the open case to another platform keeps everything it holds,
/// and reaches a case another syncfix has open; a closed case stays put.
#[test]
fn a_case_moved_to_another_platform_keeps_what_it_holds() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    let answers = vec![("Which device?".to_string(), "Phone".to_string())];
    store.open_case("waiting", None, answers.clone()).unwrap();
    store.set_detail("device", "iPhone 15").unwrap();
    store.mark("same-account", State::DidntHelp, None).unwrap();

    let mut other = Store::open(path.clone(), GUIDE, Default::default());
    other.move_case(Some("iphone")).unwrap();
    let reopened = Store::open(path.clone(), GUIDE, Default::default());
    let case = reopened.guide().open_case().expect("still open");
    assert_eq!(case.platform.as_deref(), Some("iphone"));
    assert_eq!(case.answers, answers);
    assert_eq!(
        case.details.get("device").map(String::as_str),
        Some("iPhone 15")
    );
    assert!(reopened.ticked("same-account").is_some());
    assert_eq!(
        reopened.guide().cases.len(),
        1,
        "the same case, not a new one"
    );

    store.close_case(None).unwrap();
    store.move_case(None).unwrap();
    let reopened = Store::open(path, GUIDE, Default::default());
    let case = reopened.guide().last_case().expect("kept");
    assert_eq!(
        case.platform.as_deref(),
        Some("iphone"),
        "a closed case stays"
    );
}

#[test]
fn outcomes_of_retired_ids_merge_into_their_step_latest_state_every_note() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    // Written before two steps were merged into `check-cable`, which
    // already had an outcome of its own, the earliest of the three.
    let file = "Progress(version: 3, guides: {\"fixture-guide\": Guide(steps: {\
                \"check-cable\": Outcome(state: Done, at: \"2026-01-01T00:00:00Z\"), \
                \"check-power\": Outcome(state: Skipped, at: \"2026-01-15T00:00:00Z\", note: Some(\"power note\")), \
                \"check-wifi\": Outcome(state: DidntHelp, at: \"2026-02-01T00:00:00Z\", note: Some(\"router rebooted, no change\"))}, \
                cases: [], view: None)})";
    fs::write(&path, file).unwrap();
    let replaced = [
        ("check-power".to_string(), "check-cable".to_string()),
        ("check-wifi".to_string(), "check-cable".to_string()),
    ]
    .into();

    let mut store = Store::open(path.clone(), GUIDE, replaced);
    assert_eq!(store.state("check-cable"), Some(State::DidntHelp));
    store.set("check-paper", true).unwrap();

    let written = load(&path);
    let steps = &written.guide(GUIDE).unwrap().steps;
    assert_eq!(
        steps.keys().collect::<Vec<_>>(),
        ["check-cable", "check-paper"]
    );
    let merged = &steps["check-cable"];
    assert_eq!(merged.state, State::DidntHelp);
    assert_eq!(merged.at, at("2026-02-01T00:00:00Z"));
    assert_eq!(
        merged.note.as_deref(),
        Some("power note; router rebooted, no change")
    );
}

#[test]
fn a_file_damaged_while_open_is_moved_aside_and_what_was_known_saved_again() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    store.set("same-account", true).unwrap();
    store.set("wifi-power", true).unwrap();
    fs::write(&path, "garbage").unwrap();

    store.set("phone-restart", true).unwrap();
    let written = load(&path);
    assert_eq!(
        written
            .guide(GUIDE)
            .unwrap()
            .steps
            .keys()
            .collect::<Vec<_>>(),
        ["phone-restart", "same-account", "wifi-power"]
    );
    let aside: Vec<String> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("progress.ron.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        fs::read_to_string(path.with_file_name(&aside[0])).unwrap(),
        "garbage"
    );
    assert!(
        store
            .warnings()
            .iter()
            .any(|w| w.ends_with("progress starts afresh from what this syncfix had")),
        "{:?}",
        store.warnings()
    );
}

#[test]
fn a_second_version_1_file_in_the_same_place_is_kept_beside_the_first() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let first =
        "Progress(version: 1, guides: {\"fixture-guide\": {\"a\": \"2025-03-13T20:04:05Z\"}})";
    let second =
        "Progress(version: 1, guides: {\"fixture-guide\": {\"b\": \"2025-04-13T20:04:05Z\"}})";
    for v1 in [first, second, second] {
        fs::write(&path, v1).unwrap();
        let mut store = Store::open(path.clone(), GUIDE, Default::default());
        store.set("wifi-power", true).unwrap();
    }
    assert_eq!(
        fs::read_to_string(path.with_extension("ron.v1")).unwrap(),
        first
    );
    assert_eq!(
        fs::read_to_string(path.with_extension("ron.v1.2")).unwrap(),
        second
    );
    assert!(
        !path.with_extension("ron.v1.3").exists(),
        "the same file is kept once"
    );
}

#[test]
fn notes_of_merged_outcomes_are_in_time_order_each_once_and_a_retired_solver_is_mapped() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    // Retired ids in an order unlike their times; two say the same.
    let file = "Progress(version: 3, guides: {\"fixture-guide\": Guide(steps: {\
                \"a-old\": Outcome(state: Done, at: \"2026-03-01T00:00:00Z\", note: Some(\"third\")), \
                \"b-old\": Outcome(state: Done, at: \"2026-01-01T00:00:00Z\", note: Some(\"first\")), \
                \"c-old\": Outcome(state: FixedIt, at: \"2026-02-01T00:00:00Z\", note: Some(\"first\")), \
                \"d-old\": Outcome(state: DidntHelp, at: \"2026-01-15T00:00:00Z\", note: Some(\"second\"))}, \
                cases: [Case(id: 7, problem: \"photos-stuck\", started: \"2026-01-01T00:00:00Z\", \
                closed: Some(Closed(at: \"2026-02-01T00:00:00Z\", solved_by: Some(\"c-old\"))))], view: None)})";
    fs::write(&path, file).unwrap();
    let replaced = ["a-old", "b-old", "c-old", "d-old"]
        .map(|old| (old.to_string(), "same-account".to_string()))
        .into();
    let store = Store::open(path, GUIDE, replaced);
    let merged = store.outcome("same-account").expect("merged");
    assert_eq!(merged.state, State::Done);
    assert_eq!(merged.at, at("2026-03-01T00:00:00Z"));
    assert_eq!(merged.note.as_deref(), Some("first; second; third"));
    let case = store.guide().last_case().expect("the case");
    let solver = case.closed.as_ref().and_then(|c| c.solved_by.as_deref());
    assert_eq!(solver, Some("same-account"));
}

#[test]
fn a_case_opened_over_one_that_began_later_by_the_clock_starts_after_it() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    // Another syncfix's case, begun after this one read the clock.
    let file = "Progress(version: 3, guides: {\"fixture-guide\": Guide(steps: {}, \
                cases: [Case(id: 1, problem: \"photos-stuck\", started: \"2999-01-01T00:00:00Z\")], view: None)})";
    fs::write(&path, file).unwrap();
    let mut store = Store::open(path, GUIDE, Default::default());
    let new = store
        .open_case("blurry-thumbnails", None, Vec::new())
        .unwrap()
        .clone();
    assert_eq!(new.started, at("2999-01-01T00:00:00.001Z"));
    let old = store.guide().case(1).expect("kept");
    assert_eq!(old.closed.as_ref().map(|c| c.at), Some(new.started));
}

/// `solve` closes the case it names, as solved by the step, in the same
/// write as the step's outcome; a case another syncfix closed meanwhile
/// stays as that one left it, and the case open now stays open.
#[test]
fn solve_closes_only_the_case_it_names() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    let mut interface = Store::open(path.clone(), GUIDE, Default::default());
    let first = interface.open_case("paused", None, Vec::new()).unwrap().id;
    let mut script = Store::open(path.clone(), GUIDE, Default::default());
    let second = script.open_case("waiting", None, Vec::new()).unwrap().id;

    interface.solve("toggle-sync", None, first).unwrap();
    let cases = load(&path).guide(GUIDE).unwrap().cases.clone();
    let closed = |id: u64| cases.iter().find(|c| c.id == id).unwrap().closed.clone();
    assert_eq!(
        closed(first).unwrap().solved_by,
        None,
        "closed unsolved before"
    );
    assert_eq!(closed(second), None, "the case open now stays open");
    assert_eq!(
        load(&path).guide(GUIDE).unwrap().steps["toggle-sync"].state,
        State::FixedIt
    );

    script.solve("toggle-sync", None, second).unwrap();
    let cases = load(&path).guide(GUIDE).unwrap().cases.clone();
    let solved = cases
        .iter()
        .find(|c| c.id == second)
        .unwrap()
        .closed
        .clone();
    assert_eq!(solved.unwrap().solved_by.as_deref(), Some("toggle-sync"));
}

/// A step listed twice in the file (a hand edit) is one outcome, the
/// latest's state with both notes, and the next save keeps it so: a map
/// would have kept one of the two and dropped the other at that save.
#[test]
fn a_step_listed_twice_is_merged_not_dropped() {
    let dir = TempDir::new().unwrap();
    let path = state(&dir);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = "Progress(version: 3, guides: {\"fixture-guide\": Guide(steps: {\
                \"same-account\": Outcome(state: FixedIt, at: \"2026-02-01T00:00:00Z\", note: Some(\"no change\")), \
                \"same-account\": Outcome(state: Done, at: \"2026-01-01T00:00:00Z\", note: Some(\"tried twice\"))}, \
                cases: [], view: None)})";
    fs::write(&path, file).unwrap();
    let mut store = Store::open(path.clone(), GUIDE, Default::default());
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    store.set("wifi-power", true).unwrap();
    let reread = Store::open(path, GUIDE, Default::default());
    let merged = reread.outcome("same-account").expect("kept");
    assert_eq!(merged.state, State::FixedIt);
    assert_eq!(merged.at, at("2026-02-01T00:00:00Z"));
    assert_eq!(merged.note.as_deref(), Some("tried twice; no change"));
}
