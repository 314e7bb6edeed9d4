//! The terminal interface: the key table, `update` stories, screens, and
//! random input.

mod case;
mod keys;
mod props;
mod screens;
mod triage;
mod update;

use std::collections::HashSet;

use ratatui::layout::Rect;
use syncfix::kb::{self, KnowledgeBase};
use syncfix::tui::App;

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
