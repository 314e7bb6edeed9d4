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
///
/// `enough` is told of each path as its value is found, in the order ron
/// reads them; once it says so, reading stops, and the paths not yet found
/// (all further on in the text) are `None`.
pub(super) fn resolve(
    text: &str,
    options: &ron::Options,
    paths: &[&[Seg]],
    enough: impl FnMut(usize) -> bool,
) -> Vec<Option<usize>> {
    let mut found = Found {
        at: vec![0; paths.len()],
        done: vec![false; paths.len()],
        enough,
        stopped: false,
    };
    let walk = Walk {
        text,
        paths,
        wanted: (0..paths.len()).collect(),
        depth: 0,
        found: &mut found,
    };
    // An error leaves each path where it was placed so far.
    let _ = options.from_str_seed(text, walk);
    let Found {
        at, done, stopped, ..
    } = found;
    let found = at.into_iter().zip(done);
    found
        .map(|(at, done)| (done || !stopped).then_some(at))
        .collect()
}

/// What the walk has found so far.
struct Found<F> {
    at: Vec<usize>,
    /// Whether a path's own value was found (not only a struct on its way).
    done: Vec<bool>,
    enough: F,
    stopped: bool,
}

/// One value on the way: the paths that go through it, `depth` segments in.
struct Walk<'w, F> {
    text: &'w str,
    paths: &'w [&'w [Seg]],
    wanted: Vec<usize>,
    depth: usize,
    found: &'w mut Found<F>,
}

impl<F: FnMut(usize) -> bool> Walk<'_, F> {
    fn child(&mut self, wanted: Vec<usize>) -> Walk<'_, F> {
        Walk {
            text: self.text,
            paths: self.paths,
            wanted,
            depth: self.depth + 1,
            found: self.found,
        }
    }

    fn place(&mut self, at: usize) {
        self.wanted.iter().for_each(|&i| self.found.at[i] = at);
    }

    /// The paths that end here are found at `at`; true when that is enough.
    fn finish(&mut self, at: usize) -> bool {
        for &i in &self.wanted {
            if self.paths[i].len() == self.depth {
                self.found.done[i] = true;
                self.found.stopped |= (self.found.enough)(i);
            }
        }
        self.place(at);
        self.found.stopped
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

/// The error that stops the walk once enough is found.
fn enough<E: de::Error>() -> E {
    E::custom("enough found")
}

impl<'de, F: FnMut(usize) -> bool> DeserializeSeed<'de> for Walk<'_, F> {
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
        let at = offset(self.text, value).unwrap_or_default();
        if self.finish(at) {
            return Err(enough());
        }
        self.wanted.retain(|&i| self.paths[i].len() > self.depth);
        if !self.wanted.is_empty() {
            let deeper = Walk {
                wanted: std::mem::take(&mut self.wanted),
                found: &mut *self.found,
                ..self
            };
            let _ = ron::Options::default().from_str_seed(value, deeper);
        }
        match self.found.stopped {
            true => Err(enough()),
            false => Ok(()),
        }
    }
}

impl<'de, F: FnMut(usize) -> bool> Visitor<'de> for Walk<'_, F> {
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
        let found = resolve(text, &ron::Options::default(), &paths, |_| false);
        let at = |needle: &str| text.find(needle);
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
    fn reading_stops_once_enough_is_found() {
        let text = "(id: \"x\", fixes: [(id: \"a\"), (id: \"b\")])";
        let paths: Vec<Vec<Seg>> = vec![
            vec![Seg::Field("fixes"), Seg::Index(1), Seg::Field("id")],
            vec![Seg::Field("id")],
            vec![Seg::Field("fixes"), Seg::Index(0), Seg::Field("id")],
        ];
        let paths: Vec<&[Seg]> = paths.iter().map(Vec::as_slice).collect();
        let mut told = Vec::new();
        let found = resolve(text, &ron::Options::default(), &paths, |i| {
            told.push(i);
            told.len() == 2
        });
        assert_eq!(told, [1, 2], "in the order ron reads them");
        assert_eq!(found, [None, text.find("\"x\""), text.find("\"a\"")]);
    }

    #[test]
    fn text_that_is_not_ron_places_everything_at_the_start() {
        let paths: Vec<&[Seg]> = vec![&[Seg::Field("id")]];
        let found = resolve("(", &ron::Options::default(), &paths, |_| false);
        assert_eq!(found, [Some(0)]);
    }
}
