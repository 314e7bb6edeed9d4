//! The details form: the four things support asks for, one line each.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::theme::Theme;
use super::{centered, input, pane};
use crate::case::Field;
use crate::tui::app::DetailsForm;
use crate::tui::layout::Areas;

pub fn draw(frame: &mut Frame, theme: &Theme, form: &DetailsForm) {
    let screen = frame.area();
    let rows = Field::ALL.len() as u16 * 2;
    let area = centered(screen, 64.min(screen.width.saturating_sub(4)), rows + 2);
    frame.render_widget(Clear, area);
    frame.render_widget(pane("Details for support", true, theme), area);
    let inner = Areas::inner(area);
    for (i, field) in Field::ALL.into_iter().enumerate() {
        let y = inner.y + i as u16 * 2;
        if y + 1 >= inner.bottom() {
            break;
        }
        let focused = i == form.field;
        let marker = if focused { "› " } else { "  " };
        let label = Line::styled(
            format!("{marker}{}", field.label()),
            match focused {
                true => theme.key(),
                false => theme.muted(),
            },
        );
        let row = |y, x: u16| Rect {
            x: inner.x + x,
            y,
            width: inner.width.saturating_sub(x),
            height: 1,
        };
        frame.render_widget(Paragraph::new(label), row(y, 0));
        let hint = format!("e.g. {}", field.hint());
        let hint = (hint.as_str(), theme.muted());
        input::draw(frame, &form.lines[i], row(y + 1, 4), focused, hint);
    }
}
