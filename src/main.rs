use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    match syncfix::cli::Cli::try_parse() {
        Ok(cli) => syncfix::cmd::run(cli),
        Err(e) => syncfix::cmd::parse_error(e),
    }
}
