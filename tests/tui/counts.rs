//! What the title bar and the list badges count is counted when marks or
//! the platform change, and is right straight after each change.

use std::collections::HashSet;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use syncfix::tui::{Action, App, Marks, Subject, Theme, draw};

use super::{app, mini};

fn title(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    terminal
        .draw(|frame| draw(frame, app, &Theme::new(true)))
        .expect("draws");
    let buffer = terminal.backend().buffer();
    (0..buffer.area.width)
        .map(|x| buffer[(x, 0)].symbol())
        .collect()
}

#[test]
fn done_and_total_follow_marks_and_the_platform() {
    let mut app = app(mini(), 120, 40);
    let total = app.kb.steps.len();
    assert_eq!(app.done, (0, total));
    assert!(title(&app).contains(&format!("0/{total} steps tried")));

    app.update(Action::Open);
    app.update(Action::Down);
    app.update(Action::ToggleTick);
    assert_eq!(app.done, (1, total), "a tick counts at once");
    assert!(title(&app).contains(&format!("1/{total} steps tried")));
    assert_eq!(app.badge(Subject::Symptom(0)), Some((1, 5)));

    app.update(Action::Down);
    app.update(Action::Mark(syncfix::progress::State::Skipped));
    assert_eq!(app.done, (1, total), "a step skipped is still to try");
    app.update(Action::Up);
    app.update(Action::Mark(syncfix::progress::State::DidntHelp));
    assert_eq!(app.done, (2, total), "an outcome other than skipped counts");

    app.update(Action::ChoosePlatform(2));
    let on_mac = app
        .kb
        .steps
        .iter()
        .filter(|s| s.platforms.is_empty() || s.platforms.iter().any(|p| p == "mac"))
        .count();
    assert!(on_mac < total);
    let tried_on_mac = ["on-mac", "toggle-sync", "sign-out"]
        .iter()
        .filter(|id| app.marks.tried(id))
        .count();
    assert_eq!(
        app.done,
        (tried_on_mac, on_mac),
        "the platform's steps only"
    );
    assert_eq!(app.badge(Subject::Symptom(0)), Some((tried_on_mac, 3)));

    app.update(Action::ChoosePlatform(0));
    app.update(Action::MarksChanged(Marks::from(HashSet::new())));
    assert_eq!(app.done, (0, total), "what the progress file says now");
    assert_eq!(app.badge(Subject::Symptom(0)), Some((0, 5)));
}

/// What counting every step from scratch gives.
fn recounted(app: &App) -> (usize, usize) {
    syncfix::plan::guide_progress(&app.kb, app.platform_id(), |id| app.marks.tried(id))
}

#[test]
fn each_change_counts_as_counting_from_scratch_would() {
    let mut app = app(mini(), 120, 40);
    let actions = [
        Action::Open,
        Action::ToggleTick,
        Action::ToggleTick,
        Action::ToggleTick,
        Action::Mark(syncfix::progress::State::FixedIt),
        Action::Up,
        Action::Mark(syncfix::progress::State::DidntHelp),
        Action::ChoosePlatform(1),
        Action::Down,
        Action::ToggleTick,
        Action::EditNote,
        Action::Insert('x'),
        Action::Save,
        Action::ChoosePlatform(2),
        Action::ToggleTick,
    ];
    let mut most = 0;
    for action in actions {
        app.update(action.clone());
        assert_eq!(app.done, recounted(&app), "after {action:?}");
        most = most.max(app.done.0);
    }
    assert!(most >= 2, "the story marks several steps: {most}");
}

#[test]
fn a_reset_uncounts_the_steps_it_clears() {
    let mut app = app(mini(), 120, 40);
    let total = app.kb.steps.len();
    app.update(Action::Open);
    app.update(Action::Down);
    app.update(Action::ToggleTick);
    assert_eq!(app.done, (1, total));
    app.update(Action::ResetFix);
    app.update(Action::Confirm);
    assert_eq!(app.done, (0, total));
    assert!(title(&app).contains(&format!("0/{total} steps tried")));
}
