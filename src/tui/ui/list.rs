//! The middle pane: symptoms, status messages, fixes and notes in groups,
//! or, while searching, the search line and its results.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};
use unicode_segmentation::UnicodeSegmentation as _;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use super::{focused, pane};
use crate::tui::app::{App, Mode, Pane, Row, SearchState};
use crate::tui::detail::Subject;
use crate::tui::layout::Areas;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, areas: &Areas) {
    match &app.mode {
        Mode::Search(search) => draw_search(frame, search, theme, areas),
        _ => draw_browse(frame, app, theme, areas),
    }
}

fn draw_browse(frame: &mut Frame, app: &App, theme: &Theme, areas: &Areas) {
    let focus = focused(app, Pane::List);
    frame.render_widget(pane("Symptoms", focus, theme), areas.list);
    let rows = areas.list_rows(false);
    let visible = app
        .rows
        .iter()
        .enumerate()
        .skip(app.list.offset)
        .take(usize::from(rows.height));
    let lines = visible.map(|(i, row)| match row {
        Row::Header(title) => Line::styled(*title, theme.group()),
        Row::Item(subject) => selectable(
            item_line(app, *subject, theme, rows.width),
            i == app.list.selected,
            theme.selected(focus),
        ),
    });
    super::rows(frame, rows, lines);
    scrollbar(
        frame,
        areas.list,
        app.rows.len(),
        app.list.offset,
        rows.height,
    );
    if focus && app.list.selected >= app.list.offset {
        let row = app.list.selected - app.list.offset;
        if row < usize::from(rows.height) {
            frame.set_cursor_position((rows.x, rows.y + row as u16));
        }
    }
}

/// `line`, in the selection's style when it is the selected one.
fn selectable(line: Line<'_>, selected: bool, style: Style) -> Line<'_> {
    if selected { line.style(style) } else { line }
}

/// " title ……… 3/8": the title cut to leave room for the progress badge.
fn item_line<'a>(app: &'a App, subject: Subject, theme: &Theme, width: u16) -> Line<'a> {
    let kb = &app.kb;
    let title = match subject {
        Subject::Symptom(i) => kb.symptoms[i].title.as_str(),
        Subject::Fix(i) => kb.fixes[i].title.as_str(),
        Subject::Status(i) => kb.statuses[i].text.as_str(),
        Subject::Note(i) => kb.notes[i].title.as_str(),
    };
    let badge = app.badge(subject).map(|(done, total)| {
        let style = theme.badge(done == total && total > 0);
        Span::styled(format!(" {done}/{total}"), style)
    });
    let room =
        usize::from(width).saturating_sub(2 + badge.as_ref().map_or(0, |b| b.content.width()));
    let title = truncate(title, room);
    let pad = room.saturating_sub(title.width());
    let mut spans = vec![Span::raw(" "), Span::raw(title), Span::raw(" ".repeat(pad))];
    spans.extend(badge);
    Line::from(spans)
}

/// `text` cut to at most `width` columns, with "…" when cut. A cut that
/// falls after a space drops the space, so the "…" follows the word. Cut
/// between graphemes, each as wide as the frame draws it (an emoji joined
/// from several is one of two columns), never inside one.
pub fn truncate(text: &str, width: usize) -> Cow<'_, str> {
    // Printable ASCII, as most titles are: a char is a grapheme of one
    // column.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        if text.len() <= width {
            return Cow::Borrowed(text);
        }
        let kept = text[..width.saturating_sub(1)].trim_end();
        return Cow::Owned(if width > 0 {
            format!("{kept}…")
        } else {
            String::new()
        });
    }
    by_graphemes(text, width)
}

/// `truncate` a grapheme at a time, for any text.
fn by_graphemes(text: &str, width: usize) -> Cow<'_, str> {
    let graphemes = || text.graphemes(true).map(|g| (g, super::input::columns(g)));
    if graphemes().map(|(_, w)| w).sum::<usize>() <= width {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut used = 0;
    for (g, w) in graphemes() {
        if used + w + 1 > width {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.truncate(out.trim_end().len());
    if width > 0 {
        out.push('…');
    }
    Cow::Owned(out)
}

fn draw_search(frame: &mut Frame, search: &SearchState, theme: &Theme, areas: &Areas) {
    let results = match &search.results {
        r if r.partial => "partial matches",
        r if r.scattered => "scattered matches",
        _ => "results",
    };
    // While a search takes long, the title says so first, where a narrow
    // pane still shows it.
    let search_word = if search.slow {
        "Searching…"
    } else {
        "Search"
    };
    let title = match search.results.matched {
        _ if search.answers.is_none() => search_word.to_string(),
        n if n > search.results.hits.len() => {
            format!(
                "{search_word} · best {} of {n} {results}",
                search.results.hits.len()
            )
        }
        n => format!("{search_word} · {n} {results}"),
    };
    frame.render_widget(pane(&title, true, theme), areas.list);
    let inner = Areas::inner(areas.list);
    let input = Rect {
        height: 1.min(inner.height),
        ..inner
    };
    // A query longer than the line scrolls so the cursor stays in view.
    let text = search.line.text();
    let (shown, cursor_x) = super::input::visible(
        text,
        search.line.cursor(),
        usize::from(input.width).saturating_sub(3),
    );
    let prompt = Line::from(vec![
        Span::styled("/ ", theme.key()),
        Span::raw(&text[shown]),
    ]);
    frame.render_widget(Paragraph::new(prompt), input);
    let rows = areas.list_rows(true);
    let answered = search.answers.as_deref().unwrap_or("");
    if search.results.hits.is_empty() && !answered.trim().is_empty() {
        let message = Line::styled("Nothing matches. Try fewer or other words.", theme.muted());
        let message = Paragraph::new(message).wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(message, rows);
    }
    let lines = search
        .results
        .hits
        .iter()
        .enumerate()
        .skip(search.cursor.offset)
        .take(usize::from(rows.height))
        .map(|(i, hit)| {
            let label = hit.kind.label();
            let gap = &KIND_GAP[..KIND_WIDTH.saturating_sub(label.len()).min(KIND_GAP.len())];
            let mut spans = vec![
                Span::styled(label, theme.kind()),
                Span::styled(gap, theme.kind()),
            ];
            let room = usize::from(rows.width).saturating_sub(KIND_WIDTH);
            let title = truncate(&hit.title, room);
            spans.extend(highlighted(&title, &hit.positions, theme));
            selectable(
                Line::from(spans),
                i == search.cursor.selected,
                theme.selected(true),
            )
        });
    super::rows(frame, rows, lines);
    scrollbar(
        frame,
        areas.list,
        search.results.hits.len(),
        search.cursor.offset,
        rows.height,
    );
    let x = input.x + 2 + cursor_x as u16;
    if x < input.right() {
        frame.set_cursor_position((x, input.y));
    }
}

/// The kind label before each search result, with its gap: "symptom ".
const KIND_WIDTH: usize = 8;
/// Spaces to pad a kind label to `KIND_WIDTH` with.
const KIND_GAP: &str = "        ";

/// A title with the characters at `positions` (char indices) highlighted.
fn highlighted<'a>(title: &Cow<'a, str>, positions: &[usize], theme: &Theme) -> Vec<Span<'a>> {
    // The pieces of a title borrowed from the hit borrow from it too.
    let piece = |range: std::ops::Range<usize>| match title {
        Cow::Borrowed(title) => Cow::Borrowed(&title[range]),
        Cow::Owned(title) => Cow::Owned(title[range].to_string()),
    };
    let mut spans = Vec::new();
    let mut start = 0;
    let mut current = false;
    let mut wanted = positions.iter().peekable();
    for (n, (byte, _)) in title.char_indices().enumerate() {
        let hit = wanted.peek().is_some_and(|&&p| p == n);
        if hit {
            wanted.next();
        }
        if hit != current && byte > start {
            spans.push(styled(piece(start..byte), current, theme));
            start = byte;
        }
        current = hit;
    }
    spans.push(styled(piece(start..title.len()), current, theme));
    spans
}

fn styled<'a>(text: Cow<'a, str>, hit: bool, theme: &Theme) -> Span<'a> {
    if hit {
        Span::styled(text, theme.matched())
    } else {
        Span::raw(text)
    }
}

/// A scrollbar on the right border of `pane` when the content overflows.
pub fn scrollbar(frame: &mut Frame, pane: Rect, len: usize, offset: usize, height: u16) {
    if len <= usize::from(height) {
        return;
    }
    let mut state =
        ScrollbarState::new(len.saturating_sub(usize::from(height)) + 1).position(offset);
    let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
        .begin_symbol(None)
        .end_symbol(None);
    let track = Rect {
        y: pane.y + 1,
        height: pane.height.saturating_sub(2),
        ..pane
    };
    frame.render_stateful_widget(bar, track, &mut state);
}

#[cfg(test)]
mod tests {
    use super::{by_graphemes, truncate};

    #[test]
    fn a_cut_falls_between_pictures_never_inside_one() {
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        let title = format!("{family}{family}{family} photos");
        // Each family is one picture of two columns.
        assert_eq!(truncate(&title, 5), format!("{family}{family}…"));
        assert_eq!(truncate(&title, 6), format!("{family}{family}…"));
        assert_eq!(truncate(&title, 13), title.as_str(), "fits whole");
        assert_eq!(truncate("e\u{301}tude", 3), "e\u{301}t…");
    }

    proptest::proptest! {
        #[test]
        fn printable_ascii_is_cut_as_graphemes_are(text in "[ -~]{0,60}", width in 0usize..70) {
            proptest::prop_assert_eq!(truncate(&text, width), by_graphemes(&text, width));
        }
    }
}
