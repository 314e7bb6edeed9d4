//! The detail pane: the laid-out document, the selected step, a scrollbar.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::list::scrollbar;
use super::theme::Theme;
use super::{focused, pane};
use crate::tui::app::{App, Mode, Pane};
use crate::tui::detail::Subject;
use crate::tui::layout::Areas;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, areas: &Areas) {
    let focus = focused(app, Pane::Detail);
    let title = match app.subject {
        Some(Subject::Symptom(_)) => "Symptom",
        Some(Subject::Fix(_)) => "Fix",
        Some(Subject::Status(_)) => "Status message",
        Some(Subject::Note(_)) => "Note",
        None => "Detail",
    };
    frame.render_widget(pane(title, focus, theme), areas.detail);
    let text = areas.detail_text();
    let searching = matches!(app.mode, Mode::Search(_));
    let selected = (focus || searching).then_some(app.detail.step);
    let lines = app
        .doc
        .lines
        .iter()
        .skip(app.detail.scroll)
        .take(usize::from(text.height))
        .map(|line| {
            let spans: Vec<Span> = line
                .pieces
                .iter()
                .map(|p| Span::styled(p.text.as_str(), theme.tone(p.tone)))
                .collect();
            let out = Line::from(spans);
            match (line.step, selected) {
                (Some(step), Some(sel)) if step == sel => out.style(theme.selected(focus)),
                _ => out,
            }
        });
    if app.subject.is_none() {
        let hint = if searching {
            " Nothing to show."
        } else {
            " Choose an item on the left."
        };
        frame.render_widget(Paragraph::new(Line::styled(hint, theme.muted())), text);
    }
    super::rows(frame, text, lines);
    scrollbar(
        frame,
        areas.detail,
        app.doc.lines.len(),
        app.detail.scroll,
        text.height,
    );
    if focus && let Some(step) = app.selected_step() {
        let row = step.first_line.checked_sub(app.detail.scroll);
        if let Some(row) = row.filter(|r| *r < usize::from(text.height)) {
            let indent = app.doc.lines[step.first_line]
                .pieces
                .first()
                .map_or(0, |p| p.text.find('[').unwrap_or(0));
            frame.set_cursor_position((text.x + indent as u16, text.y + row as u16));
        }
    }
}
