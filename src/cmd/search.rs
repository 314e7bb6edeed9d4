//! `syncfix search`: ranked hits as aligned columns or JSON.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use super::Error;
use crate::kb::{Kind, Platform, printable};
use crate::search::Index;

#[derive(Serialize)]
struct JsonHit<'a> {
    kind: Kind,
    id: &'a str,
    title: &'a str,
    score: i64,
    positions: &'a [usize],
}

/// Search `index`; `platforms` name the platform filter in messages.
pub fn run(
    index: &mut Index,
    platforms: &[Platform],
    platform: Option<&str>,
    query: &str,
    limit: Option<usize>,
    json: bool,
) -> Result<ExitCode, Error> {
    let (searched, cut) = crate::search::clip_query(query);
    if cut {
        writeln!(
            std::io::stderr(),
            "syncfix: warning: the query is {} characters long; only its first {} are searched for",
            query.chars().count(),
            crate::search::QUERY_MAX_CHARS
        )?;
    }
    let query = searched;
    let results = index.search(query, platform, limit.unwrap_or(usize::MAX));
    let hits = &results.hits;
    // Each hit's row, before anything is written: a row read back damaged
    // from the cache means searching again from a fresh copy.
    let entries = hits
        .iter()
        .map(|hit| index.get(hit.entry))
        .collect::<Option<Vec<_>>>()
        .ok_or(Error::DamagedCache)?;
    let mut out = std::io::stdout().lock();
    if json {
        let rows: Vec<JsonHit<'_>> = hits
            .iter()
            .zip(&entries)
            .map(|(hit, entry)| JsonHit {
                kind: entry.kind,
                id: entry.id,
                title: entry.title,
                score: hit.score,
                positions: &hit.positions,
            })
            .collect();
        write_json_lines(&mut out, &rows)?;
    } else if hits.is_empty() {
        if limit != Some(0) {
            let on = match platform {
                Some(p) => {
                    let name = platforms.iter().find(|known| known.id == p);
                    format!(" on {}", name.map_or(p, |known| &known.name))
                }
                None => String::new(),
            };
            writeln!(
                std::io::stderr(),
                "syncfix: nothing matches `{}`{on}",
                printable(query)
            )?;
        }
    } else {
        if results.partial {
            writeln!(
                std::io::stderr(),
                "syncfix: nothing has every word of `{}`; these have some of them",
                printable(query)
            )?;
        }
        if let Some(word) = &results.scattered {
            writeln!(
                std::io::stderr(),
                "syncfix: no word of the guide holds `{}`; these have its letters scattered over their titles",
                printable(word)
            )?;
        }
        let kind_width = entries
            .iter()
            .map(|e| e.kind.label().len())
            .max()
            .unwrap_or(0);
        let id_width = entries
            .iter()
            .map(|e| e.id.chars().count())
            .max()
            .unwrap_or(0);
        for entry in entries {
            let line = format!(
                "{:kind_width$}  {:id_width$}  {}",
                entry.kind.label(),
                entry.id,
                entry.title
            );
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A JSON array with one hit per line: valid JSON that also reads well and
/// greps line by line.
fn write_json_lines(out: &mut impl Write, rows: &[JsonHit<'_>]) -> std::io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "[]");
    }
    writeln!(out, "[")?;
    for (i, row) in rows.iter().enumerate() {
        serde_json::to_writer(&mut *out, row)?;
        writeln!(out, "{}", if i + 1 < rows.len() { "," } else { "" })?;
    }
    writeln!(out, "]")
}
