//! Whole screens drawn on a TestBackend and compared with reviewed snapshots.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use syncfix::tui::{Action, App, Pane, Theme, draw};

use super::{app, guide, mini};

fn screen(app: &App, theme: Theme) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(app.size.width, app.size.height)).expect("test backend");
    terminal
        .draw(|frame| draw(frame, app, &theme))
        .expect("draws");
    terminal
}

fn snapshot(name: &str, app: &App) {
    insta::assert_snapshot!(name, screen(app, Theme::new(true)).backend());
}

fn sizes() -> [(u16, u16); 3] {
    [(120, 40), (80, 24), (30, 10)]
}

fn typed(app: &mut App, text: &str) {
    text.chars().for_each(|c| {
        app.update(Action::Insert(c));
        super::settle(app);
    });
}

#[test]
fn main_screen() {
    for (w, h) in sizes() {
        snapshot(&format!("main_{w}x{h}"), &app(guide(), w, h));
    }
}

/// The sizes of the case's screens: roomy, the classic terminal, cramped.
fn case_sizes() -> [(u16, u16); 3] {
    [(120, 40), (80, 24), (50, 14)]
}

#[test]
fn what_do_you_see() {
    for (w, h) in case_sizes() {
        let mut app = app(guide(), w, h);
        app.update(Action::AskQuestions);
        snapshot(&format!("questions_{w}x{h}"), &app);
        app.update(Action::Answer(0));
        app.update(Action::Down);
        snapshot(&format!("questions_status_{w}x{h}"), &app);
    }
}

#[test]
fn a_case_in_progress_and_its_plan_exhausted() {
    use syncfix::progress::State;
    for (w, h) in case_sizes() {
        let mut app = app(guide(), w, h);
        for action in [
            Action::AskQuestions,
            Action::Answer(0),
            Action::Answer(1),
            Action::Mark(State::Done),
            Action::Mark(State::DidntHelp),
            Action::Mark(State::Skipped),
        ] {
            app.update(action);
        }
        snapshot(&format!("case_{w}x{h}"), &app);
        let mut app = super::app(mini(), w, h);
        for action in [
            Action::AskQuestions,
            Action::Answer(0),
            Action::Answer(2),
            Action::Mark(State::DidntHelp),
            Action::Mark(State::Skipped),
        ] {
            app.update(action);
        }
        snapshot(&format!("case_exhausted_{w}x{h}"), &app);
    }
}

#[test]
fn the_details_form_and_a_note() {
    for (w, h) in case_sizes() {
        let mut app = super::app(mini(), w, h);
        for action in [Action::AskQuestions, Action::Answer(0), Action::Answer(2)] {
            app.update(action);
        }
        app.update(Action::EditDetails);
        typed(&mut app, "iPhone 15 Pro");
        app.update(Action::FocusNext);
        snapshot(&format!("details_{w}x{h}"), &app);
        app.update(Action::Back);
        app.update(Action::Mark(syncfix::progress::State::DidntHelp));
        app.update(Action::EditNote);
        typed(&mut app, "tried twice, no change");
        snapshot(&format!("note_{w}x{h}"), &app);
    }
}

#[test]
fn help_overlay() {
    for (w, h) in sizes() {
        let mut app = app(guide(), w, h);
        app.update(Action::ToggleHelp);
        snapshot(&format!("help_{w}x{h}"), &app);
    }
}

#[test]
fn search_with_results() {
    for (w, h) in sizes() {
        let mut app = app(guide(), w, h);
        app.update(Action::StartSearch);
        typed(&mut app, "waiting to upload");
        snapshot(&format!("search_{w}x{h}"), &app);
    }
}

#[test]
fn ticked_checklist_with_a_caution() {
    for (w, h) in sizes() {
        let mut app = app(mini(), w, h);
        for action in [
            Action::Open,
            Action::ToggleTick,
            Action::Down,
            Action::Down,
            Action::ToggleTick,
            Action::Bottom,
        ] {
            app.update(action);
        }
        snapshot(&format!("ticked_{w}x{h}"), &app);
    }
}

#[test]
fn platform_filter_and_wide_characters() {
    let mut app = app(mini(), 80, 24);
    app.update(Action::ChoosePlatform(1));
    app.update(Action::Down);
    snapshot("iphone_cjk_80x24", &app);
}

#[test]
fn reset_question() {
    let mut app = app(mini(), 80, 24);
    let note = "rebooted twice".chars().map(Action::Insert);
    let steps = [
        Action::Open,
        Action::Bottom,
        Action::ToggleTick,
        Action::EditNote,
    ];
    let then = [Action::Save, Action::ResetFix];
    for action in steps.into_iter().chain(note).chain(then) {
        app.update(action);
    }
    // The question says that the note goes too.
    snapshot("reset_80x24", &app);
}

#[test]
fn too_small_and_back() {
    let mut app = app(guide(), 29, 9);
    snapshot("too_small_29x9", &app);
    app.update(Action::Resize {
        width: 80,
        height: 24,
    });
    let text = screen(&app, Theme::new(true)).backend().to_string();
    assert!(!text.contains("too small") && text.contains("Symptoms"));
}

#[test]
fn without_color_the_selection_is_still_visible() {
    let app = app(guide(), 120, 40);
    let terminal = screen(&app, Theme::new(false));
    let buffer = terminal.backend().buffer();
    let selected = (0..buffer.area.width)
        .map(|x| &buffer[(x, 3)])
        .find(|c| c.symbol() == "A");
    let cell = selected.expect("the first symptom is on row 3");
    assert!(
        cell.modifier.contains(Modifier::REVERSED),
        "selection is reversed"
    );
    let colored = buffer
        .content
        .iter()
        .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
        .count();
    assert_eq!(colored, 0, "no colors with NO_COLOR");
}

#[test]
fn a_long_save_problem_in_the_status_bar_says_plainly_nothing_is_saved() {
    let mut app = app(guide(), 60, 20);
    app.update(Action::SaveFailed(
        "cannot save progress to /a/very/long/path/that/does/not/fit/progress.ron: no space".into(),
    ));
    let terminal = screen(&app, Theme::new(true));
    let buffer = terminal.backend().buffer();
    let bottom: String = (0..buffer.area.width)
        .map(|x| buffer[(x, buffer.area.height - 1)].symbol())
        .collect();
    assert_eq!(
        bottom,
        " ! Progress is NOT saved. (? shows all)       ? help  q quit"
    );
    app.update(Action::ToggleHelp);
    let terminal = screen(&app, Theme::new(true));
    let text: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|cell| cell.symbol())
        .collect();
    assert!(
        text.contains("fit/progress.ron: no") && text.contains("space"),
        "the help shows the whole problem: {text}"
    );
}

/// The report's name is shown whole, and where it went by the end of its
/// directory: past the bar's width, said shortly, and the directory gives
/// up its middle.
#[test]
fn the_status_bar_shows_the_whole_name_of_the_report_written_at_80_and_100_columns() {
    for (w, h) in [(80, 24), (100, 30)] {
        let mut app = app(guide(), w, h);
        app.update(Action::ReportWritten {
            path: "~/.local/state/syncfix/syncfix-report-20261105-143209-2.md".into(),
            copied: true,
        });
        let bottom = bottom_line(&app);
        let said = match w {
            80 => " Report syncfix-report-20261105-143209-2.md (copied) in …syncfix  ",
            _ => " Report syncfix-report-20261105-143209-2.md (copied) in ~/.local/state/syncfix  ",
        };
        assert!(bottom.starts_with(said), "{w}x{h}: {bottom:?}");
        assert!(bottom.contains("? help"), "{w}x{h}: {bottom:?}");
    }
}

#[test]
fn the_platform_pane_scrolls_to_keep_the_chosen_platform_in_view() {
    let mut kb = mini();
    let more = (kb.platforms.len()..40).map(|n| syncfix::kb::Platform {
        id: format!("p{n}"),
        name: format!("Place {n}"),
    });
    kb.platforms.extend(more);
    let mut app = app(kb, 100, 20);
    app.update(Action::FocusLeft);
    assert_eq!(app.focus, Pane::Platforms);
    for chosen in [30, 39, 2] {
        app.update(Action::ChoosePlatform(chosen));
        let mut terminal = screen(&app, Theme::new(true));
        let cursor = terminal.get_cursor_position().expect("a cursor");
        let name = app.platform_names()[chosen];
        let buffer = terminal.backend().buffer();
        let row = |y: u16| -> String {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect()
        };
        let marked: Vec<String> = (0..buffer.area.height)
            .map(row)
            .filter(|r| r.contains('●'))
            .collect();
        assert!(
            marked.len() == 1 && marked[0].contains(&format!("● {name} ")),
            "{name} marked: {marked:?}"
        );
        assert!(row(cursor.y).contains(name), "the cursor is on {name}");
    }
    // A click picks the platform shown under it, scrolled as it is.
    app.update(Action::ChoosePlatform(39));
    let rows = app.areas().expect("big enough").platform_rows();
    let rows = rows.expect("a platform pane");
    app.update(Action::Click {
        column: rows.x,
        row: rows.y + rows.height - 2,
    });
    assert_eq!(app.platform, 38);
}

#[test]
fn a_frame_smaller_than_the_app_last_heard_of_draws_inside_it() {
    let mut app = app(guide(), 120, 40);
    app.update(Action::StartSearch);
    app.update(Action::Paste("e".repeat(500)));
    app.update(Action::DeleteToStart);
    typed(&mut app, "e");
    let mut terminal = Terminal::new(TestBackend::new(80, 20)).expect("test backend");
    terminal
        .draw(|frame| draw(frame, &app, &Theme::new(true)))
        .expect("draws without panicking");
}

#[test]
fn a_failed_save_is_shown_in_the_title_until_a_save_works() {
    let mut app = app(guide(), 120, 40);
    app.update(Action::SaveFailed("cannot save progress to /x: no".into()));
    let title = |app: &App| -> String {
        let terminal = screen(app, Theme::new(true));
        let buffer = terminal.backend().buffer();
        (0..buffer.area.width)
            .map(|x| buffer[(x, 0)].symbol())
            .collect()
    };
    assert!(title(&app).contains("(not saved)"));
    app.update(Action::Saved);
    assert!(!title(&app).contains("(not saved)"));
}

fn text(app: &App) -> String {
    screen(app, Theme::new(true)).backend().to_string()
}

fn bottom_line(app: &App) -> String {
    let terminal = screen(app, Theme::new(true));
    let buffer = terminal.backend().buffer();
    (0..buffer.area.width)
        .map(|x| buffer[(x, buffer.area.height - 1)].symbol())
        .collect()
}

/// Each side of each layout boundary: stacked below 80 columns, side by
/// side from 80, the platform pane from 100, and at 200 columns a list
/// wide enough for every title.
#[test]
fn every_layout_boundary() {
    for (w, h) in [(79, 24), (99, 30), (100, 30), (200, 60)] {
        snapshot(&format!("layout_{w}x{h}"), &app(guide(), w, h));
    }
    let areas = |w, h| app(guide(), w, h).areas().expect("big enough");
    let stacked = areas(79, 24);
    assert!(stacked.list.y < stacked.detail.y && stacked.tabs);
    let beside = areas(80, 24);
    assert_eq!((beside.list.y, beside.list.width), (beside.detail.y, 40));
    assert!(beside.tabs);
    assert!(!areas(100, 30).tabs);
    let wide = app(guide(), 200, 60);
    let longest = wide
        .kb
        .symptoms
        .iter()
        .map(|s| s.title.as_str())
        .max_by_key(|t| t.chars().count())
        .expect("symptoms");
    assert!(text(&wide).contains(longest), "{longest:?} is cut at 200");
}

#[test]
fn titles_are_readable_from_80_columns() {
    let screen = text(&app(guide(), 80, 24));
    assert!(screen.contains("A new photo from iPhone never"), "{screen}");
    assert!(
        !screen.contains(" …"),
        "a space before an ellipsis:\n{screen}"
    );
}

#[test]
fn the_bottom_bar_keeps_help_and_quit_at_every_width() {
    for (w, h) in [(30, 10), (40, 15), (60, 20), (80, 24), (120, 40), (200, 60)] {
        let bottom = bottom_line(&app(guide(), w, h));
        assert!(
            bottom.contains("? help") && bottom.contains("q quit"),
            "{w}x{h}: {bottom:?}"
        );
        if w >= 40 {
            assert!(bottom.contains("/ search"), "{w}x{h}: {bottom:?}");
        }
    }
}

#[test]
fn quotes_are_curly_in_the_list_and_the_detail_as_in_the_guide() {
    let mut app = app(guide(), 120, 40);
    app.update(Action::StartSearch);
    typed(&mut app, "waiting to upload");
    let screen = text(&app);
    assert!(screen.contains("Items say “Waiting To Upload”"), "{screen}");
    assert!(screen.contains("│ “Waiting To Upload”"), "{screen}");
    assert!(!screen.contains("\"Waiting"), "{screen}");
}

#[test]
fn the_help_overlay_says_when_it_scrolls() {
    let mut app = app(guide(), 60, 20);
    app.update(Action::ToggleHelp);
    snapshot("help_60x20", &app);
    assert!(text(&app).contains("↓ more"));
    app.update(Action::Bottom);
    for _ in 0..100 {
        app.update(Action::Down);
    }
    snapshot("help_60x20_end", &app);
    assert!(text(&app).contains("↑ more") && !text(&app).contains("↓ more"));
    let tall = {
        let mut app = super::app(guide(), 120, 64);
        app.update(Action::ToggleHelp);
        text(&app)
    };
    assert!(!tall.contains("more "), "the whole help fits at 120x64");
}

#[test]
fn the_search_line_owns_the_focus_and_the_cursor_when_opened_from_the_detail() {
    let mut app = app(guide(), 120, 40);
    app.update(Action::Open);
    assert_eq!(app.focus, syncfix::tui::Pane::Detail);
    app.update(Action::StartSearch);
    typed(&mut app, "zzqqxx");
    let terminal = screen(&app, Theme::new(true));
    let screen = terminal.backend().to_string();
    assert!(screen.contains("┏ Search"), "{screen}");
    assert!(
        !screen.contains("┏ Symptom"),
        "the detail gives up its focused border:\n{screen}"
    );
    let cursor = terminal.backend().cursor_position();
    assert_eq!(
        cursor.y, 2,
        "the cursor is on the search line, not in the detail"
    );
    assert!(screen.contains("Nothing matches. Try fewer"), "{screen}");
    assert!(
        screen.contains("other words."),
        "the message wraps, whole:\n{screen}"
    );
}

#[test]
fn what_do_you_see_comes_up_once_a_terminal_too_small_is_enlarged() {
    // Started in a terminal too small to draw in, as the interface asks
    // at the start when no case is open.
    let mut app = app(guide(), 20, 6);
    app.update(Action::AskQuestions);
    assert!(text(&app).contains("small"), "{}", text(&app));
    app.update(Action::Resize {
        width: 120,
        height: 40,
    });
    let shown = text(&app);
    assert!(shown.contains("What do you see?"), "{shown}");
    assert!(shown.contains("Which device has the problem?"), "{shown}");
}

#[test]
fn emoji_joined_into_one_picture_keep_the_search_line_inside_its_pane() {
    // A family is one picture (a grapheme of seven chars) two columns wide.
    let family = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
    let mut app = app(guide(), 120, 40);
    app.update(Action::StartSearch);
    let row_of = |terminal: &Terminal<TestBackend>, y: u16| -> Vec<String> {
        let buffer = terminal.backend().buffer();
        (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect()
    };
    let empty = screen(&app, Theme::new(true));
    let y = (0..app.size.height)
        .find(|&y| row_of(&empty, y).concat().contains("┃ / "))
        .expect("a search line");
    // The borders on that row; the list pane's are the focused ones, ┃.
    let borders: Vec<(usize, String)> = (row_of(&empty, y).into_iter().enumerate())
        .filter(|(_, s)| ["│", "┃"].contains(&s.as_str()))
        .collect();
    let pane: Vec<usize> = borders
        .iter()
        .filter(|(_, s)| s == "┃")
        .map(|(x, _)| *x)
        .collect();
    for n in 1..=30 {
        app.update(Action::Paste(family.to_string()));
        let terminal = screen(&app, Theme::new(true));
        let row = row_of(&terminal, y);
        for (x, border) in &borders {
            assert_eq!(&row[*x], border, "{n}: the border stays at {x}: {row:?}");
        }
        // Each family is shown whole, never cut into its parts.
        let inside = &row[pane[0] + 1..pane[1]];
        let cut = inside
            .iter()
            .find(|s| !["", " ", "/", family].contains(&s.as_str()));
        assert_eq!(cut, None, "{n}: {row:?}");
        // The cursor follows the last one, in columns as the frame counts.
        let cursor = terminal.backend().cursor_position();
        assert_eq!(cursor.y, y);
        assert!(usize::from(cursor.x) < pane[1], "{n}: {cursor:?} inside");
        let last = &row[usize::from(cursor.x) - 2];
        assert_eq!(last, family, "{n}: the cursor {cursor:?} follows: {row:?}");
    }
}

#[test]
fn browsing_another_platform_during_a_case_names_the_case_s_own() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::AskQuestions);
    app.update(Action::Answer(0));
    app.update(Action::Answer(2));
    assert!(app.open_case().is_some());
    let title = |app: &App| {
        let terminal = screen(app, Theme::new(true));
        let buffer = terminal.backend().buffer();
        (0..buffer.area.width)
            .map(|x| buffer[(x, 0)].symbol())
            .collect::<String>()
    };
    let own = title(&app);
    assert!(own.contains("case “Waiting To Upload” · 0 of 2"), "{own}");
    app.update(Action::ChoosePlatform(2));
    let other = title(&app);
    assert!(
        other.contains("case “Waiting To Upload” on iPhone/iPad · 0 of 2"),
        "{other}"
    );
}
