//! The queries people really type, against the built-in guide: each must
//! rank its expected item first. The table is tests/search_queries.tsv.

use std::fmt::Write;

use syncfix::kb;
use syncfix::search::Index;

const TABLE: &str = include_str!("search_queries.tsv");

struct Row<'a> {
    query: &'a str,
    expected: &'a str,
    exercises: &'a str,
}

fn rows() -> Vec<Row<'static>> {
    TABLE
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let mut columns = line.split('\t');
            let (Some(query), Some(expected), Some(exercises)) =
                (columns.next(), columns.next(), columns.next())
            else {
                panic!("search_queries.tsv: `{line}` needs three tab-separated columns");
            };
            Row {
                query,
                expected,
                exercises,
            }
        })
        .collect()
}

#[test]
fn the_table_covers_many_kinds_of_query() {
    let rows = rows();
    assert!(rows.len() >= 30, "only {} queries", rows.len());
    let kinds = [
        "status",
        "typo",
        "reordered",
        "one letter",
        "punctuation",
        "everyday",
    ];
    for kind in kinds {
        assert!(
            rows.iter().any(|r| r.exercises.contains(kind)),
            "no query exercises `{kind}`"
        );
    }
}

#[test]
fn every_query_ranks_its_expected_item_first() {
    let (kb, _) = kb::load(None).expect("the built-in guide loads");
    let mut index = Index::new(&kb);
    for row in rows() {
        assert!(
            kb.item(row.expected).is_some(),
            "search_queries.tsv: `{}` is not an id in the guide",
            row.expected
        );
    }
    let mut report = String::new();
    let mut misses = 0;
    for row in rows() {
        let hits = index.search(row.query, None, usize::MAX).hits;
        let ids: Vec<&str> = hits.iter().map(|h| index.entry(h.entry).id).collect();
        if ids.first() == Some(&row.expected) {
            continue;
        }
        misses += 1;
        let rank = ids
            .iter()
            .position(|id| *id == row.expected)
            .map_or("not found".to_string(), |n| format!("rank {}", n + 1));
        let top: Vec<&str> = ids.iter().take(3).copied().collect();
        let _ = writeln!(
            report,
            "{:<32} {:<36} {:<10} got {}",
            format!("{:?}", row.query),
            row.expected,
            rank,
            if top.is_empty() {
                "nothing".to_string()
            } else {
                top.join(", ")
            }
        );
    }
    assert!(
        misses == 0,
        "{misses} queries miss their expected top hit:\n{:<32} {:<36} {:<10} {}\n{report}",
        "query",
        "expected",
        "expected",
        "top 3"
    );
}
