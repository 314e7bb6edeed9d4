//! The bottom bar: a notice when there is one, else the keys that matter now.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::list::truncate;
use super::theme::Theme;
use crate::tui::app::{App, Notice};
use crate::tui::keymap;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let line = match &app.notice {
        Some(Notice::Problem(text)) => Line::from(vec![
            Span::styled(" ! ", theme.problem()),
            Span::styled(problem(app, text, area), theme.problem()),
        ]),
        Some(Notice::Info(text)) => Line::from(format!(" {}", fit(text, area, 1))),
        None => {
            let mut spans = vec![Span::raw(" ")];
            let mut used = 1;
            for (keys, hint) in keymap::hints(app.context()) {
                let hint = format!(" {hint}  ");
                used += keys.width() + hint.width();
                if used > usize::from(area.width) + 2 {
                    break;
                }
                spans.push(Span::styled(keys, theme.key()));
                spans.push(Span::styled(hint, theme.muted()));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// A problem as the bar can hold it: whole when it fits, else a summary
/// that says where to read it all.
fn problem(app: &App, text: &str, area: Rect) -> String {
    if text.width() + 3 <= usize::from(area.width) {
        return text.to_string();
    }
    let more = " (? shows all)";
    let room = area.width.saturating_sub(more.width() as u16);
    let summary = if app.unsaved {
        "Progress is NOT being saved."
    } else {
        text
    };
    format!(
        "{}{more}",
        fit(
            summary,
            Rect {
                width: room,
                ..area
            },
            3
        )
    )
}

/// `text` cut with "…" to the bar's width after `before` columns.
fn fit(text: &str, area: Rect, before: u16) -> String {
    truncate(text, usize::from(area.width.saturating_sub(before)))
}
