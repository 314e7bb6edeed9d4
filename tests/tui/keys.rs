//! The key table, tested as a table.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use syncfix::tui::{Action, Context, KEYS, action_for_key, hints, hints_width};

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

#[test]
fn every_spec_key_maps_to_its_action() {
    use Action as A;
    use Context::{Browse, Confirm, Details, Edit, Help, Questions, Search};
    use KeyCode::*;
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    let shift = KeyModifiers::SHIFT;
    let table: &[(KeyCode, KeyModifiers, Context, Option<Action>)] = &[
        (Up, none, Browse, Some(A::Up)),
        (Down, none, Browse, Some(A::Down)),
        (Char('k'), none, Browse, Some(A::Up)),
        (Char('j'), none, Browse, Some(A::Down)),
        (Left, none, Browse, Some(A::FocusLeft)),
        (Right, none, Browse, Some(A::FocusRight)),
        (Char('h'), none, Browse, Some(A::FocusLeft)),
        (Char('l'), none, Browse, Some(A::FocusRight)),
        (Tab, none, Browse, Some(A::FocusNext)),
        (BackTab, shift, Browse, Some(A::FocusPrev)),
        (Enter, none, Browse, Some(A::Open)),
        (Char(' '), none, Browse, Some(A::ToggleTick)),
        (Char('x'), none, Browse, Some(A::ToggleTick)),
        (Char('/'), none, Browse, Some(A::StartSearch)),
        (Char('1'), none, Browse, Some(A::ChoosePlatform(0))),
        (Char('2'), none, Browse, Some(A::ChoosePlatform(1))),
        (Char('3'), none, Browse, Some(A::ChoosePlatform(2))),
        (Char('4'), none, Browse, Some(A::ChoosePlatform(3))),
        (Char('g'), none, Browse, Some(A::Top)),
        (Char('G'), shift, Browse, Some(A::Bottom)),
        (PageUp, none, Browse, Some(A::PageUp)),
        (PageDown, none, Browse, Some(A::PageDown)),
        (Home, none, Browse, Some(A::Top)),
        (End, none, Browse, Some(A::Bottom)),
        (Char('r'), none, Browse, Some(A::ResetFix)),
        (Char('?'), none, Browse, Some(A::ToggleHelp)),
        (Esc, none, Browse, Some(A::Back)),
        (Char('q'), none, Browse, Some(A::Quit)),
        (Char('c'), ctrl, Browse, Some(A::Quit)),
        (Char('z'), none, Browse, None),
        (Char('w'), none, Browse, Some(A::AskQuestions)),
        (Char('1'), none, Questions, Some(A::Answer(0))),
        (Char('9'), none, Questions, Some(A::Answer(8))),
        (Enter, none, Questions, Some(A::Open)),
        (Backspace, none, Questions, Some(A::PreviousQuestion)),
        (Char('b'), none, Questions, Some(A::Back)),
        (Esc, none, Questions, Some(A::Back)),
        (Char('/'), none, Questions, Some(A::StartSearch)),
        (Char('x'), none, Questions, None),
        (Char('q'), none, Search, Some(A::Insert('q'))),
        (Char('W'), shift, Search, Some(A::Insert('W'))),
        (Char('é'), none, Search, Some(A::Insert('é'))),
        (Char('1'), none, Search, Some(A::Insert('1'))),
        (Char('a'), ctrl, Search, Some(A::CursorStart)),
        (Char('e'), ctrl, Search, Some(A::CursorEnd)),
        (Char('w'), ctrl, Search, Some(A::DeleteWord)),
        (Char('u'), ctrl, Search, Some(A::DeleteToStart)),
        (Backspace, none, Search, Some(A::DeleteBack)),
        (Left, none, Search, Some(A::CursorLeft)),
        (Right, none, Search, Some(A::CursorRight)),
        (Up, none, Search, Some(A::Up)),
        (Down, none, Search, Some(A::Down)),
        (Enter, none, Search, Some(A::Open)),
        (Esc, none, Search, Some(A::Back)),
        (Char('c'), ctrl, Search, Some(A::Quit)),
        (Char('x'), ctrl, Search, None),
        (Char('j'), none, Help, Some(A::Down)),
        (Esc, none, Help, Some(A::Back)),
        (Char('?'), none, Help, Some(A::ToggleHelp)),
        (Char('y'), none, Confirm, Some(A::Confirm)),
        (Char('n'), none, Confirm, Some(A::Back)),
        (Esc, none, Confirm, Some(A::Back)),
        (Char('j'), none, Confirm, None),
        // The details form moves between its fields, and takes a note's
        // keys; a note has one field, so Tab does nothing there.
        (Tab, none, Details, Some(A::FocusNext)),
        (Enter, none, Details, Some(A::Save)),
        (Char('x'), none, Details, Some(A::Insert('x'))),
        (Tab, none, Edit, None),
        // Platforms by their number in the pane, however many the guide has.
        (Char('1'), none, Browse, Some(A::ChoosePlatform(0))),
        (Char('7'), none, Browse, Some(A::ChoosePlatform(6))),
    ];
    let wrong: Vec<String> = table
        .iter()
        .filter_map(|(code, mods, context, want)| {
            let got = action_for_key(key(*code, *mods), *context);
            (got != *want)
                .then(|| format!("{code:?}+{mods:?} in {context:?}: want {want:?}, got {got:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn key_releases_are_ignored_and_repeats_count() {
    let mut release = key(KeyCode::Char('j'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    assert_eq!(action_for_key(release, Context::Browse), None);
    let mut repeat = key(KeyCode::Char('j'), KeyModifiers::NONE);
    repeat.kind = KeyEventKind::Repeat;
    assert_eq!(action_for_key(repeat, Context::Browse), Some(Action::Down));
}

#[test]
fn no_key_is_bound_twice_in_one_context() {
    let mut seen = Vec::new();
    for row in KEYS {
        for (code, mods, _) in row.bindings {
            let k = (row.context, *code, *mods);
            assert!(!seen.contains(&k), "{k:?} is bound twice");
            seen.push(k);
        }
    }
}

#[test]
fn every_row_explains_itself() {
    for row in KEYS {
        assert!(
            !row.keys.is_empty() && !row.does.is_empty(),
            "row {:?}",
            row.keys
        );
    }
    let contexts = [
        Context::Browse,
        Context::Questions,
        Context::Search,
        Context::Help,
        Context::Confirm,
    ];
    for context in contexts {
        assert!(
            KEYS.iter().any(|r| r.context == context),
            "no keys for {context:?}"
        );
    }
}

fn words(context: Context, width: usize) -> Vec<&'static str> {
    hints(context, width).into_iter().map(|(_, w)| w).collect()
}

#[test]
fn the_status_bar_always_says_how_to_get_help_and_quit() {
    for width in 0..=200 {
        let shown = words(Context::Browse, width);
        assert!(
            shown.contains(&"help") && shown.contains(&"quit"),
            "{width} columns: {shown:?}"
        );
        let search = words(Context::Search, width);
        assert!(search.contains(&"cancel") && search.contains(&"quit"));
        let kept = hints_width(&hints(Context::Browse, 0));
        if width >= kept {
            assert!(
                hints_width(&hints(Context::Browse, width)) <= width,
                "{width} columns"
            );
        }
    }
}

#[test]
fn other_hints_are_shortened_then_give_way_least_needed_first() {
    let all = [
        "move", "pane", "open", "tick", "mark", "search", "ask", "platform", "help", "quit",
    ];
    assert_eq!(words(Context::Browse, 120), all);
    assert_eq!(hints(Context::Browse, 120)[0].0, "↑ ↓");
    // At 80 columns the platforms are numbered in their tab row: the
    // marking keys are worth more.
    assert_eq!(
        words(Context::Browse, 80),
        ["move", "open", "tick", "mark", "search", "help", "quit"]
    );
    assert_eq!(hints(Context::Browse, 80)[0].0, "↑↓", "written closer");
    assert_eq!(
        words(Context::Browse, 60),
        ["move", "open", "tick", "search", "help", "quit"]
    );
    assert_eq!(
        words(Context::Browse, 40),
        ["move", "search", "help", "quit"]
    );
    assert_eq!(words(Context::Browse, 15), ["help", "quit"]);
}
