//! Drawing: a pure function of the app state. One file per part of the screen.

mod detail;
mod details;
mod help;
mod input;
mod list;
pub mod loading;
mod note;
mod platforms;
mod questions;
mod status;
pub mod tabs;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use self::theme::Theme;
use super::app::{App, Ask, Mode, Pane};
use super::keymap::{self, Context};
use super::layout::{Areas, MIN_HEIGHT, MIN_WIDTH};
use crate::tui::Action;

/// Draw the whole screen for `app`.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    // The frame's own area: the terminal may have been resized since the
    // app last heard of it, and nothing may be drawn outside the frame.
    let screen = frame.area();
    let Some(areas) = Areas::new(screen, app.list_wants, app.status_rows(screen.width)) else {
        too_small(frame, frame.area(), app.context());
        return;
    };
    title_bar(frame, app, theme, areas.title);
    if areas.tabs {
        tabs::draw(frame, app, theme, areas.platforms);
    } else {
        platforms::draw(frame, app, theme, areas.platforms);
    }
    list::draw(frame, app, theme, &areas);
    detail::draw(frame, app, theme, &areas);
    status::draw(frame, app, theme, areas.status);
    match &app.mode {
        Mode::Help { scroll, .. } => help::draw(frame, app, theme, *scroll),
        Mode::Confirm(ask) => confirm(frame, app, theme, ask),
        Mode::Questions(triage) => questions::draw(frame, app, theme, triage),
        Mode::Note(editing) => note::draw(frame, app, theme, editing),
        Mode::Details(form) => details::draw(frame, theme, form),
        _ => {}
    }
}

/// `lines` from the top of `area`, one a row, each cut at its width: what
/// an unwrapped `Paragraph` draws, without the buffers it builds per line
/// (the list and the detail are drawn again on every key).
pub fn rows<'a>(frame: &mut Frame, area: Rect, lines: impl IntoIterator<Item = Line<'a>>) {
    let buffer = frame.buffer_mut();
    for (line, y) in lines.into_iter().zip(area.top()..area.bottom()) {
        set_line(buffer, area.x, y, &line, area.width);
    }
}

/// `Buffer::set_line`, with printable ASCII, the most of any text, put a
/// char a cell: such a char is a grapheme of its own, one column wide, so
/// segmenting it into graphemes and measuring each, as ratatui does for
/// any text, finds nothing more. The last such char before other text is
/// left to ratatui with that text, which may join it (a combining accent).
fn set_line(buffer: &mut Buffer, x: u16, y: u16, line: &Line<'_>, width: u16) {
    let end = x.saturating_add(width).min(buffer.area.right());
    let mut x = x;
    for span in line {
        if x >= end {
            break;
        }
        let style = line.style.patch(span.style);
        let text = span.content.as_ref();
        let plain = text
            .bytes()
            .position(|b| !(b' '..=b'~').contains(&b))
            .map_or(text.len(), |other| other.saturating_sub(1));
        let (plain, rest) = text.split_at(plain);
        let cells = plain.len().min(usize::from(end - x));
        if cells > 0 {
            let start = buffer.index_of(x, y);
            for (cell, c) in buffer.content[start..start + cells]
                .iter_mut()
                .zip(plain.chars())
            {
                cell.set_char(c).set_style(style);
            }
            x += cells as u16;
        }
        if !rest.is_empty() && x < end {
            x = buffer
                .set_stringn(x, y, rest, usize::from(end - x), style)
                .0;
        }
    }
}

/// A bordered pane with a title, highlighted when it has the focus.
pub fn pane<'a>(title: &'a str, focused: bool, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(theme.border(focused))
        .title(Span::styled(format!(" {title} "), theme.border(focused)))
}

/// Whether `pane` has the keyboard: while searching, only the search line
/// (in the list pane) does, whatever pane the search was opened from.
pub fn focused(app: &App, pane: Pane) -> bool {
    match app.mode {
        Mode::Browse => app.focus == pane,
        Mode::Search(_) => pane == Pane::List,
        _ => false,
    }
}

fn title_bar(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let (done, total) = app.done;
    let saved = if app.unsaved { " (not saved)" } else { "" };
    let right = format!(
        " {} · {done}/{total} steps tried{saved} ",
        app.platform_name()
    );
    let right_width = right.width() as u16;
    let room = if right_width + 20 <= area.width {
        area.width - right_width
    } else {
        area.width
    };
    let left = match app.open_case() {
        Some(case) => {
            let plan = crate::case::plan_of(&app.kb, case);
            let (tried, total) = crate::case::progress(&plan, &app.marks.0);
            let problem = crate::case::problem_title(&app.kb, case);
            // Browsing another platform, the case's own is named.
            let on = match app.platform_id() == crate::case::platform(&app.kb, case) {
                true => String::new(),
                false => format!(" on {}", crate::case::platform_name(&app.kb, case)),
            };
            format!(" syncfix · case {problem}{on} · {tried} of {total} steps tried")
        }
        None => format!(" syncfix · {}", app.kb.title),
    };
    let left = list::truncate(&left, usize::from(room));
    frame.buffer_mut().set_style(area, theme.title_bar());
    rows(frame, area, [Line::raw(left)]);
    if room < area.width {
        let right_area = Rect {
            x: area.right() - right_width,
            width: right_width,
            ..area
        };
        rows(frame, right_area, [Line::raw(right)]);
    }
}

fn too_small(frame: &mut Frame, area: Rect, context: Context) {
    let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    let quit = match keymap::action_for_key(q, context) {
        Some(Action::Quit) => "press q to quit",
        _ => "press Ctrl-C to quit",
    };
    let text = format!(
        "Terminal too small ({}×{}). syncfix needs {MIN_WIDTH}×{MIN_HEIGHT}: enlarge it, or {quit}.",
        area.width, area.height
    );
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .alignment(Alignment::Center),
        area,
    );
}

/// A box of `width`×`height` centred in `area`, clamped to fit.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// A yes/no question over the panes.
fn confirm(frame: &mut Frame, app: &App, theme: &Theme, ask: &Ask) {
    let (title, question) = match ask {
        Ask::Reset { fix } => ("Reset fix", reset_question(app, *fix)),
        Ask::NewCase { .. } => ("New case", app.closing_question().unwrap_or_default()),
        Ask::MoveCase => ("Move case", app.moving_question().unwrap_or_default()),
        Ask::Clear { step } => ("Clear", clear_question(app, step)),
        Ask::Solve { .. } => ("Fixed it", app.solving_question().unwrap_or_default()),
    };
    let width = 50.min(frame.area().width);
    let lines = textwrap::wrap(&question, usize::from(width.saturating_sub(4)).max(10));
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(4);
    let mut text: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::from(l.into_owned()))
        .collect();
    text.push(Line::from(""));
    text.push(Line::from(vec![
        Span::styled("y", theme.key()),
        Span::raw(" yes   "),
        Span::styled("n", theme.key()),
        Span::raw(" no"),
    ]));
    let area = centered(frame.area(), width, height);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .block(pane(title, true, theme)),
        area,
    );
}

/// The question Space asks before clearing an outcome with a note.
fn clear_question(app: &App, step: &str) -> String {
    let outcome = app.marks.0.get(step);
    let state = outcome.map_or("", |o| o.state.label());
    let note = outcome.and_then(|o| o.note.as_deref()).unwrap_or_default();
    format!(
        "Clear “{state}” of this step, and its note “{}”?",
        list::truncate(note, 60)
    )
}

/// The question `r` asks before clearing the ticks of a fix.
fn reset_question(app: &App, fix: usize) -> String {
    let ticked = app.shown_ticked(fix);
    let count = ticked.len();
    let notes = match crate::case::notes(&app.marks.0, ticked.iter().map(String::as_str)) {
        0 => String::new(),
        1 => ", and its note".to_string(),
        n => format!(", and their {n} notes"),
    };
    format!(
        "Clear {count} ticked {} of “{}”{notes}?",
        if count == 1 { "step" } else { "steps" },
        app.kb.fixes[fix].title
    )
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style, Stylize};
    use ratatui::text::{Line, Span};

    /// Lines of ASCII, of wide and combining chars and of control chars,
    /// styled, cut short or not, put where the buffer ends or does not.
    #[test]
    fn set_line_draws_what_ratatuis_draws() {
        let lines = [
            Line::from("plain ascii text that runs on and on"),
            Line::from(vec![
                Span::raw("symptom "),
                Span::styled("sy", Style::new().fg(Color::Yellow)),
                Span::raw("nc stuck"),
            ])
            .reversed(),
            Line::from(vec![Span::raw("平台 iCloud "), Span::raw("☁️ photos")]),
            Line::from(vec![Span::raw("tab\there"), Span::raw("e\u{301}t\u{e9}")]),
            Line::from(vec![Span::raw(""), Span::raw("~!"), Span::raw("平")]),
            Line::from(vec![
                Span::raw("cafe\u{301} au lait"),
                Span::raw("sync stu…"),
            ]),
        ];
        let area = Rect::new(0, 0, 13, 1);
        for line in &lines {
            for (x, width) in [(0, 13), (2, 6), (5, 8), (11, 2), (12, 5), (3, 0)] {
                let mut expected = Buffer::empty(area);
                expected.set_line(x, 0, line, width);
                let mut drawn = Buffer::empty(area);
                super::set_line(&mut drawn, x, 0, line, width);
                assert_eq!(drawn, expected, "{line:?} at {x}, {width} wide");
            }
        }
    }
}
