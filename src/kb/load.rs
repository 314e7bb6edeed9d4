//! Reading a knowledge base from text: parse, validate, report every problem.

use std::fmt;
use std::path::{Path, PathBuf};

use super::KnowledgeBase;

/// Where a knowledge base came from, for messages and for `syncfix paths`.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    BuiltIn,
    File(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::BuiltIn => f.write_str("knowledge.ron"),
            Source::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// One problem in a knowledge base, printed as `FILE:LINE:COLUMN: sentence`.
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

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read knowledge base {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid { problems: Vec<Problem> },
}

/// Load the knowledge base at `path`, or the built-in guide.
pub fn load(path: Option<&Path>) -> Result<(KnowledgeBase, Source), LoadError> {
    match path {
        None => parse("knowledge.ron", super::BUILT_IN.as_bytes()).map(|kb| (kb, Source::BuiltIn)),
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|source| LoadError::Read {
                path: path.to_path_buf(),
                source,
            })?;
            let name = path.display().to_string();
            parse(&name, &bytes).map(|kb| (kb, Source::File(path.to_path_buf())))
        }
    }
}

/// Parse and validate a knowledge base; `name` is used in problem locations.
pub fn parse(name: &str, bytes: &[u8]) -> Result<KnowledgeBase, LoadError> {
    let problem = |line, column, message: String| LoadError::Invalid {
        problems: vec![Problem {
            file: name.to_string(),
            line,
            column,
            message,
        }],
    };
    let text = std::str::from_utf8(bytes)
        .map_err(|e| problem(1, 1, format!("not UTF-8 text (byte {})", e.valid_up_to())))?;
    ron::from_str::<KnowledgeBase>(text)
        .map_err(|e| problem(e.span.start.line, e.span.start.col, e.code.to_string()))
}
