//! `syncfix search`. (Stub: the search issue fills this in.)

use std::process::ExitCode;

use super::{Context, Error};

pub fn run(
    _ctx: &Context,
    _query: &str,
    _limit: Option<usize>,
    _json: bool,
) -> Result<ExitCode, Error> {
    Ok(ExitCode::SUCCESS)
}
