//! The `?` overlay, printed from the key table so it always tells the truth.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::list::scrollbar;
use super::theme::Theme;
use super::{centered, pane};
use crate::tui::app::{App, Notice};
use crate::tui::keymap::{HelpLine, KEYS, help_lines};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, scroll: usize) {
    let screen = frame.area();
    let keys_width = KEYS.iter().map(|row| row.keys.width()).max().unwrap_or(0);
    let layout = help_lines(screen.width.saturating_sub(2));
    let stacked = layout
        .iter()
        .any(|l| matches!(l, HelpLine::Key { keys, does } if !keys.is_empty() && does.is_empty()));
    // A problem the status bar had to cut short is read here in full.
    let problem = match &app.notice {
        Some(Notice::Problem(text)) => {
            textwrap::wrap(text, usize::from(screen.width.saturating_sub(6)).max(20))
                .into_iter()
                .map(|line| Line::styled(format!("{line}"), theme.problem()))
                .chain([Line::from("")])
                .collect()
        }
        _ => Vec::new(),
    };
    let lines: Vec<Line> = problem
        .into_iter()
        .chain(layout.into_iter().map(|line| match line {
            HelpLine::Heading(title) => Line::styled(title, theme.group()),
            HelpLine::Blank => Line::from(""),
            HelpLine::Key { keys, does } if stacked => {
                if keys.is_empty() {
                    Line::from(format!("    {does}"))
                } else {
                    Line::styled(format!("  {keys}"), theme.key())
                }
            }
            HelpLine::Key { keys, does } => {
                let pad = " ".repeat(keys_width - keys.width());
                Line::from(vec![
                    Span::styled(format!("  {keys}{pad}  "), theme.key()),
                    Span::raw(does),
                ])
            }
        }))
        .collect();
    let width = lines.iter().map(Line::width).max().unwrap_or(0) as u16 + 3;
    // A column or two left beside the overlay would show the panes'
    // borders and scrollbars like a second scrollbar of its own.
    let width = if screen.width.saturating_sub(width) <= 2 {
        screen.width
    } else {
        width
    };
    let height = lines.len() as u16 + 2;
    let area = centered(screen, width, height);
    let max = usize::from(height.saturating_sub(area.height));
    let scroll = scroll.min(max);
    let total = lines.len();
    frame.render_widget(Clear, area);
    let mut block = pane("Keys · ? or Esc to close", true, theme);
    if let Some(more) = more(scroll, max) {
        block = block.title_bottom(Line::styled(more, theme.key()).right_aligned());
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll as u16, 0)),
        area,
    );
    scrollbar(frame, area, total, scroll, area.height.saturating_sub(2));
}

/// The bottom border's word when the help is taller than the screen:
/// which way there is more to read.
fn more(scroll: usize, max: usize) -> Option<&'static str> {
    match (scroll > 0, scroll < max) {
        (false, true) => Some(" ↓ more "),
        (true, true) => Some(" ↑↓ more "),
        (true, false) => Some(" ↑ more "),
        (false, false) => None,
    }
}
