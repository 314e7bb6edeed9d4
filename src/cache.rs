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
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_64, xxh3_128};

use crate::kb::{self, KnowledgeBase, LoadError, Platform};
use crate::search::Index;

/// Changes whenever what is stored changes shape.
const FORMAT: u32 = 3;
const MAGIC: [u8; 8] = *b"syncfix\0";

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Header {
    magic: [u8; 8],
    format: u32,
    version: String,
    source_len: u64,
    source_hash: u128,
    /// Of everything after the header.
    payload_hash: u64,
    /// The payload is the platforms, the knowledge base, then the index.
    platforms_len: u64,
    kb_len: u64,
}

/// A cache file whose header matched, and where its parts are.
struct Found {
    bytes: Vec<u8>,
    platforms: Range<usize>,
    kb: Range<usize>,
    index: Range<usize>,
}

impl Found {
    fn platforms(&self) -> Option<Vec<Platform>> {
        postcard::from_bytes(self.bytes.get(self.platforms.clone())?).ok()
    }

    fn kb(&self) -> Option<KnowledgeBase> {
        postcard::from_bytes(self.bytes.get(self.kb.clone())?).ok()
    }

    fn index(&self) -> Option<Index> {
        Index::from_bytes(self.bytes.get(self.index.clone())?)
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
        // Two halves of about equal work: one each for two cores.
        let (kb, index) = std::thread::scope(|scope| {
            let kb = scope.spawn(|| found.kb());
            (kb.join().ok().flatten(), found.index())
        });
        Some((kb?, index?))
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
    if let Some(loaded) = read(&file, source_len, source_hash)
        .as_ref()
        .and_then(from_cache)
    {
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

fn header(source_len: usize, source_hash: u128, payload: &[u8], lens: [usize; 2]) -> Header {
    Header {
        magic: MAGIC,
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION").to_string(),
        source_len: source_len as u64,
        source_hash,
        payload_hash: xxh3_64(payload),
        platforms_len: lens[0] as u64,
        kb_len: lens[1] as u64,
    }
}

fn read(file: &Path, source_len: usize, source_hash: u128) -> Option<Found> {
    let bytes = std::fs::read(file).ok()?;
    let (header_len, lens) = {
        let (found, payload) = postcard::take_from_bytes::<Header>(&bytes).ok()?;
        let lens = [
            usize::try_from(found.platforms_len).ok()?,
            usize::try_from(found.kb_len).ok()?,
        ];
        if found != header(source_len, source_hash, payload, lens) {
            return None;
        }
        (bytes.len() - payload.len(), lens)
    };
    let kb_start = header_len.checked_add(lens[0])?;
    let index_start = kb_start.checked_add(lens[1])?;
    Some(Found {
        platforms: header_len..kb_start,
        kb: kb_start..index_start,
        index: index_start..bytes.len(),
        bytes,
    })
}

fn write(
    file: &Path,
    kb: &KnowledgeBase,
    index: &Index,
    source_len: usize,
    source_hash: u128,
) -> Option<()> {
    let mut payload = postcard::to_stdvec(&kb.platforms).ok()?;
    let platforms_len = payload.len();
    payload.extend(postcard::to_stdvec(kb).ok()?);
    let kb_len = payload.len() - platforms_len;
    payload.extend(index.to_bytes().ok()?);
    let lens = [platforms_len, kb_len];
    let head = postcard::to_stdvec(&header(source_len, source_hash, &payload, lens)).ok()?;
    let dir = file.parent()?;
    std::fs::create_dir_all(dir).ok()?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).ok()?;
    temp.write_all(&head).ok()?;
    temp.write_all(&payload).ok()?;
    temp.persist(file).ok()?;
    Some(())
}
