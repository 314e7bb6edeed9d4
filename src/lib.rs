//! syncfix: an offline terminal companion for a troubleshooting guide.
//!
//! The domain knows nothing of the terminal: `kb` (the guide, its schema
//! once, in serde types), `plan` (a problem's steps in the guide's order),
//! `page` (an item laid out as blocks), `case` (the problem worked through),
//! `search`, `progress` (the store) and `report` (the case record). `tui`
//! draws it and `cmd` runs the command line. Modules are public only where
//! the binary, the tests, benches or examples use them.

pub mod cache;
pub mod case;
pub mod cli;
pub mod cmd;
pub mod kb;
mod page;
pub mod plan;
pub mod progress;
mod regular;
pub mod report;
pub mod search;
pub mod tui;
