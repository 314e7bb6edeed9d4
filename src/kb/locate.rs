//! Where things are in RON text: values, their fields and elements, and
//! paths such as `fixes[3].steps[1].id`. Used only when a knowledge base
//! has problems, to find its items and say where the problems are.
//!
//! Every walk here is iterative and looks at each byte a bounded number of
//! times, whatever the input.

use std::collections::HashMap;
use std::ops::Range;

use super::lex::{Lexer, Tok, Token};

/// One step of a path into a knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Seg {
    Field(&'static str),
    Index(usize),
}

pub(super) type Path = Vec<Seg>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// `Name(...)` or `(...)`: a struct, tuple or enum variant.
    Struct,
    Seq,
    Map,
    Str,
    Word,
    /// A string or comment that never ends.
    Unclosed,
}

/// A value's place in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Value {
    pub shape: Shape,
    pub start: usize,
    pub end: usize,
    /// Just after the opening bracket of a struct, list or map.
    open: usize,
    /// Whether a struct, list or map has its closing bracket.
    pub closed: bool,
}

/// A field (`key: value`) or element of a struct, list or map.
#[derive(Debug, Clone)]
pub(super) struct Child {
    pub key: Option<Range<usize>>,
    /// None when a key has no value after it.
    pub value: Option<Value>,
}

impl Child {
    pub fn start(&self) -> Option<usize> {
        match (&self.key, self.value) {
            (Some(key), _) => Some(key.start),
            (None, value) => value.map(|v| v.start),
        }
    }
}

impl Value {
    /// Where a field missing from this struct would go: its closing bracket.
    pub fn close(&self) -> usize {
        match self.closed {
            true => self.end - 1,
            false => self.end,
        }
    }

    /// The fields or elements of a struct, list or map, in order.
    pub fn children<'a>(&self, text: &'a str) -> Children<'a> {
        let inner = match self.shape {
            Shape::Struct | Shape::Seq | Shape::Map => self.open..self.close(),
            _ => 0..0,
        };
        Children {
            lexer: Lexer::new(text, inner),
        }
    }
}

/// The root value of a document, after any `#![enable(...)]` attributes.
pub(super) struct Document {
    pub root: Option<Value>,
}

pub(super) fn document(text: &str) -> Document {
    let mut lexer = Lexer::new(text, 0..text.len());
    while lexer.peek().is_some_and(|t| is_attribute(text, &t)) {
        lexer.next();
        if let Some(open) = lexer.next().filter(|t| t.tok == Tok::Open(b'[')) {
            value_from(&mut lexer, open);
        }
    }
    let root = lexer.next().map(|first| value_from(&mut lexer, first));
    Document {
        root: root.filter(|r| r.start < r.end),
    }
}

fn is_attribute(text: &str, t: &Token) -> bool {
    t.tok == Tok::Word && text[t.start..t.end].starts_with("#!")
}

/// The value that starts with `first`. Punctuation that cannot start a
/// value gives an empty value at its position.
fn value_from(lexer: &mut Lexer<'_>, first: Token) -> Value {
    let scalar = |shape| Value {
        shape,
        start: first.start,
        end: first.end,
        open: first.end,
        closed: true,
    };
    match first.tok {
        Tok::Str => scalar(Shape::Str),
        Tok::UnclosedString | Tok::UnclosedComment => scalar(Shape::Unclosed),
        Tok::Word => match lexer.peek() {
            Some(open) if open.tok == Tok::Open(b'(') => {
                lexer.next();
                Value {
                    start: first.start,
                    ..group(lexer, open)
                }
            }
            _ => scalar(Shape::Word),
        },
        Tok::Open(_) => group(lexer, first),
        Tok::Close(_) | Tok::Comma | Tok::Colon => Value {
            end: first.start,
            ..scalar(Shape::Word)
        },
    }
}

/// A bracketed group whose opening token `open` was just read.
fn group(lexer: &mut Lexer<'_>, open: Token) -> Value {
    let shape = match open.tok {
        Tok::Open(b'[') => Shape::Seq,
        Tok::Open(b'{') => Shape::Map,
        _ => Shape::Struct,
    };
    let mut depth = 1usize;
    let mut end = open.end;
    for t in lexer.by_ref() {
        end = t.end;
        match t.tok {
            Tok::Open(_) => depth += 1,
            Tok::Close(_) => {
                depth -= 1;
                if depth == 0 {
                    return Value {
                        shape,
                        start: open.start,
                        end,
                        open: open.end,
                        closed: true,
                    };
                }
            }
            _ => {}
        }
    }
    Value {
        shape,
        start: open.start,
        end,
        open: open.end,
        closed: false,
    }
}

pub(super) struct Children<'a> {
    lexer: Lexer<'a>,
}

impl Iterator for Children<'_> {
    type Item = Child;

    fn next(&mut self) -> Option<Child> {
        loop {
            let first = self.lexer.next()?;
            match first.tok {
                Tok::Comma | Tok::Colon | Tok::Close(_) => continue,
                Tok::Word if self.lexer.peek().is_some_and(|t| t.tok == Tok::Colon) => {
                    self.lexer.next();
                    let value = match self.lexer.peek() {
                        Some(t) if !matches!(t.tok, Tok::Comma | Tok::Close(_)) => {
                            self.lexer.next().map(|t| value_from(&mut self.lexer, t))
                        }
                        _ => None,
                    };
                    return Some(Child {
                        key: Some(first.start..first.end),
                        value,
                    });
                }
                _ => {
                    return Some(Child {
                        key: None,
                        value: Some(value_from(&mut self.lexer, first)),
                    });
                }
            }
        }
    }
}

/// The start of each path's value in the document rooted at `root`, or of
/// the deepest part of the path that exists. One walk over the text serves
/// all paths.
pub(super) fn resolve(text: &str, root: Value, paths: &[&[Seg]]) -> Vec<usize> {
    let mut out = vec![root.start; paths.len()];
    let mut work = vec![(root, (0..paths.len()).collect::<Vec<_>>(), 0usize)];
    while let Some((value, wanted, depth)) = work.pop() {
        let mut next: HashMap<Seg, Vec<usize>> = HashMap::new();
        for i in wanted {
            out[i] = value.start;
            if let Some(&seg) = paths[i].get(depth) {
                next.entry(seg).or_default().push(i);
            }
        }
        if next.is_empty() {
            continue;
        }
        for (index, child) in value.children(text).enumerate() {
            let seg = match &child.key {
                Some(key) => match next
                    .keys()
                    .find(|s| matches!(s, Seg::Field(f) if *f == &text[key.clone()]))
                {
                    Some(&seg) => seg,
                    None => continue,
                },
                None => Seg::Index(index),
            };
            let Some(found) = next.remove(&seg) else {
                continue;
            };
            match child.value {
                Some(v) => work.push((v, found, depth + 1)),
                None => found
                    .iter()
                    .for_each(|&i| out[i] = child.start().unwrap_or(value.start)),
            }
            if next.is_empty() {
                break;
            }
        }
    }
    out
}

/// The first token at or after `at`, skipping whitespace and comments.
pub(super) fn next_token(text: &str, at: usize) -> Option<usize> {
    Lexer::new(text, at..text.len()).next().map(|t| t.start)
}
