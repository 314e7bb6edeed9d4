//! Typing into the real interface: the release binary in a 120×40
//! pseudo-terminal (portable-pty, read through vt100), a query typed one
//! key at a fixed interval, and for every key the time until
//!
//! - the query it makes is on screen (the search line shows it, cursor
//!   after it), and
//! - the final results of that query are on screen (the list's title shows
//!   the number of matches this process computes for it with the same
//!   index; a query typed past before its results came has none).
//!
//! `cargo build --release && cargo run --release --example typing -- --kb FILE [--interval MS] [--rounds N] [QUERY...]`
//!
//! The guide is searched once here first (from the cache, as the binary
//! will), so run it warm. Prints per-key percentiles as a Markdown table.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use syncfix::tui::SEARCH_LIMIT;

#[path = "common/pty.rs"]
mod pty;

use pty::COLS;
const PATIENCE: Duration = Duration::from_secs(30);

/// A common word and a second word, a typo, a gapped word, two letters.
const QUERIES: &[&str] = &["stuck upload", "wating uplod", "optmize", "st"];

struct Options {
    kb: PathBuf,
    interval: Duration,
    rounds: usize,
    queries: Vec<String>,
}

fn options() -> Options {
    let mut args = std::env::args().skip(1);
    let mut options = Options {
        kb: PathBuf::new(),
        interval: Duration::from_millis(30),
        rounds: 3,
        queries: Vec::new(),
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--kb" => options.kb = args.next().expect("--kb FILE").into(),
            "--interval" => {
                let ms = args
                    .next()
                    .and_then(|a| a.parse().ok())
                    .expect("--interval MS");
                options.interval = Duration::from_millis(ms);
            }
            "--rounds" => options.rounds = args.next().and_then(|a| a.parse().ok()).expect("N"),
            _ => options.queries.push(arg),
        }
    }
    assert!(
        !options.kb.as_os_str().is_empty(),
        "usage: typing --kb FILE"
    );
    if options.queries.is_empty() {
        options.queries = QUERIES.iter().map(|q| q.to_string()).collect();
    }
    options
}

/// What one key brought: when its query showed, and when its results did.
#[derive(Default, Clone, Copy)]
struct Key {
    query: Option<Duration>,
    results: Option<Duration>,
}

/// The search line, if the screen shows one: its row, the column its
/// query starts at, and the query.
fn search_line(screen: &vt100::Screen) -> Option<(u16, usize, String)> {
    screen.rows(0, COLS).enumerate().find_map(|(row, text)| {
        let (at, column) = prompt(&text)?;
        let rest = &text[at..];
        let end = rest.find(BORDERS).unwrap_or(rest.len());
        Some((row as u16, column, rest[..end].trim_end().to_string()))
    })
}

/// What ends the search line: the pane's border or its scrollbar.
const BORDERS: [char; 4] = ['│', '┃', '║', '█'];

/// Where the query starts in a row with the search prompt (a border, then
/// `/ `), in bytes and in columns.
fn prompt(row: &str) -> Option<(usize, usize)> {
    ["┃ / ", "│ / "].iter().find_map(|p| {
        let at = row.find(p)?;
        Some((at + p.len(), row[..at].chars().count() + 4))
    })
}

/// Whether the screen shows `query` in the search line with the cursor
/// after it.
fn shows_query(screen: &vt100::Screen, query: &str) -> bool {
    let Some((row, start, text)) = search_line(screen) else {
        return false;
    };
    let (cursor_row, cursor_col) = screen.cursor_position();
    text == query.trim_end()
        && cursor_row == row
        && usize::from(cursor_col) == start + query.chars().count()
}

fn shows_count(screen: &vt100::Screen, count: usize) -> bool {
    let contents = screen.contents();
    contents.contains(&format!("of {count} results"))
        || contents.contains(&format!("· {count} results"))
        || contents.contains(&format!("of {count} partial matches"))
        || contents.contains(&format!("· {count} partial matches"))
        || (count == 0 && contents.contains("Nothing matches"))
}

fn main() {
    let options = options();
    let (_, mut index) = syncfix::cache::load_for_search(&options.kb, &syncfix::cache::dir())
        .expect("the guide loads");
    let state = tempfile::tempdir().expect("state dir");
    let mut all = Vec::new();
    println!(
        "{} items, typing at {} ms a key, {} rounds",
        index.len(),
        options.interval.as_millis(),
        options.rounds
    );
    for query in &options.queries {
        let prefixes: Vec<String> = (1..=query.chars().count())
            .map(|n| query.chars().take(n).collect())
            .collect();
        let counts: Vec<usize> = prefixes
            .iter()
            .map(|p| {
                index.reset();
                index.rank(p, None, SEARCH_LIMIT).matched
            })
            .collect();
        let mut keys = Vec::new();
        for _ in 0..options.rounds {
            keys.extend(type_query(&options, state.path(), &prefixes, &counts));
        }
        report(query, &keys, options.interval);
        all.extend(keys);
    }
    report("every query", &all, options.interval);
}

fn type_query(
    options: &Options,
    state: &std::path::Path,
    prefixes: &[String],
    counts: &[usize],
) -> Vec<Key> {
    let kb = [OsStr::new("--kb"), options.kb.as_os_str()];
    let (pair, cmd) = pty::open(&kb, &state.join("progress.ron"));
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let mut writer = pair.master.take_writer().expect("pty writer");
    let mut child = pair.slave.spawn_command(cmd).expect("syncfix starts");
    drop(pair.slave);
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut parser = pty::screen();
    let mut send = |keys: &str| {
        writer.write_all(keys.as_bytes()).expect("keys sent");
        writer.flush().expect("keys flushed");
    };
    let wait = |parser: &mut vt100::Parser, done: &dyn Fn(&vt100::Screen) -> bool| {
        let start = Instant::now();
        while !done(parser.screen()) {
            assert!(
                start.elapsed() < PATIENCE,
                "waited; screen:\n{}",
                parser.screen().contents()
            );
            if let Ok(bytes) = rx.recv_timeout(Duration::from_millis(50)) {
                parser.process(&bytes);
            }
        }
    };
    // The panes (leaving the guided start if it shows), then search.
    // Not the loading screen, which shows `q quit` too.
    let ready = |s: &vt100::Screen| {
        let text = s.contents();
        text.contains("Platform") || text.contains("What do you see")
    };
    wait(&mut parser, &ready);
    if parser.screen().contents().contains("What do you see") {
        send("\x1b");
        wait(&mut parser, &|s| !s.contents().contains("What do you see"));
    }
    send("/");
    wait(&mut parser, &|s| search_line(s).is_some());

    let mut keys = vec![Key::default(); prefixes.len()];
    let mut sent = Vec::with_capacity(prefixes.len());
    let start = Instant::now();
    let last = prefixes.len() - 1;
    let finished = |keys: &[Key]| keys[last].results.is_some();
    while !finished(&keys) {
        assert!(
            start.elapsed() < PATIENCE,
            "no final results (expected {} matches); cursor at {:?}; screen:\n{}",
            counts[last],
            parser.screen().cursor_position(),
            parser.screen().contents()
        );
        let next = sent.len();
        let due = start + options.interval * u32::try_from(next).unwrap_or(u32::MAX);
        if next < prefixes.len() && Instant::now() >= due {
            let c = prefixes[next].chars().last().expect("a char");
            send(&c.to_string());
            sent.push(Instant::now());
            continue;
        }
        let wait_for = if next < prefixes.len() {
            due.saturating_duration_since(Instant::now())
        } else {
            Duration::from_millis(50)
        };
        if let Ok(bytes) = rx.recv_timeout(wait_for) {
            parser.process(&bytes);
            while let Ok(more) = rx.try_recv() {
                parser.process(&more);
            }
            let now = Instant::now();
            let screen = parser.screen();
            // The newest query on screen; earlier keys' queries count as
            // shown once a later one is.
            if let Some(k) = (0..sent.len())
                .rev()
                .find(|&k| shows_query(screen, &prefixes[k]))
            {
                for (key, at) in keys.iter_mut().zip(&sent).take(k + 1) {
                    key.query.get_or_insert(now - *at);
                }
                if shows_count(screen, counts[k]) && keys[k].results.is_none() {
                    keys[k].results = Some(now - sent[k]);
                }
            }
        }
    }
    // Ctrl-C quits at once; an Esc followed by `q` would read as Alt-q.
    send("\x03");
    let quitting = Instant::now();
    while child.try_wait().ok().flatten().is_none() {
        if quitting.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    keys
}

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort_unstable();
    let at = ((samples.len() - 1) as f64 * p).round() as usize;
    samples[at].as_secs_f64() * 1e3
}

fn report(name: &str, keys: &[Key], interval: Duration) {
    let mut query: Vec<Duration> = keys.iter().filter_map(|k| k.query).collect();
    let mut results: Vec<Duration> = keys.iter().filter_map(|k| k.results).collect();
    let past = keys.len() - results.len();
    if query.is_empty() || results.is_empty() {
        println!("| {name} | no samples |");
        return;
    }
    println!(
        "| {name} | {} keys | query on screen: median {:.1} ms, p99 {:.1} ms | final results: median {:.1} ms, p99 {:.1} ms, max {:.1} ms | typed past ({} ms a key) before results: {past} |",
        keys.len(),
        percentile(&mut query, 0.5),
        percentile(&mut query, 0.99),
        percentile(&mut results, 0.5),
        percentile(&mut results, 0.99),
        percentile(&mut results, 1.0),
        interval.as_millis(),
    );
}
