//! Many syncfix processes on one progress file: none loses another's tick,
//! and one killed at any moment never leaves a torn file.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use syncfix::progress::{Parsed, Progress};
use tempfile::TempDir;

const GUIDE: &str = "twenty-steps";

fn syncfix(state: &Path, args: &[&str]) -> Command {
    let kb = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/progress/twenty.ron");
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("syncfix"));
    cmd.env_remove("SYNCFIX_STATE")
        .arg("--kb")
        .arg(kb)
        .arg("--state")
        .arg(state)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn step(n: u64) -> String {
    format!("step-{:02}", n % 20 + 1)
}

/// The file parsed, as this guide's ticked step ids; a missing file has none.
fn ticked(state: &Path) -> BTreeSet<String> {
    let text = match fs::read_to_string(state) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return BTreeSet::new(),
        Err(e) => panic!("cannot read {}: {e}", state.display()),
    };
    match Progress::parse(&text) {
        Ok(Parsed::Current { progress, .. }) => progress
            .guide(GUIDE)
            .into_iter()
            .flat_map(|g| g.steps.keys())
            .cloned()
            .collect(),
        other => panic!("torn or unreadable progress file ({other:?}):\n{text}"),
    }
}

fn names_containing(dir: &Path, part: &str) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains(part))
        .collect()
}

#[test]
fn twenty_processes_ticking_at_once_lose_nothing() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    fs::write(
        &state,
        "Progress(version: 1, guides: {\"another-guide\": {\"kept\": \"2025-01-01T00:00:00Z\"}})",
    )
    .unwrap();

    let started = Instant::now();
    let children: Vec<Child> = (0..20)
        .map(|n| syncfix(&state, &["tick", &step(n)]).spawn().unwrap())
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    eprintln!("20 concurrent ticks took {:?}", started.elapsed());

    let expected: BTreeSet<String> = (0..20).map(step).collect();
    assert_eq!(ticked(&state), expected);
    let Ok(Parsed::Current { progress: file, .. }) =
        Progress::parse(&fs::read_to_string(&state).unwrap())
    else {
        panic!("unreadable");
    };
    assert!(
        file.guide("another-guide")
            .unwrap()
            .steps
            .contains_key("kept")
    );
}

/// A case worked on from many processes at once: every outcome, note and
/// detail each one records is in the case afterwards.
#[test]
fn processes_marking_one_case_at_once_lose_nothing() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    assert!(
        syncfix(&state, &["case", "start", "many-steps"])
            .status()
            .unwrap()
            .success()
    );
    let outcomes = ["done", "didnt-help", "skipped"];
    let notes: Vec<String> = (0..12).map(|n| format!("note {n}")).collect();
    let mut children: Vec<Child> = (0..12u64)
        .map(|n| {
            let outcome = outcomes[n as usize % 3];
            let note = &notes[n as usize];
            syncfix(&state, &["mark", &step(n), outcome, "--note", note])
                .spawn()
                .unwrap()
        })
        .collect();
    for (field, value) in [
        ("device", "iPhone 15"),
        ("os", "iOS 18.1"),
        ("since", "Monday"),
    ] {
        children.push(
            syncfix(&state, &["case", "info", field, value])
                .spawn()
                .unwrap(),
        );
    }
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let shown = syncfix(&state, &["case", "show", "--json"])
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    let case: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let steps = case["steps"].as_array().expect("the case's steps");
    for n in 0..12u64 {
        let id = step(n);
        let shown = steps
            .iter()
            .find(|s| s["id"] == id.as_str())
            .unwrap_or_else(|| panic!("{id} is not in the case"));
        assert_eq!(shown["state"], outcomes[n as usize % 3], "{id}: {shown}");
        assert_eq!(shown["note"], notes[n as usize].as_str(), "{id}");
    }
    assert_eq!(case["details"]["device"], "iPhone 15");
    assert_eq!(case["details"]["os"], "iOS 18.1");
    assert_eq!(case["details"]["since"], "Monday");
    assert_eq!(case["closed"], serde_json::Value::Null, "still open");
}

/// xorshift64: a fixed seed makes every run kill at the same offsets.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn killing_writers_at_random_moments_never_tears_the_file() {
    let dir = TempDir::new().unwrap();
    let state = dir.path().join("progress.ron");
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);

    // How long one tick runs, so the kills spread over its whole life.
    let started = Instant::now();
    for n in 0..5 {
        assert!(
            syncfix(&state, &["tick", &step(n)])
                .status()
                .unwrap()
                .success()
        );
    }
    let run = started.elapsed() / 5;
    let span = (run.as_micros() as u64 * 6 / 5).max(1);

    let mut expected = ticked(&state);
    let (mut killed, mut finished, mut mid_write) = (0, 0, 0);
    let started = Instant::now();
    for _ in 0..150 {
        let id = step(rng.next());
        let tick = rng.next().is_multiple_of(2);
        let mut child = syncfix(&state, &[if tick { "tick" } else { "untick" }, &id])
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.next() % span));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            finished += 1;
        } else {
            killed += 1;
        }

        let mut after = expected.clone();
        if tick {
            after.insert(id.clone());
        } else {
            after.remove(&id);
        }
        if !names_containing(dir.path(), ".tmp").is_empty() {
            mid_write += 1;
        }
        let now = ticked(&state);
        assert!(
            now == expected || now == after,
            "after {} {id}: neither the old nor the new state: {now:?}",
            if tick { "tick" } else { "untick" }
        );
        assert!(names_containing(dir.path(), ".corrupt-").is_empty());
        expected = now;
    }
    eprintln!(
        "kill loop: one tick runs {run:?}; 150 runs in {:?}: {killed} killed \
         ({mid_write} with a temporary file written), {finished} finished",
        started.elapsed()
    );

    // The next save removes what killed writers left; a change that
    // changes nothing saves nothing, so this one changes step-20.
    let (change, ticked_after) = match ticked(&state).contains("step-20") {
        true => ("untick", false),
        false => ("tick", true),
    };
    assert!(
        syncfix(&state, &[change, "step-20"])
            .status()
            .unwrap()
            .success()
    );
    assert_eq!(ticked(&state).contains("step-20"), ticked_after);
    assert_eq!(names_containing(dir.path(), ".tmp"), Vec::<PathBuf>::new());
}
