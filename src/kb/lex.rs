//! A forgiving RON tokenizer: just enough to find where values start and
//! end, so problems can be given a line and column. It never fails and
//! looks at each byte a bounded number of times.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok {
    /// `(`, `[` or `{`.
    Open(u8),
    /// `)`, `]` or `}`.
    Close(u8),
    Comma,
    Colon,
    /// A string, raw string, byte string or character literal.
    Str,
    /// An identifier, a number, or anything else that is not punctuation.
    Word,
    /// A string that runs to the end of the text.
    UnclosedString,
    /// A block comment that runs to the end of the text.
    UnclosedComment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
pub(super) struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    end: usize,
}

/// The whitespace RON skips between tokens.
fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\x0B'
            | '\x0C'
            | '\u{85}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

impl<'a> Lexer<'a> {
    /// A lexer over `range` of `text`; offsets it reports are into `text`.
    pub fn new(text: &'a str, range: Range<usize>) -> Self {
        Lexer {
            text,
            pos: range.start,
            end: range.end.min(text.len()),
        }
    }

    pub fn peek(&self) -> Option<Token> {
        self.clone().next()
    }

    fn bytes(&self) -> &'a [u8] {
        &self.text.as_bytes()[..self.end]
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..self.end)?.chars().next()
    }

    fn token(&mut self, tok: Tok, start: usize, end: usize) -> Option<Token> {
        self.pos = end;
        Some(Token { tok, start, end })
    }

    /// Skips whitespace and closed comments; stops at an unclosed comment.
    fn skip_trivia(&mut self) -> Option<Token> {
        let bytes = self.bytes();
        while let Some(&b) = bytes.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => self.pos += 1,
                b'/' if bytes.get(self.pos + 1) == Some(&b'/') => {
                    self.pos = memchr_from(bytes, b'\n', self.pos).unwrap_or(self.end);
                }
                b'/' if bytes.get(self.pos + 1) == Some(&b'*') => {
                    let start = self.pos;
                    match block_comment_end(bytes, start) {
                        Some(end) => self.pos = end,
                        None => return self.token(Tok::UnclosedComment, start, self.end),
                    }
                }
                0x80.. => match self.char_at(self.pos).filter(|&c| is_space(c)) {
                    Some(c) => self.pos += c.len_utf8(),
                    None => break,
                },
                _ => break,
            }
        }
        None
    }

    fn string(&mut self, start: usize, quote: usize, raw: bool, hashes: usize) -> Option<Token> {
        match string_end(self.bytes(), quote, raw, hashes) {
            Some(end) => self.token(Tok::Str, start, end),
            None => self.token(Tok::UnclosedString, start, self.end),
        }
    }

    fn word(&mut self, start: usize) -> Option<Token> {
        let bytes = self.bytes();
        let mut at = start;
        while let Some(&b) = bytes.get(at) {
            let stops = match b {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => true,
                b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' | b':' | b'"' => true,
                b'\'' => at > start,
                b'/' => matches!(bytes.get(at + 1), Some(b'/' | b'*')),
                0x80.. => self.char_at(at).is_some_and(is_space),
                _ => false,
            };
            if stops {
                break;
            }
            at += 1;
        }
        // A word never ends inside a character, as it only stops at ASCII
        // or at the start of a whitespace character.
        self.token(Tok::Word, start, at.max(start + 1))
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        if let Some(unclosed) = self.skip_trivia() {
            return Some(unclosed);
        }
        let start = self.pos;
        let bytes = self.bytes();
        let rest = bytes.get(start..)?;
        let first = *rest.first()?;
        let single = |tok| Some((tok, start + 1));
        let punct = match first {
            b'(' | b'[' | b'{' => single(Tok::Open(first)),
            b')' | b']' | b'}' => single(Tok::Close(first)),
            b',' => single(Tok::Comma),
            b':' => single(Tok::Colon),
            _ => None,
        };
        if let Some((tok, end)) = punct {
            return self.token(tok, start, end);
        }
        // "..", r"..", r#".."#, b"..", br#".."#, 'c', b'c'
        let (prefix, raw) = match rest {
            [b'b', b'r', ..] => (2, true),
            [b'r', ..] => (1, true),
            [b'b', ..] => (1, false),
            _ => (0, false),
        };
        let hashes = match raw {
            true => rest[prefix..].iter().take_while(|&&b| b == b'#').count(),
            false => 0,
        };
        let quote = start + prefix + hashes;
        match bytes.get(quote) {
            Some(b'"') => self.string(start, quote, raw, hashes),
            Some(b'\'') if !raw => match char_literal_end(bytes, quote) {
                Some(end) => self.token(Tok::Str, start, end),
                None => self.word(start),
            },
            _ => self.word(start),
        }
    }
}

fn memchr_from(bytes: &[u8], needle: u8, from: usize) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| b == needle)
        .map(|i| from + i)
}

/// The end of a (nested) block comment starting at `start`.
fn block_comment_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    while at + 1 < bytes.len() {
        match (bytes[at], bytes[at + 1]) {
            (b'/', b'*') => {
                depth += 1;
                at += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                at += 2;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => at += 1,
        }
    }
    None
}

/// The end of a string whose opening quote is at `quote`. A raw string
/// has no escapes and closes with a quote followed by `hashes` times `#`.
fn string_end(bytes: &[u8], quote: usize, raw: bool, hashes: usize) -> Option<usize> {
    let mut at = quote + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if !raw => at += 2,
            b'"' => {
                let run = bytes[at + 1..]
                    .iter()
                    .take(hashes)
                    .take_while(|&&b| b == b'#');
                let run = run.count();
                if run == hashes {
                    return Some(at + 1 + hashes);
                }
                at += 1 + run;
            }
            _ => at += 1,
        }
    }
    None
}

/// The end of a character literal such as `'a'` or `'\u{1F600}'`.
fn char_literal_end(bytes: &[u8], quote: usize) -> Option<usize> {
    let window = bytes.get(quote + 1..)?.iter().take(16);
    let mut escaped = false;
    for (i, &b) in window.enumerate() {
        match b {
            b'\\' if !escaped => escaped = true,
            b'\'' if !escaped && i > 0 => return Some(quote + 1 + i + 1),
            b'\n' => return None,
            _ => escaped = false,
        }
    }
    None
}

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
    for t in Lexer::new(text, 0..text.len()) {
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
