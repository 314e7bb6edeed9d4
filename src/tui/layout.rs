//! Where each part of the screen goes, as a pure function of the terminal
//! size and the width the list would like. Drawing and mouse hit-testing
//! both use it, so they always agree.
//!
//! Layouts are chosen by what stays readable: the list and the detail sit
//! side by side only while each keeps at least 40 columns; below that they
//! stack. From 100 columns the platforms get a pane of their own. The list
//! grows with the terminal up to what its widest title needs, never taking
//! more than half of the room beside the platforms.

use ratatui::layout::{Constraint, Layout, Margin, Rect};
use unicode_width::UnicodeWidthStr;

/// Below this the interface shows a "too small" message instead.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 10;
/// From this width on, platforms get a pane of their own; below, a tab bar.
pub const WIDE: u16 = 100;
/// The platform pane's width.
const PLATFORMS: u16 = 18;
/// The narrowest list (its frame included) that still shows most of a
/// title beside its badge; a narrower one stacks above the detail.
pub const LIST_MIN: u16 = 40;
/// The narrowest detail that reads as prose, frame included.
pub const DETAIL_MIN: u16 = 40;
/// Below this width the symptom list sits above the detail, not beside it.
pub const STACKED: u16 = LIST_MIN + DETAIL_MIN;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub title: Rect,
    /// The platform pane (wide) or the one-line tab bar (narrow).
    pub platforms: Rect,
    pub tabs: bool,
    pub list: Rect,
    pub detail: Rect,
    pub status: Rect,
}

impl Areas {
    /// The areas for a terminal of `screen`'s size, with a list that would
    /// like `list_wants` columns (frame included) and a status bar of
    /// `status_rows` rows (one, or two for a long notice); None if too small.
    pub fn new(screen: Rect, list_wants: u16, status_rows: u16) -> Option<Areas> {
        if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT {
            return None;
        }
        let [title, body, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(status_rows.clamp(1, 2)),
        ])
        .areas(screen);
        if screen.width >= WIDE {
            let list = list_width(screen.width - PLATFORMS, list_wants);
            let [platforms, list, detail] = Layout::horizontal([
                Constraint::Length(PLATFORMS),
                Constraint::Length(list),
                Constraint::Fill(1),
            ])
            .areas(body);
            return Some(Areas {
                title,
                platforms,
                tabs: false,
                list,
                detail,
                status,
            });
        }
        let [platforms, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
        let [list, detail] = if screen.width >= STACKED {
            let list = list_width(screen.width, list_wants);
            Layout::horizontal([Constraint::Length(list), Constraint::Fill(1)]).areas(rest)
        } else {
            Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(rest)
        };
        Some(Areas {
            title,
            platforms,
            tabs: true,
            list,
            detail,
            status,
        })
    }

    /// Where content goes inside a bordered pane: within the border, with a
    /// column of padding on each side.
    pub fn inner(pane: Rect) -> Rect {
        pane.inner(Margin::new(2, 1))
    }

    /// The platform pane's rows (each platform on its own line), if it is a pane.
    pub fn platform_rows(&self) -> Option<Rect> {
        (!self.tabs).then(|| Areas::inner(self.platforms))
    }

    /// The first platform the platform pane shows, `rows` rows high, with
    /// `chosen` chosen: the least that keeps `chosen` in view.
    pub fn platform_offset(chosen: usize, rows: u16) -> usize {
        chosen.saturating_sub(usize::from(rows.max(1)) - 1)
    }

    /// The list pane's rows; in search mode the first row is the search line.
    pub fn list_rows(&self, searching: bool) -> Rect {
        let inner = Areas::inner(self.list);
        if searching {
            Rect {
                y: inner.y + 1,
                height: inner.height.saturating_sub(1),
                ..inner
            }
        } else {
            inner
        }
    }

    /// The detail pane's text area.
    pub fn detail_text(&self) -> Rect {
        Areas::inner(self.detail)
    }
}

/// The list's share of `room` columns beside the detail: what it wants, at
/// least `LIST_MIN`, at most half the room and never so much that the
/// detail gets less than `DETAIL_MIN`.
fn list_width(room: u16, wants: u16) -> u16 {
    let most = (room / 2)
        .min(room.saturating_sub(DETAIL_MIN))
        .max(LIST_MIN);
    wants.clamp(LIST_MIN, most)
}

/// Between two platform tabs.
pub const DIVIDER: &str = " │ ";

/// Each tab's label ("1 All", "2 ● iPhone/iPad" when chosen, ...) and its
/// column range.
pub fn tabs(names: &[&str], area: Rect, chosen: usize) -> Vec<(String, u16, u16)> {
    let mut x = area.x + 1;
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            x = x.saturating_add(DIVIDER.width() as u16);
        }
        // The chosen one is marked as in the pane, told apart without color.
        let mark = if i == chosen { "● " } else { "" };
        let label = format!("{} {mark}{name}", i + 1);
        let end = x.saturating_add(label.width() as u16);
        out.push((label, x, end));
        x = end;
    }
    out
}

pub fn tabs_fit(tabs: &[(String, u16, u16)], area: Rect) -> bool {
    tabs.last().is_none_or(|(_, _, end)| *end <= area.right())
}

/// Which platform a click at `column` picks: the tab under it, or the one
/// after `current` when the bar is too narrow to show every tab.
pub fn tab_at(names: &[&str], area: Rect, column: u16, current: usize) -> Option<usize> {
    let tabs = tabs(names, area, current);
    if !tabs_fit(&tabs, area) {
        return Some((current + 1) % names.len());
    }
    tabs.iter()
        .position(|(_, x, end)| (*x..*end).contains(&column))
}
