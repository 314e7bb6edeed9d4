//! The screen shown while a big guide loads: what the loader is doing, and
//! about how far it has got.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph};

use super::centered;
use super::theme::Theme;
use crate::cache::Phase;

/// Draw the loading screen; `phase` is None until the loader has said.
pub fn draw(frame: &mut Frame, phase: Option<Phase>, theme: &Theme) {
    let area = frame.area();
    let title = Rect {
        height: 1.min(area.height),
        ..area
    };
    frame.render_widget(
        Paragraph::new(" syncfix · loading the guide").style(theme.title_bar()),
        title,
    );
    let label = phase.map_or("Starting", Phase::label);
    let ratio = phase.map_or(0.0, Phase::fraction);
    let body = centered(area, 60.min(area.width.saturating_sub(4)).max(1), 2);
    let [text, gauge] = [0, 1].map(|row| Rect {
        y: body.y + row,
        height: 1.min(body.height.saturating_sub(row)),
        ..body
    });
    frame.render_widget(Paragraph::new(format!("{label}…")), text);
    frame.render_widget(
        Gauge::default()
            .ratio(ratio.clamp(0.0, 1.0))
            .gauge_style(theme.key())
            .use_unicode(true),
        gauge,
    );
    // Where the key hints are once the guide is open.
    if area.height > 1 {
        let status = Rect {
            y: area.bottom() - 1,
            height: 1,
            ..area
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::raw(" "),
                Span::styled("q", theme.key()),
                Span::styled(" quit", theme.muted()),
            ])),
            status,
        );
    }
}
