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
            Span::styled(fit(text, area, 3), theme.problem()),
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

/// `text` cut with "…" to the bar's width after `before` columns.
fn fit(text: &str, area: Rect, before: u16) -> String {
    truncate(text, usize::from(area.width.saturating_sub(before)))
}
