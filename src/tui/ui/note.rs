//! The note editor: the step it is for, and the line being typed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::list::truncate;
use super::theme::Theme;
use super::{centered, input, pane};
use crate::tui::app::{App, NoteEdit};
use crate::tui::layout::Areas;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, editing: &NoteEdit) {
    let screen = frame.area();
    let area = centered(screen, 72.min(screen.width.saturating_sub(4)), 6);
    frame.render_widget(Clear, area);
    let title = match (editing.just_marked, editing.marks_it) {
        (true, _) => "Note on the step just marked",
        (false, true) => "Note on this step · Enter marks it done",
        (false, false) => "Note on this step",
    };
    frame.render_widget(pane(title, true, theme), area);
    let inner = Areas::inner(area);
    let step = app
        .kb
        .step(&editing.step)
        .map_or(editing.step.as_str(), |s| &s.text);
    let about = Line::styled(truncate(step, usize::from(inner.width)), theme.muted());
    frame.render_widget(Paragraph::new(about), inner);
    if inner.height < 3 {
        return;
    }
    let line = Rect {
        y: inner.y + 2,
        height: 1,
        ..inner
    };
    let hint = ("what you saw, tried or were told", theme.muted());
    input::draw(frame, &editing.line, line, true, hint);
}
