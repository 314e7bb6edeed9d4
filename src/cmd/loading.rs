//! A progress bar on stderr while a big guide loads for a command: only
//! when stderr is a terminal, and only once loading has taken a second,
//! so that quick runs and scripts see nothing.

use std::io::IsTerminal as _;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cache::Phase;

/// Loading taking longer than this shows its progress.
const AFTER: Duration = Duration::from_secs(1);

/// Steps of the bar.
const STEPS: u64 = 1000;

/// `work`, given where to tell how loading goes; a bar shows it when that
/// is worth it.
pub fn with_progress<T>(work: impl FnOnce(&mut dyn FnMut(Phase)) -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return work(&mut |_| {});
    }
    let (tell, told) = mpsc::channel();
    let shown = std::thread::spawn(move || show(&told));
    let result = work(&mut |phase| {
        let _ = tell.send(phase);
    });
    drop(tell);
    // The bar is cleared before anything else is written.
    let _ = shown.join();
    result
}

/// Wait a second, then show each phase told until the telling ends.
fn show(told: &Receiver<Phase>) {
    let start = Instant::now();
    let mut phase = None;
    loop {
        match told.recv_timeout(AFTER.saturating_sub(start.elapsed())) {
            Ok(now) => phase = Some(now),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
    let bar = ProgressBar::with_draw_target(Some(STEPS), ProgressDrawTarget::stderr())
        .with_elapsed(start.elapsed());
    if let Ok(style) = ProgressStyle::with_template("syncfix: {msg:28} [{bar:30}] {elapsed}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    let set = |phase: Phase| {
        bar.set_message(format!("{}…", phase.label()));
        bar.set_position((phase.fraction() * STEPS as f64) as u64);
    };
    set(phase.unwrap_or(Phase::Reading));
    for phase in told {
        set(phase);
    }
    bar.finish_and_clear();
}
