//! `syncfix check`: validate a knowledge base.

use std::path::Path;
use std::process::ExitCode;

use super::Error;
use crate::kb;

pub fn run(path: Option<&Path>) -> Result<ExitCode, Error> {
    let (kb, source) = kb::load(path)?;
    println!(
        "{source}: ok: {} platforms, {} symptoms, {} fixes, {} steps, {} status messages, {} notes",
        kb.platforms.len(),
        kb.symptoms.len(),
        kb.fixes.len(),
        kb.fixes.iter().map(|f| f.steps.len()).sum::<usize>(),
        kb.statuses.len(),
        kb.notes.len()
    );
    Ok(ExitCode::SUCCESS)
}
