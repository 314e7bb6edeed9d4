//! Where a value stands in the text, as ron itself reads it. The document
//! is read once more, skipping every value no path goes into; a value a
//! path ends at is read as a raw value (`ron::value::RawValue`), a slice of
//! the text, so its offset is where ron found it. Used only when a
//! knowledge base has problems, to say where they are.

use std::fmt;

use foldhash::HashMap;
use ron::value::RawValue;
use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

/// One step of a path into a knowledge base: `fixes[3].steps[1]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Seg {
    Field(&'static str),
    Index(usize),
}

pub(super) type Path = Vec<Seg>;

/// Where `slice`, a slice of `text`, starts in it.
fn offset(text: &str, slice: &str) -> Option<usize> {
    (slice.as_ptr() as usize)
        .checked_sub(text.as_ptr() as usize)
        .filter(|&at| at <= text.len())
}

/// The start of each path's value in `text`, or, when part of the path is
/// not there (a field left out), the first field of the deepest struct on
/// it. `text` must read as RON; when it does not, what is not found by the
/// place it stops is placed at the start.
pub(super) fn resolve(text: &str, options: &ron::Options, paths: &[&[Seg]]) -> Vec<usize> {
    let mut found = vec![0; paths.len()];
    let walk = Walk {
        text,
        paths,
        wanted: (0..paths.len()).collect(),
        depth: 0,
        found: &mut found,
    };
    // An error leaves each path where it was placed so far.
    let _ = options.from_str_seed(text, walk);
    found
}

/// One value on the way: the paths that go through it, `depth` segments in.
struct Walk<'w> {
    text: &'w str,
    paths: &'w [&'w [Seg]],
    wanted: Vec<usize>,
    depth: usize,
    found: &'w mut [usize],
}

impl Walk<'_> {
    fn child(&mut self, wanted: Vec<usize>) -> Walk<'_> {
        Walk {
            text: self.text,
            paths: self.paths,
            wanted,
            depth: self.depth + 1,
            found: self.found,
        }
    }

    fn place(&mut self, at: usize) {
        self.wanted.iter().for_each(|&i| self.found[i] = at);
    }

    /// The wanted paths by their next segment.
    fn groups(&self) -> HashMap<Seg, Vec<usize>> {
        let mut groups: HashMap<Seg, Vec<usize>> = HashMap::default();
        for &i in &self.wanted {
            groups.entry(self.paths[i][self.depth]).or_default().push(i);
        }
        groups
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(mut self, d: D) -> Result<(), D::Error> {
        if self
            .wanted
            .iter()
            .all(|&i| self.paths[i].len() > self.depth)
        {
            return d.deserialize_any(self);
        }
        // A path ends here: read the value as raw text to know where it
        // is, then go on into that text for the paths that go deeper.
        let raw = <&RawValue>::deserialize(d)?;
        let value = raw.trim().get_ron();
        if let Some(at) = offset(self.text, value) {
            self.place(at);
        }
        self.wanted.retain(|&i| self.paths[i].len() > self.depth);
        if !self.wanted.is_empty() {
            let _ = ron::Options::default().from_str_seed(value, self);
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any RON value")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let mut groups = self.groups();
        let mut first = true;
        while let Some(key) = map.next_key::<&'de str>()? {
            if std::mem::take(&mut first)
                && let Some(at) = offset(self.text, key)
            {
                self.place(at);
            }
            let field = groups
                .keys()
                .find(|seg| matches!(seg, Seg::Field(name) if *name == key))
                .copied();
            match field.and_then(|seg| groups.remove(&seg)) {
                Some(wanted) => map.next_value_seed(self.child(wanted))?,
                None => map.next_value::<IgnoredAny>().map(drop)?,
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let mut groups = self.groups();
        for i in 0.. {
            let more = match groups.remove(&Seg::Index(i)) {
                Some(wanted) => seq.next_element_seed(self.child(wanted))?.is_some(),
                None => seq.next_element::<IgnoredAny>()?.is_some(),
            };
            if !more {
                break;
            }
        }
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_char<E: de::Error>(self, _: char) -> Result<(), E> {
        Ok(())
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<(), E> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_to_where_ron_reads_each_value() {
        let text = "// a comment\nKnowledgeBase(\n    id: \"x\",\n    fixes: [\n        \
                    Fix(id: \"a\", steps: [\"s\"]),\n        Fix(id: \"b\", caution: Some(\"c\")),\n    ],\n)";
        let paths: Vec<Vec<Seg>> = vec![
            vec![Seg::Field("id")],
            vec![Seg::Field("fixes"), Seg::Index(1), Seg::Field("id")],
            vec![
                Seg::Field("fixes"),
                Seg::Index(0),
                Seg::Field("steps"),
                Seg::Index(0),
            ],
            vec![Seg::Field("fixes"), Seg::Index(1), Seg::Field("caution")],
            // Left out: placed at the first field of the struct it would be in.
            vec![Seg::Field("fixes"), Seg::Index(1), Seg::Field("steps")],
        ];
        let paths: Vec<&[Seg]> = paths.iter().map(Vec::as_slice).collect();
        let found = resolve(text, &ron::Options::default(), &paths);
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(
            found,
            [
                at("\"x\""),
                at("\"b\""),
                at("\"s\""),
                at("Some(\"c\")"),
                at("id: \"b\""),
            ]
        );
    }

    #[test]
    fn text_that_is_not_ron_places_everything_at_the_start() {
        let paths: Vec<&[Seg]> = vec![&[Seg::Field("id")]];
        assert_eq!(resolve("(", &ron::Options::default(), &paths), [0]);
    }
}
