//! syncfix: an offline terminal browser for a troubleshooting guide.
//!
//! The domain (`kb`, `search`, `progress`, `report`) knows nothing of the
//! terminal; `tui` draws it and `cmd` runs the command line.

pub mod cache;
pub mod case;
pub mod cli;
pub mod cmd;
pub mod kb;
pub mod page;
pub mod plan;
pub mod progress;
mod regular;
pub mod report;
pub mod search;
pub mod tui;
