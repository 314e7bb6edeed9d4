//! The platform tab bar used on narrow terminals. When even that does not
//! fit, it shows just the chosen platform; a click then picks the next one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::focused;
use super::theme::Theme;
use crate::tui::app::{App, Pane};
use crate::tui::layout::{DIVIDER, tabs, tabs_fit};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let focus = focused(app, Pane::Platforms);
    let names = app.platform_names();
    let tabs = tabs(&names, area, app.platform);
    if !tabs_fit(&tabs, area) {
        let label = format!("{} {}", app.platform + 1, names[app.platform]);
        let line = Line::from(vec![
            Span::styled(" Platform ", theme.muted()),
            Span::styled(label, theme.selected(focus)),
            // The keys that pick a platform: one digit each.
            Span::styled(format!(" 1–{}", names.len().min(9)), theme.muted()),
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
