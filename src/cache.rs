//! A binary copy of a knowledge base file that validated, and of its search
//! index, kept in the state directory: a large guide then loads in a
//! fraction of the time reading and checking its RON takes.
//!
//! The copy is used only for a file of the same size and the same bytes
//! (by a 128-bit hash) as the one it was made from, by the same version of
//! syncfix. Anything else — no copy, a stale or damaged copy, one that
//! cannot be written — means reading the file as if there were no cache:
//! never an error, never different behaviour. A file that does not
//! validate is never cached, so its problems are reported every time.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use memmap2::{Mmap, MmapOptions};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_64, xxh3_128};

use crate::kb::{self, KnowledgeBase, LoadError, Platform};
use crate::search::{Bytes, Index};

/// Changes whenever what is stored changes shape.
const FORMAT: u32 = 5;
const MAGIC: [u8; 8] = *b"syncfix\0";

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Header {
    magic: [u8; 8],
    format: u32,
    version: String,
    source_len: u64,
    source_hash: u128,
    /// After the header, from the first 8-byte boundary: the search index
    /// (used where it lies, so aligned), the platforms and the knowledge
    /// base, each with its length and hash, so that a search reads only
    /// the first two.
    sections: [(u64, u64); 3],
}

const INDEX: usize = 0;
const PLATFORMS: usize = 1;
const KB: usize = 2;

/// The header's most likely length; one read gets it and often more.
const HEADER_READ: usize = 256;

/// A cache file whose header matched the source.
struct Found {
    file: std::fs::File,
    /// Where each section starts in the file.
    starts: [u64; 3],
    header: Header,
}

impl Found {
    /// Section `i`, mapped, if its bytes are what was written.
    fn section(&self, i: usize) -> Option<Mmap> {
        let (len, hash) = self.header.sections[i];
        let end = self.starts[i].checked_add(len)?;
        // A mapping past the end of the file would fault when read.
        if self.file.metadata().ok()?.len() < end {
            return None;
        }
        // SAFETY: a mapped file must not change while it is mapped. Cache
        // files are private to the user (0600) and syncfix only ever
        // replaces one whole, by renaming a complete new file over it
        // (`write`), never writes into one.
        let map = unsafe {
            MmapOptions::new()
                .offset(self.starts[i])
                .len(usize::try_from(len).ok()?)
                .populate()
                .map(&self.file)
        };
        map.ok().filter(|map| xxh3_64(map) == hash)
    }

    fn platforms(&self) -> Option<Vec<Platform>> {
        postcard::from_bytes(&self.section(PLATFORMS)?).ok()
    }

    fn index(&self) -> Option<Index> {
        Index::from_bytes(Bytes::Mapped(self.section(INDEX)?))
    }
}

/// Where cached copies live, beside the progress file at `progress`.
pub fn dir(progress: &Path) -> PathBuf {
    progress
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("cache")
}

/// The knowledge base at `path` and its search index, from the copy in
/// `dir` when it matches the file, else read, validated and copied there.
pub fn load(path: &Path, dir: &Path) -> Result<(KnowledgeBase, Index), LoadError> {
    let from_cache = |found: &Found| {
        // Decoding the knowledge base is most of the work: the index is
        // checked meanwhile.
        std::thread::scope(|scope| {
            let kb =
                scope.spawn(|| postcard::from_bytes::<KnowledgeBase>(&found.section(KB)?).ok());
            let index = found.index();
            Some((kb.join().ok()??, index?))
        })
    };
    load_with(path, dir, from_cache, |kb, index| (kb, index))
}

/// What a search of the file at `path` needs: its platforms and its
/// search index. From the cache, the rest of the knowledge base is not
/// even read.
pub fn load_for_search(path: &Path, dir: &Path) -> Result<(Vec<Platform>, Index), LoadError> {
    let from_cache = |found: &Found| Some((found.platforms()?, found.index()?));
    load_with(path, dir, from_cache, |kb, index| (kb.platforms, index))
}

fn load_with<T>(
    path: &Path,
    dir: &Path,
    from_cache: impl Fn(&Found) -> Option<T>,
    from_file: impl Fn(KnowledgeBase, Index) -> T,
) -> Result<T, LoadError> {
    let cant_read = |source| LoadError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = dir.join(file_name(path));
    let (source_len, source_hash) = hash_file(path).map_err(cant_read)?;
    if let Some(loaded) = read(&file, source_len, source_hash).and_then(|f| from_cache(&f)) {
        return Ok(loaded);
    }
    let bytes = std::fs::read(path).map_err(cant_read)?;
    let kb = kb::parse(&path.display().to_string(), &bytes)?;
    let index = Index::new(&kb);
    // What was parsed is what gets cached, even if the file changed since.
    let _ = write(&file, &kb, &index, bytes.len(), xxh3_128(&bytes));
    Ok(from_file(kb, index))
}

/// The file's length and hash, read a block at a time: a cache hit never
/// holds the whole source in memory.
fn hash_file(path: &Path) -> std::io::Result<(usize, u128)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Xxh3::new();
    let mut block = vec![0; 1 << 16];
    let mut len = 0;
    loop {
        match file.read(&mut block) {
            Ok(0) => return Ok((len, hasher.digest128())),
            Ok(n) => {
                hasher.update(&block[..n]);
                len += n;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// One copy per knowledge base path.
fn file_name(path: &Path) -> String {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    format!("{:016x}.bin", xxh3_64(path.as_os_str().as_encoded_bytes()))
}

fn header(source_len: usize, source_hash: u128, sections: [&[u8]; 3]) -> Header {
    Header {
        magic: MAGIC,
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION").to_string(),
        source_len: source_len as u64,
        source_hash,
        sections: sections.map(|s| (s.len() as u64, xxh3_64(s))),
    }
}

/// The cache file, if its header says it was made from this source by
/// this version; its sections are checked as they are read.
fn read(file: &Path, source_len: usize, source_hash: u128) -> Option<Found> {
    let mut file = std::fs::File::open(file).ok()?;
    let mut start = vec![0; HEADER_READ];
    let mut filled = 0;
    let (found, header_len) = loop {
        match postcard::take_from_bytes::<Header>(&start[..filled]) {
            Ok((found, rest)) => break (found, filled - rest.len()),
            Err(_) if filled < start.len() => {
                let n = file.read(&mut start[filled..]).ok()?;
                if n == 0 {
                    return None;
                }
                filled += n;
            }
            Err(_) if start.len() < 1 << 20 => start.resize(start.len() * 2, 0),
            Err(_) => return None,
        }
    };
    let expected = Header {
        sections: found.sections,
        ..header(source_len, source_hash, [&[], &[], &[]])
    };
    if found != expected {
        return None;
    }
    let mut starts = [header_len.next_multiple_of(8) as u64; 3];
    for i in 1..3 {
        starts[i] = starts[i - 1].checked_add(found.sections[i - 1].0)?;
    }
    Some(Found {
        file,
        starts,
        header: found,
    })
}

fn write(
    file: &Path,
    kb: &KnowledgeBase,
    index: &Index,
    source_len: usize,
    source_hash: u128,
) -> Option<()> {
    let platforms = postcard::to_stdvec(&kb.platforms).ok()?;
    let index = index.as_bytes();
    let kb = postcard::to_stdvec(kb).ok()?;
    let head =
        postcard::to_stdvec(&header(source_len, source_hash, [index, &platforms, &kb])).ok()?;
    let padding = [0; 8];
    let padding = &padding[..head.len().next_multiple_of(8) - head.len()];
    let dir = file.parent()?;
    std::fs::create_dir_all(dir).ok()?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).ok()?;
    for part in [&head, padding, index, &platforms, &kb] {
        temp.write_all(part).ok()?;
    }
    temp.persist(file).ok()?;
    Some(())
}
