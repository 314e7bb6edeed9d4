//! A line being typed in: as much as fits, scrolled so the cursor shows,
//! with the terminal's cursor on it.
//!
//! Measured as the frame draws it: grapheme by grapheme, each as wide as
//! ratatui makes its cell, so an emoji joined from several (a family, a
//! flag) is one picture of two columns, not the sum of its parts.

use std::ops::Range;

use ratatui::Frame;
use ratatui::buffer::CellWidth as _;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_segmentation::UnicodeSegmentation as _;

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
    // The cursor's column is at most the last one.
    let room = usize::from(area.width.max(1)) - 1;
    let (shown, cursor) = visible(line.text(), line.cursor(), room);
    // What does not fit is cut by the paragraph, at the area's edge.
    let shown = &line.text()[shown.start..];
    let text = match shown.is_empty() {
        true => Line::styled(hint.to_string(), hint_style),
        false => Line::from(shown),
    };
    frame.render_widget(Paragraph::new(text), area);
    if focused {
        let x = area.x.saturating_add(cursor as u16);
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
    }
}

/// The columns the frame gives grapheme `g`: as wide as ratatui makes
/// its cell, none for a control character (the frame leaves it out).
pub(super) fn columns(g: &str) -> usize {
    match g.contains(char::is_control) {
        true => 0,
        false => usize::from(g.cell_width()),
    }
}

/// The bytes of `text` to show in `room` columns so that the cursor (a
/// char index) is in view, and the cursor's column within them. Whole
/// graphemes only; a cursor inside one is on it.
pub(super) fn visible(text: &str, cursor: usize, room: usize) -> (Range<usize>, usize) {
    // Each grapheme's byte offset, the char index just past it, and its
    // columns.
    let mut chars = 0;
    let graphemes: Vec<(usize, usize, usize)> = text
        .grapheme_indices(true)
        .map(|(at, g)| {
            chars += g.chars().count();
            (at, chars, columns(g))
        })
        .collect();
    // The graphemes wholly before the cursor.
    let upto = graphemes.partition_point(|&(_, end, _)| end <= cursor);
    let mut before: usize = graphemes[..upto].iter().map(|&(.., w)| w).sum();
    // The first grapheme of the text's last `room` columns: while the
    // cursor is among them, they stay in view (moving back from the end
    // keeps what follows the cursor on screen).
    let mut tail = 0;
    let mut rest: usize = graphemes.iter().map(|&(.., w)| w).sum();
    while tail < graphemes.len() && rest > room {
        rest -= graphemes[tail].2;
        tail += 1;
    }
    let mut start = 0;
    if upto >= tail {
        before -= graphemes[..tail].iter().map(|&(.., w)| w).sum::<usize>();
        start = tail;
    } else {
        // Before that, the text scrolls half a width at a time: the cursor
        // moves over a still line for half a width, rather than pushing
        // the line along at one edge with every step.
        let half = (room / 2).max(1);
        let skip = before.saturating_sub(room).div_ceil(half) * half;
        let mut skipped = 0;
        while start < upto && skipped < skip {
            skipped += graphemes[start].2;
            start += 1;
        }
        before -= skipped;
    }
    let mut end = start;
    let mut used = 0;
    while let Some(&(_, _, w)) = graphemes.get(end) {
        if used + w > room.max(1) {
            break;
        }
        used += w;
        end += 1;
    }
    let byte = |i: usize| graphemes.get(i).map_or(text.len(), |&(at, ..)| at);
    (byte(start)..byte(end), before)
}

#[cfg(test)]
mod tests {
    use super::visible;

    fn shown(text: &str, cursor: usize, room: usize) -> (&str, usize) {
        let (range, column) = visible(text, cursor, room);
        (&text[range], column)
    }

    #[test]
    fn a_long_line_scrolls_to_keep_the_cursor_in_view() {
        assert_eq!(shown("short", 5, 10), ("short", 5));
        let long = "abcdefghijklmnopqrstuvwxyz";
        assert_eq!(shown(long, 26, 10), ("qrstuvwxyz", 10));
        assert_eq!(shown(long, 3, 10), ("abcdefghij", 3));
        // Back from the end, the end stays in view while the cursor is in
        // it; past it, the line scrolls half a width at a time, and the
        // cursor moves over it in between.
        assert_eq!(shown(long, 21, 10), ("qrstuvwxyz", 5));
        assert_eq!(shown(long, 16, 10), ("qrstuvwxyz", 0));
        assert_eq!(shown(long, 15, 10), ("fghijklmno", 10));
        assert_eq!(shown(long, 14, 10), ("fghijklmno", 9));
        assert_eq!(shown(long, 11, 10), ("fghijklmno", 6));
        assert_eq!(shown(long, 10, 10), ("abcdefghij", 10));
        assert_eq!(shown(long, 12, 4), ("ijkl", 4));
        assert_eq!(shown(long, 11, 4), ("ijkl", 3));
        assert_eq!(shown(long, 10, 4), ("ghij", 4));
        assert_eq!(shown("平台平台平台", 6, 4), ("平台", 4));
    }

    #[test]
    fn an_emoji_joined_from_several_is_one_picture_two_columns_wide() {
        let family = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
        let text = family.repeat(3);
        // Seven chars each, two columns each, never cut.
        assert_eq!(shown(&text, 21, 40), (text.as_str(), 6));
        assert_eq!(shown(&text, 21, 4), (family.repeat(2).as_str(), 4));
        assert_eq!(shown(&text, 7, 3), (family, 2));
        // A cursor inside a family sits on it.
        assert_eq!(shown(&text, 9, 40), (text.as_str(), 2));
        // A control character takes no column, as the frame leaves it out.
        assert_eq!(shown("a\u{7}b", 3, 10), ("a\u{7}b", 2));
    }
}
