//! `syncfix show`: one item as plain text, wrapped to the terminal.

mod page;

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use super::{Context, Error};
use crate::kb::Kind;
use crate::plan::Problem;

/// Lines are wrapped to this width when output is not a terminal.
const PIPE_WIDTH: usize = 80;
/// Narrower than this, wrapped text would be mostly indentation.
const MIN_WIDTH: usize = 24;

pub fn run(ctx: &Context, state: Option<&Path>, id: &str) -> Result<ExitCode, Error> {
    let id = id.trim();
    let Some(item) = ctx.kb.item(id) else {
        // What people look up most: what they see, then what to do.
        let kinds = [
            Kind::Symptom,
            Kind::Status,
            Kind::Fix,
            Kind::Step,
            Kind::Note,
        ];
        return Err(super::unknown_id(ctx, "item", id, &kinds));
    };
    // A symptom's or status message's page is its plan: on a platform
    // it is not for, refused as `plan` refuses it.
    if Problem::of(item).is_some() {
        super::plan::problem_on(ctx, id)?;
    }
    let store = super::progress::open_read_only(ctx, state);
    super::progress::warn(&store);
    let text = page::render(&ctx.kb, &store, ctx.platform.as_deref(), width(), item);
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The terminal's width when printing to one, else a fixed width.
fn width() -> usize {
    let columns = if std::io::stdout().is_terminal() {
        ratatui::crossterm::terminal::size().map_or(PIPE_WIDTH, |(w, _)| usize::from(w))
    } else {
        PIPE_WIDTH
    };
    columns.max(MIN_WIDTH)
}
