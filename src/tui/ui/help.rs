//! The `?` overlay, printed from the key table so it always tells the truth.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use super::{centered, pane};
use crate::tui::keymap::{Context, KEYS};

/// The help text, one line per key row, grouped by context.
pub fn lines(theme: &Theme) -> Vec<Line<'static>> {
    let width = KEYS.iter().map(|row| row.keys.width()).max().unwrap_or(0);
    let mut lines = Vec::new();
    for context in [Context::Browse, Context::Search, Context::Help, Context::Confirm] {
        if !lines.is_empty() {
            lines.push(Line::from(""));
        }
        lines.push(Line::styled(context.title(), theme.group()));
        for row in KEYS.iter().filter(|row| row.context == context) {
            let pad = " ".repeat(width - row.keys.width());
            lines.push(Line::from(vec![
                Span::styled(format!("  {}{pad}  ", row.keys), theme.key()),
                Span::raw(row.does),
            ]));
        }
    }
    lines
}

pub fn draw(frame: &mut Frame, theme: &Theme, scroll: usize) {
    let lines = lines(theme);
    let width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 4;
    let height = lines.len() as u16 + 2;
    let area = centered(frame.area(), width, height);
    let scroll = scroll.min(usize::from(height.saturating_sub(area.height))) as u16;
    frame.render_widget(Clear, area);
    let block = pane("Keys · ? or Esc to close", true, theme);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}
