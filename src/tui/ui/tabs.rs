//! The platform tab bar used on narrow terminals.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::focused;
use super::theme::Theme;
use crate::tui::app::{App, Pane};

const DIVIDER: &str = " │ ";

/// Each tab's label: "1 All", "2 iPhone/iPad", ...
fn labels<'a>(names: &'a [&'a str]) -> impl Iterator<Item = String> + 'a {
    names.iter().enumerate().map(|(i, name)| format!("{} {name}", i + 1))
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let focus = focused(app, Pane::Platforms);
    let names = app.platform_names();
    let mut spans = vec![Span::raw(" ")];
    let mut cursor = None;
    let mut x = area.x + 1;
    for (i, label) in labels(&names).enumerate() {
        if i > 0 {
            spans.push(Span::styled(DIVIDER, theme.muted()));
            x += DIVIDER.width() as u16;
        }
        if i == app.platform {
            cursor = Some(x);
            spans.push(Span::styled(label.clone(), theme.selected(focus)));
        } else {
            spans.push(Span::raw(label.clone()));
        }
        x = x.saturating_add(label.width() as u16);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if let (true, Some(x)) = (focus, cursor)
        && x < area.right()
    {
        frame.set_cursor_position((x, area.y));
    }
}

/// Which tab a click at `column` lands on.
pub fn at(names: &[&str], area: Rect, column: u16) -> Option<usize> {
    let mut x = area.x + 1;
    for (i, label) in labels(names).enumerate() {
        if i > 0 {
            x += DIVIDER.width() as u16;
        }
        let end = x.saturating_add(label.width() as u16);
        if (x..end).contains(&column) {
            return Some(i);
        }
        x = end;
    }
    None
}
