//! The built-in knowledge base carries the whole iCloud Photos sync guide:
//! its vocabulary, every kind of item, and references that resolve.

use std::collections::{BTreeSet, HashMap};

use syncfix::kb::{self, BUILT_IN, KnowledgeBase};

/// Settings, menu paths, status messages, apps and product names, spelled
/// exactly as the guide spells them.
const GUIDE_TERMS: &[&str] = &[
    "Settings > Apple ID > iCloud > Photos",
    "Settings > your name > iCloud > Photos",
    "Settings > your name > iCloud",
    "Sync This iPhone",
    "Photos > Settings > iCloud",
    "Photos > Settings",
    "Settings > Photos",
    "Photos > Library",
    "Library > All Photos",
    "View > Show Status Bar",
    "Status Bar",
    "Download Originals",
    "Download And Keep Originals",
    "Optimize iPhone Storage",
    "System Settings > Battery",
    "System Settings > Displays & Battery",
    "About This Mac > Storage",
    "Apple Photo Library Agent",
    "Task Manager",
    "Option-Command",
    "Repair",
    "Force-quit",
    "Background App Refresh",
    "Low Power Mode",
    "Airplane Mode",
    "Recently Deleted",
    "Hidden",
    "Shared tab",
    "Shared Albums",
    "Apple System Status page",
    "iCloud for Windows",
    "Photos > Options",
    "Apply",
    "Start menu",
    "File Explorer",
    "iCloud Photos",
    "Downloads",
    "Uploads",
    "Finder",
    "Sync Photos",
    "syncing photos with Finder",
    "Spotlight",
    "Apple ID",
    "Wi-Fi",
    "VPN",
    "captive portals",
    "RAW bursts",
    "HDR video",
    "Live Photos",
    "4K video",
    "iOS",
    "iPadOS",
    "macOS",
    "two-factor",
    "end-to-end",
    "Apple's guide for PCs",
    "Apple's page on fixing photo sync issues",
    "Paused",
    "Waiting To Upload",
    "Updating",
    "Syncing With iCloud",
    "Uploading",
];

const STATUS_TEXTS: [&str; 5] = [
    "Paused",
    "Waiting To Upload",
    "Updating",
    "Syncing With iCloud",
    "Uploading",
];

fn built_in() -> KnowledgeBase {
    kb::parse("knowledge.ron", BUILT_IN.as_bytes())
        .unwrap_or_else(|e| panic!("the built-in guide does not load:\n{e}"))
}

#[test]
fn every_guide_term_appears_in_the_knowledge_base() {
    assert!(GUIDE_TERMS.len() >= 40);
    let missing: Vec<&str> = GUIDE_TERMS
        .iter()
        .copied()
        .filter(|term| !BUILT_IN.contains(term))
        .collect();
    assert!(
        missing.is_empty(),
        "missing from knowledge.ron: {missing:?}"
    );
}

#[test]
fn the_guide_has_enough_symptoms_fixes_and_steps() {
    let kb = built_in();
    assert!(kb.symptoms.len() >= 10, "{} symptoms", kb.symptoms.len());
    assert!(kb.fixes.len() >= 15, "{} fixes", kb.fixes.len());
    let ids: Vec<&str> = kb.platforms.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["iphone", "mac", "windows"]);
    for fix in &kb.fixes {
        assert!(!fix.steps.is_empty(), "fix {} has no steps", fix.id);
    }
    for symptom in &kb.symptoms {
        assert!(!symptom.where_to_look.is_empty(), "symptom {}", symptom.id);
        assert!(!symptom.quick_fix.is_empty(), "symptom {}", symptom.id);
        assert!(!symptom.fixes.is_empty(), "symptom {}", symptom.id);
    }
}

#[test]
fn the_quick_reference_rows_are_symptoms_with_both_places() {
    let kb = built_in();
    for id in [
        "photo-missing-on-mac",
        "waiting-to-upload",
        "thumbnails-blurry",
    ] {
        let symptom = kb.symptoms.iter().find(|s| s.id == id);
        let places: BTreeSet<&str> = symptom
            .unwrap_or_else(|| panic!("no symptom {id}"))
            .where_to_look
            .iter()
            .map(|p| p.platform.as_str())
            .collect();
        assert!(
            places.contains("iphone") && places.contains("mac"),
            "{id}: {places:?}"
        );
    }
}

#[test]
fn the_five_status_messages_have_their_exact_text() {
    let kb = built_in();
    let texts: Vec<&str> = kb.statuses.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, STATUS_TEXTS);
    for status in &kb.statuses {
        assert!(status.id.starts_with("status-"), "{}", status.id);
        assert!(!status.meaning.is_empty() && !status.action.is_empty());
        // Schema v2: a status that is normal activity names no fix (its page
        // says there is nothing to fix); every other status names one.
        if status.id == "status-syncing-with-icloud" {
            assert_eq!(status.fixes, Vec::<String>::new(), "{}", status.id);
            assert_eq!(status.meaning, "Normal activity.");
        } else {
            assert!(
                !status.fixes.is_empty(),
                "status {} names no fix",
                status.id
            );
        }
    }
}

#[test]
fn the_reference_notes_are_all_there() {
    let kb = built_in();
    for id in [
        "what-not-to-do",
        "prevention",
        "security-privacy",
        "get-help",
    ] {
        assert!(kb.notes.iter().any(|n| n.id == id), "no note {id}");
    }
    let help = kb.notes.iter().find(|n| n.id == "get-help");
    let collect = help.map(|n| n.collect.join("\n")).unwrap_or_default();
    for wanted in [
        "Device models",
        "OS versions",
        "size of your library",
        "Screenshots",
    ] {
        assert!(
            collect.contains(wanted),
            "get-help collect lacks {wanted:?}"
        );
    }
}

#[test]
fn ids_are_unique_kebab_case_across_every_kind() {
    let kb = built_in();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for item in kb.items() {
        *seen.entry(item.id()).or_default() += 1;
        let id = item.id();
        let kebab = !id.is_empty()
            && !id.starts_with('-')
            && !id.ends_with('-')
            && !id.contains("--")
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        assert!(kebab, "{} id {id:?} is not kebab-case", item.kind());
    }
    let duplicates: Vec<&str> = seen
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id)
        .collect();
    assert!(duplicates.is_empty(), "duplicate ids: {duplicates:?}");
}

#[test]
fn every_reference_names_a_real_fix_and_every_fix_is_referenced() {
    let kb = built_in();
    let fixes: BTreeSet<&str> = kb.fixes.iter().map(|f| f.id.as_str()).collect();
    let references = kb
        .symptoms
        .iter()
        .map(|s| (s.id.as_str(), &s.fixes))
        .chain(kb.statuses.iter().map(|s| (s.id.as_str(), &s.fixes)));
    let mut used = BTreeSet::new();
    for (from, to) in references {
        for fix in to {
            assert!(
                fixes.contains(fix.as_str()),
                "{from} names unknown fix {fix}"
            );
            used.insert(fix.as_str());
        }
    }
    let unused: Vec<&&str> = fixes.difference(&used).collect();
    assert!(
        unused.is_empty(),
        "fixes no symptom or status names: {unused:?}"
    );
    // Schema v2: fixes list ids from the step library; each names a real
    // step, and every step in the library is part of some fix.
    let steps: BTreeSet<&str> = kb.steps.iter().map(|s| s.id.as_str()).collect();
    let mut used = BTreeSet::new();
    for fix in &kb.fixes {
        for step in &fix.steps {
            assert!(
                steps.contains(step.as_str()),
                "fix {} names unknown step {step}",
                fix.id
            );
            used.insert(step.as_str());
        }
    }
    let unused: Vec<&&str> = steps.difference(&used).collect();
    assert!(unused.is_empty(), "steps no fix uses: {unused:?}");
}

#[test]
fn every_platform_tag_is_a_known_platform() {
    let kb = built_in();
    let known = ["iphone", "mac", "windows"];
    let mut tags: Vec<(&str, &str)> = Vec::new();
    for s in &kb.symptoms {
        tags.extend(s.platforms.iter().map(|p| (s.id.as_str(), p.as_str())));
        tags.extend(
            s.where_to_look
                .iter()
                .map(|p| (s.id.as_str(), p.platform.as_str())),
        );
    }
    for s in &kb.steps {
        tags.extend(s.platforms.iter().map(|p| (s.id.as_str(), p.as_str())));
    }
    for s in &kb.statuses {
        tags.extend(s.platforms.iter().map(|p| (s.id.as_str(), p.as_str())));
    }
    let unknown: Vec<_> = tags
        .into_iter()
        .filter(|(_, p)| !known.contains(p))
        .collect();
    assert!(unknown.is_empty(), "unknown platform tags: {unknown:?}");
}

#[test]
fn the_guides_warnings_are_cautions_on_their_steps() {
    let kb = built_in();
    let replaced = kb.replaced_ids();
    // v1 ids: each is now the step that carries the warning, or replaced by it.
    let cautioned = [
        "sign-out-last",
        "iphone-sign-out-if-needed",
        "windows-sign-out-in-if-needed",
        "windows-sign-out-back-in",
        "playbook-windows-sign-out-in",
        "mac-open-repair-dialog",
        "repair-choose-repair",
        "playbook-mac-repair",
        "iphone-allow-cellular",
        "free-device-space",
        "check-recently-deleted",
    ];
    let step = |id: &str| {
        let id = replaced.get(id).map_or(id, String::as_str);
        kb.step(id).unwrap_or_else(|| panic!("{id} is not a step"))
    };
    for id in cautioned {
        assert!(step(id).caution.is_some(), "step {id} has no caution");
    }
    let caution_of = |id| step(id).caution.clone().unwrap_or_default();
    assert!(caution_of("sign-out-last").contains("removes local copies"));
    // v1 had separate cautioned steps to back up and keep the Mac on power
    // before a repair; v2 folds both warnings into the repair step's caution.
    let repair = caution_of("mac-open-repair-dialog");
    assert!(repair.contains("Back up first"), "{repair}");
    assert!(repair.contains("keep the Mac on power"), "{repair}");
    assert!(caution_of("free-device-space").contains("deletions sync everywhere"));
}

#[test]
fn the_text_has_no_control_characters() {
    let bad: Vec<(usize, char)> = BUILT_IN
        .lines()
        .enumerate()
        .flat_map(|(n, line)| {
            line.chars()
                .filter(|c| c.is_control())
                .map(move |c| (n + 1, c))
        })
        .collect();
    assert!(bad.is_empty(), "control characters at lines: {bad:?}");
}
