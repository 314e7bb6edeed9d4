//! The three-pane terminal interface: `syncfix` with no arguments.
//!
//! A synchronous loop: wait for an event, turn it into an action through the
//! key table, `App::update`, carry out the returned effect, redraw.

mod action;
mod app;
mod detail;
mod keymap;
mod layout;
mod line_edit;
mod terminal;
mod ui;

use std::io::{self, IsTerminal};
use std::path::Path;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event};

pub use self::action::{Action, Effect};
pub use self::app::{App, Cursor, DetailCursor, Mode, Notice, Pane, Row, SEARCH_LIMIT};
pub use self::detail::{Doc, DocLine, DocStep, Marks, Subject};
pub use self::keymap::{Context, KEYS, action_for_key, action_for_mouse};
pub use self::ui::draw;
pub use self::ui::theme::Theme;
use crate::cmd::{Context as CmdContext, Error};
use crate::progress::{self, Store};

/// Open the interface on the guide in `ctx`, with progress from `state`.
pub fn run(mut ctx: CmdContext, state: Option<&Path>, mouse: bool) -> Result<(), Error> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return Err(Error::NotATerminal);
    }
    let mut store = Store::open(
        progress::resolve_path(state),
        &ctx.kb.id,
        ctx.kb.replaced_ids(),
    );
    let marks = Marks(store.outcomes().clone());
    let mut terminal = terminal::init(mouse)?;
    // Start crossterm's event source (and its SIGWINCH handler) before the
    // first frame, so a resize right after it is not missed.
    event::poll(Duration::ZERO)?;
    let size = terminal.size()?;
    let index = ctx.take_index();
    // Back to the open case, its platform and next step; else to the last
    // platform and item. A --platform given now wins.
    let guide = store.guide();
    let (platform, item, next_step) = match (guide.open_case(), &guide.view) {
        (Some(case), _) => (case.platform.clone(), Some(case.problem.clone()), true),
        (None, Some(view)) => (view.platform.clone(), view.item.clone(), false),
        (None, None) => (None, None, false),
    };
    let platform = ctx.platform.or(platform);
    let mut app = App::with_index(ctx.kb, index, platform.as_deref(), marks, size.into());
    if let Some(item) = item {
        app.go_to(&item, next_step);
    }
    if !store.warnings().is_empty() {
        app.update(Action::SaveFailed(store.warnings().join("; ")));
    }
    let result = event_loop(
        &mut terminal,
        &mut app,
        &mut store,
        &Theme::from_env(),
        event::read,
    );
    terminal::restore();
    result
}

/// Draw, wait for an event, update, carry out the effect; until Quit.
/// Generic over the backend and the event source so tests can drive it.
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    store: &mut Store,
    theme: &Theme,
    mut next_event: impl FnMut() -> io::Result<Event>,
) -> Result<(), Error>
where
    B::Error: Into<io::Error>,
{
    let mut dirty = true;
    loop {
        if dirty {
            terminal
                .draw(|frame| ui::draw(frame, app, theme))
                .map_err(Into::into)?;
        }
        let action = match next_event()? {
            Event::Key(key) => action_for_key(key, app.context()),
            Event::Mouse(mouse) => action_for_mouse(mouse),
            Event::Resize(width, height) => Some(Action::Resize { width, height }),
            _ => None,
        };
        let Some(action) = action else {
            dirty = false;
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
            Effect::SaveTick { step, ticked } => store.set(&step, ticked),
            Effect::SaveMark { step, state } => store.mark(&step, state, None),
            Effect::SaveReset { steps } => {
                let ids: Vec<&str> = steps.iter().map(String::as_str).collect();
                store.reset(Some(&ids))
            }
        };
        match saved {
            Err(e) => {
                app.update(Action::SaveFailed(e.to_string()));
            }
            // The store re-read the file under the lock to save: what other
            // processes saved shows now.
            Ok(()) => {
                let marks = Marks(store.outcomes().clone());
                if marks != app.marks {
                    app.update(Action::MarksChanged(marks));
                }
            }
        }
    }
}
