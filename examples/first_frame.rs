//! Process start to first frame: the release binary in a 120×40
//! pseudo-terminal, timed from just before the spawn until the whole first
//! frame (title bar to status bar) is on the vt100 screen; then its peak
//! memory (VmHWM, Linux) while showing the frame, and `q` to quit.
//!
//! `cargo build --release && cargo run --release --example first_frame -- [ROUNDS] [syncfix args...]`
//! (with `--kb big.ron`, a guide that takes long to load: the loading
//! screen is the first frame)

use std::io::{Read, Write};
use std::time::{Duration, Instant};

#[path = "common/pty.rs"]
mod pty;

use pty::{COLS, ROWS};

/// One run: time to first frame, and peak resident memory in KiB if known.
fn run(args: &[String], state: &std::path::Path) -> (Duration, Option<u64>) {
    let (pair, cmd) = pty::open(args, state);
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let mut writer = pair.master.take_writer().expect("pty writer");
    let mut screen = pty::screen();
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("syncfix starts");
    drop(pair.slave);
    let mut buf = [0u8; 65536];
    let drawn = |screen: &vt100::Parser| {
        let s = screen.screen();
        s.contents().starts_with(" syncfix")
            && !s
                .contents_between(ROWS - 1, 0, ROWS - 1, COLS)
                .trim()
                .is_empty()
    };
    while !drawn(&screen) {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => panic!(
                "syncfix ended before its first frame:\n{}",
                screen.screen().contents()
            ),
            Ok(n) => screen.process(&buf[..n]),
        }
    }
    let elapsed = start.elapsed();
    let peak = child.process_id().and_then(|pid| {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    });
    writer.write_all(b"q").expect("send q");
    std::thread::spawn(move || while reader.read(&mut buf).is_ok_and(|n| n > 0) {});
    child.wait().expect("syncfix quits");
    (elapsed, peak)
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let rounds = match args.first().and_then(|a| a.parse::<usize>().ok()) {
        Some(n) => {
            args.remove(0);
            n
        }
        None => 50,
    };
    let state = tempfile::tempdir().expect("temp dir");
    let progress = state.path().join("progress.ron");
    let mut times = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..rounds {
        let (time, peak) = run(&args, &progress);
        times.push(time);
        peaks.extend(peak);
    }
    times.sort_unstable();
    peaks.sort_unstable();
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1e3;
    println!(
        "start to first frame, {rounds} runs: median {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        at(0.5),
        at(0.99),
        at(1.0)
    );
    if let (Some(low), Some(high)) = (peaks.first(), peaks.last()) {
        println!(
            "peak memory (VmHWM) while showing it: {:.1}–{:.1} MiB",
            *low as f64 / 1024.0,
            *high as f64 / 1024.0
        );
    }
}
