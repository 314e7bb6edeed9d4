//! What a hit shows: each item's kind, id, title as written, and for a
//! step the fix it belongs to. Kept apart from what search looks at, so
//! that a search from the cache reads only the rows of its hits, each
//! checked on its own, rather than every item's (a third of the index).
//!
//! The block: a magic number and the count of rows, the start of each row
//! and the end of the last, then the rows. A row is the hash of its number
//! and the rest, its kind, the row of its fix (`NO_FIX` for none), the
//! length of its id, the id, and its title.

use std::fs::File;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use xxhash_rust::xxh3::Xxh3;

use super::Entry;
use super::haystack::KINDS;
use super::store::Bytes;
use crate::kb::{Item, Kind, KnowledgeBase};

const MAGIC: u32 = u32::from_le_bytes(*b"sfr1");
const HEAD: usize = 8;
const NO_FIX: u32 = u32::MAX;
/// Hash, kind, fix and the id's length.
const ROW_HEAD: usize = 8 + 1 + 4 + 4;

/// The rows of every item, in memory or in a file.
pub(crate) enum Rows {
    /// The whole block (each row is checked as it is read).
    Whole(Arc<Bytes>),
    /// The block at `start` in `file`; rows are read when asked for.
    File(RowFile),
}

pub(crate) struct RowFile {
    file: File,
    start: u64,
    len: u64,
    count: usize,
    /// Rows read so far, by number.
    read: elsa::sync::FrozenMap<usize, Box<Row>>,
    /// Asked for so many rows, the whole block is read at once instead.
    asked: AtomicUsize,
    whole: OnceLock<Option<Box<[u8]>>>,
}

/// One row, read and checked.
#[derive(Debug)]
struct Row {
    kind: Kind,
    id: String,
    title: String,
    fix: Option<usize>,
}

impl Rows {
    /// The rows of `kb`'s items, in `kb.items()` order.
    pub fn new(kb: &KnowledgeBase) -> Rows {
        // A step belongs to the first fix that lists it.
        let mut owner: foldhash::HashMap<&str, u32> = foldhash::HashMap::default();
        for (i, item) in kb.items().enumerate() {
            if let Item::Fix(fix) = item {
                for step in &fix.steps {
                    let row = u32::try_from(i).unwrap_or(NO_FIX);
                    owner.entry(step.as_str()).or_insert(row);
                }
            }
        }
        let count = kb.items().count();
        let mut bytes = Vec::with_capacity(HEAD + 8 * (count + 1));
        bytes.extend(MAGIC.to_le_bytes());
        bytes.extend(u32::try_from(count).unwrap_or(u32::MAX).to_le_bytes());
        bytes.resize(HEAD + 8 * (count + 1), 0);
        let mut starts = Vec::with_capacity(count + 1);
        for (i, item) in kb.items().enumerate() {
            starts.push(bytes.len() as u64);
            let fix = match item {
                Item::Step(step) => owner.get(step.id.as_str()).copied().unwrap_or(NO_FIX),
                _ => NO_FIX,
            };
            let at = bytes.len();
            bytes.extend([0; 8]);
            bytes.push(KINDS.iter().position(|&k| k == item.kind()).unwrap_or(0) as u8);
            bytes.extend(fix.to_le_bytes());
            bytes.extend(u32::try_from(item.id().len()).unwrap_or(0).to_le_bytes());
            bytes.extend(item.id().as_bytes());
            bytes.extend(item.title().as_bytes());
            let hash = row_hash(i, &bytes[at + 8..]);
            bytes[at..at + 8].copy_from_slice(&hash.to_le_bytes());
        }
        starts.push(bytes.len() as u64);
        for (i, start) in starts.into_iter().enumerate() {
            bytes[HEAD + 8 * i..HEAD + 8 * (i + 1)].copy_from_slice(&start.to_le_bytes());
        }
        Rows::Whole(Arc::new(Bytes::copied(&bytes)))
    }

    /// Rows from the bytes of `as_bytes`; None when they are not rows.
    pub fn from_bytes(bytes: Bytes) -> Option<Rows> {
        count(bytes.as_slice())?;
        Some(Rows::Whole(Arc::new(bytes)))
    }

    /// The rows of the block of `len` bytes at `start` in `file`, read as
    /// they are asked for; None when it does not start as rows do.
    pub fn in_file(file: File, start: u64, len: u64) -> Option<Rows> {
        let mut head = [0; HEAD];
        crate::regular::read_at(&file, start, &mut head)?;
        let count = count(&head)?;
        (len >= (HEAD + 8 * (count + 1)) as u64).then_some(())?;
        Some(Rows::File(RowFile {
            file,
            start,
            len,
            count,
            read: elsa::sync::FrozenMap::new(),
            asked: AtomicUsize::new(0),
            whole: OnceLock::new(),
        }))
    }

    /// The block, for `from_bytes`; None for rows read from a file.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Rows::Whole(bytes) => Some(bytes.as_slice()),
            Rows::File(_) => None,
        }
    }

    /// The block, shared; None when it is in a file.
    pub fn shared(&self) -> Option<Arc<Bytes>> {
        match self {
            Rows::Whole(bytes) => Some(Arc::clone(bytes)),
            Rows::File(_) => None,
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Rows::Whole(bytes) => count(bytes.as_slice()).unwrap_or(0),
            Rows::File(file) => file.count,
        }
    }

    /// Row `i`, or None when there is none or it is damaged.
    pub fn get(&self, i: usize) -> Option<Entry<'_>> {
        let row = self.row(i)?;
        let fix = match row.fix {
            Fix::None => None,
            Fix::Row(f) => Some(self.row(f)?.id),
        };
        Some(Entry {
            kind: row.kind,
            id: row.id,
            title: row.title,
            fix,
        })
    }

    fn row(&self, i: usize) -> Option<RowRef<'_>> {
        match self {
            Rows::Whole(bytes) => RowRef::of(bytes.as_slice(), i),
            Rows::File(file) => file.row(i),
        }
    }
}

/// Where a row's fix is.
enum Fix {
    None,
    Row(usize),
}

/// A row, as it lies in a block or was read.
struct RowRef<'a> {
    kind: Kind,
    id: &'a str,
    title: &'a str,
    fix: Fix,
}

impl<'a> RowRef<'a> {
    /// Row `i` of a whole block, if it is intact.
    fn of(block: &'a [u8], i: usize) -> Option<RowRef<'a>> {
        let at = |k: usize| -> Option<usize> {
            let start = HEAD + 8 * k;
            usize::try_from(u64::from_le_bytes(
                block.get(start..start + 8)?.try_into().ok()?,
            ))
            .ok()
        };
        (i < count(block)?).then_some(())?;
        RowRef::parse(block.get(at(i)?..at(i + 1)?)?, i)
    }

    /// Row `i` from its bytes, if its hash says they are its own.
    fn parse(bytes: &'a [u8], i: usize) -> Option<RowRef<'a>> {
        let head = bytes.get(..ROW_HEAD)?;
        let hash = u64::from_le_bytes(head[..8].try_into().ok()?);
        (row_hash(i, &bytes[8..]) == hash).then_some(())?;
        let kind = *KINDS.get(usize::from(head[8]))?;
        let fix = u32::from_le_bytes(head[9..13].try_into().ok()?);
        let id_len = u32::from_le_bytes(head[13..17].try_into().ok()?) as usize;
        let text = std::str::from_utf8(&bytes[ROW_HEAD..]).ok()?;
        let (id, title) = (text.get(..id_len)?, text.get(id_len..)?);
        Some(RowRef {
            kind,
            id,
            title,
            fix: match fix {
                NO_FIX => Fix::None,
                f => Fix::Row(f as usize),
            },
        })
    }
}

impl RowFile {
    fn row(&self, i: usize) -> Option<RowRef<'_>> {
        if i >= self.count {
            return None;
        }
        if let Some(whole) = self.whole() {
            return RowRef::of(whole, i);
        }
        let row = match self.read.get(&i) {
            Some(row) => row,
            None => self.read.insert(i, Box::new(self.read_row(i)?)),
        };
        Some(RowRef {
            kind: row.kind,
            id: &row.id,
            title: &row.title,
            fix: row.fix.map_or(Fix::None, Fix::Row),
        })
    }

    /// The whole block, once so many rows were asked for that reading it
    /// whole is cheaper than reading them one by one.
    fn whole(&self) -> Option<&[u8]> {
        let asked = self.asked.fetch_add(1, Ordering::Relaxed);
        if asked < 64 + self.count / 64 && self.whole.get().is_none() {
            return None;
        }
        self.whole
            .get_or_init(|| {
                let mut bytes = vec![0; usize::try_from(self.len).ok()?].into_boxed_slice();
                crate::regular::read_at(&self.file, self.start, &mut bytes)?;
                Some(bytes)
            })
            .as_deref()
    }

    fn read_row(&self, i: usize) -> Option<Row> {
        let mut starts = [0; 16];
        crate::regular::read_at(&self.file, self.start + (HEAD + 8 * i) as u64, &mut starts)?;
        let start = u64::from_le_bytes(starts[..8].try_into().ok()?);
        let end = u64::from_le_bytes(starts[8..].try_into().ok()?);
        (start <= end && end <= self.len).then_some(())?;
        let mut bytes = vec![0; usize::try_from(end - start).ok()?];
        crate::regular::read_at(&self.file, self.start + start, &mut bytes)?;
        let row = RowRef::parse(&bytes, i)?;
        Some(Row {
            kind: row.kind,
            id: row.id.to_string(),
            title: row.title.to_string(),
            fix: match row.fix {
                Fix::None => None,
                Fix::Row(f) => Some(f),
            },
        })
    }
}

/// The count of rows a block's head gives, if it is one.
fn count(head: &[u8]) -> Option<usize> {
    let number = |at: usize| Some(u32::from_le_bytes(head.get(at..at + 4)?.try_into().ok()?));
    (number(0)? == MAGIC).then_some(())?;
    Some(number(4)? as usize)
}

fn row_hash(i: usize, rest: &[u8]) -> u64 {
    let mut hasher = Xxh3::new();
    hasher.update(&(i as u64).to_le_bytes());
    hasher.update(rest);
    hasher.digest()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_its_item_and_a_step_names_its_first_fix() {
        let kb = crate::kb::load(None).expect("the built-in guide").0;
        let rows = Rows::new(&kb);
        assert_eq!(rows.len(), kb.items().count());
        for (i, item) in kb.items().enumerate() {
            let row = rows.get(i).expect("a row");
            assert_eq!(
                (row.kind, row.id, row.title),
                (item.kind(), item.id(), item.title())
            );
            let fix = match item {
                Item::Step(step) => kb.fixes.iter().find(|f| f.steps.contains(&step.id)),
                _ => None,
            };
            assert_eq!(row.fix, fix.map(|f| f.id.as_str()), "{}", item.id());
        }
        assert!(rows.get(kb.items().count()).is_none());
    }

    #[test]
    fn a_damaged_row_reads_as_none_and_the_others_still_read() {
        let kb = crate::kb::load(None).expect("the built-in guide").0;
        let mut bytes = Rows::new(&kb).as_bytes().expect("built").to_vec();
        let first = kb.items().next().expect("an item");
        let at = bytes
            .windows(first.title().len())
            .position(|w| w == first.title().as_bytes())
            .expect("the first title");
        bytes[at] ^= 0x20;
        let rows = Rows::from_bytes(Bytes::copied(&bytes)).expect("still rows");
        assert!(rows.get(0).is_none(), "damaged");
        assert_eq!(rows.get(1).map(|e| e.id), kb.items().nth(1).map(|i| i.id()));
    }
}
