//! `syncfix show`: one item as plain text, wrapped to the terminal.

mod page;

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use super::{Context, Error};
use crate::kb::Kind;
use crate::progress;

/// Lines are wrapped to this width when output is not a terminal.
const PIPE_WIDTH: usize = 80;
/// Narrower than this, wrapped text would be mostly indentation.
const MIN_WIDTH: usize = 24;

pub fn run(ctx: &Context, state: Option<&Path>, id: &str) -> Result<ExitCode, Error> {
    let id = id.trim();
    let Some(item) = ctx.kb.item(id) else {
        let kinds = [
            Kind::Symptom,
            Kind::Fix,
            Kind::Step,
            Kind::Status,
            Kind::Note,
        ];
        return Err(Error::UnknownId {
            what: "item",
            id: visible(id).into_owned(),
            suggestions: ctx
                .kb
                .nearest_ids(id, &kinds, 3)
                .into_iter()
                .map(String::from)
                .collect(),
        });
    };
    let store = progress::Store::open(progress::resolve_path(state), &ctx.kb.id);
    let mut err = std::io::stderr();
    for warning in store.warnings() {
        writeln!(err, "syncfix: {}", visible(warning))?;
    }
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

/// Text from a knowledge base, safe to print: control characters (ESC,
/// BEL, CSI, ...) become visible symbols instead of reaching the terminal;
/// tabs and line breaks become spaces.
pub(super) fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                '\0'..='\x1f' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
                '\x7f' => '\u{2421}',
                c if c.is_control() => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(visible("plain"), "plain");
        assert_eq!(visible("a\x1b[31mred\x07"), "a\u{241b}[31mred\u{2407}");
        assert_eq!(visible("tab\there\nnext"), "tab here next");
        assert_eq!(visible("c1\u{9b}2J del\x7f"), "c1\u{fffd}2J del\u{2421}");
    }
}
