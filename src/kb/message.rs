//! Plain sentences for what the RON reader reports, and where.

use std::ops::Range;

use ron::error::{Error, SpannedError};

use super::balance::{Imbalance, MAX_DEPTH, closer};
use super::lex::{Lexer, next_token};
use super::position::offset_of;
use super::problem::Issue;
use super::spelling::closest;

/// The problem `error` describes, found by reading `text[piece]`.
pub(super) fn from_ron(text: &str, piece: Range<usize>, error: &SpannedError) -> Issue<usize> {
    let start = error.span.start;
    let mut at = piece.start + offset_of(&text[piece.clone()], start.line, start.col);
    if error.code == Error::Eof {
        at = piece.end;
    } else if points_before_value(&error.code) {
        // The reader points at the whitespace before a value it did not
        // expect; the value itself is the place to look.
        at = next_token(text, at).unwrap_or(at);
    }
    let mut code = error.code.clone();
    if let Error::NoSuchStructField { found, .. } = &mut code {
        *found = written(text, at, found);
    }
    Issue {
        at,
        message: describe(&code),
        see: None,
    }
}

/// A field name as written at `at`: ron's name stops at a character an
/// identifier cannot hold (an invisible one, say), the name in the text
/// runs on to the colon.
fn written(text: &str, at: usize, read: &str) -> String {
    let token = Lexer::new(text, at..text.len()).next();
    match token.map(|t| &text[t.start..t.end]) {
        Some(word) if word.starts_with(read) => word.to_string(),
        _ => read.to_string(),
    }
}

fn points_before_value(code: &Error) -> bool {
    matches!(
        code,
        Error::ExpectedArray
            | Error::ExpectedBoolean
            | Error::ExpectedChar
            | Error::ExpectedFloat
            | Error::ExpectedInteger
            | Error::ExpectedOption
            | Error::ExpectedMap
            | Error::ExpectedStructLike
            | Error::ExpectedNamedStructLike(_)
            | Error::ExpectedDifferentStructName { .. }
            | Error::ExpectedUnit
            | Error::ExpectedString
            | Error::ExpectedIdentifier
            | Error::InvalidValueForType { .. }
            | Error::TrailingCharacters
    )
}

/// The struct a RON error names, as a reader of the guide would say it.
fn what(type_name: &str) -> String {
    match type_name {
        "KnowledgeBase" => "the knowledge base".into(),
        "Platform" => "a platform".into(),
        "Symptom" => "a symptom".into(),
        "Place" => "a place in `where_to_look`".into(),
        "Fix" => "a fix".into(),
        "Step" => "a step".into(),
        "StatusMessage" => "a status message".into(),
        "Note" => "a note".into(),
        other => format!("`{}`", clip(other)),
    }
}

fn inside(outer: &Option<String>) -> String {
    outer
        .as_deref()
        .map(|o| format!(" in {}", what(o)))
        .unwrap_or_default()
}

/// User text quoted in a message, cut short if it is long.
pub(super) fn clip(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(super) fn describe(code: &Error) -> String {
    match code {
        Error::Eof => "unexpected end of file".into(),
        Error::ExpectedComma => "expected a comma".into(),
        Error::ExpectedStructLikeEnd | Error::ExpectedOptionEnd => "expected `)`".into(),
        Error::ExpectedArray => "expected a list in `[` `]`".into(),
        Error::ExpectedArrayEnd => "expected `]` or a comma".into(),
        Error::ExpectedMapColon => "expected `:` after the field name".into(),
        Error::ExpectedString => "expected a string in double quotes".into(),
        Error::ExpectedStringEnd => "expected the closing `\"` of a string".into(),
        Error::ExpectedOption => "expected `Some(...)` or `None`".into(),
        Error::ExpectedIdentifier => "expected a field name".into(),
        Error::ExpectedStructLike => "expected `(`".into(),
        Error::ExpectedNamedStructLike("KnowledgeBase") => {
            "this is not a knowledge base: it should start with `KnowledgeBase(`".into()
        }
        Error::ExpectedNamedStructLike(name) => format!("expected `{name}(`"),
        Error::ExpectedDifferentStructName { expected, found } => {
            format!("expected `{expected}(`, found `{}(`", clip(found))
        }
        Error::InvalidEscape(why) => format!("invalid escape in a string: {}", lower_first(why)),
        Error::UnclosedBlockComment => "comment is never closed: `/*` without `*/`".into(),
        Error::UnexpectedChar(c) => format!("unexpected character `{}`", c.escape_debug()),
        Error::TrailingCharacters => "unexpected text after the end of the knowledge base".into(),
        Error::ExceededRecursionLimit => format!("nested more than {MAX_DEPTH} levels deep"),
        Error::InvalidValueForType { expected, found } => {
            format!("expected {}, found {}", clip(expected), clip(found))
        }
        Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            // Spelt without what an identifier cannot hold.
            let spelt: String = found
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let hint = match closest(&spelt, expected.iter().copied()) {
                Some(near) => format!("; did you mean `{near}`?"),
                None => format!("; expected one of {}", quoted(expected)),
            };
            format!("unknown field `{}`{}{hint}", clip(found), inside(outer))
        }
        Error::MissingStructField { field, outer } => {
            format!("missing field `{field}`{}", inside(outer))
        }
        Error::DuplicateStructField { field, outer } => {
            format!("field `{field}` appears twice{}", inside(outer))
        }
        Error::Message(text) => clip(text),
        other => lower_first(&clip(&other.to_string())),
    }
}

fn quoted(names: &[&str]) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    names.join(", ")
}

/// A control character outside a string, shown by its code point.
pub(super) fn control(at: usize, c: char) -> Issue<usize> {
    Issue {
        at,
        message: format!(
            "unexpected control character U+{:04X} outside a string",
            u32::from(c)
        ),
        see: None,
    }
}

/// Text whose lines end in a carriage return alone (the old Mac way):
/// to RON it is one line, which a first `//` comment takes whole.
pub(super) fn carriage_returns_only() -> Issue<usize> {
    Issue {
        at: 0,
        message: "its lines end in a carriage return alone (old Mac line endings), so it reads \
                  as one line; save it with LF or CRLF line endings"
            .into(),
        see: None,
    }
}

/// Text with no value in it at all.
pub(super) fn nothing(text: &str) -> Issue<usize> {
    let what = match text.trim().is_empty() {
        true => "the file is empty",
        false => "the file holds only comments",
    };
    Issue {
        at: 0,
        message: format!("{what}; a knowledge base starts with `KnowledgeBase(`"),
        see: None,
    }
}

pub(super) fn imbalance(found: Imbalance) -> Issue<usize> {
    let bracket = |b: u8| char::from(b);
    let (message, see) = match found {
        Imbalance::UnclosedString(_) => ("string is never closed".to_string(), None),
        Imbalance::UnclosedComment(_) => {
            ("comment is never closed: `/*` without `*/`".into(), None)
        }
        Imbalance::Unmatched { bracket: b, .. } => {
            (format!("`{}` closes nothing", bracket(b)), None)
        }
        Imbalance::Mismatched {
            bracket: b,
            open,
            opener,
            ..
        } => (
            format!(
                "`{}` where `{}` was expected, to close `{}`",
                bracket(b),
                bracket(closer(opener)),
                bracket(opener)
            ),
            Some((open, "opened")),
        ),
        Imbalance::Unclosed { open, opener, .. } => (
            format!("the file ends before `{}` is closed", bracket(opener)),
            Some((open, "opened")),
        ),
        Imbalance::TooDeep(_) => (
            format!("nested more than {MAX_DEPTH} levels deep: this is not a knowledge base"),
            None,
        ),
    };
    Issue {
        at: found.at(),
        message,
        see,
    }
}
