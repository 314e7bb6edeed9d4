//! A quick reader for the RON guides are written in, for the serde types
//! of the guide: named or unnamed structs, lists, `None` and `Some(…)`,
//! strings with the common escapes, ASCII whitespace and line comments.
//!
//! It reads a text only as `ron` would, and declines anything else (block
//! comments, raw strings, attributes, `\u{…}`, any problem at all), so that
//! `ron` then reads the text and says what is wrong. Every rule here is
//! `ron` 0.12's, narrowed: what this reads, `ron` reads to the same value
//! (tests check that against `ron` on generated and mutated texts). It
//! reads bytes with `memchr` instead of characters one at a time, several
//! times faster on a large guide.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// `text` read as a `T`, or None where `ron` must read it instead.
pub(super) fn read<'de, T: Deserialize<'de>>(text: &'de str) -> Option<T> {
    let mut reader = Reader { text, at: 0 };
    reader.space().ok()?;
    if reader.peek() == Some(b'#') {
        return None; // an attribute, such as #![enable(implicit_some)]
    }
    let value = T::deserialize(&mut reader).ok()?;
    reader.space().ok()?;
    (reader.at == text.len()).then_some(value)
}

/// Why the reader declined; never shown (`ron` reads the text instead).
#[derive(Debug)]
struct Decline;

impl fmt::Display for Decline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not in the subset this reader reads")
    }
}

impl std::error::Error for Decline {}

impl de::Error for Decline {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Decline
    }
}

type Result<T> = std::result::Result<T, Decline>;

struct Reader<'de> {
    text: &'de str,
    at: usize,
}

/// What may follow an identifier. `ron` reads on into `.`, `+`, `-` and
/// any letter or digit beyond ASCII (a raw identifier), and a leading `r`
/// or `b` before `#`, `"` or `'` starts a raw or byte string: all declined.
fn ends_identifier(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | b':' | b'(' | b')' | b',' | b']' | b'/'
    )
}

impl<'de> Reader<'de> {
    fn bytes(&self) -> &'de [u8] {
        self.text.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> Result<()> {
        match self.peek() {
            Some(b) if b == byte => {
                self.at += 1;
                Ok(())
            }
            _ => Err(Decline),
        }
    }

    /// Skip whitespace and line comments, as `ron`'s `skip_ws` does; a
    /// block comment, a lone `/` or a comment the file ends in is declined.
    fn space(&mut self) -> Result<()> {
        let bytes = self.bytes();
        loop {
            match bytes.get(self.at) {
                Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) => self.at += 1,
                Some(b'/') if bytes.get(self.at + 1) == Some(&b'/') => {
                    let end = memchr::memchr(b'\n', &bytes[self.at + 2..]).ok_or(Decline)?;
                    self.at += 2 + end + 1;
                }
                Some(b'/') => return Err(Decline),
                _ => return Ok(()),
            }
        }
    }

    /// An optional comma and the space around it, as `ron`'s `comma`.
    fn comma(&mut self) -> Result<bool> {
        self.space()?;
        if self.peek() == Some(b',') {
            self.at += 1;
            self.space()?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Whether a list or struct closed by `end` has another element, given
    /// whether a comma followed the last (`ron`'s `has_element`).
    fn more(&mut self, end: u8, comma: bool) -> Result<bool> {
        self.space()?;
        match (comma, self.peek() == Some(end)) {
            (_, true) => Ok(false),
            (true, false) => Ok(true),
            (false, false) => Err(Decline),
        }
    }

    /// An ASCII identifier.
    fn identifier(&mut self) -> Result<&'de str> {
        let bytes = self.bytes();
        let start = self.at;
        match bytes.get(start) {
            Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
            _ => return Err(Decline),
        }
        let len = bytes[start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
            .unwrap_or(bytes.len() - start);
        let end = start + len;
        if bytes.get(end).is_some_and(|&b| !ends_identifier(b)) {
            return Err(Decline);
        }
        self.at = end;
        // ASCII from `start` to `end`: both are character boundaries.
        self.text.get(start..end).ok_or(Decline)
    }

    /// A string in double quotes; `visit` gets it borrowed when it has no
    /// escapes.
    fn string<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.eat(b'"')?;
        let bytes = self.bytes();
        let start = self.at;
        let mut owned: Option<Vec<u8>> = None;
        let mut from = start;
        loop {
            let next = from + memchr::memchr2(b'"', b'\\', &bytes[from..]).ok_or(Decline)?;
            if bytes[next] == b'"' {
                self.at = next + 1;
                return match owned {
                    None => visitor.visit_borrowed_str(self.text.get(start..next).ok_or(Decline)?),
                    Some(mut buffer) => {
                        buffer.extend_from_slice(&bytes[from..next]);
                        visitor.visit_string(String::from_utf8(buffer).map_err(|_| Decline)?)
                    }
                };
            }
            let buffer = owned.get_or_insert_with(Vec::new);
            buffer.extend_from_slice(&bytes[from..next]);
            buffer.push(match bytes.get(next + 1) {
                Some(b'"') => b'"',
                Some(b'\'') => b'\'',
                Some(b'\\') => b'\\',
                Some(b'n') => b'\n',
                Some(b'r') => b'\r',
                Some(b't') => b'\t',
                Some(b'0') => b'\0',
                // \u{…}, \x…, a line continuation, or not an escape at all.
                _ => return Err(Decline),
            });
            from = next + 2;
        }
    }

    /// Whether the word `word` is next, not the start of a longer one.
    fn word(&mut self, word: &str) -> bool {
        let end = self.at + word.len();
        let here = self.bytes().get(self.at..end) == Some(word.as_bytes());
        let ends = self.bytes().get(end).is_none_or(|&b| ends_identifier(b));
        if here && ends {
            self.at = end;
        }
        here && ends
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Decline;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(Decline)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.identifier()?)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.word("None") {
            return visitor.visit_none();
        }
        if !self.word("Some") {
            return Err(Decline);
        }
        self.space()?;
        self.eat(b'(')?;
        self.space()?;
        let value = visitor.visit_some(&mut *self)?;
        self.comma()?;
        self.eat(b')')?;
        Ok(value)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.eat(b'[')?;
        let value = visitor.visit_seq(Separated::new(&mut *self, b']'))?;
        self.space()?;
        self.eat(b']')?;
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if self
            .peek()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && (name.is_empty() || self.identifier()? != name)
        {
            return Err(Decline);
        }
        self.space()?;
        self.eat(b'(')?;
        let value = visitor.visit_map(Separated::new(&mut *self, b')'))?;
        self.space()?;
        self.eat(b')')?;
        Ok(value)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes
        byte_buf unit unit_struct newtype_struct tuple tuple_struct map enum
        ignored_any
    }
}

/// The comma-separated elements of a list, or fields of a struct, up to
/// the byte `end` that closes them (`ron`'s `CommaSeparated`).
struct Separated<'r, 'de> {
    reader: &'r mut Reader<'de>,
    end: u8,
    /// Whether a comma followed the last element (or there was none yet).
    comma: bool,
}

impl<'r, 'de> Separated<'r, 'de> {
    fn new(reader: &'r mut Reader<'de>, end: u8) -> Self {
        Separated {
            reader,
            end,
            comma: true,
        }
    }

    /// The next element (of a struct, its field's name), if there is one.
    fn next<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.reader.more(self.end, self.comma)? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

impl<'de> SeqAccess<'de> for Separated<'_, 'de> {
    type Error = Decline;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let value = self.next(seed)?;
        if value.is_some() {
            self.comma = self.reader.comma()?;
        }
        Ok(value)
    }
}

impl<'de> MapAccess<'de> for Separated<'_, 'de> {
    type Error = Decline;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        self.next(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.reader.space()?;
        self.reader.eat(b':')?;
        self.reader.space()?;
        let value = seed.deserialize(&mut *self.reader)?;
        self.comma = self.reader.comma()?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde::{Deserialize, Serialize};

    use super::read;
    use crate::kb::{BUILT_IN, KnowledgeBase, Step};

    /// A document of the shapes a guide has: a named struct of strings,
    /// an option, lists of structs and lists of lists.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        title: String,
        #[serde(default)]
        note: Option<String>,
        steps: Vec<Step>,
        #[serde(default)]
        groups: Vec<Vec<String>>,
    }

    fn ron<'de, T: Deserialize<'de>>(text: &'de str) -> Option<T> {
        ron::Options::default().from_str(text).ok()
    }

    #[test]
    fn the_shipped_guide_is_read_as_ron_reads_it() {
        let quick: Option<KnowledgeBase> = read(BUILT_IN);
        assert!(quick.is_some(), "the shipped guide is in the subset");
        assert_eq!(quick, ron(BUILT_IN));
    }

    /// Texts in the subset, each written in its own way.
    const WRITTEN: &[&str] = &[
        r#"Doc(title: "t", steps: [])"#,
        r#"(title: "t", steps: [],)"#,
        "// a comment\nDoc ( title : \"t\" , steps : [ ] , ) // end\n",
        "Doc(\r\n\ttitle: \"t\", // why\r\n\tsteps: [Step(id: \"a\", text: \"b\", caution: Some ( \"c\" , ))],\n)",
        r#"Doc(title: "a \"quoted\" \\ word\n\t\r\0\'", note: None, steps: [])"#,
        r#"Doc(title: "t", note: Some("n"), steps: [(id: "a", text: "b", words: ["x", "y",],)])"#,
        r#"Doc(title: "t", steps: [], groups: [["pc", "windows"], []])"#,
        "Doc(title: \"line one\nline two, with é and 📷\", steps: [])",
    ];

    #[test]
    fn the_syntax_guides_are_written_in_is_read() {
        for &text in WRITTEN {
            let quick: Option<Doc> = read(text);
            assert!(quick.is_some(), "read: {text}");
            assert_eq!(quick, ron(text), "{text}");
        }
    }

    #[test]
    fn what_it_does_not_read_is_left_to_ron() {
        let ron_reads = [
            "/* a block comment */ Doc(title: \"t\", steps: [])",
            "#![enable(implicit_some)]\nDoc(title: \"t\", note: \"n\", steps: [])",
            r##"Doc(title: r#"raw"#, steps: [])"##,
            r#"Doc(title: "\u{e9}", steps: [])"#,
            "Doc(title: \"a \\\n   continued\", steps: [])",
            "Doc(title: \"t\", steps: []) // no newline at the end",
            "\u{85}Doc(title: \"t\", steps: [])",
            "Doc(r#title: \"t\", steps: [])",
        ];
        for text in ron_reads {
            assert!(ron::<Doc>(text).is_some(), "ron reads: {text}");
            assert_eq!(read::<Doc>(text), None, "declined: {text}");
        }
        let neither_reads = [
            r#"Dog(title: "t", steps: [])"#,
            r#"Doc(title: "t", steps: [], extra: "x")"#,
            r#"Doc(title: "t", title: "u", steps: [])"#,
            r#"Doc(title: "t" steps: [])"#,
            r#"Doc(title: "t", steps: []) x"#,
            r#"Doc(title: "t", note: "implicit", steps: [])"#,
            r#"Doc(title: "t", note: Nonesuch, steps: [])"#,
            r#"Doc(title: "t", steps: [],,)"#,
            r#"Doc(title: "unclosed, steps: [])"#,
            r#"Doc(title: "t", steps: [)"#,
            "Doc(title: \"t\", steps: []) /",
            "",
        ];
        for text in neither_reads {
            assert!(ron::<Doc>(text).is_none(), "ron declines: {text}");
            assert_eq!(read::<Doc>(text), None, "declined: {text}");
        }
    }

    fn text() -> impl Strategy<Value = String> {
        let char = prop_oneof![
            4 => proptest::char::range(' ', '~'),
            1 => prop::sample::select(vec!['"', '\\', '\n', '\t', '/', 'é', '📷', '\u{2028}']),
        ];
        prop::collection::vec(char, 0..12).prop_map(String::from_iter)
    }

    fn step() -> impl Strategy<Value = Step> {
        let words = prop::collection::vec(text(), 0..3);
        (text(), text(), prop::option::of(text()), words).prop_map(|(id, text, caution, words)| {
            Step {
                id,
                text,
                platforms: Vec::new(),
                caution,
                replaces: Vec::new(),
                words,
            }
        })
    }

    fn doc() -> impl Strategy<Value = Doc> {
        let groups = prop::collection::vec(prop::collection::vec(text(), 0..3), 0..3);
        let steps = prop::collection::vec(step(), 0..4);
        (text(), prop::option::of(text()), steps, groups).prop_map(
            |(title, note, steps, groups)| Doc {
                title,
                note,
                steps,
                groups,
            },
        )
    }

    /// What a mutation puts in: the bytes that matter to the syntax, and
    /// characters ron treats specially.
    const PIECES: &[&str] = &[
        "(", ")", "[", "]", ",", ":", "\"", "\\", "/", "*", "#", " ", "\n", "\r", "r", "b", "S",
        "N", "x", "_", "-", ".", "'", "0", "é", "\u{85}", "\u{200E}", "Some(", "None", "//", "/*",
        "*/", "r#", "\\u{e9}", "Step", "title", "note",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        #[test]
        fn what_ron_writes_is_read_to_the_same_value(doc in doc(), pretty in any::<bool>()) {
            let config = ron::ser::PrettyConfig::default().struct_names(true);
            let written = if pretty {
                ron::ser::to_string_pretty(&doc, config).unwrap()
            } else {
                ron::ser::to_string(&doc).unwrap()
            };
            // ron writes some characters (a line separator) as \u{…},
            // which is left to ron.
            let quick: Option<Doc> = read(&written);
            match quick {
                Some(quick) => prop_assert_eq!(&quick, &doc),
                None => prop_assert!(written.contains("\\u{"), "declined: {}", written),
            }
        }

        #[test]
        fn what_it_reads_ron_reads_to_the_same_value(
            written in prop_oneof![
                doc().prop_map(|doc| ron::ser::to_string_pretty(&doc, Default::default()).unwrap()),
                prop::sample::select(WRITTEN).prop_map(str::to_string),
            ],
            edits in prop::collection::vec((any::<prop::sample::Index>(), 0..3u8, prop::sample::select(PIECES)), 1..4),
        ) {
            let mut written = written;
            for (at, how, piece) in edits {
                let mut at = at.index(written.len() + 1);
                while !written.is_char_boundary(at) {
                    at -= 1;
                }
                match how {
                    0 => written.insert_str(at, piece),
                    1 => {
                        let end = (at + 1..=written.len())
                            .find(|&e| written.is_char_boundary(e))
                            .unwrap_or(at);
                        written.replace_range(at..end, "");
                    }
                    _ => {
                        let end = (at + 1..=written.len())
                            .find(|&e| written.is_char_boundary(e))
                            .unwrap_or(at);
                        written.replace_range(at..end, piece);
                    }
                }
            }
            if let Some(quick) = read::<Doc>(&written) {
                prop_assert_eq!(Some(quick), ron::<Doc>(&written), "{:?}", written);
            }
        }
    }
}
