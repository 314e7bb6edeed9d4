//! The platform pane: All, then each platform, with its key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::{focused, pane};
use crate::tui::app::{App, Pane};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let focus = focused(app, Pane::Platforms);
    let lines: Vec<Line> = app
        .platform_names()
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let chosen = i == app.platform;
            let mark = if chosen { "● " } else { "  " };
            let key = if i < 9 {
                format!("{} ", i + 1)
            } else {
                "  ".to_string()
            };
            let line = Line::from(vec![
                Span::styled(key, theme.muted()),
                Span::raw(mark),
                Span::raw(name),
            ]);
            if chosen {
                line.style(theme.selected(focus))
            } else {
                line
            }
        })
        .collect();
    let block = pane("Platform", focus, theme);
    let inner = block.inner(area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
    if focus {
        let row = u16::try_from(app.platform).unwrap_or(u16::MAX);
        if row < inner.height {
            frame.set_cursor_position((inner.x, inner.y + row));
        }
    }
}
