//! The three-pane terminal interface. (Stub: the interface issue builds it.)

use std::path::Path;

use crate::cmd::{Context, Error};

pub fn run(_ctx: Context, _state: Option<&Path>, _mouse: bool) -> Result<(), Error> {
    Ok(())
}
