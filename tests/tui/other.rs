//! Another syncfix beside the interface, on the same progress file: what
//! it saves shows when the interface is idle, without the lock, and a mark
//! made from a screen that has not caught up yet undoes none of it.

use std::collections::VecDeque;
use std::fs::File;
use std::io;
use std::path::Path;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use syncfix::progress::{State, Store};
use syncfix::tui::{Action, App, Input, Notice, Pane, Request, Sources, Theme, event_loop};

use super::{app, mini};

/// One turn of the loop: another syncfix may do something, then the keys
/// come in; a turn with no keys is a wait that timed out.
type Turn<'a> = (Box<dyn FnOnce() + 'a>, Vec<Input>);

struct Turns<'a> {
    turns: VecDeque<Turn<'a>>,
}

impl Sources for Turns<'_> {
    fn next(&mut self, _timeout: Option<Duration>) -> io::Result<Vec<Input>> {
        let (other, keys) = self
            .turns
            .pop_front()
            .ok_or_else(|| io::Error::other("ran out"))?;
        other();
        Ok(keys)
    }

    fn search(&mut self, _request: Request) {}
}

fn key(c: char) -> Input {
    Input::Terminal(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

fn nothing<'a>() -> Box<dyn FnOnce() + 'a> {
    Box::new(|| {})
}

/// The interface on `path` until the turns run to a quit; the app as left.
fn run(path: &Path, mut app: App, turns: Vec<Turn<'_>>) -> App {
    let kb = mini();
    let mut store = Store::open_without_waiting(path.to_path_buf(), &kb.id, kb.replaced_ids());
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("test backend");
    let mut turns = Turns {
        turns: turns.into(),
    };
    event_loop(
        &mut terminal,
        &mut app,
        &mut store,
        &Theme::new(true),
        &mut turns,
    )
    .expect("the loop ends on quit");
    assert!(turns.turns.is_empty(), "q quit");
    app
}

fn other_store(path: &Path) -> Store {
    let kb = mini();
    Store::open(path.to_path_buf(), &kb.id, kb.replaced_ids())
}

#[test]
fn what_another_syncfix_saved_shows_when_the_interface_is_idle() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.ron");
    let lock = File::create(syncfix::progress::lock_path(&path)).unwrap();
    let script = || {
        let mut other = other_store(&path);
        other
            .open_case("status-waiting", Some("iphone"), Vec::new())
            .unwrap();
        other
            .mark("toggle-sync", State::DidntHelp, Some("no change".into()))
            .unwrap();
        // And holds the lock from now on: reading needs none.
        lock.lock().unwrap();
    };
    let app = run(
        &path,
        app(mini(), 100, 30),
        vec![(Box::new(script), vec![]), (nothing(), vec![key('q')])],
    );
    assert_eq!(app.marks.state("toggle-sync"), Some(State::DidntHelp));
    let case = app.case.as_ref().expect("the other's case shows");
    assert_eq!(case.problem, "status-waiting");
    assert_eq!(case.closed, None);
}

#[test]
fn a_mark_from_a_screen_behind_keeps_the_newer_outcome_of_another_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.ron");
    other_store(&path).set("sign-out", true).unwrap();
    let mut screen = app(mini(), 100, 30);
    screen.update(syncfix::tui::Action::MarksChanged(syncfix::tui::Marks(
        other_store(&path).outcomes().clone(),
    )));
    assert!(screen.go_to("status-waiting", true));
    assert_eq!(
        screen.selected_step().map(|s| s.id.as_str()),
        Some("toggle-sync")
    );
    let script = || {
        other_store(&path)
            .mark("sign-out", State::DidntHelp, Some("newer".into()))
            .unwrap();
    };
    // The other's save and the key come in together: no idle turn between
    // to show it first, so the screen still says sign-out is done.
    let app = run(
        &path,
        screen,
        vec![
            (Box::new(script), vec![key('d')]),
            (nothing(), vec![key('q')]),
        ],
    );
    let file = other_store(&path);
    assert_eq!(file.state("toggle-sync"), Some(State::Done));
    let sign_out = file.outcome("sign-out").expect("kept");
    assert_eq!(sign_out.state, State::DidntHelp);
    assert_eq!(sign_out.note.as_deref(), Some("newer"));
    assert_eq!(
        app.marks.state("sign-out"),
        Some(State::DidntHelp),
        "and shows"
    );
}

#[test]
fn a_damaged_file_moved_aside_to_save_is_told_as_at_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.ron");
    other_store(&path).set("sign-out", true).unwrap();
    let mut screen = app(mini(), 100, 30);
    assert!(screen.go_to("status-waiting", true));
    let damage = || std::fs::write(&path, "garbage(((").unwrap();
    let app = run(
        &path,
        screen,
        vec![
            (Box::new(damage), vec![key('d')]),
            (nothing(), vec![key('q')]),
        ],
    );
    let Some(syncfix::tui::Notice::Problem(told)) = &app.notice else {
        panic!("nothing told: {:?}", app.notice.is_some());
    };
    assert!(told.contains("could not be read"), "{told}");
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains(".corrupt-"));
    assert!(aside, "the damaged file is kept aside");
    assert_eq!(other_store(&path).state("toggle-sync"), Some(State::Done));
}

/// A click lands on what was drawn under it: with a notice over two rows
/// of the status bar, the panes above sit otherwise than once it is gone.
#[test]
fn a_click_hits_the_pane_drawn_with_a_long_notice() {
    let mut app = super::app(super::mini(), 60, 20);
    app.notice = Some(Notice::Info(
        "A word long enough to need a second row of the status bar at sixty columns.".into(),
    ));
    let drawn = app.areas().expect("big enough");
    assert_eq!(drawn.status.height, 2);
    let quiet = {
        let mut copy = super::app(super::mini(), 60, 20);
        copy.notice = None;
        copy.areas().expect("big enough")
    };
    assert_ne!(
        drawn.detail.y, quiet.detail.y,
        "the panes move with the bar"
    );
    app.update(Action::Click {
        column: drawn.detail.x + 2,
        row: drawn.detail.y,
    });
    assert_eq!(app.focus, Pane::Detail);
}

/// A word in the status bar stays while the terminal is resized: only
/// what the person does next clears it.
#[test]
fn a_notice_outlives_a_resize() {
    let mut app = super::app(super::mini(), 80, 24);
    app.notice = Some(Notice::Info("Case open.".into()));
    app.update(Action::Resize {
        width: 40,
        height: 12,
    });
    assert_eq!(app.notice, Some(Notice::Info("Case open.".into())));
    app.update(Action::Down);
    assert_eq!(app.notice, None);
}
