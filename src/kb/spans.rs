//! Where a value stands in the text, as ron itself reads it: the document
//! is read again as raw values (`ron::value::RawValue`), each a slice of the
//! text, so a value's offset is where ron found it. Used only when a
//! knowledge base has problems, to say where they are.

use std::fmt;

use ron::value::RawValue;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// One step of a path into a knowledge base: `fixes[3].steps[1]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Seg {
    Field(&'static str),
    Index(usize),
}

pub(super) type Path = Vec<Seg>;

/// A value's fields or elements, each as the raw text ron read for it.
enum Node<'a> {
    Fields(Vec<(String, &'a RawValue)>),
    Items(Vec<&'a RawValue>),
    Leaf,
}

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any RON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut fields = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            fields.push((key, map.next_value::<&'de RawValue>()?));
        }
        Ok(Node::Fields(fields))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<&'de RawValue>()? {
            items.push(item);
        }
        Ok(Node::Items(items))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node<'de>, D::Error> {
        Node::deserialize(d)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Node<'de>, D::Error> {
        Node::deserialize(d)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Leaf)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Leaf)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node<'de>, E> {
        Ok(Node::Leaf)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node<'de>, E> {
        Ok(Node::Leaf)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node<'de>, E> {
        Ok(Node::Leaf)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node<'de>, E> {
        Ok(Node::Leaf)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Node<'de>, E> {
        Ok(Node::Leaf)
    }

    fn visit_char<E: de::Error>(self, _: char) -> Result<Node<'de>, E> {
        Ok(Node::Leaf)
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Node<'de>, E> {
        Ok(Node::Leaf)
    }
}

/// Where `raw`, a slice of `text`, starts in it.
fn offset(text: &str, raw: &RawValue) -> usize {
    let raw = raw.trim().get_ron();
    (raw.as_ptr() as usize)
        .checked_sub(text.as_ptr() as usize)
        .filter(|&at| at <= text.len())
        .unwrap_or(0)
}

/// The start of each path's value in `text`, or of the deepest part of the
/// path that is there (a field left out is placed at its struct). `text`
/// must read as RON; when it does not, everything is placed at its start.
pub(super) fn resolve(text: &str, options: &ron::Options, paths: &[&[Seg]]) -> Vec<usize> {
    let Ok(root) = options.from_str::<&RawValue>(text) else {
        return vec![0; paths.len()];
    };
    let mut out = vec![offset(text, root); paths.len()];
    // (value, the paths that go through it, how deep it is)
    let mut work = vec![(root, (0..paths.len()).collect::<Vec<_>>(), 0)];
    while let Some((raw, wanted, depth)) = work.pop() {
        let at = offset(text, raw);
        wanted.iter().for_each(|&i| out[i] = at);
        let deeper: Vec<usize> = wanted
            .into_iter()
            .filter(|&i| paths[i].len() > depth)
            .collect();
        if deeper.is_empty() {
            continue;
        }
        let Ok(node) = raw.into_rust::<Node>() else {
            continue;
        };
        let child = |seg: Seg| match (&node, seg) {
            (Node::Fields(fields), Seg::Field(name)) => fields
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, raw)| *raw),
            (Node::Items(items), Seg::Index(i)) => items.get(i).copied(),
            _ => None,
        };
        let mut groups: Vec<(Seg, Vec<usize>)> = Vec::new();
        for i in deeper {
            let seg = paths[i][depth];
            match groups.iter_mut().find(|(s, _)| *s == seg) {
                Some((_, group)) => group.push(i),
                None => groups.push((seg, vec![i])),
            }
        }
        for (seg, group) in groups {
            if let Some(raw) = child(seg) {
                work.push((raw, group, depth + 1));
            }
        }
    }
    out
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
            // Left out: placed at the struct it would be in.
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
                at("Fix(id: \"b\""),
            ]
        );
    }

    #[test]
    fn text_that_is_not_ron_places_everything_at_the_start() {
        let paths: Vec<&[Seg]> = vec![&[Seg::Field("id")]];
        assert_eq!(resolve("(", &ron::Options::default(), &paths), [0]);
    }
}
