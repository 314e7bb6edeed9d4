//! The terminal interface: the key table, `update` stories, screens, and
//! random input.

mod beside;
mod case;
mod counts;
mod keys;
mod other;
mod props;
mod screens;
mod triage;
mod update;

use std::collections::HashSet;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use syncfix::kb::{self, KnowledgeBase};
use syncfix::search::Index;
use syncfix::tui::{App, Searcher, Theme};

pub fn mini() -> KnowledgeBase {
    let text = include_str!("../fixtures/tui/mini.ron");
    kb::parse("mini.ron", text.as_bytes()).expect("the fixture is valid")
}

pub fn guide() -> KnowledgeBase {
    kb::load(None).expect("the built-in guide is valid").0
}

pub fn app(kb: KnowledgeBase, width: u16, height: u16) -> App {
    App::new(kb, None, HashSet::new(), Rect::new(0, 0, width, height))
}

/// The app drawn at 80×24, as text.
pub fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    terminal
        .draw(|frame| syncfix::tui::draw(frame, app, &Theme::new(true)))
        .expect("draws");
    terminal.backend().to_string()
}

/// Run the search the app asked for, if any, and give it the answer: what
/// the event loop and the search worker do, here and now.
pub fn settle(app: &mut App) {
    let mut searcher = Searcher::new(Index::new(&app.kb));
    app.settle(&mut searcher);
}
