//! Whether brackets, strings and comments pair up: past the first place
//! where they do not, the structure of the text cannot be trusted.

use super::lex::{Lexer, Tok};

/// Nesting deeper than this is never a knowledge base (it is also ron's
/// default recursion limit).
pub(super) const MAX_DEPTH: usize = 128;

/// The first place where brackets, strings or comments do not pair up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Imbalance {
    UnclosedString(usize),
    UnclosedComment(usize),
    /// A closing bracket with nothing open.
    Unmatched {
        close: usize,
        bracket: u8,
    },
    /// A closing bracket of the wrong kind.
    Mismatched {
        close: usize,
        bracket: u8,
        open: usize,
        opener: u8,
    },
    /// The text ends while a bracket is open.
    Unclosed {
        end: usize,
        open: usize,
        opener: u8,
    },
    TooDeep(usize),
}

impl Imbalance {
    pub fn at(&self) -> usize {
        match *self {
            Imbalance::UnclosedString(at)
            | Imbalance::UnclosedComment(at)
            | Imbalance::TooDeep(at)
            | Imbalance::Unmatched { close: at, .. }
            | Imbalance::Mismatched { close: at, .. }
            | Imbalance::Unclosed { end: at, .. } => at,
        }
    }
}

/// Checks that every bracket, string and comment in `text` is closed.
pub(super) fn imbalance(text: &str) -> Option<Imbalance> {
    let mut open: Vec<(usize, u8)> = Vec::new();
    let mut after_string: Option<usize> = None;
    for t in Lexer::new(text, 0..text.len()) {
        // A string that runs over a line break and is followed by what no
        // string can be (a word, another string, an opening bracket) took
        // its closing quote from the string after it: it is never closed.
        if let Some(start) = after_string.take()
            && matches!(
                t.tok,
                Tok::Word | Tok::Str | Tok::Open(_) | Tok::UnclosedString
            )
        {
            return Some(Imbalance::UnclosedString(start));
        }
        if t.tok == Tok::Str && text[t.start..t.end].contains('\n') {
            after_string = Some(t.start);
        }
        match t.tok {
            Tok::UnclosedString => return Some(Imbalance::UnclosedString(t.start)),
            Tok::UnclosedComment => return Some(Imbalance::UnclosedComment(t.start)),
            Tok::Open(_) if open.len() == MAX_DEPTH => return Some(Imbalance::TooDeep(t.start)),
            Tok::Open(b) => open.push((t.start, b)),
            Tok::Close(bracket) => match open.pop() {
                None => {
                    return Some(Imbalance::Unmatched {
                        close: t.start,
                        bracket,
                    });
                }
                Some((at, opener)) if closer(opener) != bracket => {
                    return Some(Imbalance::Mismatched {
                        close: t.start,
                        bracket,
                        open: at,
                        opener,
                    });
                }
                Some(_) => {}
            },
            _ => {}
        }
    }
    open.pop().map(|(at, opener)| Imbalance::Unclosed {
        end: text.len(),
        open: at,
        opener,
    })
}

pub(super) fn closer(opener: u8) -> u8 {
    match opener {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}
