//! `syncfix tick`, `untick`, `reset`, `paths` and `report`. (Stub: the
//! progress issue fills this in.)

use std::path::Path;
use std::process::ExitCode;

use super::{Context, Error};

pub fn set(
    _ctx: &Context,
    _state: Option<&Path>,
    _step: &str,
    _ticked: bool,
) -> Result<ExitCode, Error> {
    Ok(ExitCode::SUCCESS)
}

pub fn reset(_ctx: &Context, _state: Option<&Path>, _fix: Option<&str>) -> Result<ExitCode, Error> {
    Ok(ExitCode::SUCCESS)
}

pub fn paths(_ctx: &Context, _state: Option<&Path>) -> Result<ExitCode, Error> {
    Ok(ExitCode::SUCCESS)
}

pub fn report(_ctx: &Context, _state: Option<&Path>) -> Result<ExitCode, Error> {
    Ok(ExitCode::SUCCESS)
}
