//! Entering and leaving the terminal: raw mode, the alternate screen,
//! bracketed paste and mouse capture are undone on quit, on error, on
//! panic, and on SIGTERM, SIGHUP or SIGINT; on Ctrl-Z or SIGTSTP they are
//! undone before syncfix stops and taken again when it continues.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP, SIGWINCH};
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

/// Take over the terminal. Call `restore` when done, whatever happens.
pub fn init(mouse: bool) -> io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    TAKEN.store(true, Ordering::SeqCst);
    MOUSE_WANTED.store(mouse, Ordering::SeqCst);
    if let Err(e) = take_over() {
        restore();
        return Err(e);
    }
    Ok(terminal)
}

fn take_over() -> io::Result<()> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    modes()?;
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP])?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if signal == SIGTSTP {
                suspend();
                // Wake the event loop (its event source hears SIGWINCH) so
                // that it redraws.
                let _ = low_level::raise(SIGWINCH);
                continue;
            }
            restore();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
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
