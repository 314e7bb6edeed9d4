//! `syncfix show`. (Stub: the search issue fills this in.)

use std::path::Path;
use std::process::ExitCode;

use super::{Context, Error};

pub fn run(_ctx: &Context, _state: Option<&Path>, _id: &str) -> Result<ExitCode, Error> {
    Ok(ExitCode::SUCCESS)
}
