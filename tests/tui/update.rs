//! State stories: sequences of actions on the mini guide, with the state
//! asserted after each step.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use syncfix::tui::{Action, App, Ask, Effect, Mode, Notice, Pane, Row, Subject, Theme};

use super::{app, guide, mini};

fn run(app: &mut App, actions: &[Action]) -> Vec<Effect> {
    let mut effects = Vec::new();
    for action in actions {
        effects.push(app.update(action.clone()));
        super::settle(app);
    }
    effects
}

fn step_ids(app: &App) -> Vec<&str> {
    app.doc.steps.iter().map(|s| s.id.as_str()).collect()
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Insert).collect()
}

#[test]
fn starts_on_the_first_symptom_with_the_list_focused() {
    let app = app(mini(), 120, 40);
    assert_eq!(app.focus, Pane::List);
    assert_eq!(app.subject, Some(Subject::Symptom(0)));
    assert_eq!(app.rows[0], Row::Header("Symptoms"));
    assert_eq!(app.list.selected, 1);
    assert_eq!(
        step_ids(&app),
        [
            "on-iphone",
            "on-mac",
            "on-windows",
            "toggle-sync",
            "sign-out"
        ]
    );
}

#[test]
fn moving_in_the_list_skips_headings_and_stops_at_the_ends() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::Down);
    assert_eq!(app.subject, Some(Subject::Symptom(1)));
    app.update(Action::Down);
    assert_eq!(
        app.subject,
        Some(Subject::Status(0)),
        "the heading row is skipped"
    );
    app.update(Action::Bottom);
    assert_eq!(app.subject, Some(Subject::Note(0)));
    app.update(Action::Down);
    assert_eq!(app.subject, Some(Subject::Note(0)));
    app.update(Action::PageUp);
    app.update(Action::Up);
    assert_eq!(app.subject, Some(Subject::Symptom(0)));
    app.update(Action::PageDown);
    assert_eq!(app.subject, Some(Subject::Note(0)));
    app.update(Action::Top);
    assert_eq!(
        (app.subject, app.list.offset),
        (Some(Subject::Symptom(0)), 0)
    );
}

#[test]
fn focus_moves_between_panes_and_back_steps_left() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::FocusRight);
    assert_eq!(app.focus, Pane::Detail);
    app.update(Action::FocusRight);
    assert_eq!(app.focus, Pane::Detail, "arrows stop at the edge");
    app.update(Action::FocusNext);
    assert_eq!(app.focus, Pane::Platforms, "Tab wraps");
    app.update(Action::FocusPrev);
    assert_eq!(app.focus, Pane::Detail);
    app.update(Action::Back);
    assert_eq!(app.focus, Pane::List);
    app.update(Action::Back);
    assert_eq!(app.focus, Pane::Platforms);
    app.update(Action::FocusLeft);
    assert_eq!(app.focus, Pane::Platforms);
    app.update(Action::Open);
    assert_eq!(app.focus, Pane::List);
    app.update(Action::Open);
    assert_eq!(app.focus, Pane::Detail);
}

#[test]
fn ticking_a_step_saves_it_and_updates_the_badges() {
    let mut app = app(mini(), 120, 40);
    assert_eq!(app.progress(Subject::Symptom(0)), Some((0, 5)));
    let effects = run(&mut app, &[Action::Open, Action::Down, Action::ToggleTick]);
    assert_eq!(
        effects[2],
        Effect::SaveTick {
            step: "on-mac".into(),
            ticked: true
        }
    );
    assert!(app.marks.contains("on-mac"));
    assert_eq!(app.progress(Subject::Symptom(0)), Some((1, 5)));
    assert_eq!(app.progress(Subject::Fix(0)), Some((1, 3)));
    let untick = app.update(Action::ToggleTick);
    assert_eq!(
        untick,
        Effect::SaveTick {
            step: "on-mac".into(),
            ticked: false
        }
    );
    assert!(app.marks.0.is_empty());
}

#[test]
fn ticking_outside_the_detail_explains_instead() {
    let mut app = app(mini(), 120, 40);
    assert_eq!(app.update(Action::ToggleTick), Effect::None);
    assert!(matches!(&app.notice, Some(Notice::Info(text)) if text.contains("Space")));
    app.update(Action::Down);
    assert_eq!(app.notice, None, "an info notice lasts one action");
}

#[test]
fn choosing_a_platform_filters_symptoms_and_steps() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::ChoosePlatform(2));
    assert_eq!(app.platform_id(), Some("mac"));
    assert!(
        !app.rows.contains(&Row::Item(Subject::Symptom(1))),
        "the iPhone-only symptom is hidden"
    );
    assert_eq!(step_ids(&app), ["on-mac", "toggle-sync", "sign-out"]);
    assert_eq!(app.progress(Subject::Symptom(0)), Some((0, 3)));
    app.update(Action::ChoosePlatform(1));
    assert!(app.rows.contains(&Row::Item(Subject::Symptom(1))));
    app.update(Action::ChoosePlatform(9));
    assert_eq!(
        app.platform_id(),
        Some("iphone"),
        "an out-of-range platform is ignored"
    );
    app.update(Action::ChoosePlatform(0));
    assert_eq!(app.platform_id(), None);
}

#[test]
fn moving_in_the_platform_pane_chooses_the_platform() {
    let mut app = app(mini(), 120, 40);
    run(&mut app, &[Action::FocusLeft, Action::Down, Action::Down]);
    assert_eq!(app.platform_name(), "Mac");
    run(&mut app, &[Action::Bottom]);
    assert_eq!(app.platform_name(), "Windows");
    run(&mut app, &[Action::Top]);
    assert_eq!(app.platform_name(), "All platforms");
}

#[test]
fn search_jumps_to_a_status_message() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::StartSearch);
    run(&mut app, &typed("waiting"));
    let Mode::Search(search) = &app.mode else {
        panic!("not searching")
    };
    assert_eq!(search.line.text(), "waiting");
    assert_eq!(search.results.hits[0].id, "status-waiting");
    assert_eq!(
        app.subject,
        Some(Subject::Status(0)),
        "the detail previews the hit"
    );
    app.update(Action::Open);
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(
        (app.subject, app.focus),
        (Some(Subject::Status(0)), Pane::Detail)
    );
    assert_eq!(app.rows[app.list.selected], Row::Item(Subject::Status(0)));
}

#[test]
fn a_step_hit_opens_its_fix_with_the_step_selected() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::StartSearch);
    run(&mut app, &typed("sign out only"));
    app.update(Action::Open);
    assert_eq!(app.subject, Some(Subject::Fix(1)));
    assert_eq!(app.selected_step().map(|s| s.id.as_str()), Some("sign-out"));
    assert_eq!(app.focus, Pane::Detail);
    assert_eq!(
        app.update(Action::ToggleTick),
        Effect::SaveTick {
            step: "sign-out".into(),
            ticked: true
        }
    );
}

#[test]
fn escape_restores_the_view_from_before_the_search() {
    let mut app = app(mini(), 120, 40);
    run(&mut app, &[Action::Down, Action::Open, Action::Down]);
    let before = (app.subject, app.focus, app.list, app.detail);
    app.update(Action::StartSearch);
    run(&mut app, &typed("note"));
    run(&mut app, &[Action::Down, Action::Back]);
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!((app.subject, app.focus, app.list, app.detail), before);
}

#[test]
fn the_search_line_takes_readline_keys() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::StartSearch);
    run(&mut app, &typed("turn the feature"));
    run(
        &mut app,
        &[
            Action::DeleteWord,
            Action::CursorStart,
            Action::Insert('>'),
            Action::CursorEnd,
            Action::DeleteBack,
        ],
    );
    let Mode::Search(search) = &app.mode else {
        panic!("not searching")
    };
    assert_eq!(search.line.text(), ">turn the");
    run(&mut app, &[Action::CursorLeft, Action::DeleteToStart]);
    let Mode::Search(search) = &app.mode else {
        panic!("not searching")
    };
    assert_eq!((search.line.text(), search.line.cursor()), ("e", 0));
}

#[test]
fn reset_asks_first_and_clears_only_that_fix() {
    let mut app = app(mini(), 120, 40);
    run(
        &mut app,
        &[
            Action::Open,
            Action::ToggleTick,
            Action::Bottom,
            Action::ToggleTick,
        ],
    );
    assert_eq!(app.marks.0.len(), 2);
    app.update(Action::ResetFix);
    assert_eq!(app.mode, Mode::Confirm(Ask::Reset { fix: 1 }));
    assert_eq!(app.update(Action::Back), Effect::None);
    assert_eq!((app.marks.0.len(), &app.mode), (2, &Mode::Browse));
    app.update(Action::ResetFix);
    let effect = app.update(Action::Confirm);
    assert_eq!(
        effect,
        Effect::SaveReset {
            steps: vec!["sign-out".into()]
        }
    );
    assert!(app.marks.contains("on-iphone") && !app.marks.contains("sign-out"));
    app.update(Action::ResetFix);
    assert_eq!(
        app.mode,
        Mode::Browse,
        "nothing left to reset, so no question"
    );
}

#[test]
fn help_opens_scrolls_within_bounds_and_closes() {
    let mut app = app(mini(), 120, 12);
    app.update(Action::ToggleHelp);
    assert_eq!(
        app.mode,
        Mode::Help {
            scroll: 0,
            questions: None
        }
    );
    for _ in 0..200 {
        app.update(Action::Down);
    }
    let Mode::Help { scroll, .. } = app.mode else {
        panic!("help closed")
    };
    assert!(scroll > 0 && scroll < 80, "scroll {scroll}");
    app.update(Action::Back);
    assert_eq!(app.mode, Mode::Browse);
}

#[test]
fn quit_and_save_failures() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::SaveFailed(
        "cannot save progress to /x: denied".into(),
    ));
    app.update(Action::Down);
    assert_eq!(
        app.notice,
        Some(Notice::Problem("cannot save progress to /x: denied".into())),
        "problems stay shown"
    );
    // A change not saved is not dropped at the first q unsaid: q says so,
    // and q again at once quits.
    assert_eq!(app.update(Action::Quit), Effect::None);
    assert_eq!(
        app.notice,
        Some(Notice::Info(
            "Your last change is not saved yet. Quit again to leave without it, or wait: \
             syncfix saves it as soon as the file can be written."
                .into()
        ))
    );
    // A save failing again meanwhile (the loop retries) keeps the word.
    app.update(Action::SaveFailed(
        "cannot save progress to /x: denied".into(),
    ));
    assert!(matches!(&app.notice, Some(Notice::Info(s)) if s.starts_with("Your last change")));
    // Asked again: leave at once, without waiting on the file.
    assert_eq!(app.update(Action::Quit), Effect::Leave);
    // Another action between the two asks again, and puts the problem
    // back where the word was; once saved, q quits.
    app.update(Action::Quit);
    app.update(Action::Down);
    assert_eq!(
        app.notice,
        Some(Notice::Problem("cannot save progress to /x: denied".into()))
    );
    assert_eq!(app.update(Action::Quit), Effect::None);
    app.update(Action::Saved);
    app.update(Action::Down);
    assert_eq!(app.update(Action::Quit), Effect::Quit);
}

#[test]
fn the_detail_scrolls_to_keep_the_selected_step_in_view() {
    let mut app = app(super::guide(), 80, 24);
    app.update(Action::Open);
    let height = app.detail_height();
    assert_eq!(height, 24 - 5, "title, tabs, status and two borders");
    for _ in 0..app.doc.steps.len() {
        app.update(Action::Down);
        let step = app.selected_step().expect("a step");
        assert!(
            step.first_line >= app.detail.scroll && step.last_line < app.detail.scroll + height
        );
    }
    app.update(Action::Top);
    let first = &app.doc.steps[0];
    assert_eq!(app.detail.step, 0);
    assert_eq!(
        app.detail.scroll,
        first.last_line + 1 - height,
        "scrolled just enough to show the first step"
    );
}

#[test]
fn mouse_clicks_select_and_tick() {
    let mut app = app(mini(), 120, 40);
    // Row 0 is the title bar, row 1 the pane border; row 2 the "Symptoms" heading.
    app.update(Action::Click { column: 30, row: 4 });
    assert_eq!(app.subject, Some(Subject::Symptom(1)));
    app.update(Action::Click { column: 5, row: 4 });
    assert_eq!(app.platform_name(), "Mac");
    assert_eq!(app.focus, Pane::Platforms);
    app.update(Action::Click { column: 30, row: 3 });
    let step = app.doc.steps[0].clone();
    let text = app.areas().expect("big enough").detail_text();
    let row = text.y + u16::try_from(step.first_line).expect("on screen");
    let checkbox = app.doc.lines[step.first_line].pieces[0]
        .text
        .find('[')
        .expect("a checkbox");
    let effect = app.update(Action::Click {
        column: text.x + u16::try_from(checkbox).expect("narrow") + 1,
        row,
    });
    assert_eq!(app.focus, Pane::Detail);
    assert_eq!(
        effect,
        Effect::SaveTick {
            step: step.id.clone(),
            ticked: true
        }
    );
}

#[test]
fn keys_do_nothing_while_too_small_and_resizing_back_keeps_state() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::Down);
    app.update(Action::Resize {
        width: 20,
        height: 5,
    });
    assert!(app.areas().is_none());
    let ticked = app.marks.clone();
    for action in [
        Action::Down,
        Action::ToggleTick,
        Action::ResetFix,
        Action::Confirm,
    ] {
        assert_eq!(app.update(action), Effect::None);
    }
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(app.marks, ticked);
    assert_eq!(app.update(Action::Quit), Effect::Quit);
    app.update(Action::Resize {
        width: 80,
        height: 24,
    });
    assert!(app.areas().is_some_and(|a| a.tabs));
    assert_eq!(app.subject, Some(Subject::Symptom(1)));
}

/// Too small while a note is typed: q is a letter there, not quit, and
/// the note waits for the terminal to grow; the screen says how to quit.
#[test]
fn too_small_while_typing_a_note_q_does_not_quit_and_the_note_waits() {
    use syncfix::tui::action_for_key;
    let mut app = app(mini(), 120, 40);
    app.update(Action::Open);
    app.update(Action::Mark(syncfix::progress::State::DidntHelp));
    app.update(Action::EditNote);
    run(&mut app, &typed("hello"));
    app.update(Action::Resize {
        width: 20,
        height: 6,
    });
    let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    let action = action_for_key(q, app.context()).expect("q is a key of the note");
    assert_ne!(action, Action::Quit);
    assert_eq!(app.update(action), Effect::None);
    let mut terminal = Terminal::new(TestBackend::new(120, 6)).expect("test backend");
    terminal
        .draw(|frame| syncfix::tui::draw(frame, &app, &Theme::new(true)))
        .expect("draws");
    let shown = terminal.backend().to_string();
    assert!(shown.contains("too small") && shown.contains("press Ctrl-C to quit"));
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    assert!(matches!(&app.mode, Mode::Note(n) if n.line.text() == "hello"));
}

#[test]
fn a_paste_is_text_in_search_and_nothing_in_browse() {
    let mut app = app(mini(), 120, 40);
    let ticked = app.marks.clone();
    assert_eq!(app.update(Action::Paste("x\nq r y".into())), Effect::None);
    assert_eq!(app.mode, Mode::Browse);
    app.update(Action::StartSearch);
    app.update(Action::Paste("sync\n r y q".into()));
    let Mode::Search(search) = &app.mode else {
        panic!("still searching");
    };
    assert_eq!(search.line.text(), "sync  r y q");
    assert_eq!(app.marks, ticked);
    app.update(Action::Paste("z".repeat(100_000)));
    let Mode::Search(search) = &app.mode else {
        panic!("still searching");
    };
    assert_eq!(
        search.line.text().chars().count(),
        syncfix::search::QUERY_MAX_CHARS
    );
}

#[test]
fn typing_past_the_end_of_the_search_line_is_told_not_ignored() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::StartSearch);
    let full = "z".repeat(syncfix::search::QUERY_MAX_CHARS);
    app.update(Action::Paste(full));
    assert_eq!(app.notice, None, "a line filled to its end lost nothing");
    app.update(Action::Insert('y'));
    let Some(Notice::Info(said)) = &app.notice else {
        panic!("no notice: {:?}", app.notice);
    };
    assert!(said.contains("1000 characters"), "{said}");
    assert!(said.contains("dropped"), "{said}");
    // Making room lets typing in again, and the notice goes.
    app.update(Action::DeleteBack);
    assert_eq!(app.notice, None);
    app.update(Action::Insert('y'));
    assert_eq!(app.notice, None);
    let Mode::Search(search) = &app.mode else {
        panic!("still searching");
    };
    assert!(search.line.text().ends_with("zy"));
}

#[test]
fn reset_in_a_platform_view_clears_only_the_steps_it_shows() {
    let kb = mini();
    let fix = kb
        .fixes
        .iter()
        .position(|f| f.steps.iter().any(|s| s == "on-mac"))
        .expect("the fix with platform steps");
    let ticked: std::collections::HashSet<String> = ["on-iphone", "on-mac", "on-windows"]
        .map(String::from)
        .into_iter()
        .collect();
    let mut app = App::new(
        kb,
        Some("mac"),
        ticked,
        ratatui::layout::Rect::new(0, 0, 120, 40),
    );
    assert_eq!(app.shown_ticked(fix), ["on-mac"]);
    app.mode = Mode::Confirm(Ask::Reset { fix });
    assert_eq!(
        app.update(Action::Confirm),
        Effect::SaveReset {
            steps: vec!["on-mac".to_string()]
        }
    );
    assert!(app.marks.contains("on-iphone") && app.marks.contains("on-windows"));
    assert_eq!(
        app.notice,
        Some(Notice::Info(format!(
            "Cleared the outcomes of 1 step of “{}”.",
            app.kb.fixes[fix].title
        )))
    );
}

#[test]
fn after_growing_the_list_shows_its_heading_and_first_rows_again() {
    let mut app = app(guide(), 40, 15);
    run(&mut app, &vec![Action::Down; 12]);
    assert!(app.list.offset > 0, "scrolled in the small terminal");
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    assert_eq!(app.list.offset, 0, "the Symptoms heading is back in view");
    assert_eq!(app.list.selected, 13, "the selection did not move");
}

#[test]
fn after_shrinking_the_selection_stays_in_view() {
    let mut app = app(guide(), 120, 40);
    run(&mut app, &vec![Action::Down; 20]);
    app.update(Action::Resize {
        width: 40,
        height: 15,
    });
    let height = app.list_height();
    assert!(
        (app.list.offset..app.list.offset + height).contains(&app.list.selected),
        "row {} outside rows {}..{}",
        app.list.selected,
        app.list.offset,
        app.list.offset + height
    );
}

#[test]
fn the_first_item_of_a_group_scrolls_in_with_its_heading() {
    let mut app = app(guide(), 40, 15);
    run(&mut app, &[Action::Bottom]);
    let status = app
        .rows
        .iter()
        .position(|r| *r == Row::Header("Status messages"))
        .expect("a status group");
    while app.list.selected > status + 1 {
        app.update(Action::Up);
    }
    assert_eq!(
        app.list.offset, status,
        "the heading row is the first shown"
    );
}

#[test]
fn after_a_resize_the_focused_detail_keeps_its_step_in_view() {
    let mut app = app(guide(), 120, 40);
    run(&mut app, &[Action::Open]);
    run(&mut app, &vec![Action::Down; 9]);
    let step = app.selected_step().expect("a step").id.clone();
    for (width, height) in [(60, 20), (200, 60), (80, 24), (40, 15)] {
        app.update(Action::Resize { width, height });
        let shown = app.selected_step().expect("still a step");
        assert_eq!(shown.id, step, "the same step at {width}x{height}");
        let view = app.detail.scroll..app.detail.scroll + app.detail_height();
        assert!(
            view.contains(&shown.first_line),
            "step line {} outside {view:?} at {width}x{height}",
            shown.first_line
        );
        let top = app.doc.lines[app.detail.scroll].block;
        assert_eq!(
            app.doc.lines.iter().position(|l| l.block == top),
            Some(app.detail.scroll),
            "mid-paragraph at {width}x{height}"
        );
    }
}

#[test]
fn after_a_resize_an_unfocused_detail_returns_to_the_same_paragraph() {
    let mut app = app(guide(), 120, 40);
    app.update(Action::Resize {
        width: 40,
        height: 15,
    });
    app.detail.scroll = 7;
    let block = app.doc.lines[7].block;
    app.update(Action::Resize {
        width: 60,
        height: 20,
    });
    let top = &app.doc.lines[app.detail.scroll];
    assert_eq!(top.block, block, "the same paragraph on top");
    assert_eq!(
        app.doc.lines.iter().position(|l| l.block == block),
        Some(app.detail.scroll),
        "from its first line"
    );
}
