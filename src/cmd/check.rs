//! `syncfix check`: validate a knowledge base. Prints a one-line summary
//! and exits 0 when it is valid; lists every problem on stderr and exits 1
//! when it is not.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::Error;
use crate::kb::{self, KnowledgeBase, LoadError, Problem, Source};

pub fn run(path: Option<&Path>) -> Result<ExitCode, Error> {
    match kb::load(path) {
        Ok((kb, source)) => {
            let what = match source {
                Source::BuiltIn => format!("the built-in guide “{}”", kb::printable(&kb.title)),
                Source::File(_) => source.to_string(),
            };
            writeln!(std::io::stdout(), "{what}: ok: {}", summary(&kb))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(LoadError::Invalid { problems, total }) => {
            print_problems(&problems, total, &Source::of(path))?;
            Ok(ExitCode::FAILURE)
        }
        Err(error) => Err(error.into()),
    }
}

/// Every problem listed on stderr, one per line, then how many there are
/// (`total`, with those not listed) and in which file.
pub(super) fn print_problems(
    problems: &[Problem],
    total: usize,
    source: &Source,
) -> std::io::Result<()> {
    let mut stderr = std::io::stderr().lock();
    for problem in problems {
        writeln!(stderr, "{problem}")?;
    }
    writeln!(
        stderr,
        "{} in {source}",
        count(total, "problem", "problems")
    )
}

/// What the knowledge base holds, e.g. `3 platforms, 1 symptom, 2 fixes, ...`.
pub fn summary(kb: &KnowledgeBase) -> String {
    let steps = kb.steps.len();
    [
        count(kb.platforms.len(), "platform", "platforms"),
        count(kb.symptoms.len(), "symptom", "symptoms"),
        count(kb.fixes.len(), "fix", "fixes"),
        count(steps, "step", "steps"),
        count(kb.statuses.len(), "status message", "status messages"),
        count(kb.notes.len(), "note", "notes"),
    ]
    .join(", ")
}

fn count(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        _ => format!("{n} {many}"),
    }
}
