//! "What do you see?": the question on screen and its numbered answers, in a
//! box over the panes (which stay where Esc leaves to).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::list::scrollbar;
use super::theme::Theme;
use super::{centered, pane};
use crate::tui::app::{App, Triage};
use crate::tui::detail::Tone;
use crate::tui::layout::Areas;

/// The widest the box grows: answers read best on short lines.
const WIDTH: u16 = 76;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, triage: &Triage) {
    let screen = frame.area();
    // Between the title bar and the status bar, which stay readable.
    let body = Rect {
        y: screen.y + 1,
        height: screen.height.saturating_sub(2),
        ..screen
    };
    let width = WIDTH.min(body.width.saturating_sub(4)).max(20);
    let room = usize::from(width.saturating_sub(4)).max(8);
    let (lines, selected) = text(app, theme, triage, room);
    let height = (lines.len() as u16 + 2).min(body.height);
    let area = centered(body, width, height);
    let inner = Areas::inner(area);
    let rows = usize::from(inner.height);
    // The highlighted answer stays in view, whole when it fits.
    let (first, last) = selected;
    let scroll = (last + 1).saturating_sub(rows).min(first);
    frame.render_widget(Clear, area);
    frame.render_widget(pane("What do you see?", true, theme), area);
    let total = lines.len();
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
    scrollbar(frame, area, total, scroll, inner.height);
    if let Some(row) = first.checked_sub(scroll).filter(|r| *r < rows) {
        frame.set_cursor_position((inner.x, inner.y + row as u16));
    }
}

/// The box's lines at `room` columns, and the first and last line of the
/// highlighted answer.
fn text(
    app: &App,
    theme: &Theme,
    triage: &Triage,
    room: usize,
) -> (Vec<Line<'static>>, (usize, usize)) {
    let kb = &app.kb;
    let mut lines = Vec::new();
    let so_far: Vec<&str> = triage
        .given
        .iter()
        .map(|&(q, a)| kb.questions[q].answers[a].text.as_str())
        .collect();
    if !so_far.is_empty() {
        for line in textwrap::wrap(&format!("So far: {}", so_far.join(" › ")), room) {
            lines.push(Line::styled(line.into_owned(), theme.muted()));
        }
    }
    let question = triage.asked(kb);
    for line in textwrap::wrap(&question.text, room) {
        lines.push(Line::styled(line.into_owned(), theme.tone(Tone::Title)));
    }
    lines.push(Line::from(""));
    let mut selected = (0, 0);
    for (n, &answer) in triage.shown(kb).iter().enumerate() {
        let first = lines.len();
        let options = textwrap::Options::new(room)
            .initial_indent("   ")
            .subsequent_indent("   ");
        let text = &question.answers[answer].text;
        for (i, line) in textwrap::wrap(text, options).into_iter().enumerate() {
            let body = line.get(3..).unwrap_or_default().to_string();
            let key = match i {
                0 => Span::styled(format!("{} ", n + 1), theme.key()),
                _ => Span::raw("  "),
            };
            let line = Line::from(vec![key, Span::raw(" "), Span::raw(body)]);
            let line = match n == triage.cursor {
                true => line.style(theme.selected(true)),
                false => line,
            };
            lines.push(line);
        }
        if n == triage.cursor {
            selected = (first, lines.len() - 1);
        }
    }
    (lines, selected)
}
