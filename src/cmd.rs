//! Running the command line: load what a command needs, run it, and turn
//! errors into messages and exit codes (0 success, 1 failure, 2 usage).

mod case;
mod check;
mod loading;
mod man;
mod plan;
mod progress;
mod search;
mod show;
mod suggest;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::CommandFactory;
use clap::error::{ContextKind, ContextValue};

use crate::cache::Phase;
use crate::cli::{CaseCommand, Cli, Command};
use crate::kb::{self, KnowledgeBase, Source};
use crate::search::Index;

/// What every command starts from: the guide and the platform filter.
pub struct Context {
    pub kb: KnowledgeBase,
    pub source: Source,
    /// The chosen platform's id; None is all platforms.
    pub platform: Option<String>,
    /// The search index, when it came with the guide (from the cache).
    pub index: Option<Index>,
}

impl Context {
    /// The search index: the one that came with the guide, or a new one.
    pub fn take_index(&mut self) -> Index {
        self.index.take().unwrap_or_else(|| Index::new(&self.kb))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Load(#[from] kb::LoadError),
    #[error(transparent)]
    Platform(#[from] kb::UnknownPlatform),
    #[error("no {what} with id `{}`{}", shown_id(.id), did_you_mean(.id, .suggestions))]
    UnknownId {
        what: &'static str,
        /// As typed: made printable when shown.
        id: String,
        suggestions: Vec<String>,
    },
    /// No step is near the step id typed, but a symptom, status message
    /// or fix is.
    #[error(
        "no step with id `{}`; {near} is a {}, and `{}` lists its steps",
        shown_id(.id),
        noun(.kind),
        steps_command(.near, .kind)
    )]
    NearNotAStep {
        id: String,
        near: String,
        kind: kb::Kind,
    },
    #[error("`{id}` is a {kind}: plans are for symptoms and status messages{}", use_one_of(.suggestions))]
    NotAProblem {
        id: String,
        kind: kb::Kind,
        /// Symptoms and status messages that use it.
        suggestions: Vec<String>,
    },
    /// A symptom, status message, fix or note where a step was wanted.
    #[error("{}", not_a_step(.id, .kind, .verb, .steps))]
    NotAStep {
        id: String,
        kind: kb::Kind,
        /// What the command does to a step: "tick", "untick".
        verb: &'static str,
        /// The item's steps: (id, text); None for a note.
        steps: Option<Vec<(String, String)>>,
    },
    #[error(
        "{id} is not for {name}, only for {}; `syncfix --platform {platform} search` finds \
         what is",
        .platforms.join(", ")
    )]
    NotForPlatform {
        id: String,
        /// The platform's id and name.
        platform: String,
        name: String,
        /// The names of the platforms the item is for.
        platforms: Vec<String>,
    },
    #[error(transparent)]
    Progress(#[from] crate::progress::Error),
    /// Writing what a command prints failed (a full disk, a closed pipe).
    #[error("cannot write to standard output: {0}")]
    Io(#[from] std::io::Error),
    /// A step id that the guide has retired for another.
    #[error("{id} is now {by}; use that id (progress under {id} counts for it)")]
    Replaced { id: String, by: String },
    #[error("{id} is a {}, not a fix; {what}", noun(.kind))]
    NotAFix {
        id: String,
        kind: kb::Kind,
        /// What to do instead.
        what: String,
    },
    #[error(
        "no case is open; start one with `syncfix case start ID` (find the id with `syncfix search`)"
    )]
    NoCase,
    #[error(transparent)]
    Interface(#[from] crate::tui::Error),
    /// Rows of the cached copy of a guide read back damaged, twice.
    #[error(
        "the guide's cached copy in {} reads back damaged; remove that directory and try again",
        crate::cache::dir().display()
    )]
    DamagedCache,
    /// The progress file named is the guide being read: saving would
    /// move the guide aside as a damaged progress file.
    #[error(
        "the progress file {} is the knowledge base given with --kb; give --state another file",
        kb::printable(&.0.display().to_string())
    )]
    StateIsGuide(PathBuf),
}

/// No item of `kinds` has `id`: name it, and suggest the nearest ids.
fn unknown_id(ctx: &Context, what: &'static str, id: &str, kinds: &[kb::Kind]) -> Error {
    if let Some(replaced) = replaced(ctx, id) {
        return replaced;
    }
    Error::UnknownId {
        what,
        id: id.to_string(),
        suggestions: suggest::nearest(&ctx.kb, id, kinds),
    }
}

/// When `id` is one a step took over: that it is now the step's.
fn replaced(ctx: &Context, id: &str) -> Option<Error> {
    let by = ctx.kb.replaced_ids().remove(id)?;
    Some(Error::Replaced {
        id: id.to_string(),
        by,
    })
}

/// The most characters of an id typed that a message shows: no id of a
/// guide comes near it, and a pasted page would fill the terminal.
const SHOWN_ID: usize = 80;

/// An id typed, as a message shows it: made printable, and cut short with
/// `…` past `SHOWN_ID` characters.
fn shown_id(id: &str) -> String {
    let id = kb::printable(id);
    match id.char_indices().nth(SHOWN_ID) {
        Some((at, _)) => format!("{}…", &id[..at]),
        None => id.into_owned(),
    }
}

fn did_you_mean(id: &str, suggestions: &[String]) -> String {
    // Words to search for are offered only for an id that could be typed.
    let words = Some(id).filter(|id| id.chars().count() <= SHOWN_ID);
    let search = words.and_then(|id| suggest::search_command(&suggest::id_as_words(id)));
    match (suggestions, search) {
        ([], Some(search)) => format!("; `{search}` finds items by the words in them"),
        // What cannot be typed back as shown is not offered as a command.
        ([], None) => String::new(),
        _ => format!("; did you mean {}?", suggestions.join(", ")),
    }
}

/// The command that lists the steps of a symptom, status message or fix.
fn steps_command(id: &str, kind: &kb::Kind) -> String {
    match kind {
        kb::Kind::Symptom | kb::Kind::Status => format!("syncfix plan {id}"),
        _ => format!("syncfix show {id}"),
    }
}

/// The problems whose plans hold an item: the first few, and how many
/// more.
fn use_one_of(suggestions: &[String]) -> String {
    const SHOWN: usize = 3;
    match suggestions {
        [] => String::new(),
        few if few.len() <= SHOWN => format!("; it is in the plans of {}", few.join(", ")),
        many => format!(
            "; it is in the plans of {} and {} more",
            many[..SHOWN].join(", "),
            many.len() - SHOWN
        ),
    }
}

/// A kind as a message names it.
fn noun(kind: &kb::Kind) -> &'static str {
    match kind {
        kb::Kind::Status => "status message",
        other => other.label(),
    }
}

/// Steps named when an item is given where a step was wanted.
const STEPS_SHOWN: usize = 5;

fn not_a_step(
    id: &str,
    kind: &kb::Kind,
    verb: &str,
    steps: &Option<Vec<(String, String)>>,
) -> String {
    let kind = noun(kind);
    let Some(steps) = steps else {
        return format!("{id} is a {kind}, not a step, and has no steps to {verb}");
    };
    if steps.is_empty() {
        return format!("{id} is a {kind}, not a step; none of its steps is for this platform");
    }
    let width = steps.iter().take(STEPS_SHOWN).map(|(id, _)| id.len()).max();
    let mut text = format!("{id} is a {kind}, not a step; {verb} one of its steps:");
    for (step, what) in steps.iter().take(STEPS_SHOWN) {
        let width = width.unwrap_or(0);
        text.push_str(&format!("\n  {step:<width$}  {what}"));
    }
    if steps.len() > STEPS_SHOWN {
        let more = steps.len() - STEPS_SHOWN;
        text.push_str(&format!(
            "\n  and {more} more: `syncfix show {id}` lists them all"
        ));
    }
    text
}

pub fn run(cli: Cli) -> ExitCode {
    // A file grown past `ulimit -f` is a failed write, told as any other
    // (EFBIG), not a silent end mid-save.
    #[cfg(unix)]
    // SAFETY: setting a signal to be ignored, before any thread starts.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    match dispatch(&cli) {
        Ok(code) => code,
        Err(e) => fail(e, cli.kb.as_deref()),
    }
}

/// What clap's parse gave instead of a command line: help or the version,
/// printed here so that a failed write is told (exit 1) as every command's
/// is; or a usage error, on stderr (exit 2).
pub fn parse_error(e: clap::Error) -> ExitCode {
    if e.use_stderr() {
        // The message echoes what was typed: made visible, as in every
        // message of syncfix's own, so it goes without clap's styles. Going
        // without them drops escape sequences from what was typed too: the
        // value quoted is put back, made visible.
        let mut text = e.render().to_string();
        if let Some(ContextValue::String(typed)) = e.get(ContextKind::InvalidValue) {
            let stripped = anstream::adapter::strip_str(typed).to_string();
            if stripped != *typed {
                let shown = format!("'{}'", kb::printable(typed));
                text = text.replacen(&format!("'{stripped}'"), &shown, 1);
            }
        }
        let shown: String = text
            .lines()
            .map(|l| format!("{}\n", kb::printable(l)))
            .collect();
        let _ = std::io::stderr().lock().write_all(shown.as_bytes());
        return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
    }
    let mut out = std::io::stdout().lock();
    // clap's styles are bold and underline only: kept for a terminal.
    let text = match out.is_terminal() {
        true => e.render().ansi().to_string(),
        false => e.render().to_string(),
    };
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(io) => fail(Error::Io(io), None),
    }
}

/// An error as a message on stderr, and its exit code. `kb` is the --kb
/// file, named when it is invalid.
fn fail(error: Error, kb: Option<&std::path::Path>) -> ExitCode {
    match error {
        // A closed pipe (`syncfix search x | head`) is not a failure.
        Error::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Error::Load(kb::LoadError::Invalid { problems, total }) => {
            let _ = check::print_problems(&problems, total, &Source::of(kb));
            ExitCode::FAILURE
        }
        // A platform the guide does not have is a usage error, as clap's
        // are; it is known only once the guide (maybe --kb) is read.
        Error::Platform(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "syncfix: {}",
                kb::printable(&e.to_string())
            );
            ExitCode::from(2)
        }
        // Ended by a signal: exit as the signal would have (128 + its
        // number), telling only what was lost, if anything.
        Error::Interface(crate::tui::Error::Stopped { signal, lost }) => {
            if lost.is_some() {
                tell(&crate::tui::Error::Stopped { signal, lost });
            }
            ExitCode::from(u8::try_from(128 + signal).unwrap_or(1))
        }
        e => {
            tell(&e);
            ExitCode::FAILURE
        }
    }
}

/// Print `e` for the person, after `syncfix: `.
fn tell(e: &dyn std::error::Error) {
    // Each line made printable on its own: a message may list steps one
    // a line.
    let text = e.to_string();
    let lines: Vec<_> = text.lines().map(kb::printable).collect();
    let _ = writeln!(std::io::stderr(), "syncfix: {}", lines.join("\n"));
}

fn dispatch(cli: &Cli) -> Result<ExitCode, Error> {
    if let Some(Command::Completions { shell }) = &cli.command {
        // Written whole here, so that a closed pipe or a full disk is an
        // error to report, not a panic inside clap_complete.
        let mut script = Vec::new();
        clap_complete::generate(*shell, &mut Cli::command(), "syncfix", &mut script);
        let mut out = std::io::stdout().lock();
        out.write_all(&script)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(Command::Man) = &cli.command {
        man::render(&mut std::io::stdout().lock())?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(Command::Check) = &cli.command {
        return check::run(cli.kb.as_deref());
    }
    if let Some(Command::Search { query, limit, json }) = &cli.command {
        return search_command(cli, query, *limit, *json);
    }
    guide_apart_from_state(cli)?;
    if cli.command.is_none() {
        let (path, platform) = (cli.kb.clone(), cli.platform.clone());
        let load = move |watch: &mut dyn FnMut(Phase), ready: &mut dyn FnMut(crate::tui::Guide)| {
            interface_guide(path, platform, watch, ready)
        };
        crate::tui::run(load, cli.state.as_deref(), !cli.no_mouse)?;
        return Ok(ExitCode::SUCCESS);
    }
    let ctx = context(cli)?;
    match &cli.command {
        Some(Command::Show { id }) => show::run(&ctx, cli.state.as_deref(), id),
        Some(Command::Plan { id, json }) => plan::run(&ctx, cli.state.as_deref(), id, *json),
        Some(Command::Report) => progress::report(&ctx, cli.state.as_deref()),
        Some(Command::Tick { step_id }) => progress::set(&ctx, cli.state.as_deref(), step_id, true),
        Some(Command::Untick { step_id }) => {
            progress::set(&ctx, cli.state.as_deref(), step_id, false)
        }
        Some(Command::Reset { fix_id, .. }) => {
            progress::reset(&ctx, cli.state.as_deref(), fix_id.as_deref())
        }
        Some(Command::Case { command }) => {
            let state = cli.state.as_deref();
            match command {
                CaseCommand::Start { id } => case::start(&ctx, state, id),
                CaseCommand::Show { json } => case::show(&ctx, state, *json),
                CaseCommand::Info { field, value } => {
                    case::info(&ctx, state, (*field).into(), value)
                }
                CaseCommand::Close { solved } => case::close(&ctx, state, solved.as_deref()),
            }
        }
        Some(Command::Mark {
            step_id,
            outcome,
            note,
        }) => case::mark(
            &ctx,
            cli.state.as_deref(),
            step_id,
            (*outcome).into(),
            note.as_deref(),
        ),
        Some(Command::Next { json }) => case::next(&ctx, cli.state.as_deref(), *json),
        Some(Command::Paths) => progress::paths(&ctx, cli.state.as_deref()),
        None
        | Some(
            Command::Check | Command::Man | Command::Completions { .. } | Command::Search { .. },
        ) => {
            unreachable!("handled above")
        }
    }
}

/// `syncfix search`: only the platforms and the search index are needed,
/// which for a large file come from the cache without the rest.
fn search_command(
    cli: &Cli,
    query: &str,
    limit: Option<usize>,
    json: bool,
) -> Result<ExitCode, Error> {
    let Some(path) = cli.kb.as_deref() else {
        let (kb, _) = kb::load(None)?;
        return search_in(cli, &kb.platforms, Index::new(&kb), query, limit, json);
    };
    let dir = crate::cache::dir();
    let load =
        || loading::with_progress(|watch| crate::cache::load_for_search_watched(path, &dir, watch));
    // A file read afresh is copied to the cache while the search runs and
    // its answer is written; `_writing` waits for the copy at the end.
    let (platforms, index, _writing) = load()?;
    match search_in(cli, &platforms, index, query, limit, json) {
        // A row of the cache read back damaged (each is checked as it is
        // read): its copy is made afresh, once.
        Err(Error::DamagedCache) => {
            crate::cache::forget(path, &dir);
            let (platforms, index, _writing) = load()?;
            search_in(cli, &platforms, index, query, limit, json)
        }
        done => done,
    }
}

fn search_in(
    cli: &Cli,
    platforms: &[kb::Platform],
    mut index: Index,
    query: &str,
    limit: Option<usize>,
    json: bool,
) -> Result<ExitCode, Error> {
    let platform = match &cli.platform {
        Some(name) => kb::resolve_platform(platforms, name)?.map(|p| p.id.clone()),
        None => None,
    };
    let code = search::run(
        &mut index,
        platforms,
        platform.as_deref(),
        query,
        limit,
        json,
    );
    // The process ends next: freeing a large index an allocation at a time
    // would only delay that.
    std::mem::forget(index);
    code
}

/// What the interface opens on, loaded on the interface's loading thread:
/// tells `watch` how it goes, hands the guide to `ready` as soon as it is
/// there, and returns its search index (and the copy to cache).
fn interface_guide(
    path: Option<PathBuf>,
    platform: Option<String>,
    watch: &mut dyn FnMut(Phase),
    ready: &mut dyn FnMut(crate::tui::Guide),
) -> Result<crate::tui::Loaded, Error> {
    // A --platform the guide does not have is told instead of opening the
    // interface (once the loader is done).
    let mut unknown = None;
    let mut open = |kb: Arc<KnowledgeBase>| {
        let platform = match &platform {
            Some(name) => match kb.resolve_platform(name) {
                Ok(found) => found.map(|p| p.id.clone()),
                Err(e) => {
                    unknown = Some(e);
                    return;
                }
            },
            None => None,
        };
        ready(crate::tui::Guide { kb, platform });
    };
    let index = match path {
        Some(path) => crate::cache::load_kb_first(&path, &crate::cache::dir(), watch, &mut open)?,
        None => {
            let kb = Arc::new(kb::load(None)?.0);
            open(Arc::clone(&kb));
            watch(Phase::Indexing);
            (Index::new(&kb), None)
        }
    };
    match unknown {
        Some(e) => Err(e.into()),
        None => Ok(index),
    }
}

/// That the progress file is not the --kb file: a guide read as progress
/// is damage, and would be moved aside by the first save.
fn guide_apart_from_state(cli: &Cli) -> Result<(), Error> {
    let Some(guide) = cli.kb.as_deref() else {
        return Ok(());
    };
    let state = crate::progress::resolve_path(cli.state.as_deref());
    match same_file(guide, &state) {
        true => Err(Error::StateIsGuide(state)),
        false => Ok(()),
    }
}

/// Whether two paths are one file: through links, hard links included.
#[cfg(unix)]
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn context(cli: &Cli) -> Result<Context, Error> {
    let (kb, source, index) = match cli.kb.as_deref() {
        Some(path) => {
            let (kb, index) = crate::cache::load(path, &crate::cache::dir())?;
            (kb, Source::of(Some(path)), Some(index))
        }
        None => {
            let (kb, source) = kb::load(None)?;
            (kb, source, None)
        }
    };
    let platform = match &cli.platform {
        Some(name) => kb.resolve_platform(name)?.map(|p| p.id.clone()),
        None => None,
    };
    Ok(Context {
        kb,
        source,
        platform,
        index,
    })
}
