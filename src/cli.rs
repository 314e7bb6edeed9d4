//! The command line, as clap types.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Troubleshoot iCloud Photos sync, one checked step at a time.
///
/// With no command, opens the terminal interface: pick your platform, find
/// your symptom or the status message you see, and tick steps as you do them.
#[derive(Debug, Parser)]
#[command(name = "syncfix", version, about, long_about)]
pub struct Cli {
    /// Read this knowledge base instead of the built-in guide
    #[arg(long, global = true, value_name = "FILE")]
    pub kb: Option<PathBuf>,

    /// Keep checklist progress in this file [default: $SYNCFIX_STATE, else the state directory]
    #[arg(long, global = true, value_name = "FILE")]
    pub state: Option<PathBuf>,

    /// Only show items for this platform (all, iphone, mac, windows)
    #[arg(long, global = true, value_name = "P")]
    pub platform: Option<String>,

    /// Leave the mouse to the terminal, so text can be selected and copied
    #[arg(long)]
    pub no_mouse: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search every symptom, fix, step, status message and note
    Search {
        /// What to look for; an empty query lists every item
        #[arg(default_value = "")]
        query: String,
        /// Print at most N results
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Print a JSON array of {kind, id, title, score, positions}
        #[arg(long)]
        json: bool,
    },
    /// Print one symptom, fix, step, status message or note as text
    Show {
        /// The item's id (see `syncfix search`)
        id: String,
    },
    /// The plan for a symptom or status message on --platform: its steps,
    /// each once, quickest and safest first, with what came of each
    Plan {
        /// The symptom's or status message's id
        id: String,
        /// Print JSON: {item, platform, steps: [{id, text, fix, tier, caution, state}]}
        #[arg(long)]
        json: bool,
    },
    /// Validate a knowledge base and list every problem
    Check,
    /// Write a Markdown report of what was tried, for a support request
    Report,
    /// Work on one problem: open a case, show it, add details, close it
    Case {
        #[command(subcommand)]
        command: CaseCommand,
    },
    /// Record what came of a step: done, didnt-help, skipped or fixed-it
    Mark {
        /// The step's id
        step_id: String,
        /// fixed-it also closes the open case as solved by this step
        outcome: OutcomeArg,
        /// A note to keep with the outcome
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Print the open case's next step
    Next {
        /// Print JSON: {case, step: {id, text, fix, tier, caution} | null, tried, total}
        #[arg(long)]
        json: bool,
    },
    /// Tick a checklist step
    Tick {
        /// The step's id
        step_id: String,
    },
    /// Untick a checklist step
    Untick {
        /// The step's id
        step_id: String,
    },
    /// Clear the outcomes of one fix's steps, or of every step with --all
    #[command(group = clap::ArgGroup::new("what").required(true).args(["fix_id", "all"]))]
    Reset {
        /// The fix whose steps to clear
        fix_id: Option<String>,
        /// Clear every outcome kept for this knowledge base
        #[arg(long)]
        all: bool,
    },
    /// Show where the knowledge base and progress are read and written
    Paths,
    /// Print the manual page (roff), for `man syncfix`
    #[command(
        long_about = "Print the manual page (roff), for `man syncfix`.\n\nInstall it with: mkdir -p ~/.local/share/man/man1 && syncfix man > ~/.local/share/man/man1/syncfix.1"
    )]
    Man,
    /// Print shell completions
    Completions {
        /// bash, zsh or fish (also elvish, powershell)
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Open a case on a symptom or status message, on --platform (an open
    /// case on another problem is closed; one on the same problem moves to
    /// --platform, keeping what it holds)
    Start {
        /// The symptom's or status message's id (see `syncfix search`)
        id: String,
    },
    /// Show the open case (or the last one): problem, plan, outcomes, details
    Show {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Record a detail support asks for
    Info {
        /// Which detail
        field: FieldArg,
        /// Its value; an empty value removes it
        value: String,
    },
    /// Close the open case
    Close {
        /// The step that fixed it
        #[arg(long, value_name = "STEP")]
        solved: Option<String>,
    },
}

/// What came of a step, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutcomeArg {
    Done,
    DidntHelp,
    Skipped,
    FixedIt,
}

/// A detail support asks for, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FieldArg {
    /// Device models
    Device,
    /// OS versions
    Os,
    /// Library size
    Library,
    /// Since when the problem has lasted
    Since,
}
