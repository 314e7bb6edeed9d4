//! The mouse: a click selects what is under it, the wheel scrolls the pane
//! under the pointer. Hit-testing uses the same layout as drawing.

use ratatui::layout::{Position, Rect};

use super::{App, Effect, Mode, Pane, Row};
use crate::tui::action::Action;
use crate::tui::layout::{Areas, tab_at};

const WHEEL_ROWS: isize = 3;

impl App {
    /// A click at (`column`, `row`) of the screen laid out as `drawn`.
    pub(super) fn click(&mut self, drawn: Option<Areas>, column: u16, row: u16) -> Effect {
        let Some(areas) = drawn else {
            return Effect::None;
        };
        let at = Position::new(column, row);
        let searching = matches!(self.mode, Mode::Search(_));
        if !matches!(self.mode, Mode::Browse | Mode::Search(_)) {
            return Effect::None;
        }
        if areas.platforms.contains(at) {
            let choice = match areas.platform_rows() {
                Some(rows) => {
                    Areas::platform_offset(self.platform, rows.height)
                        + usize::from(row.saturating_sub(rows.y))
                }
                None => tab_at(
                    &self.platform_names(),
                    areas.platforms,
                    column,
                    self.platform,
                )
                .unwrap_or(self.platform),
            };
            if !searching {
                self.focus = Pane::Platforms;
            }
            self.choose_platform(choice);
        } else if areas.list.contains(at) {
            let rows = areas.list_rows(searching);
            if !rows.contains(at) {
                return Effect::None;
            }
            let offset = usize::from(row - rows.y);
            if let Mode::Search(search) = &mut self.mode {
                let selected = search.cursor.offset + offset;
                if selected < search.results.hits.len() {
                    search.cursor.selected = selected;
                    self.move_hit(0);
                }
                return Effect::None;
            }
            let index = self.list.offset + offset;
            if let Some(Row::Item(subject)) = self.rows.get(index) {
                let subject = *subject;
                self.focus = Pane::List;
                self.list.selected = index;
                self.show(Some(subject));
            }
        } else if areas.detail.contains(at) && !searching {
            self.focus = Pane::Detail;
            let text = areas.detail_text();
            if !text.contains(at) {
                return Effect::None;
            }
            let line = self.detail.scroll + usize::from(row - text.y);
            if let Some(step) = self.doc.lines.get(line).and_then(|l| l.step) {
                self.detail.step = step;
                if on_checkbox(text, column, &self.doc.lines[line]) {
                    return self.update(Action::ToggleTick);
                }
            }
        }
        Effect::None
    }

    pub(super) fn wheel(
        &mut self,
        drawn: Option<Areas>,
        column: u16,
        row: u16,
        down: bool,
    ) -> Effect {
        let Some(areas) = drawn else {
            return Effect::None;
        };
        let at = Position::new(column, row);
        let delta = if down { WHEEL_ROWS } else { -WHEEL_ROWS };
        match &mut self.mode {
            Mode::Help { scroll, .. } => *scroll = scroll.saturating_add_signed(delta),
            Mode::Search(_) if areas.list.contains(at) => self.move_hit(delta),
            Mode::Browse | Mode::Search(_) if areas.detail.contains(at) => {
                let max = self.doc.lines.len().saturating_sub(self.detail_height());
                self.detail.scroll = self.detail.scroll.saturating_add_signed(delta).min(max);
            }
            Mode::Browse if areas.list.contains(at) => {
                let max = self.rows.len().saturating_sub(self.list_height());
                self.list.offset = self.list.offset.saturating_add_signed(delta).min(max);
            }
            _ => {}
        }
        Effect::None
    }

    pub fn platform_names(&self) -> Vec<&str> {
        std::iter::once("All")
            .chain(self.kb.platforms.iter().map(|p| p.name.as_str()))
            .collect()
    }
}

/// Whether a click at `column` lands on the `[ ]` of a step's first line.
fn on_checkbox(text: Rect, column: u16, line: &crate::tui::detail::DocLine) -> bool {
    let Some(prefix) = line.pieces.first() else {
        return false;
    };
    let Some(start) = prefix.text.find('[') else {
        return false;
    };
    let start = text.x + start as u16;
    (start..start + 3).contains(&column)
}
