//! `syncfix tick`, `untick`, `reset`, `paths` and `report`.
//!
//! Confirmations and warnings go to stderr, one line each; stdout carries
//! only what a command is for (the report, the paths), so scripts can use it.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use jiff::{Timestamp, ZonedDateTime, tz::TimeZone};

use super::{Context, Error, suggest};
use crate::kb::{Kind, Source, printable};
use crate::progress::{self, Outcome, State, Store};
use crate::report;

pub(super) fn open(ctx: &Context, state: Option<&Path>) -> Store {
    Store::open(
        progress::resolve_path(state),
        &ctx.kb.id,
        ctx.kb.replaced_ids(),
    )
}

/// The store for a command that only reads: it creates nothing.
pub(super) fn open_read_only(ctx: &Context, state: Option<&Path>) -> Store {
    Store::open_read_only(
        progress::resolve_path(state),
        &ctx.kb.id,
        ctx.kb.replaced_ids(),
    )
}

/// The store for a command that shows what progress says (`report`,
/// `next`, `case show`), its warnings told: a file that is there and cannot
/// be read is the error, for without it what they show would be untrue.
pub(super) fn read(ctx: &Context, state: Option<&Path>) -> Result<Store, Error> {
    let store = open_read_only(ctx, state);
    match store.unreadable() {
        Some(e) => {
            warn_except(&store, Some(&e));
            Err(e.into())
        }
        None => {
            warn(&store);
            Ok(store)
        }
    }
}

pub(super) fn warn(store: &Store) {
    warn_except(store, None);
}

/// Print the store's warnings, except one that says the same as the error
/// about to be printed.
pub(super) fn warn_except(store: &Store, error: Option<&progress::Error>) {
    let error = error.map(ToString::to_string);
    let mut stderr = std::io::stderr().lock();
    for warning in store.warnings() {
        if error.as_ref() != Some(warning) {
            let _ = writeln!(stderr, "syncfix: warning: {}", printable(warning));
        }
    }
}

pub(super) fn say(message: std::fmt::Arguments) {
    let _ = writeln!(std::io::stderr(), "{}", printable(&message.to_string()));
}

/// The last case as it was before a command changed outcomes, to tell
/// with [`tell_reopened`] whether that change opened it again.
pub(super) fn last_case(store: &Store) -> Option<progress::Case> {
    store.guide().last_case().cloned()
}

/// Say so when the case `before` was closed as solved and is open again:
/// the step that solved it no longer says it fixed it (a mark, an untick
/// or a reset took that back).
pub(super) fn tell_reopened(ctx: &Context, before: Option<&progress::Case>, store: &Store) {
    let Some((before, solver)) =
        before.and_then(|c| Some((c, c.closed.as_ref()?.solved_by.as_ref()?)))
    else {
        return;
    };
    if store
        .guide()
        .open_case()
        .is_some_and(|open| open.id == before.id)
    {
        say(format_args!(
            "reopened the case on {}: {solver} no longer says it fixed it",
            crate::case::problem_title(&ctx.kb, before)
        ));
    }
}

pub(super) fn local(t: Timestamp) -> String {
    let zoned = t.to_zoned_datetime(TimeZone::system());
    jiff::fmt::strtime::format("%Y-%m-%d %H:%M", &zoned).unwrap_or_else(|_| t.to_string())
}

/// `syncfix tick` and `syncfix untick`. Unticking a step the guide no
/// longer has is allowed, so such a tick can be cleared.
pub fn set(
    ctx: &Context,
    state: Option<&Path>,
    step: &str,
    ticked: bool,
) -> Result<ExitCode, Error> {
    let known = ctx.kb.step(step);
    if known.is_none() && ticked {
        return Err(unknown_step(ctx, step, ticked));
    }
    let mut store = open(ctx, state);
    if known.is_none() && store.ticked(step).is_none() {
        warn(&store);
        return Err(unknown_step(ctx, step, ticked));
    }
    let before = store.outcome(step).cloned();
    let case = last_case(&store);
    let result = store.set(step, ticked);
    warn_except(&store, result.as_ref().err());
    result?;
    say(format_args!(
        "{}",
        set_message(step, ticked, before.as_ref())
    ));
    tell_reopened(ctx, case.as_ref(), &store);
    Ok(ExitCode::SUCCESS)
}

/// What `tick` (`ticked`) or `untick` did to a step that had the outcome
/// `before`: a step with another outcome than done says which one was
/// changed or cleared, and an untick says that a note went with it.
fn set_message(step: &str, ticked: bool, before: Option<&Outcome>) -> String {
    let Some(before) = before else {
        return match ticked {
            true => format!("ticked {step}"),
            false => format!("{step} was not ticked"),
        };
    };
    let note = match before.note {
        Some(_) => " and its note",
        None => "",
    };
    match (ticked, before.state) {
        (true, State::Done) => format!("{step} was already ticked on {}", local(before.at)),
        (true, state) => format!("{step}: {} → done", state.label()),
        (false, State::Done) if note.is_empty() => format!("unticked {step}"),
        (false, state) => format!("unticked {step}: cleared “{}”{note}", state.label()),
    }
}

/// An id that is not a step: for another item, what it is and its steps;
/// otherwise the nearest step ids, or the nearest item of another kind.
pub(super) fn unknown_step(ctx: &Context, id: &str, ticked: bool) -> Error {
    if let Some(item) = ctx.kb.item(id) {
        let steps = suggest::steps_of(&ctx.kb, &item, ctx.platform.as_deref());
        return Error::NotAStep {
            id: id.to_string(),
            kind: item.kind(),
            verb: if ticked { "tick" } else { "untick" },
            steps: steps.map(|steps| {
                steps
                    .into_iter()
                    .map(|s| (s.id.clone(), s.text.clone()))
                    .collect()
            }),
        };
    }
    if let Some(replaced) = super::replaced(ctx, id) {
        return replaced;
    }
    // Only steps are offered as steps; an item of another kind near what
    // was typed is named for what it is.
    let suggestions = suggest::nearest(&ctx.kb, id, &[Kind::Step]);
    let others = [Kind::Symptom, Kind::Status, Kind::Fix];
    let near = match suggestions.is_empty() {
        true => suggest::nearest(&ctx.kb, id, &others).into_iter().next(),
        false => None,
    };
    match near.and_then(|near| Some((ctx.kb.item(&near)?.kind(), near))) {
        Some((kind, near)) => Error::NearNotAStep {
            id: id.to_string(),
            near,
            kind,
        },
        None => Error::UnknownId {
            what: "step",
            id: id.to_string(),
            suggestions,
        },
    }
}

/// `syncfix reset FIX_ID` and `syncfix reset --all` (`fix` is None).
pub fn reset(ctx: &Context, state: Option<&Path>, fix: Option<&str>) -> Result<ExitCode, Error> {
    let steps: Option<Vec<&str>> = match fix {
        None => None,
        Some(id) => match ctx.kb.fix(id) {
            Some(fix) => Some(fix.steps.iter().map(String::as_str).collect()),
            None if let Some(item) = ctx.kb.item(id) => {
                let what = match item.kind() {
                    Kind::Step => format!("`syncfix untick {id}` clears it"),
                    _ => format!("`syncfix show {id}` names its fixes"),
                };
                return Err(Error::NotAFix {
                    id: id.to_string(),
                    kind: item.kind(),
                    what,
                });
            }
            None => {
                return Err(Error::UnknownId {
                    what: "fix",
                    id: id.to_string(),
                    suggestions: suggest::nearest(&ctx.kb, id, &[Kind::Fix]),
                });
            }
        },
    };
    let mut store = open(ctx, state);
    let cleared = match &steps {
        Some(ids) => ids.iter().filter(|id| store.ticked(id).is_some()).count(),
        None => store.outcomes().len(),
    };
    let notes = match &steps {
        Some(ids) => crate::case::notes(store.outcomes(), ids.iter().copied()),
        None => crate::case::notes(
            store.outcomes(),
            store.outcomes().keys().map(String::as_str),
        ),
    };
    let notes = match notes {
        0 => String::new(),
        1 => " and 1 note".to_string(),
        n => format!(" and {n} notes"),
    };
    let case = last_case(&store);
    let result = store.reset(steps.as_deref());
    warn_except(&store, result.as_ref().err());
    result?;
    let steps = if cleared == 1 { "step" } else { "steps" };
    match fix.and_then(|id| ctx.kb.fix(id)) {
        Some(fix) => say(format_args!(
            "cleared the outcomes of {cleared} {steps}{notes} of “{}” ({})",
            printable(&fix.title),
            fix.id
        )),
        None => say(format_args!(
            "cleared every outcome kept for “{}”: {cleared} {steps}{notes}",
            printable(&ctx.kb.title)
        )),
    }
    tell_reopened(ctx, case.as_ref(), &store);
    Ok(ExitCode::SUCCESS)
}

/// `syncfix paths`: where the knowledge base and progress are read and
/// written, and why there.
pub fn paths(ctx: &Context, state: Option<&Path>) -> Result<ExitCode, Error> {
    let (path, origin) = progress::resolve(state);
    // A relative path is the file it names in the current directory.
    let path = std::path::absolute(&path).unwrap_or(path);
    let kb = match &ctx.source {
        Source::BuiltIn => "built in (compiled into syncfix; read only)".to_string(),
        Source::File(file) => format!("{} (from --kb; read only)", shown(file)),
    };
    // What a store would read, lock beside and write: a link's target.
    let (exists, lock) = match progress::target(&path) {
        Err(e) => (format!("; {e}"), None),
        Ok(target) => {
            let linked = match target != path {
                true => format!("; a link to {}", shown(&target)),
                false => String::new(),
            };
            let exists = match (target.try_exists(), target.parent().map(Path::try_exists)) {
                (Ok(true), _) => "",
                (Ok(false), Some(Ok(true))) => "; the first tick writes the file",
                (Ok(false), _) => "; the first tick creates the directory and the file",
                (Err(_), _) => "; cannot be looked at",
            };
            (linked + exists, Some(progress::lock_path(&target)))
        }
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "knowledge base: {kb}")?;
    writeln!(out, "progress:       {} ({origin}{exists})", shown(&path))?;
    match lock {
        Some(lock) => writeln!(out, "lock:           {}", shown(&lock))?,
        None => writeln!(out, "lock:           none (nothing can be saved there)")?,
    }
    if let Source::File(_) = &ctx.source {
        writeln!(
            out,
            "cache:          {} (a binary copy of the --kb file and its index)",
            shown(&crate::cache::dir())
        )?;
    }
    if origin.is_temporary() {
        let _ = writeln!(
            std::io::stderr(),
            "syncfix: warning: no home directory found; set {} or use --state to keep progress",
            progress::ENV
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A path as it can be printed: control and invisible characters visible.
fn shown(path: &Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

/// `syncfix report`: Markdown for a support request, on stdout.
pub fn report(ctx: &Context, state: Option<&Path>) -> Result<ExitCode, Error> {
    let store = read(ctx, state)?;
    let text = report::render(&ctx.kb, &store, &ZonedDateTime::now());
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
