//! The plan: every symptom and status message gets a short plan in the
//! guide's own order, and the built-in guide keeps the rules the guide
//! gives (each checked against its text in shared/guide).

use std::collections::BTreeSet;

use assert_cmd::Command;
use syncfix::kb::{self, Item, KnowledgeBase};
use syncfix::plan::{self, Plan, Problem};
use syncfix::progress::{State, Store};

fn guide() -> KnowledgeBase {
    kb::load(None).unwrap_or_else(|e| panic!("{e}")).0
}

fn plan_of<'a>(kb: &'a KnowledgeBase, id: &str, platform: Option<&str>) -> Plan<'a> {
    let item = kb.item(id).unwrap_or_else(|| panic!("no item {id}"));
    let problem = Problem::of(item).unwrap_or_else(|| panic!("{id} is not a problem"));
    plan::plan(kb, problem, platform)
}

fn ids<'a>(plan: &'a Plan) -> Vec<&'a str> {
    plan.steps.iter().map(|s| s.step.id.as_str()).collect()
}

fn problems(kb: &KnowledgeBase) -> Vec<Problem<'_>> {
    kb.items().filter_map(Problem::of).collect()
}

const PLATFORMS: [Option<&str>; 4] = [Some("iphone"), Some("mac"), Some("windows"), None];

#[test]
fn every_action_is_one_step_and_every_step_serves_a_fix() {
    let kb = guide();
    let mut texts = BTreeSet::new();
    for step in &kb.steps {
        assert!(
            texts.insert(step.text.to_lowercase()),
            "twice: {}",
            step.text
        );
        assert!(
            kb.fixes.iter().any(|f| f.steps.contains(&step.id)),
            "{} is in no fix",
            step.id
        );
    }
}

#[test]
fn plans_list_each_step_once_in_tier_order_and_are_short() {
    let kb = guide();
    let tier = |id: &str| kb.tiers.iter().position(|t| t.id == id).unwrap();
    let mut lengths = Vec::new();
    for problem in problems(&kb) {
        for platform in PLATFORMS {
            let plan = plan::plan(&kb, problem, platform);
            let steps = ids(&plan);
            let unique: BTreeSet<&str> = steps.iter().copied().collect();
            assert_eq!(unique.len(), steps.len(), "{}", problem.item.id());
            let rungs: Vec<usize> = plan.steps.iter().map(|s| tier(&s.tier.id)).collect();
            assert!(rungs.is_sorted(), "{} on {platform:?}", problem.item.id());
            if platform.is_some() {
                lengths.push(plan.len());
            }
        }
    }
    lengths.sort();
    let median = lengths[lengths.len() / 2];
    let max = *lengths.last().unwrap();
    assert!(median <= 6, "median plan on one platform: {median} steps");
    assert!(max <= 12, "longest plan on one platform: {max} steps");
}

/// The guide's own order: servers before tweaking; a night before
/// escalating; a backup before a repair; sign-out after everything else.
#[test]
fn the_guides_ladder_holds_in_every_plan() {
    let kb = guide();
    for problem in problems(&kb) {
        for platform in PLATFORMS {
            let plan = plan::plan(&kb, problem, platform);
            let at = |id: &str| plan.position(id);
            let name = format!("{} on {platform:?}", problem.item.id());
            if let Some(status) = at("open-apple-system-status") {
                let tweak = plan.steps.iter().position(|s| s.tier.id != "quick-checks");
                assert!(
                    tweak.is_none_or(|t| status < t),
                    "{name}: servers after a tweak"
                );
            }
            if let Some(night) = at("leave-imports-a-night") {
                for (i, s) in plan.steps.iter().enumerate() {
                    let escalates = ["safe-resets", "advanced-repair", "last-resort"];
                    if escalates.contains(&s.tier.id.as_str()) {
                        assert!(night < i, "{name}: {} before a night", s.step.id);
                    }
                }
            }
            if let Some(repair) = at("repair-launch-option-command") {
                let backup = at("repair-back-up-first");
                assert!(
                    backup.is_some_and(|b| b < repair),
                    "{name}: repair without backup"
                );
            }
            if let Some(sign_out) = at("sign-out-last") {
                assert_eq!(sign_out, plan.len() - 1, "{name}: sign-out is not last");
            }
        }
    }
}

/// Realistic causes behind what a person sees: the step that resolves the
/// cause comes early, with no step carrying a caution before it.
#[test]
fn the_step_for_the_real_cause_comes_early_and_before_any_caution() {
    let kb = guide();
    let cases = [
        // The battery is low and the status says Paused.
        ("status-paused", "iphone", "charge-the-device", 2),
        ("status-shows-paused", "mac", "low-power-mode-off", 3),
        // The items are in the Hidden album.
        (
            "items-missing-from-main-view",
            "iphone",
            "check-hidden-album",
            2,
        ),
        // Apple's servers are down.
        (
            "nothing-syncs-anywhere",
            "mac",
            "open-apple-system-status",
            2,
        ),
        // iCloud is full.
        ("storage-full", "iphone", "check-icloud-space", 2),
        // The upload queue needs a nudge.
        (
            "status-waiting-to-upload",
            "iphone",
            "iphone-fresh-screenshot",
            3,
        ),
        // The Windows agent is stuck.
        (
            "windows-thumbnails-missing",
            "windows",
            "windows-restart-photo-agent",
            1,
        ),
        // Shared Albums is off.
        ("shared-album-items-missing", "mac", "open-shared-tab", 2),
        // The old phone went off before the library finished uploading: the
        // guide's one instruction, after four quick checks.
        ("moving-to-new-phone", "iphone", "new-phone-keep-both-on", 5),
    ];
    for (problem, platform, cause, within) in cases {
        let plan = plan_of(&kb, problem, Some(platform));
        let at = plan.position(cause);
        let at = at.unwrap_or_else(|| panic!("{problem}: {cause} missing from {:?}", ids(&plan)));
        assert!(
            at < within,
            "{problem} on {platform}: {cause} is step {}",
            at + 1
        );
        let cautioned = plan.steps[..at].iter().find(|s| s.step.caution.is_some());
        assert!(cautioned.is_none(), "{problem}: a caution before {cause}");
    }
}

#[test]
fn fixes_never_work_against_their_symptom() {
    let kb = guide();
    for platform in PLATFORMS {
        let full = plan_of(&kb, "storage-full", platform);
        let originals = ids(&full).into_iter().filter(|id| id.contains("original"));
        assert_eq!(originals.count(), 0, "storage full leads to originals");
        let shared = plan_of(&kb, "shared-album-items-missing", platform);
        let steps = ids(&shared);
        assert!(
            !steps
                .iter()
                .any(|id| id.contains("sign-out") || id.contains("repair"))
        );
    }
    let shared = ids(&plan_of(&kb, "shared-album-items-missing", Some("iphone"))).join(" ");
    assert!(shared.contains("open-shared-tab") && shared.contains("check-shared-albums-on"));
    let thumbnails = plan_of(&kb, "windows-thumbnails-missing", Some("windows"));
    assert_eq!(ids(&thumbnails)[0], "windows-restart-photo-agent");
}

#[test]
fn syncing_with_icloud_is_normal_activity_with_nothing_to_work_through() {
    let kb = guide();
    let status = kb.status("status-syncing-with-icloud").unwrap();
    assert!(status.fixes.is_empty());
    assert!(
        status.meaning.starts_with("Normal activity"),
        "{}",
        status.meaning
    );
    assert!(plan_of(&kb, "status-syncing-with-icloud", None).is_empty());
}

#[test]
fn platforms_follow_the_guide() {
    let kb = guide();
    let platforms = |id: &str| kb.step(id).unwrap().platforms.clone();
    // Low Power Mode is not iPhone-only: a Mac that says Paused sees it.
    assert!(
        platforms("low-power-mode-off")
            .iter()
            .all(|p| p != "windows")
    );
    assert!(
        plan_of(&kb, "status-paused", Some("mac"))
            .position("low-power-mode-off")
            .is_some()
    );
    // The Finder steps are for iPhone and Mac, never Windows.
    for step in kb
        .fixes
        .iter()
        .find(|f| f.id == "remove-finder-sync")
        .unwrap()
        .steps
        .iter()
    {
        assert!(!platforms(step).contains(&"windows".to_string()), "{step}");
    }
    // Status messages are shown on iPhone and Mac.
    for status in &kb.statuses {
        assert_eq!(status.platforms, ["iphone", "mac"], "{}", status.id);
    }
}

#[test]
fn the_words_are_the_guides() {
    let text = kb::BUILT_IN;
    for invented in [
        "without touching your photos",
        "The upload is queued",
        "region is right",
        "pauses downloads",
        "duplicated",
        "on on ",
        "\\\"",
    ] {
        assert!(!text.contains(invented), "knowledge.ron says {invented:?}");
    }
    let kb = guide();
    assert!(kb.item("after-sign-in-power-wifi").is_none());
    assert!(kb.retired.contains(&"after-sign-in-power-wifi".to_string()));
    let waiting = kb.status("status-waiting-to-upload").unwrap();
    assert!(
        waiting.meaning.contains("The app is queued"),
        "{}",
        waiting.meaning
    );
    let uploading = kb.status("status-uploading").unwrap();
    assert_eq!(uploading.meaning, "Large files are moving.");
    assert!(
        uploading.action.contains("upstream speed"),
        "{}",
        uploading.action
    );
    let dates = kb.step("date-time-automatic").unwrap();
    assert!(dates.text.contains("automatic"), "{}", dates.text);
    // The Windows reset: deselect, Apply, select again; one Apply.
    let reselect = kb.step("windows-deselect-photos").unwrap();
    assert_eq!(
        reselect.text.matches("Apply").count(),
        1,
        "{}",
        reselect.text
    );
    // Waiting To Upload: both places the quick-reference row names.
    let Some(Item::Symptom(symptom)) = kb.item("waiting-to-upload") else {
        panic!("no waiting-to-upload symptom")
    };
    let iphone = &symptom
        .where_to_look
        .iter()
        .find(|p| p.platform == "iphone")
        .unwrap()
        .place;
    assert!(
        iphone.contains("bottom") && iphone.contains("Library > All Photos"),
        "{iphone}"
    );
    // The Uploads folder is where items go to upload, not where status shows.
    assert!(
        symptom
            .where_to_look
            .iter()
            .all(|p| !p.place.contains("Uploads"))
    );
    // The originals switches carry the guide's condition.
    for id in [
        "iphone-download-and-keep-originals",
        "mac-download-originals",
    ] {
        let caution = kb.step(id).unwrap().caution.clone().unwrap_or_default();
        assert!(
            caution.contains("fast network") && caution.contains("free space"),
            "{id}"
        );
    }
}

/// Every step id of the version 1 guide, ticked: every step of every plan
/// shows done, but the two steps version 2 added.
#[test]
fn a_version_1_file_with_every_step_ticked_shows_every_plan_done() {
    let kb = guide();
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("progress.ron");
    let v1 = include_str!("fixtures/progress/v1-every-step.ron");
    std::fs::write(&path, v1).unwrap();
    let store = Store::open(path, &kb.id, kb.replaced_ids());
    let added = [
        "charge-the-device",
        "new-phone-keep-both-on",
        "source-iphone-on-and-awake",
    ];
    for problem in problems(&kb) {
        for s in plan::plan(&kb, problem, None).steps {
            let expected = (!added.contains(&s.step.id.as_str())).then_some(State::Done);
            assert_eq!(store.state(&s.step.id), expected, "{}", s.step.id);
        }
    }
}

fn syncfix(state: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("syncfix").unwrap();
    cmd.env_remove("SYNCFIX_STATE")
        .env("NO_COLOR", "1")
        .arg("--state")
        .arg(state);
    cmd
}

#[test]
fn plan_prints_the_steps_by_tier_with_their_marks() {
    let dir = tempfile::TempDir::new().unwrap();
    let state = dir.path().join("p.ron");
    syncfix(&state)
        .args(["tick", "charge-the-device"])
        .assert()
        .success();
    let out = syncfix(&state)
        .args(["plan", "status-paused", "--platform", "iphone"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text,
        "Paused (status status-paused) on iPhone/iPad: 2 steps\n\
         \n\
         Settings\n  \
         1. [x] Charge the device: a low battery level holds uploads. (charge-the-device)\n  \
         2. [ ] Turn Low Power Mode off, and keep it off during large uploads. \
         (low-power-mode-off)\n"
    );
}

#[test]
fn plan_json_carries_every_field_and_the_state() {
    let dir = tempfile::TempDir::new().unwrap();
    let state = dir.path().join("p.ron");
    syncfix(&state)
        .args(["tick", "low-power-mode-off"])
        .assert()
        .success();
    let out = syncfix(&state)
        .args(["plan", "status-paused", "--platform", "mac", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["item"], "status-paused");
    assert_eq!(json["platform"], "mac");
    let steps = json["steps"].as_array().unwrap();
    assert_eq!(steps[0]["id"], "charge-the-device");
    assert_eq!(steps[0]["fix"], "power-settings");
    assert_eq!(steps[0]["tier"], "settings");
    assert_eq!(steps[0]["caution"], serde_json::Value::Null);
    assert_eq!(steps[0]["state"], "todo");
    assert_eq!(steps[1]["id"], "low-power-mode-off");
    assert_eq!(steps[1]["state"], "done");
}

#[test]
fn plan_of_something_else_says_what_it_is() {
    let dir = tempfile::TempDir::new().unwrap();
    let state = dir.path().join("p.ron");
    syncfix(&state)
        .args(["plan", "fast-checks"])
        .assert()
        .code(1)
        .stderr(predicates::str::starts_with(
            "syncfix: `fast-checks` is a fix: plans are for symptoms and status messages; \
             it is in the plans of photo-missing-on-mac, ",
        ));
    // The first few, and how many more: the list is never cut silently.
    syncfix(&state)
        .args(["plan", "same-apple-id"])
        .assert()
        .code(1)
        .stderr(
            "syncfix: `same-apple-id` is a step: plans are for symptoms and status messages; \
             it is in the plans of photo-missing-on-mac, moving-to-new-phone, \
             windows-photos-not-arriving and 3 more\n",
        );
    syncfix(&state)
        .args(["plan", "waitng-to-upload"])
        .assert()
        .code(1)
        .stderr(predicates::str::starts_with(
            "syncfix: no symptom or status message with id `waitng-to-upload`; did you mean \
             waiting-to-upload",
        ));
}

/// `plan`, `show` and `case start` refuse a problem on a platform it is not
/// for alike, with one message, and write nothing.
#[test]
fn a_problem_on_a_platform_it_is_not_for_has_no_plan_there() {
    let dir = tempfile::TempDir::new().unwrap();
    let state = dir.path().join("p.ron");
    let refusal = "syncfix: windows-thumbnails-missing is not for iPhone/iPad, only for \
                   Windows; `syncfix --platform iphone search` finds what is\n";
    for command in [
        &["plan", "windows-thumbnails-missing"][..],
        &["plan", "windows-thumbnails-missing", "--json"],
        &["show", "windows-thumbnails-missing"],
        &["case", "start", "windows-thumbnails-missing"],
    ] {
        syncfix(&state)
            .args(["--platform", "iphone"])
            .args(command)
            .assert()
            .code(1)
            .stdout("")
            .stderr(refusal);
    }
    // Nor are its steps offered to tick there.
    syncfix(&state)
        .args(["--platform", "iphone", "tick", "windows-thumbnails-missing"])
        .assert()
        .code(1)
        .stderr(
            "syncfix: windows-thumbnails-missing is a symptom, not a step; none of its steps \
             is for this platform\n",
        );
    assert!(!state.exists(), "nothing is written");
    syncfix(&state)
        .args([
            "plan",
            "windows-thumbnails-missing",
            "--platform",
            "windows",
        ])
        .assert()
        .success();
}
