//! Reading a knowledge base from text: parse, validate, report every problem.
//!
//! The file is read in one pass by ron (the serde types are the schema),
//! or, when it is written in the common subset of RON, by `subset`, which
//! reads that subset as ron does, only faster; a syntax or schema error is
//! reported alone, at the place ron gives. A file that reads is checked by
//! `validate`, and each problem it finds is placed where ron reads the
//! item and field concerned (`spans`).

use std::fmt;
use std::path::{Path, PathBuf};

use super::KnowledgeBase;
use super::balance;
use super::lex;
use super::message;
use super::position;
use super::problem::Issue;
pub use super::problem::Problem;
use super::sanitize::{self, printable};
use super::spans::{self, Seg};
use super::subset;
use super::validate::validate;

/// At most this many problems are listed; a file with more is not worth
/// reading further.
pub(super) const MAX_PROBLEMS: usize = 1000;

/// Where a knowledge base came from, for messages and for `syncfix paths`.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    BuiltIn,
    File(PathBuf),
}

impl Source {
    /// Where a knowledge base comes from: `path`, or built in without one.
    pub fn of(path: Option<&Path>) -> Source {
        path.map_or(Source::BuiltIn, |p| Source::File(p.to_path_buf()))
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::BuiltIn => f.write_str("knowledge.ron"),
            Source::File(path) => f.write_str(&printable(&path.display().to_string())),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read knowledge base {}: {source}", printable(&path.display().to_string()))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Every problem found, in file order, or the first `MAX_PROBLEMS` and
    /// a line saying how many more; `total` counts them all.
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid {
        problems: Vec<Problem>,
        total: usize,
    },
}

/// Load the knowledge base at `path`, or the built-in guide.
pub fn load(path: Option<&Path>) -> Result<(KnowledgeBase, Source), LoadError> {
    match path {
        None => parse("knowledge.ron", super::BUILT_IN.as_bytes()).map(|kb| (kb, Source::BuiltIn)),
        Some(path) => {
            let bytes = read_file(path).map_err(|source| LoadError::Read {
                path: path.to_path_buf(),
                source,
            })?;
            let name = path.display().to_string();
            parse(&name, &bytes).map(|kb| (kb, Source::of(Some(path))))
        }
    }
}

/// A knowledge base larger than this is refused rather than read.
pub const MAX_LEN: u64 = 512 * 1024 * 1024;

/// The bytes of the knowledge base file at `path`: a regular file (a pipe
/// or a device is refused) of at most [`MAX_LEN`] bytes.
pub(crate) fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    crate::regular::read(path, MAX_LEN)
}

/// Parse and validate a knowledge base; `name` is used in problem locations.
/// Every string in the result is [`printable`].
pub fn parse(name: &str, bytes: &[u8]) -> Result<KnowledgeBase, LoadError> {
    let kb = parse_unchecked(name, bytes)?;
    check(name, bytes, &kb)?;
    Ok(kb)
}

/// The first half of `parse`: the knowledge base as ron reads it, every
/// string made [`printable`], but not yet validated. Whoever calls this
/// calls [`check`] before the knowledge base is used for anything but
/// work that `check`'s failure throws away (an index built meanwhile).
pub(crate) fn parse_unchecked(name: &str, bytes: &[u8]) -> Result<KnowledgeBase, LoadError> {
    let text = text(name, bytes)?;
    let read = subset::read(text).map_or_else(|| ron::Options::default().from_str(text), Ok);
    match read {
        Ok(mut kb) => {
            sanitize::knowledge_base(&mut kb);
            Ok(kb)
        }
        Err(error) => Err(invalid(name, text, vec![syntax(text, &error)], 0)),
    }
}

/// The second half of `parse`: every problem of `kb`, read from `bytes`
/// by [`parse_unchecked`], placed in the file.
pub(crate) fn check(name: &str, bytes: &[u8], kb: &KnowledgeBase) -> Result<(), LoadError> {
    let flaws = validate(kb);
    if flaws.is_empty() {
        return Ok(());
    }
    let text = text(name, bytes)?;
    let (issues, unplaced) = place(text, flaws);
    Err(invalid(name, text, issues, unplaced))
}

/// The text of `bytes`, without a byte order mark.
fn text<'b>(name: &str, bytes: &'b [u8]) -> Result<&'b str, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| not_utf8(name, bytes, e))
}

/// The one problem that stopped ron reading `text`, said plainly: lines
/// that end in a carriage return alone first, since they make everything
/// else look wrong. Past a
/// bracket that does not pair up nothing can be trusted, so that comes
/// first, unless a control character (never allowed outside a string)
/// comes before it.
fn syntax(text: &str, error: &ron::error::SpannedError) -> Issue<usize> {
    if text.contains('\r') && !text.contains('\n') {
        return message::carriage_returns_only();
    }
    if lex::next_token(text, 0).is_none() {
        return message::nothing(text);
    }
    let stray = lex::stray_control(text);
    if let Some(found) = balance::imbalance(text)
        && stray.is_none_or(|(at, _)| at > found.at())
    {
        return message::imbalance(found);
    }
    let read = message::from_ron(text, 0..text.len(), error);
    match stray {
        Some((at, c)) if at <= read.at => message::control(at, c),
        _ => read,
    }
}

fn not_utf8(name: &str, bytes: &[u8], error: std::str::Utf8Error) -> LoadError {
    let valid = String::from_utf8_lossy(&bytes[..error.valid_up_to()]);
    let (line, column) = position::line_columns(&valid, &[valid.len()])
        .get(&valid.len())
        .copied()
        .unwrap_or((1, 1));
    let byte = bytes.get(error.valid_up_to()).copied().unwrap_or_default();
    LoadError::Invalid {
        problems: vec![Problem {
            file: printable(name).into_owned(),
            line,
            column,
            message: format!("not UTF-8 text (byte 0x{byte:02X}); a knowledge base must be UTF-8"),
        }],
        total: 1,
    }
}

/// Byte offsets for problems found as paths into the knowledge base, and
/// how many more there are: only the first problems in file order, as
/// many as are listed, are placed; the rest are only counted.
fn place(text: &str, flaws: Vec<Issue<spans::Path>>) -> (Vec<Issue<usize>>, usize) {
    let paths: Vec<&[Seg]> = flaws
        .iter()
        .flat_map(|f| std::iter::once(&f.at).chain(f.see.as_ref().map(|(p, _)| p)))
        .map(Vec::as_slice)
        .collect();
    // Which problem each path is of, and how many of its paths are still
    // to be found. A problem is at the later of its places, so once ron
    // has read past every place of more problems than are listed, those
    // not yet placed come after them.
    let mut owner = Vec::with_capacity(paths.len());
    let mut left: Vec<usize> = Vec::with_capacity(flaws.len());
    for (k, flaw) in flaws.iter().enumerate() {
        let places = 1 + usize::from(flaw.see.is_some());
        owner.extend(std::iter::repeat_n(k, places));
        left.push(places);
    }
    let mut complete = 0;
    let enough = |i: usize| {
        left[owner[i]] -= 1;
        complete += usize::from(left[owner[i]] == 0);
        complete > MAX_PROBLEMS
    };
    let mut offsets = spans::resolve(text, &ron::Options::default(), &paths, enough).into_iter();
    let mut next = || offsets.next().flatten();
    let mut placed = Vec::with_capacity(flaws.len().min(MAX_PROBLEMS + 1));
    let mut unplaced = 0;
    for flaw in flaws {
        let at = next();
        let see = flaw.see.map(|(_, label)| (next(), label));
        match (at, see) {
            (Some(at), None) => placed.push(Issue {
                at,
                message: flaw.message,
                see: None,
            }),
            (Some(at), Some((Some(see), label))) => placed.push(Issue {
                at,
                message: flaw.message,
                see: Some((see, label)),
            }),
            _ => unplaced += 1,
        }
    }
    (placed, unplaced)
}

/// The problems, in file order, each once, with lines and columns, then
/// how many more there are (`unplaced` of them come after all of these).
fn invalid(name: &str, text: &str, mut issues: Vec<Issue<usize>>, unplaced: usize) -> LoadError {
    for issue in &mut issues {
        // Of two places, the problem is at the later one.
        if let Some((see, _)) = &mut issue.see
            && *see > issue.at
        {
            std::mem::swap(see, &mut issue.at);
        }
    }
    issues.sort();
    issues.dedup();
    let total = issues.len() + unplaced;
    if total > MAX_PROBLEMS {
        let more = total - MAX_PROBLEMS;
        let next = issues.get(MAX_PROBLEMS).or(issues.last());
        let at = next.map_or(0, |issue| issue.at);
        issues.truncate(MAX_PROBLEMS);
        issues.push(Issue {
            at,
            message: format!("and {more} more problems"),
            see: None,
        });
    }
    let offsets: Vec<usize> = issues
        .iter()
        .flat_map(|i| std::iter::once(i.at).chain(i.see.map(|(at, _)| at)))
        .collect();
    let positions = position::line_columns(text, &offsets);
    let position = |at: usize| positions.get(&at).copied().unwrap_or((1, 1));
    let file = printable(name).into_owned();
    let problems = issues
        .into_iter()
        .map(|issue| {
            let (line, column) = position(issue.at);
            let mut message = issue.message;
            if let Some((at, label)) = issue.see {
                let (line, column) = position(at);
                message.push_str(&format!(" ({label} at {line}:{column})"));
            }
            Problem {
                file: file.clone(),
                line,
                column,
                message: printable(&message).into_owned(),
            }
        })
        .collect();
    LoadError::Invalid { problems, total }
}
