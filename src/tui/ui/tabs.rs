//! The platform tab bar used on narrow terminals. When even that does not
//! fit, it shows just the chosen platform; a click then picks the next one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::focused;
use super::theme::Theme;
use crate::tui::app::{App, Pane};

const DIVIDER: &str = " │ ";

/// Each tab's label ("1 All", "2 iPhone/iPad", ...) and its column range.
fn tabs(names: &[&str], area: Rect) -> Vec<(String, u16, u16)> {
    let mut x = area.x + 1;
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            x = x.saturating_add(DIVIDER.width() as u16);
        }
        let label = format!("{} {name}", i + 1);
        let end = x.saturating_add(label.width() as u16);
        out.push((label, x, end));
        x = end;
    }
    out
}

fn fits(tabs: &[(String, u16, u16)], area: Rect) -> bool {
    tabs.last().is_none_or(|(_, _, end)| *end <= area.right())
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let focus = focused(app, Pane::Platforms);
    let names = app.platform_names();
    let tabs = tabs(&names, area);
    if !fits(&tabs, area) {
        let label = format!("{} {}", app.platform + 1, names[app.platform]);
        let line = Line::from(vec![
            Span::styled(" Platform ", theme.muted()),
            Span::styled(label, theme.selected(focus)),
            Span::styled(format!(" 1–{}", names.len()), theme.muted()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        if focus {
            frame.set_cursor_position((area.x + 10, area.y));
        }
        return;
    }
    let mut spans = vec![Span::raw(" ")];
    for (i, (label, x, _)) in tabs.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(DIVIDER, theme.muted()));
        }
        if i == app.platform {
            spans.push(Span::styled(label, theme.selected(focus)));
            if focus {
                frame.set_cursor_position((x, area.y));
            }
        } else {
            spans.push(Span::raw(label));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Which platform a click at `column` picks: the tab under it, or the one
/// after `current` when the bar is too narrow to show every tab.
pub fn at(names: &[&str], area: Rect, column: u16, current: usize) -> Option<usize> {
    let tabs = tabs(names, area);
    if !fits(&tabs, area) {
        return Some((current + 1) % names.len());
    }
    tabs.iter()
        .position(|(_, x, end)| (*x..*end).contains(&column))
}
