//! Running the command line: load what a command needs, run it, and turn
//! errors into messages and exit codes (0 success, 1 failure, 2 usage).

mod check;
mod progress;
mod search;
mod show;

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::{Cli, Command};
use crate::kb::{self, KnowledgeBase, Source};

/// What every command starts from: the guide and the platform filter.
pub struct Context {
    pub kb: KnowledgeBase,
    pub source: Source,
    /// The chosen platform's id; None is all platforms.
    pub platform: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Load(#[from] kb::LoadError),
    #[error(transparent)]
    Platform(#[from] kb::UnknownPlatform),
    #[error("no {what} with id `{id}`{}", did_you_mean(.suggestions))]
    UnknownId {
        what: &'static str,
        id: String,
        suggestions: Vec<String>,
    },
    #[error(transparent)]
    Progress(#[from] crate::progress::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("the interface needs a terminal; for scripts use `syncfix search`, `show` or `report`")]
    NotATerminal,
}

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        _ => format!("; did you mean {}?", suggestions.join(", ")),
    }
}

pub fn run(cli: Cli) -> ExitCode {
    match dispatch(&cli) {
        Ok(code) => code,
        // A closed pipe (`syncfix search x | head`) is not a failure.
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Error::Load(kb::LoadError::Invalid { problems })) => {
            let source = cli
                .kb
                .as_ref()
                .map_or(Source::BuiltIn, |p| Source::File(p.clone()));
            let _ = check::print_problems(&problems, &source);
            ExitCode::FAILURE
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "syncfix: {e}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(cli: &Cli) -> Result<ExitCode, Error> {
    if let Some(Command::Completions { shell }) = &cli.command {
        let mut command = Cli::command();
        clap_complete::generate(*shell, &mut command, "syncfix", &mut std::io::stdout());
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(Command::Check) = &cli.command {
        return check::run(cli.kb.as_deref());
    }
    let ctx = context(cli)?;
    match &cli.command {
        None => {
            crate::tui::run(ctx, cli.state.as_deref(), !cli.no_mouse).map(|()| ExitCode::SUCCESS)
        }
        Some(Command::Search { query, limit, json }) => search::run(&ctx, query, *limit, *json),
        Some(Command::Show { id }) => show::run(&ctx, cli.state.as_deref(), id),
        Some(Command::Report) => progress::report(&ctx, cli.state.as_deref()),
        Some(Command::Tick { step_id }) => progress::set(&ctx, cli.state.as_deref(), step_id, true),
        Some(Command::Untick { step_id }) => {
            progress::set(&ctx, cli.state.as_deref(), step_id, false)
        }
        Some(Command::Reset { fix_id, .. }) => {
            progress::reset(&ctx, cli.state.as_deref(), fix_id.as_deref())
        }
        Some(Command::Paths) => progress::paths(&ctx, cli.state.as_deref()),
        Some(Command::Check | Command::Completions { .. }) => unreachable!("handled above"),
    }
}

fn context(cli: &Cli) -> Result<Context, Error> {
    let (kb, source) = kb::load(cli.kb.as_deref())?;
    let platform = match &cli.platform {
        Some(name) => kb.resolve_platform(name)?.map(|p| p.id.clone()),
        None => None,
    };
    Ok(Context {
        kb,
        source,
        platform,
    })
}
