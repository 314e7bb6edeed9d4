//! When reading the whole file at once fails, read it again piece by piece
//! so that every problem is found, not only the first: each item is read
//! whole, and an item that fails is read again field by field, so one bad
//! field neither hides the others' problems nor their ids and references.

mod schema;

use std::collections::HashSet;
use std::ops::Range;

use ron::error::{Error, SpannedError};
use serde::de::{DeserializeOwned, IgnoredAny};

use super::balance;
use super::load::{Issue, MAX_PROBLEMS, place};
use super::locate::{self, Shape, Value};
use super::message::{self, describe};
use super::sanitize;
use super::validate::{Damage, ItemRef, validate};

/// Every problem in `text`, whose whole-file read failed with `first`.
pub(super) fn problems(text: &str, first: &SpannedError) -> Vec<Issue<usize>> {
    if locate::next_token(text, 0).is_none() {
        return vec![message::nothing(text)];
    }
    let doc = locate::document(text);
    let imbalance = balance::imbalance(text);
    let mut issues = Vec::new();
    // Past a bracket that does not pair up, nothing can be trusted.
    let limit = imbalance.map_or(usize::MAX, |found| found.at());
    issues.extend(imbalance.map(message::imbalance));
    let first = message::from_ron(text, 0..text.len(), first);
    if first.at < limit {
        issues.push(first);
    }
    let Some(root) = doc.root.filter(|root| has_fields(text, root)) else {
        return issues;
    };
    let enabled = doc.extensions.iter().map(|r| &text[r.clone()]);
    let options = enabled
        .filter_map(ron::extensions::Extensions::from_ident)
        .fold(ron::Options::default(), |o, e| o.with_default_extension(e));
    let mut reader = Reader {
        text,
        options,
        limit,
        issues,
        damage: Damage::default(),
        stopped: false,
    };
    let mut kb = reader.knowledge_base(root);
    if let Some(at) = doc.trailing.filter(|&at| at < limit) {
        reader.push(at, describe(&Error::TrailingCharacters));
    }
    if imbalance.is_none() && !reader.stopped {
        sanitize::knowledge_base(&mut kb);
        let flaws = validate(&kb, &reader.damage);
        reader.issues.extend(place(text, Some(root), flaws));
    }
    reader.issues
}

/// A struct with named fields (or none), as a knowledge base must be.
fn has_fields(text: &str, root: &Value) -> bool {
    root.shape == Shape::Struct && root.children(text).next().is_none_or(|c| c.key.is_some())
}

/// The fields of one struct of the schema.
struct Schema {
    name: &'static str,
    fields: &'static [&'static str],
    /// Fields that may be left out.
    optional: &'static [&'static str],
}

struct Reader<'a> {
    text: &'a str,
    options: ron::Options,
    limit: usize,
    issues: Vec<Issue<usize>>,
    damage: Damage,
    stopped: bool,
}

impl Reader<'_> {
    fn push(&mut self, at: usize, message: String) {
        self.issues.push(Issue {
            at,
            message,
            see: None,
        });
    }

    /// Whether `value` can be read: it lies before any broken bracket, and
    /// not too many problems have been found already.
    fn readable(&mut self, value: &Value) -> bool {
        if self.stopped || value.end > self.limit || !value.closed {
            return false;
        }
        if self.issues.len() >= MAX_PROBLEMS {
            self.push(
                value.start,
                "too many problems: stopped checking here".into(),
            );
            self.stopped = true;
            return false;
        }
        true
    }

    /// Reads `value` as a `T`, reporting a problem if it cannot be read.
    fn parse<T: DeserializeOwned>(&mut self, value: &Value) -> Option<T> {
        if !self.readable(value) {
            return None;
        }
        match self.options.from_str::<T>(&self.text[value.range()]) {
            Ok(read) => Some(read),
            Err(error) => {
                let range: Range<usize> = value.range();
                self.issues
                    .push(message::from_ron(self.text, range, &error));
                None
            }
        }
    }

    /// Reads a struct one field at a time with `read`, which reports its
    /// own problems; reports unknown, repeated and missing fields, and
    /// marks every field of `item` that could not be read. A struct of the
    /// wrong kind (`Fix(` among symptoms) is reported once, not field by field.
    fn fields(
        &mut self,
        item: ItemRef,
        value: Value,
        schema: &Schema,
        mut read: impl FnMut(&mut Self, &'static str, Value) -> Option<()>,
    ) {
        let mut seen = HashSet::new();
        let mut done = HashSet::new();
        if value.shape == Shape::Struct && value.start < self.limit {
            let misnamed = self.misnamed(&value, schema);
            for child in value.children(self.text) {
                let Some(key) = child.key.clone().filter(|k| k.start < self.limit) else {
                    continue;
                };
                let found = &self.text[key.clone()];
                let outer = Some(schema.name.to_string());
                let Some(&field) = schema.fields.iter().find(|&&f| f == found) else {
                    let code = Error::NoSuchStructField {
                        expected: schema.fields,
                        found: found.to_string(),
                        outer,
                    };
                    if !misnamed {
                        self.push(key.start, describe(&code));
                    }
                    continue;
                };
                if !seen.insert(field) {
                    let code = Error::DuplicateStructField { field, outer };
                    self.push(key.start, describe(&code));
                } else if child.value.is_some_and(|v| read(self, field, v).is_some()) {
                    done.insert(field);
                }
            }
            if !misnamed && value.closed && value.end <= self.limit {
                let missing = schema.fields.iter().filter(|f| !seen.contains(*f));
                for &field in missing.filter(|f| !schema.optional.contains(f)) {
                    let outer = Some(schema.name.to_string());
                    let code = Error::MissingStructField { field, outer };
                    self.push(value.close(), describe(&code));
                }
            }
        }
        for &field in schema.fields {
            let defaulted = schema.optional.contains(&field) && !seen.contains(field);
            if !done.contains(field) && !defaulted {
                self.damage.lost.insert((item, field));
            }
        }
    }

    /// Reports a struct named other than `schema` says.
    fn misnamed(&mut self, value: &Value, schema: &Schema) -> bool {
        let Some(name) = value.name(self.text).filter(|&n| n != schema.name) else {
            return false;
        };
        let code = Error::ExpectedDifferentStructName {
            expected: schema.name,
            found: name.to_string(),
        };
        self.push(value.start, describe(&code));
        true
    }

    /// Reads a list item by item; None if `value` is not a list.
    fn list<T>(
        &mut self,
        value: Value,
        mut item: impl FnMut(&mut Self, usize, Value) -> T,
    ) -> Option<Vec<T>> {
        if value.shape != Shape::Seq {
            return self.parse::<Vec<IgnoredAny>>(&value).map(|_| Vec::new());
        }
        let mut items = Vec::new();
        for (i, child) in value.children(self.text).enumerate() {
            let Some(element) = child.value else { continue };
            if !self.readable(&element) {
                break;
            }
            items.push(item(self, i, element));
        }
        Some(items)
    }

    /// Reads an item whole, or else field by field into `partial`.
    fn item<T: DeserializeOwned>(
        &mut self,
        value: Value,
        partial: T,
        fields: impl FnOnce(&mut Self, &mut T, Value),
    ) -> T {
        match self.parse(&value) {
            Some(item) => item,
            None => {
                let mut item = partial;
                fields(self, &mut item, value);
                item
            }
        }
    }
}
