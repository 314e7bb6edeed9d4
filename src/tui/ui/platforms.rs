//! The platform pane: All, then each platform, with its key; scrolled so
//! the chosen one is in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::list::scrollbar;
use super::theme::Theme;
use super::{focused, pane};
use crate::tui::app::{App, Pane};
use crate::tui::layout::Areas;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let focus = focused(app, Pane::Platforms);
    let block = pane("Platform", focus, theme);
    let inner = block.inner(area);
    let offset = Areas::platform_offset(app.platform, inner.height);
    let names = app.platform_names();
    let len = names.len();
    let lines: Vec<Line> = names
        .into_iter()
        .enumerate()
        .skip(offset)
        .take(usize::from(inner.height))
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
    frame.render_widget(block, area);
    super::rows(frame, inner, lines);
    scrollbar(frame, area, len, offset, inner.height);
    if focus {
        let row = u16::try_from(app.platform - offset).unwrap_or(u16::MAX);
        if row < inner.height {
            frame.set_cursor_position((inner.x, inner.y + row));
        }
    }
}
