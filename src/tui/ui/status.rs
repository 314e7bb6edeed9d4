//! The bottom bar: the keys that matter now, or a notice beside the keys
//! for help and quitting.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::list::truncate;
use super::theme::Theme;
use crate::tui::app::{App, Notice};
use crate::tui::keymap;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let width = usize::from(area.width);
    // A notice too long for one row goes on over two, the keys for help
    // and quitting on the right of the first.
    if area.height > 1
        && let Some(text) = app.wrapping_notice()
    {
        let room = app.notice_room(area.width);
        let lines = textwrap::wrap(&text, room.max(1));
        let first = lines.first().map_or("", |l| l.as_ref());
        let rest = lines.get(1..).unwrap_or_default().join(" ");
        let kept = keymap::hints(app.context(), 0);
        let mut spans = vec![Span::raw(format!(" {first}"))];
        let used = 1 + first.width();
        let beside = width.saturating_sub(keymap::hints_width(&kept));
        spans.push(Span::raw(" ".repeat(beside.saturating_sub(used))));
        spans.extend(hint_spans(&kept, theme));
        let second = Line::from(format!(" {}", truncate(&rest, width.saturating_sub(2))));
        frame.render_widget(Paragraph::new(vec![Line::from(spans), second]), area);
        return;
    }
    let line = match &app.notice {
        None => Line::from(hint_spans(&keymap::hints(app.context(), width), theme)),
        Some(notice) => {
            // How to get help and how to quit stay on the right of a notice.
            let kept = keymap::hints(app.context(), 0);
            let room = width.saturating_sub(keymap::hints_width(&kept));
            // The notice's text, a space short of the hints.
            let fit = |text: &str, before: usize| {
                truncate(text, room.saturating_sub(before + 1)).into_owned()
            };
            let mut spans = match notice {
                Notice::Problem(text) => vec![
                    Span::styled(" ! ", theme.problem()),
                    Span::styled(problem(app, text, room.saturating_sub(4)), theme.problem()),
                ],
                Notice::Info(text) => vec![Span::raw(format!(" {}", fit(text, 1)))],
                Notice::DetailsGiven => {
                    vec![Span::raw(format!(" {}", fit(&app.details_given(), 1)))]
                }
                Notice::ReportWritten { name, copied, dir } => {
                    let said = report_written(name, *copied, dir, room.saturating_sub(2));
                    vec![Span::raw(format!(" {}", fit(&said, 1)))]
                }
            };
            let used: usize = spans.iter().map(|s| s.content.width()).sum();
            spans.push(Span::raw(" ".repeat(room.saturating_sub(used))));
            spans.extend(hint_spans(&kept, theme));
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// " keys word  keys word": keys in the key style, words muted.
fn hint_spans(hints: &[(String, &'static str)], theme: &Theme) -> Vec<Span<'static>> {
    let mut spans = vec![Span::raw(" ")];
    for (n, (keys, word)) in hints.iter().enumerate() {
        if n > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(keys.clone(), theme.key()));
        spans.push(Span::styled(format!(" {word}"), theme.muted()));
    }
    spans
}

/// A problem as the bar can hold it in `room` columns: whole when it fits,
/// else a summary that says where to read it all.
fn problem(app: &App, text: &str, room: usize) -> String {
    if text.width() <= room {
        return text.to_string();
    }
    let more = " (? shows all)";
    let summary = if app.unsaved {
        "Progress is NOT saved."
    } else {
        text
    };
    format!(
        "{}{more}",
        truncate(summary, room.saturating_sub(more.width()))
    )
}

/// Where a report went, in `room` columns if it can be: said in full, else
/// shortly, the directory giving up its middle, never its end, which says
/// where to look.
fn report_written(name: &str, copied: bool, dir: &str, room: usize) -> String {
    let full = match copied {
        true => format!("Report {name} copied to the clipboard and written to {dir}"),
        false => format!("Report {name} written to {dir}"),
    };
    if full.width() <= room {
        return full;
    }
    let short = |dir: &str| match copied {
        true => format!("Report {name} (copied) in {dir}"),
        false => format!("Report {name} in {dir}"),
    };
    let over = short(dir).width().saturating_sub(room);
    if over == 0 {
        return short(dir);
    }
    // Paths are nearly always one column a character.
    let kept = dir.chars().count().saturating_sub(over + 1).max(1);
    let tail: Vec<char> = dir.chars().rev().take(kept).collect();
    short(&format!("…{}", tail.into_iter().rev().collect::<String>()))
}
