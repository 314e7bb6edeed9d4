//! Where each part of the screen goes, as a pure function of the terminal
//! size. Drawing and mouse hit-testing both use it, so they always agree.

use ratatui::layout::{Constraint, Layout, Margin, Rect};

/// Below this the interface shows a "too small" message instead.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 10;
/// From this width on, platforms get a pane of their own; below, a tab bar.
pub const WIDE: u16 = 100;
/// Below this width the symptom list sits above the detail, not beside it.
pub const STACKED: u16 = 60;

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
    /// The size the terminal must be for this layout; None if too small.
    pub fn new(screen: Rect) -> Option<Areas> {
        if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT {
            return None;
        }
        let [title, body, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(screen);
        if screen.width >= WIDE {
            let [platforms, list, detail] = Layout::horizontal([
                Constraint::Length(18),
                Constraint::Percentage(34),
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
            Layout::horizontal([Constraint::Percentage(40), Constraint::Fill(1)]).areas(rest)
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
