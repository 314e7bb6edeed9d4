use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    syncfix::cmd::run(syncfix::cli::Cli::parse())
}
