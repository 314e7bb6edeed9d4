//! `syncfix tick`, `untick`, `reset`, `paths` and `report`.
//!
//! Confirmations and warnings go to stderr, one line each; stdout carries
//! only what a command is for (the report, the paths), so scripts can use it.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use jiff::{Timestamp, ZonedDateTime, tz::TimeZone};

use super::{Context, Error};
use crate::kb::{Item, Kind, Source};
use crate::progress::{self, Store};
use crate::report;

const SUGGESTIONS: usize = 3;

pub(super) fn open(ctx: &Context, state: Option<&Path>) -> Store {
    Store::open(
        progress::resolve_path(state),
        &ctx.kb.id,
        ctx.kb.replaced_ids(),
    )
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
            let _ = writeln!(stderr, "syncfix: warning: {warning}");
        }
    }
}

pub(super) fn say(message: std::fmt::Arguments) {
    let _ = writeln!(std::io::stderr(), "{message}");
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
        return Err(unknown_step(ctx, step));
    }
    let mut store = open(ctx, state);
    if known.is_none() && store.ticked(step).is_none() {
        warn(&store);
        return Err(unknown_step(ctx, step));
    }
    let before = store.ticked(step);
    let result = store.set(step, ticked);
    warn_except(&store, result.as_ref().err());
    result?;
    match (ticked, before) {
        (true, Some(t)) => say(format_args!("{step} was already ticked on {}", local(t))),
        (false, None) => say(format_args!("{step} was not ticked")),
        _ => {
            let verb = if ticked { "ticked" } else { "unticked" };
            say(format_args!("{verb} {step}"))
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// An id that is not a step: for a fix, suggest its steps; otherwise the
/// nearest step ids.
pub(super) fn unknown_step(ctx: &Context, id: &str) -> Error {
    let suggestions = match ctx.kb.item(id) {
        Some(Item::Fix(fix)) => fix.steps.iter().take(SUGGESTIONS).cloned().collect(),
        _ => owned(ctx.kb.nearest_ids(id, &[Kind::Step], SUGGESTIONS)),
    };
    Error::UnknownId {
        what: "step",
        id: id.to_string(),
        suggestions,
    }
}

fn owned(ids: Vec<&str>) -> Vec<String> {
    ids.into_iter().map(str::to_string).collect()
}

/// `syncfix reset FIX_ID` and `syncfix reset --all` (`fix` is None).
pub fn reset(ctx: &Context, state: Option<&Path>, fix: Option<&str>) -> Result<ExitCode, Error> {
    let steps: Option<Vec<&str>> = match fix {
        None => None,
        Some(id) => match ctx.kb.fix(id) {
            Some(fix) => Some(fix.steps.iter().map(String::as_str).collect()),
            None => {
                return Err(Error::UnknownId {
                    what: "fix",
                    id: id.to_string(),
                    suggestions: owned(ctx.kb.nearest_ids(id, &[Kind::Fix], SUGGESTIONS)),
                });
            }
        },
    };
    let mut store = open(ctx, state);
    let cleared = match &steps {
        Some(ids) => ids.iter().filter(|id| store.ticked(id).is_some()).count(),
        None => store.outcomes().len(),
    };
    let result = store.reset(steps.as_deref());
    warn_except(&store, result.as_ref().err());
    result?;
    let what = fix.unwrap_or(&ctx.kb.id);
    let plural = if cleared == 1 { "" } else { "s" };
    say(format_args!("cleared {cleared} tick{plural} of {what}"));
    Ok(ExitCode::SUCCESS)
}

/// `syncfix paths`: where the knowledge base and progress are read and
/// written, and why there.
pub fn paths(ctx: &Context, state: Option<&Path>) -> Result<ExitCode, Error> {
    let (path, origin) = progress::resolve(state);
    let kb = match &ctx.source {
        Source::BuiltIn => "built in (compiled into syncfix; read only)".to_string(),
        Source::File(file) => format!("{} (from --kb; read only)", file.display()),
    };
    let exists = match path.try_exists() {
        Ok(true) => "",
        Ok(false) => ", not created yet",
        Err(_) => ", cannot be looked at",
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "knowledge base: {kb}")?;
    writeln!(out, "progress:       {} ({origin}{exists})", path.display())?;
    writeln!(
        out,
        "lock:           {}",
        progress::lock_path(&path).display()
    )?;
    if let Source::File(_) = &ctx.source {
        writeln!(
            out,
            "cache:          {} (a binary copy of the --kb file and its index)",
            crate::cache::dir(&path).display()
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

/// `syncfix report`: Markdown for a support request, on stdout.
pub fn report(ctx: &Context, state: Option<&Path>) -> Result<ExitCode, Error> {
    let store = open(ctx, state);
    warn(&store);
    let text = report::render(&ctx.kb, &store, &ZonedDateTime::now());
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
