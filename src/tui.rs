//! The three-pane terminal interface: `syncfix` with no arguments.
//!
//! The loop waits on one channel for what comes in: terminal events (a
//! thread reads them, all that came in together as one batch) and answers
//! from the search worker (`finder`). Each action goes through the key
//! table to `App::update`, whose effect the loop carries out; then the one
//! search the batch asked for, if any, goes to the worker, and the screen
//! is redrawn. When nothing comes in for a while, the progress file is
//! looked at for what another syncfix saved. Nothing here waits on a
//! search or a lock.

mod action;
mod app;
mod detail;
mod export;
mod finder;
mod keymap;
mod layout;
mod line_edit;
mod loading;
mod sources;
mod terminal;
mod ui;

use std::io::{self, IsTerminal, Write as _};
use std::path::Path;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event};
use ratatui::layout::Rect;

pub use self::action::{Action, Effect};
pub use self::app::{
    App, Ask, Cursor, DetailCursor, MAX_ANSWERS, Mode, Notice, Pane, Row, SearchState, Triage,
};
pub use self::detail::{Doc, DocLine, DocStep, Marks, Subject};
pub use self::finder::{Answer, Hit, Request, Results, SEARCH_LIMIT, Searcher, Worker};
pub use self::keymap::{Context, KEYS, action_for_key, action_for_mouse, hints, hints_width};
pub use self::loading::Loaded;
use self::sources::Live;
pub use self::sources::{Input, Sources};
pub use self::ui::draw;
pub use self::ui::theme::Theme;
use crate::cache::{Phase, Writes};
use crate::kb::KnowledgeBase;
use crate::kb::printable;
use crate::progress::{self, Store};

/// How often an unsaved change is tried again while nothing happens.
const RETRY: Duration = Duration::from_secs(1);

/// How long the loop waits for input before it looks at the progress file
/// for what another syncfix saved.
const LOOK: Duration = Duration::from_millis(500);

/// A search running longer than this is said to be running.
const SLOW: Duration = Duration::from_millis(150);

/// Why the interface could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the interface needs a terminal; for scripts use `syncfix search`, `show` or `report`")]
    NotATerminal,
    #[error(
        "the interface needs a capable terminal (TERM={0}); for scripts use `syncfix search`, \
         `show` or `report`"
    )]
    DumbTerminal(String),
    #[error("loading the guide stopped unexpectedly; `syncfix check` may say why")]
    Loading,
    /// The last changes could not be saved on the way out.
    #[error(transparent)]
    Save(#[from] progress::Error),
    /// The person quit again after being told the last change was not
    /// saved, and it still could not be.
    #[error(
        "left without saving the last change: another syncfix was saving to {}",
        printable(&.path.display().to_string())
    )]
    LeftUnsaved { path: std::path::PathBuf },
    /// A signal ended the interface (exit 128 + `signal`); `lost`: why
    /// the last save failed, if it did.
    #[error("stopped by {}{}", terminal::signal_name(*.signal), unsaved(.lost.as_ref()))]
    Stopped {
        signal: i32,
        lost: Option<progress::Error>,
    },
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// What a failed last save before a signal's end says.
fn unsaved(failed: Option<&progress::Error>) -> String {
    failed.map_or_else(String::new, |e| {
        format!("; {e}, so the changes not saved there are lost")
    })
}

/// What the interface opens on: the guide and the platform chosen on the
/// command line (None: all, or where it was left).
pub struct Guide {
    pub kb: Arc<KnowledgeBase>,
    pub platform: Option<String>,
}

/// Open the interface on the guide `load` gives, with progress from
/// `state`. `load` tells how it goes, hands over the guide as soon as it
/// has it (browsing opens then) and returns its search index (search
/// answers from then on). It runs on a thread: a guide that takes long
/// shows its progress on the first frame, and q quits while it loads. The
/// copy for the cache of a guide read afresh comes with the index and is
/// written after it is handed over, beside the interface. One
/// that loads at once, or fails at once, does so before the terminal is
/// touched, so that its problems print as from any command.
pub fn run<E>(
    load: impl FnOnce(&mut dyn FnMut(Phase), &mut dyn FnMut(Guide)) -> Result<Loaded, E>
    + Send
    + 'static,
    state: Option<&Path>,
    mouse: bool,
) -> Result<(), E>
where
    E: From<Error> + Send + 'static,
{
    let writes = Writes::default();
    let result = run_with(load, state, mouse, &writes);
    // A copy for the cache still being written is given up with the
    // process, and its temporary file with it.
    writes.abandon();
    result
}

fn run_with<E>(
    load: impl FnOnce(&mut dyn FnMut(Phase), &mut dyn FnMut(Guide)) -> Result<Loaded, E>
    + Send
    + 'static,
    state: Option<&Path>,
    mouse: bool,
    writes: &Writes,
) -> Result<(), E>
where
    E: From<Error> + Send + 'static,
{
    let (post, inbox) = mpsc::channel();
    loading::spawn(load, post.clone(), writes.clone());
    if let Err(e) = usable() {
        // What is wrong with the guide is news before this.
        loading::wait(&inbox, None, &mut None)?;
        return Err(e.into());
    }
    let mut phase = None;
    let quick = loading::wait(&inbox, Some(loading::QUICK), &mut phase)?;
    let stop = post.clone();
    let mut terminal = terminal::init(mouse, move |signal| {
        let _ = stop.send(sources::Message::Stop(signal));
    })
    .map_err(Error::from)?;
    // Start crossterm's event source (and its SIGWINCH handler) before the
    // first frame, so a resize right after it is not missed.
    if let Err(e) = event::poll(Duration::ZERO) {
        terminal::restore();
        return Err(Error::from(e).into());
    }
    let mut sources = Live::start(post, inbox);
    let theme = Theme::from_env();
    let guide = match quick {
        Some(guide) => guide,
        None => match loading::show(&mut terminal, &sources.inbox, &theme, phase) {
            Ok(Some(guide)) => guide,
            Ok(None) => {
                terminal::restore();
                return Ok(());
            }
            Err(e) => {
                terminal::restore();
                return Err(e);
            }
        },
    };
    let Guide {
        kb,
        platform: chosen,
    } = guide;
    let result = open(&mut terminal, kb, chosen, state, &mut sources, &theme);
    terminal::restore();
    result.map_err(E::from)
}

/// Whether the interface can run here.
fn usable() -> Result<(), Error> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(Error::NotATerminal);
    }
    match std::env::var("TERM") {
        Ok(term) if term == "dumb" => Err(Error::DumbTerminal(term)),
        _ => Ok(()),
    }
}

/// The interface on `kb`, until the person quits.
fn open<E: Send + 'static>(
    terminal: &mut ratatui::DefaultTerminal,
    kb: Arc<KnowledgeBase>,
    chosen: Option<String>,
    state: Option<&Path>,
    sources: &mut Live<E>,
    theme: &Theme,
) -> Result<(), Error> {
    let mut store =
        Store::open_without_waiting(progress::resolve_path(state), &kb.id, kb.replaced_ids());
    let marks = Marks(store.outcomes().clone());
    let size = terminal.size()?;
    // Back to the open case, its platform and next step; else to the last
    // platform and item. A --platform given now wins.
    let guide = store.guide();
    let (platform, item, next_step) = match (guide.open_case(), &guide.view) {
        (Some(case), _) => (case.platform.clone(), Some(case.problem.clone()), true),
        (None, Some(view)) => (view.platform.clone(), view.item.clone(), false),
        (None, None) => (None, None, false),
    };
    // With no open case, "What do you see?" comes first, over the panes
    // where they were; a --platform given now says where to go instead.
    let ask = guide.open_case().is_none() && chosen.is_none();
    let case = guide.last_case().cloned();
    let platform = chosen.or(platform);
    let mut app = App::new(kb, platform.as_deref(), marks, size.into());
    app.update(Action::CaseChanged(case));
    if let Some(item) = item {
        app.go_to(&item, next_step);
    }
    if ask {
        app.update(Action::AskQuestions);
    }
    if !store.warnings().is_empty() {
        app.update(Action::Warning(
            printable(&store.warnings().join("; ")).into_owned(),
        ));
    }
    let end = event_loop(terminal, &mut app, &mut store, theme, sources);
    terminal::restore();
    // The last changes, if another syncfix held the lock until now: worth
    // a short wait at the end, never while keys are being read; a shorter
    // one when a signal asks to end. Not saved, they are the error to
    // tell (on the main screen, by the caller).
    let saved = match end {
        // Asked twice: one more try, no wait.
        Ok(End::Leave) => store.save_within(Duration::ZERO),
        Ok(End::Signal(_)) => last_save(&mut store, Some(terminal::LAST_SAVE)),
        _ => last_save(&mut store, None),
    };
    // The process ends next: freeing a large guide an allocation at a
    // time would only delay that.
    std::mem::forget(app);
    match end? {
        End::Quit => Ok(saved?),
        End::Leave => saved.map_err(|e| match e {
            progress::Error::Held { path } => Error::LeftUnsaved { path },
            e => Error::Save(e),
        }),
        End::Signal(signal) => Err(Error::Stopped {
            signal,
            lost: saved.err(),
        }),
    }
}

/// Save what is not saved yet, waiting for another syncfix that holds the
/// lock up to `wait`, or as long as a store waits; a wait is told on
/// stderr, so that the screen the interface gave back is not blank for no
/// reason.
fn last_save(store: &mut Store, wait: Option<Duration>) -> Result<(), progress::Error> {
    match store.save_within(Duration::ZERO) {
        Err(progress::Error::Held { path }) => {
            let _ = writeln!(
                io::stderr(),
                "syncfix: waiting for another syncfix to finish saving {}…",
                printable(&path.display().to_string())
            );
            match wait {
                Some(wait) => store.save_within(wait),
                None => store.save_waiting(),
            }
        }
        saved => saved,
    }
}

/// How the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The person quit.
    Quit,
    /// The person quit again after being told a change was not saved.
    Leave,
    /// A signal asked syncfix to end: its number.
    Signal(i32),
}

/// What to do after an action.
enum Flow {
    Go,
    End(End),
}

/// Draw, wait for input, update, carry out the effects, hand the one
/// search asked for to the worker; until Quit or a signal. Generic over
/// the backend and the sources so tests can drive it. What is left
/// unsaved is the caller's to save.
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    store: &mut Store,
    theme: &Theme,
    sources: &mut impl Sources,
) -> Result<End, Error>
where
    B::Error: Send + Sync + 'static,
{
    let mut dirty = true;
    // When the search running now was asked for, until it is said slow.
    let mut asked: Option<Instant> = None;
    // When the last save failed: the next is tried a `RETRY` later, not
    // on every key (each try reads the file again).
    let mut failed: Option<Instant> = None;
    // The store's warnings already shown (those met at the start).
    let mut warned = store.warnings().len();
    loop {
        if terminal::resumed() {
            // The screen was given away: clear it, and forget what was on
            // it so the next frame is drawn whole.
            terminal.backend_mut().clear().map_err(io_error)?;
            terminal.current_buffer_mut().reset();
            terminal.swap_buffers();
            dirty = true;
        }
        if dirty {
            let area = Rect::from(terminal.size().map_err(io_error)?);
            if area != app.size {
                app.update(Action::Resize {
                    width: area.width,
                    height: area.height,
                });
            }
            terminal
                .draw(|frame| ui::draw(frame, app, theme))
                .map_err(io_error)?;
        }
        let retry = store
            .has_unsaved()
            .then(|| failed.map_or(RETRY, |at| RETRY.saturating_sub(at.elapsed())));
        let slow = asked.map(|at| SLOW.saturating_sub(at.elapsed()));
        let wait = [retry, slow, Some(LOOK)].into_iter().flatten().min();
        let inputs = sources.next(wait)?;
        dirty = false;
        if inputs.is_empty() && store.refresh() {
            show(app, store);
            dirty = true;
        }
        if store.has_unsaved() && failed.is_none_or(|at| at.elapsed() >= RETRY) {
            let saved = store.save();
            failed = saved.is_err().then(Instant::now);
            report(app, store, saved);
            dirty = true;
        }
        // A problem met since (a damaged file moved aside to save) is told
        // as one met at the start is.
        if let Some(new) = store.warnings().get(warned..).filter(|new| !new.is_empty()) {
            app.update(Action::Warning(printable(&new.join("; ")).into_owned()));
            warned = store.warnings().len();
            dirty = true;
        }
        if asked.is_some_and(|at| at.elapsed() >= SLOW) {
            asked = None;
            app.update(Action::StillSearching);
            dirty = true;
        }
        for input in inputs {
            let action = match input {
                Input::Terminal(Event::Key(key)) => action_for_key(key, app.context()),
                Input::Terminal(Event::Mouse(mouse)) => action_for_mouse(mouse),
                Input::Terminal(Event::Paste(text)) => Some(Action::Paste(text)),
                Input::Terminal(Event::Resize(width, height)) => {
                    Some(Action::Resize { width, height })
                }
                Input::Terminal(_) => None,
                Input::Found(answer) => Some(Action::Found(answer)),
                Input::Stop(signal) => {
                    leave(app, store);
                    return Ok(End::Signal(signal));
                }
            };
            let Some(action) = action else {
                continue;
            };
            dirty = true;
            if let Flow::End(end) = act(app, store, action) {
                return Ok(end);
            }
        }
        if let Some(request) = app.search_request() {
            sources.search(request);
            asked = Some(Instant::now());
        }
        if !app.searching() {
            asked = None;
        }
    }
}

/// A backend's error as an I/O error (which it usually is).
fn io_error<E: std::error::Error + Send + Sync + 'static>(e: E) -> io::Error {
    let e: Box<dyn std::error::Error + Send + Sync> = Box::new(e);
    match e.downcast::<io::Error>() {
        Ok(e) => *e,
        Err(e) => io::Error::other(e),
    }
}

/// `App::update`, and carry out its effect.
fn act(app: &mut App, store: &mut Store, action: Action) -> Flow {
    let saved = match app.update(action) {
        Effect::Quit => {
            leave(app, store);
            return Flow::End(End::Quit);
        }
        Effect::Leave => {
            leave(app, store);
            return Flow::End(End::Leave);
        }
        Effect::None => return Flow::Go,
        Effect::Suspend => {
            terminal::suspend();
            return Flow::Go;
        }
        Effect::SaveTick { step, ticked } => store.set(&step, ticked),
        Effect::SaveMark {
            step,
            state,
            note,
            solves,
        } => match solves {
            Some(case) => store.solve(&step, note, case),
            None => store.mark(&step, state, note),
        },
        Effect::SaveNote { step, state, note } => store.note(&step, state, note),
        Effect::SaveDetails(details) => details
            .iter()
            .try_for_each(|(field, value)| store.set_detail(field.key(), value)),
        Effect::WriteReport => {
            write_report(&mut io::stdout(), app, store);
            return Flow::Go;
        }
        Effect::OpenCase {
            problem,
            platform,
            answers,
        } => store
            .open_case(&problem, platform.as_deref(), answers)
            .map(drop),
        Effect::MoveCase { platform } => store.move_case(platform.as_deref()),
        Effect::SaveReset { steps } => {
            let ids: Vec<&str> = steps.iter().map(String::as_str).collect();
            store.reset(Some(&ids))
        }
    };
    report(app, store, saved);
    Flow::Go
}

/// Note where the person was, for next time. A convenience: a failure to
/// save it is not worth holding up the end for.
fn leave(app: &App, store: &mut Store) {
    let _ = store.set_view(app.view());
}

/// Write the report beside the progress file, copy it to the clipboard
/// through the terminal, and tell the app where it went.
fn write_report(out: &mut impl io::Write, app: &mut App, store: &Store) {
    let now = jiff::ZonedDateTime::now();
    let text = crate::report::render(&app.kb, store, &now);
    let wanted = export::report_path(store.path(), &now);
    let shown = |path: &Path| printable(&export::home_as_tilde(path)).into_owned();
    let path = match export::write(&wanted, &text) {
        Ok(path) => path,
        Err(e) => {
            let e = printable(&e.to_string()).into_owned();
            app.update(Action::Warning(format!(
                "could not write the report to {}: {e}",
                shown(&wanted)
            )));
            return;
        }
    };
    let term = std::env::var("TERM").ok();
    let copied = export::osc52(&text, term.as_deref()).is_some_and(|seq| {
        out.write_all(seq.as_bytes())
            .and_then(|()| out.flush())
            .is_ok()
    });
    app.update(Action::ReportWritten {
        path: shown(&path),
        copied,
    });
}

/// Tell the app how a save went, and what the file holds now: the store
/// re-read the file under the lock to save, so what other processes saved
/// shows now.
fn report(app: &mut App, store: &Store, saved: Result<(), progress::Error>) {
    match saved {
        Err(e) => {
            app.update(Action::SaveFailed(printable(&e.to_string()).into_owned()));
        }
        Ok(()) => {
            app.update(Action::Saved);
            show(app, store);
        }
    }
}

/// Show the outcomes and the case the store holds, where they differ from
/// what the app shows.
fn show(app: &mut App, store: &Store) {
    let marks = Marks(store.outcomes().clone());
    if marks != app.marks {
        app.update(Action::MarksChanged(marks));
    }
    let case = store.guide().last_case();
    if case != app.case.as_ref() {
        app.update(Action::CaseChanged(case.cloned()));
    }
}
