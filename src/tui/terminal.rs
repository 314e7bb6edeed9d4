//! Entering and leaving the terminal: raw mode, the alternate screen,
//! bracketed paste and mouse capture are undone on quit, on error, on
//! panic, and on every signal that would end syncfix and can be caught;
//! on Ctrl-Z or SIGTSTP they are undone before syncfix stops and taken
//! again when it continues.
//!
//! A signal that ends syncfix is told to the loop, which saves what is
//! not saved yet (see `LAST_SAVE`) and gives the terminal back. A second
//! one, or the loop not ending within `LAST_SAVE` and a second more, ends
//! syncfix at once.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use signal_hook::consts::{
    SIGALRM, SIGHUP, SIGINT, SIGPROF, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2, SIGVTALRM,
    SIGWINCH, SIGXCPU,
};
use signal_hook::iterator::Signals;
use signal_hook::low_level;

/// Whether the mouse was asked for, and whether it is captured now.
static MOUSE_WANTED: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);
static PASTE: AtomicBool = AtomicBool::new(false);
/// Set when syncfix continues after a stop: the screen must be redrawn.
static RESUMED: AtomicBool = AtomicBool::new(false);
/// Whether syncfix holds the terminal: `restore` gives it back once, so
/// that what is printed after that stays where it was printed.
static TAKEN: AtomicBool = AtomicBool::new(false);

/// The signals whose default action ends the process and that can be
/// caught, less those a fault raises (SIGSEGV, SIGBUS...: the panic hook
/// or nothing can help there), SIGPIPE (Rust ignores it) and SIGXFSZ
/// (ignored from the start: a file too large is a failed save).
const ENDING: [i32; 10] = [
    SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU,
];

/// How long the last save after an ending signal waits for another
/// syncfix to release the lock.
pub const LAST_SAVE: Duration = Duration::from_secs(2);

/// Take over the terminal. Call `restore` when done, whatever happens.
/// A signal that would end syncfix is handed to `stop`, for the loop to
/// end on.
pub fn init(mouse: bool, stop: impl Fn(i32) + Send + 'static) -> io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    TAKEN.store(true, Ordering::SeqCst);
    MOUSE_WANTED.store(mouse, Ordering::SeqCst);
    if let Err(e) = take_over(stop) {
        restore();
        return Err(e);
    }
    Ok(terminal)
}

fn take_over(stop: impl Fn(i32) + Send + 'static) -> io::Result<()> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    modes()?;
    let mut signals = Signals::new(ENDING.into_iter().chain([SIGTSTP]))?;
    std::thread::spawn(move || {
        let mut stopping = false;
        for signal in signals.forever() {
            if signal == SIGTSTP {
                suspend();
                // Wake the event loop (its event source hears SIGWINCH) so
                // that it redraws.
                let _ = low_level::raise(SIGWINCH);
                continue;
            }
            if stopping {
                abandon(signal);
            }
            stopping = true;
            stop(signal);
            // The loop may be busy elsewhere (a quit's last save, which
            // waits longer): end without it in the end.
            std::thread::spawn(move || {
                std::thread::sleep(LAST_SAVE + Duration::from_secs(1));
                abandon(signal);
            });
        }
    });
    Ok(())
}

/// End now, on `signal`, without waiting for the loop's last save.
fn abandon(signal: i32) -> ! {
    restore();
    let _ = writeln!(
        io::stderr(),
        "syncfix: stopped by {} before the last save ended; changes not saved by then are lost",
        signal_name(signal)
    );
    std::process::exit(128 + signal);
}

/// A signal as people know it: `SIGTERM`, or its number.
pub fn signal_name(signal: i32) -> String {
    low_level::signal_name(signal).map_or_else(|| format!("signal {signal}"), str::to_string)
}

/// Bracketed paste, and the mouse if it was asked for.
fn modes() -> io::Result<()> {
    PASTE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), EnableBracketedPaste)?;
    if MOUSE_WANTED.load(Ordering::SeqCst) {
        MOUSE.store(true, Ordering::SeqCst);
        execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Give the terminal back and stop, as the shell's job control expects;
/// when continued, take the terminal again. The caller redraws everything
/// (see `resumed`).
pub fn suspend() {
    restore();
    let _ = low_level::emulate_default_handler(SIGTSTP);
    let _ = enable_raw_mode();
    let _ = execute!(io::stdout(), EnterAlternateScreen);
    TAKEN.store(true, Ordering::SeqCst);
    let _ = modes();
    RESUMED.store(true, Ordering::SeqCst);
}

/// True once after syncfix continued from a stop: whatever was on the
/// screen is gone.
pub fn resumed() -> bool {
    RESUMED.swap(false, Ordering::SeqCst)
}

/// Give the terminal back: mouse and paste off, raw mode off, main screen,
/// cursor shown. Once: called again, it does nothing (leaving the
/// alternate screen twice would put the cursor back above what was
/// printed in between).
pub fn restore() {
    if !TAKEN.swap(false, Ordering::SeqCst) {
        return;
    }
    if MOUSE.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    if PASTE.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), DisableBracketedPaste);
    }
    ratatui::restore();
    let _ = execute!(io::stdout(), ratatui::crossterm::cursor::Show);
    let _ = io::stdout().flush();
}
