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

/// The first control character outside strings and comments, which RON
/// never allows there, and where it is.
pub(super) fn stray_control(text: &str) -> Option<(usize, char)> {
    let words = Lexer::new(text, 0..text.len()).filter(|t| t.tok == Tok::Word);
    words
        .flat_map(|t| {
            text[t.start..t.end]
                .char_indices()
                .map(move |(i, c)| (t.start + i, c))
        })
        .find(|(_, c)| c.is_control())
}

/// The first token at or after `at`, skipping whitespace and comments.
pub(super) fn next_token(text: &str, at: usize) -> Option<usize> {
    Lexer::new(text, at..text.len()).next().map(|t| t.start)
}

#[cfg(test)]
mod tests {
    use super::{Lexer, Tok};

    fn kinds(text: &str) -> Vec<(Tok, &str)> {
        let tokens = Lexer::new(text, 0..text.len());
        tokens.map(|t| (t.tok, &text[t.start..t.end])).collect()
    }

    #[test]
    fn strings_of_every_form_are_single_tokens() {
        let text = r####"("a\"b" r#"c"d"# br##"e"#f"## b"g" 'h' '\'' b'i')"####;
        let strings: Vec<&str> = kinds(text)
            .into_iter()
            .filter(|(tok, _)| *tok == Tok::Str)
            .map(|(_, s)| s)
            .collect();
        assert_eq!(
            strings,
            [
                r#""a\"b""#,
                r##"r#"c"d"#"##,
                r###"br##"e"#f"##"###,
                r#"b"g""#,
                "'h'",
                r"'\''",
                "b'i'"
            ]
        );
    }

    #[test]
    fn comments_nest_and_words_stop_at_punctuation() {
        let text = "/* a /* b */ c */ Some(x)// tail\nr#ident:-1.5e3,";
        assert_eq!(
            kinds(text),
            [
                (Tok::Word, "Some"),
                (Tok::Open(b'('), "("),
                (Tok::Word, "x"),
                (Tok::Close(b')'), ")"),
                (Tok::Word, "r#ident"),
                (Tok::Colon, ":"),
                (Tok::Word, "-1.5e3"),
                (Tok::Comma, ","),
            ]
        );
    }

    #[test]
    fn unclosed_strings_and_comments_run_to_the_end() {
        assert_eq!(
            kinds("x \"abc"),
            [(Tok::Word, "x"), (Tok::UnclosedString, "\"abc")]
        );
        assert_eq!(kinds("/* /* */"), [(Tok::UnclosedComment, "/* /* */")]);
        assert_eq!(kinds("r##\"a\"#"), [(Tok::UnclosedString, "r##\"a\"#")]);
    }
}
