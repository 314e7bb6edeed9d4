//! The index laid out flat: a few buffers of text and arrays of numbers in
//! one block of bytes, searched where it lies, whether built in memory or
//! read from the cache file, so that loading a large index is a read and a
//! hash check rather than a decoding into hundreds of thousands of
//! allocations.
//!
//! The block is a table of parts, then the parts, each 8-byte aligned:
//! `Writer` puts them in and `Reader` takes them out in the same order.

/// Says a block is a flat index, and written on a machine of this byte
/// order (the numbers are native; the cache is never moved between machines).
const MAGIC: u32 = u32::from_le_bytes(*b"sfx2");

/// The bytes of a flat index.
pub enum Bytes {
    /// Built in memory; words of 8 bytes so that every part is aligned.
    Built(Box<[u64]>),
    /// Read from a file into memory of its own (see `Bytes::zeroed`).
    Read(memmap2::MmapMut),
}

/// Above this, memory to read into is asked for in huge pages: reading a
/// large cache into 4 KiB pages spent more time faulting them in than
/// copying the bytes.
const HUGE: usize = 2 << 20;

impl Bytes {
    /// `len` zero bytes (rounded up to whole 8-byte words), 8-byte aligned,
    /// to be filled. Large ones are anonymous memory advised to use huge
    /// pages; nothing ties them to a file, so a file cut short while it is
    /// read cannot fault them.
    pub fn zeroed(len: usize) -> Option<Bytes> {
        let len = len.next_multiple_of(8);
        if len < HUGE {
            return Some(Bytes::Built(vec![0; len / 8].into_boxed_slice()));
        }
        let map = memmap2::MmapMut::map_anon(len).ok()?;
        // Only advice: without huge pages the memory is the same, slower.
        #[cfg(target_os = "linux")]
        let _ = map.advise(memmap2::Advice::HugePage);
        Some(Bytes::Read(map))
    }

    /// A copy of `bytes`, aligned.
    pub fn copied(bytes: &[u8]) -> Bytes {
        let mut words = vec![0u64; bytes.len().div_ceil(8)].into_boxed_slice();
        bytemuck::cast_slice_mut(&mut words)[..bytes.len()].copy_from_slice(bytes);
        Bytes::Built(words)
    }

    pub fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Built(words) => bytemuck::cast_slice(words),
            Bytes::Read(map) => map,
        }
    }

    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        match self {
            Bytes::Built(words) => bytemuck::cast_slice_mut(words),
            Bytes::Read(map) => map,
        }
    }
}

/// Texts end to end, and where each starts: text `i` is
/// `text[at[i]..at[i + 1]]`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct List<'a> {
    text: &'a str,
    at: &'a [u32],
}

impl<'a> List<'a> {
    /// Text `i`; empty when there is none (or the offsets are damaged).
    pub fn get(&self, i: usize) -> &'a str {
        match self.at.get(i..i + 2) {
            Some(&[start, end]) => self.text.get(start as usize..end as usize).unwrap_or(""),
            _ => "",
        }
    }

    pub fn len(&self) -> usize {
        self.at.len().saturating_sub(1)
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// A `List` being built.
#[derive(Debug)]
pub(crate) struct ListBuf {
    text: String,
    at: Vec<u32>,
}

impl Default for ListBuf {
    fn default() -> Self {
        ListBuf {
            text: String::new(),
            at: vec![0],
        }
    }
}

impl ListBuf {
    pub fn push(&mut self, text: &str) {
        self.text.push_str(text);
        self.end();
    }

    /// Push the texts of `other`, in order.
    pub fn extend(&mut self, other: &ListBuf) {
        let base = offset(self.text.len());
        self.text.push_str(&other.text);
        let ends = other.at.iter().skip(1);
        self.at.extend(ends.map(|&end| base.saturating_add(end)));
    }

    /// The text pushed since the last one ended.
    pub fn open(&mut self) -> &mut String {
        &mut self.text
    }

    /// End the text being pushed with `open`.
    pub fn end(&mut self) {
        self.at.push(offset(self.text.len()));
    }

    /// The text just ended.
    pub fn last(&self) -> &str {
        self.as_list().get(self.len().saturating_sub(1))
    }

    pub fn len(&self) -> usize {
        self.at.len() - 1
    }

    pub fn as_list(&self) -> List<'_> {
        List {
            text: &self.text,
            at: &self.at,
        }
    }
}

/// An offset into a part. Parts hold at most 4 GiB; past that offsets
/// stop growing and the texts after read as empty.
pub(crate) fn offset(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

/// One part, as it was handed over: no copy is made until `finish` lays
/// it out, and each is dropped as soon as it is, so that building a large
/// index never holds it twice.
enum Part {
    Text(String),
    U16s(Vec<u16>),
    U32s(Vec<u32>),
    U64s(Vec<u64>),
}

impl Part {
    fn bytes(&self) -> &[u8] {
        match self {
            Part::Text(text) => text.as_bytes(),
            Part::U16s(numbers) => bytemuck::cast_slice(numbers),
            Part::U32s(numbers) => bytemuck::cast_slice(numbers),
            Part::U64s(numbers) => bytemuck::cast_slice(numbers),
        }
    }
}

/// Lays parts out in a block.
#[derive(Default)]
pub(crate) struct Writer {
    parts: Vec<Part>,
}

impl Writer {
    pub fn list(&mut self, list: ListBuf) {
        self.parts.push(Part::Text(list.text));
        self.u32s(list.at);
    }

    pub fn u16s(&mut self, numbers: Vec<u16>) {
        self.parts.push(Part::U16s(numbers));
    }

    pub fn u32s(&mut self, numbers: impl Into<Vec<u32>>) {
        self.parts.push(Part::U32s(numbers.into()));
    }

    pub fn u64s(&mut self, numbers: impl Into<Vec<u64>>) {
        self.parts.push(Part::U64s(numbers.into()));
    }

    /// The block: the magic number and the count of parts, each part's
    /// start and length, then the parts.
    pub fn finish(self) -> Bytes {
        let head = 8 + 16 * self.parts.len();
        let mut table: Vec<u64> = Vec::with_capacity(2 * self.parts.len());
        let mut end = head;
        for part in &self.parts {
            let len = part.bytes().len();
            table.extend([end as u64, len as u64]);
            end = (end + len).next_multiple_of(8);
        }
        let mut words = vec![0u64; end / 8].into_boxed_slice();
        let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut words);
        bytes[..4].copy_from_slice(&MAGIC.to_ne_bytes());
        bytes[4..8].copy_from_slice(&offset(self.parts.len()).to_ne_bytes());
        bytes[8..head].copy_from_slice(bytemuck::cast_slice(&table));
        for (part, range) in self.parts.into_iter().zip(table.chunks(2)) {
            let (start, part) = (range[0] as usize, part.bytes());
            bytes[start..start + part.len()].copy_from_slice(part);
        }
        Bytes::Built(words)
    }
}

/// Takes parts out of a block, in the order they were put in; None for a
/// block that is not what a `Writer` made.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    table: &'a [u64],
    next: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Option<Reader<'a>> {
        let number = |at: usize| Some(u32::from_ne_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
        if number(0)? != MAGIC {
            return None;
        }
        let parts = number(4)? as usize;
        let table = bytemuck::try_cast_slice(bytes.get(8..8 + 16 * parts)?).ok()?;
        Some(Reader {
            bytes,
            table,
            next: 0,
        })
    }

    fn part(&mut self) -> Option<&'a [u8]> {
        let range = self.table.get(2 * self.next..2 * self.next + 2)?;
        self.next += 1;
        let start = usize::try_from(range[0]).ok()?;
        let len = usize::try_from(range[1]).ok()?;
        self.bytes.get(start..start.checked_add(len)?)
    }

    pub fn list(&mut self) -> Option<List<'a>> {
        let text = std::str::from_utf8(self.part()?).ok()?;
        let at = self.u32s()?;
        (!at.is_empty()).then_some(List { text, at })
    }

    pub fn u16s(&mut self) -> Option<&'a [u16]> {
        bytemuck::try_cast_slice(self.part()?).ok()
    }

    pub fn u32s(&mut self) -> Option<&'a [u32]> {
        bytemuck::try_cast_slice(self.part()?).ok()
    }

    pub fn u64s(&mut self) -> Option<&'a [u64]> {
        bytemuck::try_cast_slice(self.part()?).ok()
    }

    /// Whether every part was taken.
    pub fn done(&self) -> bool {
        2 * self.next == self.table.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_come_out_as_they_went_in() {
        let mut list = ListBuf::default();
        list.push("photos");
        list.open().push_str("wait");
        list.open().push_str("ing");
        list.end();
        list.push("");
        let mut writer = Writer::default();
        writer.list(list);
        writer.u32s([7, 8, 9]);
        writer.u64s([u64::MAX]);
        let bytes = writer.finish();
        let mut reader = Reader::new(bytes.as_slice()).expect("a block");
        let read = reader.list().expect("a list");
        assert_eq!(read.iter().collect::<Vec<_>>(), ["photos", "waiting", ""]);
        assert_eq!(read.get(3), "");
        assert_eq!(reader.u32s(), Some(&[7, 8, 9][..]));
        assert_eq!(reader.u64s(), Some(&[u64::MAX][..]));
        assert!(reader.done());
        assert_eq!(reader.u32s(), None);
    }

    #[test]
    fn damaged_blocks_read_as_none_or_empty() {
        let mut writer = Writer::default();
        let mut list = ListBuf::default();
        list.push("héllo");
        writer.list(list);
        let Bytes::Built(words) = writer.finish() else {
            unreachable!()
        };
        let bytes: &[u8] = bytemuck::cast_slice(&words);
        assert!(Reader::new(&bytes[..6]).is_none(), "cut in the header");
        assert!(Reader::new(&[0; 64]).is_none(), "no magic number");
        let mut cut = Reader::new(&bytes[..bytes.len() - 8]).expect("header intact");
        assert!(cut.list().is_none(), "offsets cut off");
        // An offset inside a char reads as empty, never panics.
        let damaged = List {
            text: "héllo",
            at: &[0, 2, 9],
        };
        assert_eq!(damaged.get(0), "");
        assert_eq!(damaged.get(1), "");
    }
}
