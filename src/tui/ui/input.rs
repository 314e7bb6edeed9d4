//! A line being typed in: as much as fits, scrolled so the cursor shows,
//! with the terminal's cursor on it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::tui::line_edit::LineEdit;

/// Draw `line` in `area` (one row); with `focused`, put the cursor on it.
/// An empty line shows `hint` in `hint_style`.
pub fn draw(
    frame: &mut Frame,
    line: &LineEdit,
    area: Rect,
    focused: bool,
    (hint, hint_style): (&str, Style),
) {
    let chars: Vec<char> = line.text().chars().collect();
    let cursor = line.cursor().min(chars.len());
    let width = |from: usize, to: usize| chars[from..to].iter().collect::<String>().width();
    let room = usize::from(area.width.max(1));
    let mut start = 0;
    while start < cursor && width(start, cursor) >= room {
        start += 1;
    }
    let shown: String = chars[start..].iter().collect();
    let text = match shown.is_empty() {
        true => Line::styled(hint.to_string(), hint_style),
        false => Line::from(shown),
    };
    frame.render_widget(Paragraph::new(text), area);
    if focused {
        let x = area.x + width(start, cursor) as u16;
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
    }
}
