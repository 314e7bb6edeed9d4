//! End-to-end: the real binary in a pseudo-terminal, read through vt100.
//! Every wait is for text on the screen, never a fixed sleep.

use std::fs::File;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const PATIENCE: Duration = Duration::from_secs(20);

struct Session {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte syncfix wrote, as written.
    written: Arc<Mutex<Vec<u8>>>,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("non-zero size")
}

impl Session {
    fn start(state: &Path, cols: u16, rows: u16) -> Session {
        Session::start_with(state, cols, rows, "xterm-256color")
    }

    fn start_with(state: &Path, cols: u16, rows: u16, term: &str) -> Session {
        Session::start_args(state, cols, rows, term, &[])
    }

    fn start_args(state: &Path, cols: u16, rows: u16, term: &str, args: &[&Path]) -> Session {
        let pair = native_pty_system()
            .openpty(size(cols, rows))
            .expect("a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_syncfix"));
        cmd.arg("--state");
        cmd.arg(state);
        for arg in args {
            cmd.arg(arg);
        }
        cmd.env("TERM", term);
        let child = pair.slave.spawn_command(cmd).expect("syncfix starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let written = Arc::new(Mutex::new(Vec::new()));
        let (sink, log) = (Arc::clone(&screen), Arc::clone(&written));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                log.lock().expect("log lock").extend_from_slice(&buf[..n]);
                sink.lock().expect("screen lock").process(&buf[..n]);
            }
        });
        Session {
            master: pair.master,
            writer,
            child,
            screen,
            written,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().expect("screen lock").screen().contents()
    }

    /// Wait until every one of `texts` is on screen.
    fn wait_for(&self, texts: &[&str]) {
        self.wait_until(&format!("{texts:?}"), |screen| {
            texts.iter().all(|t| screen.contains(t))
        });
    }

    /// Wait until the screen's text satisfies `done`.
    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let screen = self.contents();
            if done(&screen) {
                return;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "waited for {what}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("keys sent");
        self.writer.flush().expect("keys flushed");
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                return status;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "syncfix did not exit; screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait until the reader has seen the terminal leave the alternate screen.
    fn wait_for_main_screen(&self) {
        self.wait_for_screen(false);
    }

    /// Wait until the terminal is on the alternate screen (`true`) or not.
    fn wait_for_screen(&self, alternate: bool) {
        let start = Instant::now();
        while self
            .screen
            .lock()
            .expect("screen lock")
            .screen()
            .alternate_screen()
            != alternate
        {
            assert!(
                start.elapsed() < PATIENCE,
                "alternate screen is not {alternate}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn find_waiting_to_upload_tick_two_steps_and_find_them_ticked_after_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = dir.path().join("progress.ron");
    let mut app = Session::start(&state, 120, 40);
    app.wait_for(&["Platform", "Symptoms", "0/61 steps tried"]);
    app.send("/waiting to upload");
    app.wait_for(&["/ waiting to upload", "status  Waiting To Upload"]);
    app.send("\r");
    app.wait_for(&["“Waiting To Upload”", "WHAT IT MEANS"]);
    app.send(" ");
    app.wait_for(&["1/61 steps tried"]);
    app.send("j ");
    app.wait_for(&["2/61 steps tried"]);
    app.send("q");
    assert!(app.wait_exit().success());
    app.wait_for_main_screen();
    assert!(state.exists(), "progress was saved to {}", state.display());

    let mut again = Session::start(&state, 120, 40);
    again.wait_for(&["2/61 steps tried"]);
    again.send("/waiting to upload");
    again.wait_for(&["/ waiting to upload", "status  Waiting To Upload"]);
    again.send("\r");
    again.wait_until("the status message with two ticked steps", |screen| {
        screen.contains("“Waiting To Upload”")
            && !screen.contains("/ waiting to upload")
            && screen.matches("[x]").count() == 2
    });
    again.send("q");
    assert!(again.wait_exit().success());
}

impl Session {
    /// The text of the row the terminal cursor is on: the selected row.
    fn cursor_row(&self) -> String {
        let parser = self.screen.lock().expect("screen lock");
        let screen = parser.screen();
        let (row, _) = screen.cursor_position();
        let (_, cols) = screen.size();
        screen.contents_between(row, 0, row, cols.get())
    }
}

#[test]
fn answer_two_questions_mark_two_steps_and_come_back_to_the_third() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = dir.path().join("progress.ron");
    let mut app = Session::start(&state, 120, 40);
    app.wait_for(&["What do you see?", "Which device has the problem?"]);
    app.send("1");
    app.wait_for(&["What does the status line in Photos say?"]);
    app.send("2");
    app.wait_for(&["case “Waiting To Upload” · 0 of 11 steps tried"]);
    // The title can be on screen before the rest of its frame, the cursor's
    // place included, has been read: wait for the cursor as for any text.
    app.wait_until("the cursor on the first step", |_| {
        app.cursor_row()
            .contains("[ ] Open the Apple System Status page")
    });
    app.send("dd");
    app.wait_for(&["2 of 11 steps tried"]);
    app.send("q");
    assert!(app.wait_exit().success());
    app.wait_for_main_screen();

    let mut again = Session::start(&state, 120, 40);
    again.wait_for(&["case “Waiting To Upload” · 2 of 11 steps tried", "[x]"]);
    assert!(
        !again.contents().contains("What do you see?"),
        "an open case is not asked about again"
    );
    again.wait_until("the cursor on the third step", |_| {
        again
            .cursor_row()
            .contains("[ ] On iPhone or iPad, take a fresh")
    });
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn resizing_switches_layouts_and_recovers_from_too_small() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = Session::start(&dir.path().join("p.ron"), 120, 40);
    app.wait_for(&["Platform", "Symptoms"]);
    let resize = |app: &mut Session, cols: u16, rows: u16| {
        app.screen
            .lock()
            .expect("screen lock")
            .set_size(nz(rows), nz(cols));
        app.master.resize(size(cols, rows)).expect("pty resized");
    };
    resize(&mut app, 80, 24);
    app.wait_for(&["1 ● All │ 2 iPhone/iPad │ 3 Mac │ 4 Windows"]);
    resize(&mut app, 20, 6);
    app.wait_for(&["too small"]);
    resize(&mut app, 100, 30);
    app.wait_for(&["Platform", "Symptoms", "Symptom"]);
    app.send("q");
    assert!(app.wait_exit().success());
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = Session::start(&dir.path().join("p.ron"), 100, 30);
    app.wait_for(&["Symptoms"]);
    assert!(
        app.screen
            .lock()
            .expect("screen lock")
            .screen()
            .alternate_screen()
    );
    let pid = app.child.process_id().expect("a pid");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    assert!(killed.expect("kill runs").success());
    let status = app.wait_exit();
    assert!(!status.success());
    app.wait_for_main_screen();
    assert!(
        !app.screen
            .lock()
            .expect("screen lock")
            .screen()
            .hide_cursor(),
        "cursor shown again"
    );
}

impl Session {
    /// Send `signal` (a name `kill` knows: TERM, HUP...) to syncfix.
    fn kill(&self, signal: &str) {
        let pid = self.child.process_id().expect("a pid");
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), pid.to_string()])
            .status();
        assert!(killed.expect("kill runs").success());
    }

    /// Syncfix on a progress file in `dir`, with the first step of Waiting
    /// To Upload ticked while another syncfix holds the lock, which it
    /// does until the lock file given back is dropped: the tick is not
    /// saved yet. The session, the progress file, the lock.
    fn ticked_while_locked(dir: &Path) -> (Session, PathBuf, File) {
        let state = dir.join("p.ron");
        let mut app = Session::start(&state, 120, 40);
        app.wait_for(&["Platform", "Symptoms", "0/61 steps tried"]);
        let lock = File::create(syncfix::progress::lock_path(&state)).expect("lock file");
        lock.lock().expect("the lock");
        app.send("/waiting to upload");
        app.wait_for(&["/ waiting to upload", "status  Waiting To Upload"]);
        app.send("\r");
        app.wait_for(&["WHAT IT MEANS"]);
        app.send(" ");
        app.wait_for(&["1/61 steps tried", "progress not saved yet"]);
        (app, state, lock)
    }
}

#[test]
fn sigterm_saves_a_tick_another_syncfix_held_back_once_it_lets_go() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut app, state, lock) = Session::ticked_while_locked(dir.path());
    app.kill("TERM");
    // The terminal is given back first, then the last save waits.
    app.wait_for_main_screen();
    drop(lock);
    assert_eq!(app.wait_exit().exit_code(), 128 + 15);

    let mut again = Session::start(&state, 120, 40);
    again.wait_for(&["1/61 steps tried"]);
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn sigterm_with_the_lock_held_throughout_says_the_tick_was_lost_naming_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut app, state, _lock) = Session::ticked_while_locked(dir.path());
    app.kill("TERM");
    assert_eq!(app.wait_exit().exit_code(), 128 + 15);
    app.wait_for_main_screen();
    app.wait_for(&[
        "syncfix: stopped by SIGTERM; cannot save progress to",
        "p.ron: another syncfix has held",
        "so the changes not saved there are lost",
    ]);
    assert!(!state.exists(), "nothing was written");
}

/// q with a tick not saved (another syncfix holds the lock) says so and
/// stays; q again leaves at once, naming the file and saying the change
/// was left behind, with nothing written.
#[test]
fn q_twice_with_the_lock_held_leaves_at_once_without_the_tick() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut app, state, _lock) = Session::ticked_while_locked(dir.path());
    app.send("q");
    app.wait_for(&["Your last change is not saved yet. Quit again to leave without"]);
    app.send("q");
    assert_eq!(app.wait_exit().exit_code(), 1);
    app.wait_for_main_screen();
    app.wait_for(&[
        "syncfix: left without saving the last change: another syncfix was saving to",
        "p.ron",
    ]);
    assert!(!state.exists(), "nothing was written");
}

#[test]
fn a_second_signal_during_the_last_save_ends_syncfix_without_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut app, _state, _lock) = Session::ticked_while_locked(dir.path());
    app.kill("TERM");
    app.wait_for_main_screen();
    app.kill("HUP");
    assert_eq!(app.wait_exit().exit_code(), 128 + 1);
    app.wait_for(&[
        "syncfix: stopped by SIGHUP before the last save ended; changes not saved by then are \
         lost",
    ]);
}

#[test]
fn every_signal_that_would_end_syncfix_gives_the_terminal_back_first() {
    for (signal, number) in [("QUIT", 3), ("USR1", 10), ("USR2", 12), ("ALRM", 14)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut app = Session::start(&dir.path().join("p.ron"), 100, 30);
        app.wait_for(&["Symptoms"]);
        app.kill(signal);
        let status = app.wait_exit();
        assert_eq!(
            (status.exit_code(), status.signal()),
            (128 + number, None),
            "SIG{signal} ends syncfix itself"
        );
        app.wait_for_main_screen();
        let screen = app.screen.lock().expect("screen lock");
        assert!(
            !screen.screen().hide_cursor(),
            "cursor shown after SIG{signal}"
        );
    }
}

#[test]
fn a_multi_line_paste_into_search_is_text_not_keys() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = Session::start(&dir.path().join("p.ron"), 120, 40);
    app.wait_for(&["Symptoms", "0/61 steps tried"]);
    app.wait_until("bracketed paste on", |_| {
        app.screen
            .lock()
            .expect("screen lock")
            .screen()
            .bracketed_paste()
    });
    app.send("/");
    app.wait_for(&["/ "]);
    app.send("\x1b[200~waiting\r x r y q\x1b[201~");
    app.wait_for(&["/ waiting  x r y q"]);
    app.send("\x1b");
    app.wait_until("search closed", |s| !s.contains("/ waiting"));
    app.wait_for(&["0/61 steps tried"]);
    app.send("q");
    assert!(app.wait_exit().success());
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_continuing_redraws_in_raw_mode() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = Session::start(&dir.path().join("p.ron"), 100, 30);
    app.wait_for(&["Symptoms"]);
    app.send("\x1a");
    app.wait_for_main_screen();
    let pid = app.child.process_id().expect("a pid");
    let continued = std::process::Command::new("kill")
        .args(["-CONT", &pid.to_string()])
        .status();
    assert!(continued.expect("kill runs").success());
    app.wait_for_screen(true);
    app.wait_for(&["Symptoms"]);
    // In raw mode a lone `q` arrives without Enter.
    app.send("q");
    assert!(app.wait_exit().success());
}

#[test]
fn a_dumb_terminal_is_told_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = Session::start_with(&dir.path().join("p.ron"), 100, 30, "dumb");
    let status = app.wait_exit();
    assert_eq!(status.exit_code(), 1);
    app.wait_for(&["capable terminal"]);
}

#[test]
fn a_broken_guide_is_told_with_its_place_and_exits_1_from_the_interface() {
    let dir = tempfile::tempdir().expect("temp dir");
    let kb = dir.path().join("broken.ron");
    std::fs::write(&kb, "(\n  id: \"x\",\n  title: ,\n)\n").expect("write the guide");
    let args = [Path::new("--kb"), kb.as_path()];
    let mut app = Session::start_args(&dir.path().join("p.ron"), 100, 30, "xterm-256color", &args);
    let status = app.wait_exit();
    assert_eq!(status.exit_code(), 1);
    app.wait_for(&["broken.ron:3:"]);
    assert!(
        !app.screen
            .lock()
            .expect("screen lock")
            .screen()
            .alternate_screen(),
        "the terminal is given back"
    );
}

#[test]
fn a_last_save_that_fails_is_told_below_the_screen_given_back_and_exits_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = dir.path().join("progress.ron");
    // Written by a newer syncfix: left alone, so the place where the
    // person was cannot be saved on the way out.
    std::fs::write(&state, "Progress(version: 7, guides: {})").expect("write the file");
    let mut app = Session::start(&state, 100, 30);
    app.wait_for(&["Platform"]);
    app.send("q");
    assert_eq!(app.wait_exit().exit_code(), 1);
    app.wait_for_main_screen();
    app.wait_for(&["syncfix: not saving progress:", "progress.ron"]);
    // The screen is given back once: leaving the alternate screen again
    // would put the cursor back above the message in many terminals (tmux),
    // where the shell's prompt then overwrites it.
    let written = app.written.lock().expect("log lock");
    let leaving = written.windows(8).filter(|w| w == b"\x1b[?1049l").count();
    assert_eq!(leaving, 1, "left the alternate screen {leaving} times");
    let at = |text: &[u8]| written.windows(text.len()).position(|w| w == text);
    assert!(
        at(b"\x1b[?1049l") < at(b"syncfix: not saving"),
        "told after"
    );
}
