//! The real syncfix in a pseudo-terminal, read through vt100: what the
//! examples that time it from outside share.

use std::ffi::OsStr;
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};

use portable_pty::{CommandBuilder, PtyPair, PtySize, native_pty_system};

pub const ROWS: u16 = 40;
pub const COLS: u16 = 120;

/// The syncfix to run: `SYNCFIX_BIN`, else the one built beside this
/// example (target/release/examples/NAME -> target/release/syncfix).
pub fn binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("SYNCFIX_BIN") {
        return bin.into();
    }
    let exe = std::env::current_exe().expect("own path");
    exe.parent()
        .and_then(|examples| examples.parent())
        .map(|release| release.join("syncfix"))
        .expect("target directory")
}

/// A `ROWS`×`COLS` pseudo-terminal, and the command that runs syncfix in
/// it with `args`, its progress kept at `progress`; not yet spawned, so
/// that a caller can time from just before.
pub fn open<S: AsRef<OsStr>>(args: &[S], progress: &Path) -> (PtyPair, CommandBuilder) {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let mut cmd = CommandBuilder::new(binary());
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env("SYNCFIX_STATE", progress);
    (pair, cmd)
}

/// A screen the size of the pseudo-terminal.
pub fn screen() -> vt100::Parser {
    let nz = |n| NonZeroU16::new(n).expect("non-zero");
    vt100::Parser::new(nz(ROWS), nz(COLS), 0)
}
