//! Random sequences of keys, mouse events and resizes never panic, in update
//! or in drawing, at any size from 1×1 to 300×100.

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use syncfix::tui::{Action, Theme, action_for_key, draw};

use super::{app, mini};

#[derive(Debug, Clone)]
enum Input {
    Key(KeyCode, KeyModifiers),
    Click(u16, u16),
    Wheel(u16, u16, bool),
    Resize(u16, u16),
}

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        any::<char>().prop_map(KeyCode::Char),
        prop::sample::select(vec![
            'j', 'k', 'h', 'l', 'g', 'G', 'x', ' ', '/', '?', 'r', 'y', 'n', '1', '2', '3', '4',
            '5'
        ])
        .prop_map(KeyCode::Char),
        prop::sample::select(vec![
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
        ]),
    ]
}

fn input() -> impl Strategy<Value = Input> {
    let mods = prop::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::CONTROL,
        KeyModifiers::SHIFT,
    ]);
    prop_oneof![
        6 => (key_code(), mods).prop_map(|(c, m)| Input::Key(c, m)),
        1 => (0u16..310, 0u16..110).prop_map(|(x, y)| Input::Click(x, y)),
        1 => (0u16..310, 0u16..110, any::<bool>()).prop_map(|(x, y, d)| Input::Wheel(x, y, d)),
        1 => (1u16..=300, 1u16..=100).prop_map(|(w, h)| Input::Resize(w, h)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_input_never_panics(
        size in (1u16..=300, 1u16..=100),
        inputs in prop::collection::vec(input(), 1..60),
    ) {
        let mut app = app(mini(), size.0, size.1);
        let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("test backend");
        let theme = Theme::new(true);
        for input in inputs {
            let action = match input {
                Input::Key(code, mods) => action_for_key(KeyEvent::new(code, mods), app.context()),
                Input::Click(column, row) => Some(Action::Click { column, row }),
                Input::Wheel(column, row, down) if down => Some(Action::ScrollDown { column, row }),
                Input::Wheel(column, row, _) => Some(Action::ScrollUp { column, row }),
                Input::Resize(width, height) => {
                    terminal.backend_mut().resize(width, height);
                    Some(Action::Resize { width, height })
                }
            };
            if let Some(action) = action {
                app.update(action);
                super::settle(&mut app);
            }
            terminal.draw(|frame| draw(frame, &app, &theme)).expect("draws");
        }
    }
}
