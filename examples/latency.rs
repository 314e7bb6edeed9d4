//! Percentiles of what a person waits for, one sample per keystroke: each
//! query is typed one character at a time, each search narrowing from the
//! state the previous one left, many times over. Criterion reports means and
//! medians of whole runs; this prints the median, p99 and worst keystroke.
//!
//! `cargo run --release --example latency [-- ROUNDS]`

#[path = "gen_kb/generate.rs"]
mod generate;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use syncfix::kb::{self, KnowledgeBase};
use syncfix::search::Index;
use syncfix::tui::{Action, App, SEARCH_LIMIT, Searcher, Theme, draw};

/// A common word, a typo, a one-word prefix, words in any order, no match;
/// twelve characters each.
const QUERIES: &[&str] = &[
    "stuck upload",
    "wating uplod",
    "icloud photo",
    "library mac ",
    "zqxj wvvkpfh",
];

/// The hits on screen, whose match positions the interface finds.
const SCREENFUL: usize = 40;

fn percentiles(name: &str, mut samples: Vec<Duration>) {
    samples.sort_unstable();
    let at = |p: f64| samples[((samples.len() - 1) as f64 * p).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "| {name} | {} | {:.3} | {:.3} | {:.3} |",
        samples.len(),
        ms(at(0.5)),
        ms(at(0.99)),
        ms(at(1.0))
    );
}

fn keystrokes(kb: &KnowledgeBase, rounds: usize) -> Vec<Duration> {
    let mut index = Index::new(kb);
    let mut samples = Vec::new();
    for _ in 0..rounds {
        for query in QUERIES {
            index.reset();
            for end in 1..=query.len() {
                let start = Instant::now();
                let hits = index.rank(&query[..end], None, SEARCH_LIMIT);
                for hit in hits.hits.iter().take(SCREENFUL) {
                    std::hint::black_box(index.positions(&hits, hit.entry));
                }
                samples.push(start.elapsed());
                if std::env::var_os("LATENCY_TRACE").is_some() {
                    eprintln!(
                        "{:>14} {:8.3} ms {} hits",
                        format!("{:?}", &query[..end]),
                        start.elapsed().as_secs_f64() * 1e3,
                        hits.matched
                    );
                }
            }
        }
    }
    samples
}

/// What a keystroke's sample times, besides `update` and a whole frame.
#[derive(Clone, Copy, PartialEq)]
enum Timed {
    /// The worker's share too, here on this thread: the search and the
    /// letters of the hits on screen (those below come after, untimed).
    Results,
    /// Nothing more: the query on screen, the search left to the worker
    /// (answered here after the sample, untimed).
    Query,
}

/// One sample per keystroke of the interface typing `QUERIES`.
fn keystrokes_drawn(kb: KnowledgeBase, rounds: usize, timed: Timed) -> Vec<Duration> {
    let theme = Theme::new(true);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    let mut searcher = Searcher::new(Index::new(&kb));
    let mut app = App::new(kb, None, HashSet::new(), Rect::new(0, 0, 120, 40));
    let mut samples = Vec::new();
    for _ in 0..rounds {
        for query in QUERIES {
            app.update(Action::Back);
            app.update(Action::StartSearch);
            app.settle(&mut searcher);
            for c in query.chars() {
                let start = Instant::now();
                app.update(Action::Insert(c));
                let mut request = app.search_request();
                if timed == Timed::Results
                    && let Some(request) = request.take()
                {
                    let answer = searcher.answer(&request);
                    app.update(Action::Found(answer));
                }
                let updated = start.elapsed();
                terminal
                    .draw(|frame| draw(frame, &app, &theme))
                    .expect("draw");
                samples.push(start.elapsed());
                match request {
                    Some(request) => {
                        let answer = searcher.answer(&request);
                        app.update(Action::Found(answer));
                    }
                    None if timed == Timed::Results => {
                        if let Some(rest) = searcher.rest() {
                            app.update(Action::Found(rest));
                        }
                    }
                    None => {}
                }
                if std::env::var_os("LATENCY_TRACE").is_some() {
                    eprintln!("{c:?} update {updated:?} total {:?}", start.elapsed());
                }
            }
        }
    }
    samples
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rounds: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100);
    let only = |name: &str| args.get(2).is_none_or(|o| o == name);
    println!("| per keystroke | samples | median ms | p99 ms | max ms |");
    println!("|---|---|---|---|---|");
    if only("guide") {
        let guide = kb::parse("knowledge.ron", kb::BUILT_IN.as_bytes())
            .expect("the shipped guide is valid");
        percentiles(
            "guide: search + 120×40 frame",
            keystrokes_drawn(guide.clone(), rounds, Timed::Results),
        );
        percentiles("guide: search", keystrokes(&guide, rounds));
    }
    if only("load") {
        load(rounds);
    }
    for n in [1_000, 10_000, 100_000, 1_000_000] {
        let name = format!("{}k", n / 1000);
        // A million items only when asked for by name ("1000k").
        if !only(&name) || (n == 1_000_000 && args.get(2).is_none()) {
            continue;
        }
        let kb = generate::generate(n);
        let rounds = (rounds * 1000 / n).clamp(rounds.min(3), rounds);
        percentiles(
            &format!("{name} items: query on screen (update + frame)"),
            keystrokes_drawn(kb.clone(), rounds, Timed::Query),
        );
        percentiles(&format!("{name} items: search"), keystrokes(&kb, rounds));
    }
}

/// Reading and validating a guide, building its search index, and
/// reading both from the cache.
fn load(rounds: usize) {
    let time = |name: &str, rounds: usize, mut work: Box<dyn FnMut() + '_>| {
        let samples = (0..rounds)
            .map(|_| {
                let start = Instant::now();
                work();
                start.elapsed()
            })
            .collect();
        percentiles(name, samples);
    };
    let guide = kb::BUILT_IN.as_bytes();
    time(
        "guide: parse + validate",
        rounds,
        Box::new(|| {
            std::hint::black_box(kb::parse("knowledge.ron", guide).expect("valid"));
        }),
    );
    let kb = generate::generate(100_000);
    let text = generate::to_ron(&kb).expect("serializes");
    let rounds = rounds.min(10);
    time(
        "100k items: parse + validate",
        rounds,
        Box::new(|| {
            std::hint::black_box(kb::parse("big.ron", text.as_bytes()).expect("valid"));
        }),
    );
    let temp = tempfile::tempdir().expect("temp dir");
    let path = temp.path().join("big.ron");
    std::fs::write(&path, &text).expect("write big.ron");
    let dir = temp.path().join("cache");
    syncfix::cache::load(&path, &dir).expect("valid");
    time(
        "100k items: from the cache, with the index",
        rounds,
        Box::new(|| {
            std::hint::black_box(syncfix::cache::load(&path, &dir).expect("valid"));
        }),
    );
    time(
        "100k items: build the search index",
        rounds,
        Box::new(|| {
            std::hint::black_box(Index::new(&kb));
        }),
    );
}
