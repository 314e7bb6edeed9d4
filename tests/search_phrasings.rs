//! Problems in people's own words, gathered from public questions, bug
//! reports and help pages (the source of each is in the table's third
//! column), against the built-in guide: the item a person needs should be
//! among the first three hits. The table is tests/search_phrasings.tsv; its
//! second column lists one to three acceptable ids.

use std::fmt::Write;

use syncfix::kb;
use syncfix::search::Index;

const TABLE: &str = include_str!("search_phrasings.tsv");

/// The share of phrasings whose item is in the top three; raise it when
/// search gets better, never lower it.
const AT_LEAST: f64 = 0.73;

struct Row<'a> {
    query: &'a str,
    expected: Vec<&'a str>,
}

fn rows() -> Vec<Row<'static>> {
    TABLE
        .lines()
        .skip(1)
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let mut columns = line.split('\t');
            let (Some(query), Some(expected), Some(source)) =
                (columns.next(), columns.next(), columns.next())
            else {
                panic!("search_phrasings.tsv: `{line}` needs three tab-separated columns");
            };
            assert!(source.starts_with("http"), "`{query}` names no source");
            Row {
                query,
                expected: expected.split(',').map(str::trim).collect(),
            }
        })
        .collect()
}

#[test]
fn peoples_own_words_find_their_problem_in_the_top_three() {
    let (kb, _) = kb::load(None).expect("the built-in guide loads");
    let mut index = Index::new(&kb);
    let rows = rows();
    assert!(rows.len() >= 60, "only {} phrasings", rows.len());
    let mut report = String::new();
    let mut found = 0;
    for row in &rows {
        for id in &row.expected {
            assert!(
                kb.item(id).is_some(),
                "search_phrasings.tsv: `{id}` is not an id"
            );
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
        "top-3: {found} of {} ({:.1} %); missed:\n{report}",
        rows.len(),
        100.0 * rate
    );
    assert!(
        rate >= AT_LEAST,
        "top-3 rate {:.1} % fell below {:.1} %; missed:\n{report}",
        100.0 * rate,
        100.0 * AT_LEAST
    );
}
