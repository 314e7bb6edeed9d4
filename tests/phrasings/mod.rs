//! Measures a table of people's own phrasings against the built-in guide:
//! query TAB one to three acceptable ids TAB source, `#` lines are comments.

use std::fmt::Write;

use syncfix::kb;
use syncfix::search::Index;

struct Row<'a> {
    query: &'a str,
    expected: Vec<&'a str>,
}

fn rows<'a>(name: &str, table: &'a str) -> Vec<Row<'a>> {
    table
        .lines()
        .skip(1)
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let mut columns = line.split('\t');
            let (Some(query), Some(expected), Some(source)) =
                (columns.next(), columns.next(), columns.next())
            else {
                panic!("{name}: `{line}` needs three tab-separated columns");
            };
            assert!(
                source.starts_with("http"),
                "{name}: `{query}` names no source"
            );
            Row {
                query,
                expected: expected.split(',').map(str::trim).collect(),
            }
        })
        .collect()
}

/// Asserts that at least `at_least` of the table's phrasings find one of
/// their items in the top three, and prints the rate and every miss with
/// what came first.
pub fn assert_top_three(name: &str, table: &str, at_least: f64, min_rows: usize) {
    let (kb, _) = kb::load(None).expect("the built-in guide loads");
    let mut index = Index::new(&kb);
    let rows = rows(name, table);
    assert!(
        rows.len() >= min_rows,
        "{name}: only {} phrasings",
        rows.len()
    );
    let mut report = String::new();
    let mut found = 0;
    for row in &rows {
        for id in &row.expected {
            assert!(kb.item(id).is_some(), "{name}: `{id}` is not an id");
        }
        let hits = index.search(row.query, None, 3).hits;
        let top: Vec<&str> = hits.iter().map(|h| index.entry(h.entry).id).collect();
        if top.iter().any(|id| row.expected.contains(id)) {
            found += 1;
        } else {
            let _ = writeln!(
                report,
                "{:<56} {:<48} got {}",
                row.query,
                row.expected.join(","),
                top.join(", ")
            );
        }
    }
    let rate = found as f64 / rows.len() as f64;
    eprintln!(
        "{name}: top-3: {found} of {} ({:.1} %); missed:\n{report}",
        rows.len(),
        100.0 * rate
    );
    assert!(
        rate >= at_least,
        "{name}: top-3 rate {:.1} % fell below {:.1} %; missed:\n{report}",
        100.0 * rate,
        100.0 * at_least
    );
}
