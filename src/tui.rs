//! The three-pane terminal interface: `syncfix` with no arguments.
//!
//! A synchronous loop: wait for an event, turn it into an action through the
//! key table, `App::update`, carry out the returned effect, redraw.

mod action;
mod app;
mod detail;
mod export;
mod keymap;
mod layout;
mod line_edit;
mod terminal;
mod ui;

use std::io::{self, IsTerminal, Write as _};
use std::path::Path;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event};
use ratatui::layout::Rect;

pub use self::action::{Action, Effect};
pub use self::app::{
    App, Cursor, DetailCursor, MAX_ANSWERS, Mode, Notice, Pane, Row, SEARCH_LIMIT, Triage,
};
pub use self::detail::{Doc, DocLine, DocStep, Marks, Subject};
pub use self::keymap::{Context, KEYS, action_for_key, action_for_mouse, hints, hints_width};
pub use self::ui::draw;
pub use self::ui::theme::Theme;
use crate::kb::KnowledgeBase;
use crate::kb::printable;
use crate::progress::{self, Store};
use crate::search::Index;

/// How often an unsaved change is tried again while nothing happens.
const RETRY: Duration = Duration::from_secs(1);

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
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// What the interface opens on: the guide, its search index and the
/// platform chosen on the command line (None: all, or where it was left).
pub struct Guide {
    pub kb: KnowledgeBase,
    pub index: Index,
    pub platform: Option<String>,
}

/// Open the interface on `guide`, with progress from `state`.
pub fn run(guide: Guide, state: Option<&Path>, mouse: bool) -> Result<(), Error> {
    let Guide {
        kb,
        index,
        platform: chosen,
    } = guide;
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(Error::NotATerminal);
    }
    match std::env::var("TERM") {
        Ok(term) if term == "dumb" => return Err(Error::DumbTerminal(term)),
        _ => {}
    }
    let mut store =
        Store::open_without_waiting(progress::resolve_path(state), &kb.id, kb.replaced_ids());
    let marks = Marks(store.outcomes().clone());
    let mut terminal = terminal::init(mouse)?;
    // Start crossterm's event source (and its SIGWINCH handler) before the
    // first frame, so a resize right after it is not missed.
    event::poll(Duration::ZERO)?;
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
    let mut app = App::with_index(kb, index, platform.as_deref(), marks, size.into());
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
    let result = event_loop(
        &mut terminal,
        &mut app,
        &mut store,
        &Theme::from_env(),
        next_event,
    );
    terminal::restore();
    // The last changes, if another syncfix held the lock until now: worth
    // a short wait at the end, never while keys are being read.
    if let Err(e) = store.save_waiting() {
        let _ = writeln!(io::stderr(), "syncfix: {}", printable(&e.to_string()));
    }
    result
}

/// The next event, or None when `timeout` passes first.
fn next_event(timeout: Option<Duration>) -> io::Result<Option<Event>> {
    match timeout {
        Some(timeout) if !event::poll(timeout)? => Ok(None),
        _ => event::read().map(Some),
    }
}

/// Draw, wait for an event, update, carry out the effect; until Quit.
/// Generic over the backend and the event source (which waits at most the
/// time it is given) so tests can drive it.
pub fn event_loop<B: Backend + io::Write>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    store: &mut Store,
    theme: &Theme,
    mut next_event: impl FnMut(Option<Duration>) -> io::Result<Option<Event>>,
) -> Result<(), Error>
where
    B::Error: Into<io::Error>,
{
    let mut dirty = true;
    loop {
        if terminal::resumed() {
            // The screen was given away: clear it, and forget what was on
            // it so the next frame is drawn whole.
            terminal.backend_mut().clear().map_err(Into::into)?;
            terminal.current_buffer_mut().reset();
            terminal.swap_buffers();
            dirty = true;
        }
        if dirty {
            let area = Rect::from(terminal.size().map_err(Into::into)?);
            if area != app.size {
                app.update(Action::Resize {
                    width: area.width,
                    height: area.height,
                });
            }
            terminal
                .draw(|frame| ui::draw(frame, app, theme))
                .map_err(Into::into)?;
        }
        let event = next_event(store.has_unsaved().then_some(RETRY))?;
        dirty = false;
        if store.has_unsaved() {
            let saved = store.save();
            report(app, store, saved);
            dirty = true;
        }
        let action = match event {
            Some(Event::Key(key)) => action_for_key(key, app.context()),
            Some(Event::Mouse(mouse)) => action_for_mouse(mouse),
            Some(Event::Paste(text)) => Some(Action::Paste(text)),
            Some(Event::Resize(width, height)) => Some(Action::Resize { width, height }),
            _ => None,
        };
        let Some(action) = action else {
            continue;
        };
        dirty = true;
        let saved = match app.update(action) {
            Effect::Quit => {
                // Where it was is a convenience: a failure to save it is not
                // worth holding up the quit for.
                let _ = store.set_view(app.view());
                return Ok(());
            }
            Effect::None => continue,
            Effect::Suspend => {
                terminal::suspend();
                continue;
            }
            Effect::SaveTick { step, ticked } => store.set(&step, ticked),
            Effect::SaveMark { step, state, note } => store.mark(&step, state, note),
            Effect::SaveNote { step, state, note } => store.record(&step, state, note),
            Effect::SaveDetails(details) => details
                .iter()
                .try_for_each(|(field, value)| store.set_detail(field.key(), value)),
            Effect::WriteReport => {
                write_report(terminal.backend_mut(), app, store);
                continue;
            }
            Effect::OpenCase {
                problem,
                platform,
                answers,
            } => store
                .open_case(&problem, platform.as_deref(), answers)
                .map(drop),
            Effect::SaveReset { steps } => {
                let ids: Vec<&str> = steps.iter().map(String::as_str).collect();
                store.reset(Some(&ids))
            }
        };
        report(app, store, saved);
    }
}

/// Write the report beside the progress file, copy it to the clipboard
/// through the terminal, and tell the app where it went.
fn write_report(out: &mut impl io::Write, app: &mut App, store: &Store) {
    let now = jiff::ZonedDateTime::now();
    let text = crate::report::render(&app.kb, store, &now);
    let path = export::report_path(store.path(), &now);
    let shown = printable(&export::home_as_tilde(&path)).into_owned();
    if let Err(e) = export::write(&path, &text) {
        let e = printable(&e.to_string()).into_owned();
        app.update(Action::Warning(format!(
            "could not write the report to {shown}: {e}"
        )));
        return;
    }
    let term = std::env::var("TERM").ok();
    let copied = export::osc52(&text, term.as_deref()).is_some_and(|seq| {
        out.write_all(seq.as_bytes())
            .and_then(|()| out.flush())
            .is_ok()
    });
    app.update(Action::ReportWritten {
        path: shown,
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
            let marks = Marks(store.outcomes().clone());
            if marks != app.marks {
                app.update(Action::MarksChanged(marks));
            }
            let case = store.guide().last_case();
            if case != app.case.as_ref() {
                app.update(Action::CaseChanged(case.cloned()));
            }
        }
    }
}
