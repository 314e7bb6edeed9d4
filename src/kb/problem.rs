//! A problem in a knowledge base: found by reading (`load`, `message`) or
//! by the rules (`validate`), then placed at a line and column.

use std::fmt;

/// One problem in a knowledge base, printed as `FILE:LINE:COLUMN: sentence`.
/// Lines and columns count from 1; a column counts characters, not bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// A problem before its line and column are known: `at` is a byte offset
/// into the text, or a path into the knowledge base.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Issue<P> {
    pub at: P,
    pub message: String,
    /// Another place the message refers to, shown as `(LABEL at LINE:COL)`.
    pub see: Option<(P, &'static str)>,
}
