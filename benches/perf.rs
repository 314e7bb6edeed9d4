//! `cargo bench`: what a person waits for.
//!
//! - Per keystroke: a 12-character query typed one character at a time,
//!   each search narrowing from the state the previous one left, on the
//!   shipped guide and on generated guides of 1k, 10k and 100k items (the
//!   ranking the interface asks for: the best `SEARCH_LIMIT`, positions for
//!   a screenful). One iteration is the whole query; criterion's
//!   throughput line gives keystrokes per second. `examples/latency.rs`
//!   prints each keystroke's median and p99.
//! - On the shipped guide, the same typing into the real interface, each
//!   keystroke followed by a full 120×40 frame on ratatui's `TestBackend`.
//! - Loading: parse + validate of the shipped guide and of 100k items, and
//!   100k items from the binary cache.
//! - The scorer alone over 100k titles: SkimMatcherV2 (the product's) and
//!   nucleo-matcher, to show what the scorer costs beside the rest.

#[path = "../examples/gen_kb/generate.rs"]
mod generate;

use std::collections::HashSet;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use fuzzy_matcher::skim::SkimMatcherV2;
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use syncfix::kb::{self, KnowledgeBase};
use syncfix::search::Index;
use syncfix::tui::{Action, App, SEARCH_LIMIT, Searcher, Theme, draw};

/// Twelve characters that every guide here has in some title.
const QUERY: &str = "stuck upload";
/// The hits on screen, whose match positions the interface finds.
const SCREENFUL: usize = 40;

fn shipped() -> KnowledgeBase {
    kb::parse("knowledge.ron", kb::BUILT_IN.as_bytes()).expect("the shipped guide is valid")
}

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search_12_keystrokes");
    group.throughput(Throughput::Elements(QUERY.len() as u64));
    let mut guides = vec![("guide".to_string(), shipped())];
    for n in [1_000, 10_000, 100_000] {
        guides.push((format!("{}k", n / 1000), generate::generate(n)));
    }
    for (name, kb) in guides {
        if name == "100k" {
            group.sample_size(20);
        }
        let mut index = Index::new(&kb);
        group.bench_function(BenchmarkId::from_parameter(&name), |b| {
            b.iter(|| {
                index.reset();
                for end in 1..=QUERY.len() {
                    let hits = index.rank(&QUERY[..end], None, SEARCH_LIMIT);
                    for hit in hits.hits.iter().take(SCREENFUL) {
                        black_box(index.positions(&hits, hit.entry));
                    }
                }
            });
        });
    }
    group.finish();
}

fn frame(c: &mut Criterion) {
    let theme = Theme::new(true);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    let mut searcher = Searcher::new(Index::new(&shipped()));
    let mut app = App::new(shipped(), None, HashSet::new(), Rect::new(0, 0, 120, 40));
    let mut group = c.benchmark_group("guide_frame_120x40");
    group.bench_function("draw", |b| {
        b.iter(|| terminal.draw(|frame| draw(frame, &app, &theme)).map(|_| ()));
    });
    group.throughput(Throughput::Elements(QUERY.len() as u64));
    group.bench_function("search_and_draw_12_keystrokes", |b| {
        b.iter(|| {
            app.update(Action::Back);
            app.update(Action::StartSearch);
            app.settle(&mut searcher);
            for c in QUERY.chars() {
                app.update(Action::Insert(c));
                app.settle(&mut searcher);
                black_box(terminal.draw(|frame| draw(frame, &app, &theme)).map(|_| ()))
                    .expect("draw");
            }
        });
    });
    group.finish();
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.bench_function("guide_parse_validate", |b| {
        b.iter(|| kb::parse("knowledge.ron", black_box(kb::BUILT_IN.as_bytes())));
    });
    let text = generate::to_ron(&generate::generate(100_000)).expect("serializes");
    let temp = tempfile::tempdir().expect("temp dir");
    let path = temp.path().join("big.ron");
    std::fs::write(&path, &text).expect("write big.ron");
    let dir = temp.path().join("cache");
    syncfix::cache::load(&path, &dir).expect("valid");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("100k_parse_validate", |b| {
        b.iter(|| kb::parse("big.ron", black_box(text.as_bytes())));
    });
    group.bench_function("100k_parse_validate_index", |b| {
        b.iter(|| kb::parse("big.ron", text.as_bytes()).map(|kb| Index::new(&kb).len()));
    });
    group.bench_function("100k_from_cache_with_index", |b| {
        b.iter(|| syncfix::cache::load(&path, &dir).map(|(_, index)| index.len()));
    });
    group.finish();
}

fn scorers(c: &mut Criterion) {
    let kb = generate::generate(100_000);
    let titles: Vec<String> = kb.items().map(|i| i.title().to_lowercase()).collect();
    let skim = SkimMatcherV2::default().respect_case();
    let mut nucleo = Matcher::new(Config::DEFAULT);
    let mut group = c.benchmark_group("scorer_100k_titles");
    group.sample_size(10);
    for query in ["s", "stuck", "zqxj"] {
        group.bench_with_input(BenchmarkId::new("skim", query), query, |b, q| {
            b.iter(|| {
                titles
                    .iter()
                    .filter_map(|t| skim.fuzzy(t, q, false))
                    .count()
            });
        });
        let pattern = Pattern::new(
            query,
            CaseMatching::Respect,
            Normalization::Never,
            AtomKind::Fuzzy,
        );
        let mut buf = Vec::new();
        group.bench_with_input(BenchmarkId::new("nucleo", query), &pattern, |b, p| {
            b.iter(|| {
                titles
                    .iter()
                    .filter_map(|t| p.score(Utf32Str::new(t, &mut buf), &mut nucleo))
                    .count()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, search, frame, load, scorers);
criterion_main!(benches);
