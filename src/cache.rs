//! A binary copy of a knowledge base file that validated, and of its search
//! index, kept in the user's cache directory: a large guide then loads in
//! a fraction of the time reading and checking its RON takes.
//!
//! The copy is used only for a file of the same stamp (see `Stamp`) or the
//! same size and bytes (by a 128-bit hash) as the one it was made from, by
//! the same version of syncfix; each of its sections is checked piece by
//! piece as it is read, and each row of hits as it is read (`Rows`). Anything else — no copy, a stale or damaged copy, one that
//! cannot be written — means reading the file as if there were no cache:
//! never an error, never different behaviour. A file that does not
//! validate is never cached, so its problems are reported every time.
//!
//! Caches live in the user's own cache directory (`$XDG_CACHE_HOME/syncfix`,
//! mode 0700). A cache file is read only when it and its directory belong
//! to the user and no one else can write them; it is read, not mapped, so
//! a file cut short under a running syncfix cannot fault it; and its text
//! is cleaned as text read from RON is. Only the most recently used few
//! are kept.

use std::fs::{self, Metadata};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use etcetera::BaseStrategy as _;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_64, xxh3_128};

use crate::kb::{self, KnowledgeBase, LoadError, Platform};
use crate::search::{Bytes, Index, Rows, Shared};

/// Changes whenever what is stored changes shape, what the guide's texts
/// are cleaned to, or what validation accepts, since a copy is never
/// validated again (11: every format character made visible; 12: a
/// symptom needs a fix, answers differ, a joiner between emoji dropped;
/// 13: an item's phrases in the index; 14: a text holds at most
/// `kb::MAX_TEXT` characters; 15: stop and refuse negate; 16: an empty
/// caution refused).
const FORMAT: u32 = 16;
const MAGIC: [u8; 8] = *b"syncfix\0";

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Header {
    magic: [u8; 8],
    format: u32,
    version: String,
    source_len: u64,
    source_hash: u128,
    /// The source's stamp when it can stand for its hash (see `Stamp`).
    source_stamp: Option<Stamp>,
    /// After the header, from the first 8-byte boundary: the search index
    /// (used where it lies, so aligned), the rows hits show, the platforms
    /// and the knowledge base, each with its length and the hashes of its
    /// pieces. A search reads the index and the platforms, and only the
    /// rows of its hits (each row carries its own hash).
    sections: [Section; SECTIONS],
}

/// What tells a file's version without reading it: device, inode,
/// length, and modification and change times to the nanosecond. No user
/// can set a change time, so an edit that puts the modification time back
/// still changes the stamp (as git's index trusts it). A stamp is written
/// only when the file did not change while it was read and its last change
/// is at least `SETTLED` older than the cache, so that a later edit within
/// the same clock tick cannot go unseen (two seconds: the coarsest file
/// times, FAT's, tick that slowly).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp([i64; 7]);

const SETTLED: Duration = Duration::from_secs(2);

impl Stamp {
    #[cfg(unix)]
    fn of(meta: &Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt as _;
        let signed = |n: u64| i64::try_from(n).ok();
        Some(Stamp([
            signed(meta.dev())?,
            signed(meta.ino())?,
            signed(meta.len())?,
            meta.mtime(),
            meta.mtime_nsec(),
            meta.ctime(),
            meta.ctime_nsec(),
        ]))
    }

    #[cfg(not(unix))]
    fn of(_: &Metadata) -> Option<Stamp> {
        None
    }

    /// Whether the last change is `SETTLED` before `now`.
    fn settled(&self, now: SystemTime) -> bool {
        let Ok(now) = now.duration_since(SystemTime::UNIX_EPOCH) else {
            return false;
        };
        let [.., mtime, _, ctime, _] = self.0;
        let last = i128::from(mtime.max(ctime)) + 1;
        i128::from(now.as_secs()) - last >= i128::from(SETTLED.as_secs())
    }
}

const INDEX: usize = 0;
const ROWS: usize = 1;
const PLATFORMS: usize = 2;
const KB: usize = 3;
const SECTIONS: usize = 4;

/// The header's most likely length; one read gets it and often more.
const HEADER_READ: usize = 256;

/// A section is hashed a piece of this many bytes at a time, so that its
/// pieces can be read and checked on several threads at once.
const PIECE: usize = 1 << 20;

/// A section's length and the hash of each `PIECE` of it.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
struct Section {
    len: u64,
    hashes: Vec<u64>,
}

/// Hashes bytes a `PIECE` at a time, as they come.
#[derive(Default)]
struct Pieces {
    hasher: Xxh3,
    /// Bytes in the piece being hashed.
    filled: usize,
    done: Section,
}

impl Pieces {
    fn of(bytes: &[u8]) -> Section {
        let mut pieces = Pieces::default();
        pieces.update(bytes);
        pieces.finish()
    }

    fn update(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let (now, rest) = bytes.split_at((PIECE - self.filled).min(bytes.len()));
            self.hasher.update(now);
            self.filled += now.len();
            self.done.len += now.len() as u64;
            if self.filled == PIECE {
                self.done.hashes.push(self.hasher.digest());
                self.hasher.reset();
                self.filled = 0;
            }
            bytes = rest;
        }
    }

    fn finish(mut self) -> Section {
        if self.filled > 0 {
            self.done.hashes.push(self.hasher.digest());
        }
        self.done
    }
}

/// Cache files kept in the directory; older ones are removed.
const KEEP: usize = 4;

/// A temporary file older than this was left by a syncfix that died.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// A cache file whose header matched the source.
struct Found {
    /// The file whose header matched, open: every section is read from it,
    /// so that all come from the same copy even if another syncfix
    /// replaces the file meanwhile.
    file: fs::File,
    /// Its length when it was opened.
    len: u64,
    /// Where each section starts in the file.
    starts: [u64; SECTIONS],
    header: Header,
}

impl Found {
    /// Section `i`, read into 8-byte aligned memory, with its length in
    /// bytes, if its bytes are what was written. Its pieces are read and
    /// checked on as many threads as there are cores, each piece hashed
    /// while it is still in the processor's cache.
    fn section(&self, i: usize) -> Option<(Bytes, usize)> {
        let Section { len, hashes } = &self.header.sections[i];
        let start = self.starts[i];
        let end = start.checked_add(*len)?;
        if self.len < end {
            return None;
        }
        let len = usize::try_from(*len).ok()?;
        (hashes.len() == len.div_ceil(PIECE)).then_some(())?;
        let mut bytes = Bytes::zeroed(len)?;
        let mut pieces: Vec<(u64, &mut [u8], u64)> = bytes.as_mut_slice()[..len]
            .chunks_mut(PIECE)
            .zip(hashes)
            .enumerate()
            .map(|(k, (piece, &hash))| (start + (k * PIECE) as u64, piece, hash))
            .collect();
        let threads = crate::search::threads().min(pieces.len()).max(1);
        let per_thread = pieces.len().div_ceil(threads).max(1);
        let file = &self.file;
        let check = |some: &mut [(u64, &mut [u8], u64)]| {
            some.iter_mut().all(|(at, piece, hash)| {
                crate::regular::read_at(file, *at, piece).is_some() && xxh3_64(piece) == *hash
            })
        };
        // The first group on this thread: a small section spawns none.
        let intact = std::thread::scope(|scope| {
            let mut groups = pieces.chunks_mut(per_thread);
            let first = groups.next();
            let workers: Vec<_> = groups
                .map(|some| scope.spawn(move || check(some)))
                .collect();
            let here = first.is_none_or(check);
            workers.into_iter().all(|w| w.join().unwrap_or(false)) && here
        });
        intact.then_some((bytes, len))
    }

    /// Section `i` decoded from postcard.
    fn decode<T: serde::de::DeserializeOwned>(&self, i: usize) -> Option<T> {
        let (bytes, len) = self.section(i)?;
        postcard::from_bytes(&bytes.as_slice()[..len]).ok()
    }

    fn platforms(&self) -> Option<Vec<Platform>> {
        let mut platforms: Vec<Platform> = self.decode(PLATFORMS)?;
        kb::clean_platforms(&mut platforms);
        Some(platforms)
    }

    fn knowledge_base(&self) -> Option<KnowledgeBase> {
        let mut kb: KnowledgeBase = self.decode(KB)?;
        kb::clean(&mut kb);
        Some(kb)
    }

    /// The index with its rows read whole.
    fn index(&self) -> Option<Index> {
        let (rows, _) = self.section(ROWS)?;
        Index::from_bytes(self.index_bytes()?, rows)
    }

    /// The index with its rows left in the file, each read when a hit
    /// asks for it.
    fn index_for_search(&self) -> Option<Index> {
        let len = self.header.sections[ROWS].len;
        (self.len >= self.starts[ROWS].checked_add(len)?).then_some(())?;
        let rows = Rows::in_file(self.file.try_clone().ok()?, self.starts[ROWS], len)?;
        Index::from_parts(self.index_bytes()?, rows)
    }

    fn index_bytes(&self) -> Option<Bytes> {
        let (bytes, len) = self.section(INDEX)?;
        // An index is a whole number of 8-byte words.
        (len % 8 == 0).then_some(bytes)
    }
}

/// Where cached copies live: the user's own cache directory, else (with no
/// home directory) a directory of the user's in the temporary directory.
pub fn dir() -> PathBuf {
    match etcetera::choose_base_strategy() {
        Ok(base) => base.cache_dir().join("syncfix"),
        Err(_) => std::env::temp_dir().join(format!("syncfix-cache-{}", user())),
    }
}

#[cfg(unix)]
fn user() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

#[cfg(not(unix))]
fn user() -> u32 {
    0
}

/// Whether a cache file or directory can be trusted: the user's own, and
/// no one else may write it.
fn private(meta: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        crate::regular::owned(meta) && meta.permissions().mode() & 0o022 == 0
    }
    #[cfg(not(unix))]
    {
        crate::regular::owned(meta)
    }
}

/// The cache directory, created private if missing; None if it is not
/// private.
fn private_dir(dir: &Path) -> Option<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder.create(dir).ok()?;
    private(&fs::symlink_metadata(dir).ok()?).then_some(())
}

/// A cached copy this large takes longer to read and decode than a
/// guide that opens at once (a 4.5 MB copy, 10,000 items, is read in
/// about 10 ms).
const LONG_COPY: u64 = 16 << 20;

/// What loading is doing, for whoever shows its progress.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phase {
    /// Reading the file to see whether the cache has it; with the part
    /// read so far.
    Checking(f64),
    /// Reading the cached copy, of this many bytes.
    FromCache(u64),
    Reading,
    Validating,
    /// Building the search index.
    Indexing,
    /// Keeping a copy in the cache, for next time.
    WritingCache,
}

impl Phase {
    /// What a person is told, as "Validating…".
    pub fn label(self) -> &'static str {
        match self {
            Phase::Checking(_) => "Checking the cache",
            Phase::FromCache(_) => "Reading the cached copy",
            Phase::Reading => "Reading",
            Phase::Validating => "Validating",
            Phase::Indexing => "Indexing for search",
            Phase::WritingCache => "Writing the cache",
        }
    }

    /// Whether what this phase starts surely takes longer than a guide
    /// that opens at once: a cached copy so large that reading and
    /// decoding it do (as at 100,000 items, 45 MB). Progress can then be
    /// shown before the reading takes the cores.
    pub fn long(self) -> bool {
        matches!(self, Phase::FromCache(bytes) if bytes >= LONG_COPY)
    }

    /// About how far loading has got, from 0 to 1: each phase's share,
    /// and within the first the part of the file read.
    pub fn fraction(self) -> f64 {
        match self {
            Phase::Checking(part) => 0.05 * part.clamp(0.0, 1.0),
            Phase::FromCache(_) => 0.5,
            Phase::Reading => 0.05,
            Phase::Validating => 0.1,
            Phase::Indexing => 0.45,
            Phase::WritingCache => 0.9,
        }
    }
}

/// The knowledge base at `path` and its search index, from the copy in
/// `dir` when it matches the file, else read, validated and copied there.
pub fn load(path: &Path, dir: &Path) -> Result<(KnowledgeBase, Index), LoadError> {
    load_watched(path, dir, &mut |_| {})
}

/// `load`, telling `watch` what it is doing as it goes.
pub fn load_watched(
    path: &Path,
    dir: &Path,
    watch: &mut dyn FnMut(Phase),
) -> Result<(KnowledgeBase, Index), LoadError> {
    let mut kb = None;
    let (index, unwritten) = load_kb_first(path, dir, watch, &mut |ready| kb = Some(ready))?;
    if let Some(unwritten) = unwritten {
        unwritten.write_now(watch);
    }
    let Some(kb) = kb else {
        unreachable!("the knowledge base is handed over before its index")
    };
    Ok((Arc::unwrap_or_clone(kb), index))
}

/// `load_watched` for whoever can use the knowledge base before its
/// index: `ready` gets it as soon as it is there (with no cached copy,
/// before the index is built, which can take a while), and the index is
/// returned, with the copy made of a file read afresh, for the caller to
/// write once the index is in use.
pub fn load_kb_first(
    path: &Path,
    dir: &Path,
    watch: &mut dyn FnMut(Phase),
    ready: &mut dyn FnMut(Arc<KnowledgeBase>),
) -> Result<(Index, Option<Unwritten>), LoadError> {
    let (file, found, stamp) = look(path, dir, watch)?;
    if let Some(found) = found {
        watch(Phase::FromCache(found.len));
        // Decoding the knowledge base is most of the work: the index is
        // checked meanwhile.
        let cached = std::thread::scope(|scope| {
            let kb = scope.spawn(|| found.knowledge_base());
            let index = found.index();
            Some((kb.join().ok()??, index?))
        });
        if let Some((kb, index)) = cached {
            ready(Arc::new(kb));
            return Ok((index, None));
        }
    }
    let (_, index, unwritten) = from_file(path, &file, stamp, watch, ready)?;
    Ok((index, unwritten))
}

/// What a search of the file at `path` needs: its platforms and its
/// search index. From the cache, the rest of the knowledge base is not
/// even read.
pub fn load_for_search(path: &Path, dir: &Path) -> Result<(Vec<Platform>, Index), LoadError> {
    load_for_search_watched(path, dir, &mut |_| {}).map(|(platforms, index, _)| (platforms, index))
}

/// `load_for_search`, telling `watch` what it is doing as it goes. A file
/// read afresh is copied to the cache beside the search, and the rest of
/// its knowledge base let go there: the copy is finished when the
/// `Writing` returned is dropped.
pub fn load_for_search_watched(
    path: &Path,
    dir: &Path,
    watch: &mut dyn FnMut(Phase),
) -> Result<(Vec<Platform>, Index, Writing), LoadError> {
    let (file, found, stamp) = look(path, dir, watch)?;
    if let Some((platforms, index)) = found.and_then(|found| {
        watch(Phase::FromCache(found.len));
        Some((found.platforms()?, found.index_for_search()?))
    }) {
        return Ok((platforms, index, Writing(None)));
    }
    let (kb, index, unwritten) = from_file(path, &file, stamp, watch, &mut |_| {})?;
    let platforms = kb.platforms.clone();
    // A thread that cannot be started writes no copy, as a copy that
    // cannot be written is none: the file is read afresh next time.
    let writing = std::thread::Builder::new()
        .name("cache".into())
        .spawn(move || {
            if let Some(unwritten) = unwritten {
                unwritten.write(&Writes::default());
            }
            drop(kb);
        });
    Ok((platforms, index, Writing(writing.ok())))
}

/// A copy being written to the cache beside other work; dropping this
/// waits for it.
pub struct Writing(Option<std::thread::JoinHandle<()>>);

impl Drop for Writing {
    fn drop(&mut self) {
        if let Some(thread) = self.0.take() {
            let _ = thread.join();
        }
    }
}

/// The cache file for the source at `path`, the copy in it if it was made
/// from the source (see `lookup`), and the source's stamp.
fn look(
    path: &Path,
    dir: &Path,
    watch: &mut dyn FnMut(Phase),
) -> Result<(PathBuf, Option<Found>, Option<Stamp>), LoadError> {
    let file = dir.join(file_name(path));
    let (found, stamp) = lookup(path, &file, watch).map_err(|e| cant_read(path, e))?;
    Ok((file, found, stamp))
}

/// The source at `path` read, validated and indexed, and its copy for the
/// cache `file`, to write; `ready` gets the knowledge base before it is
/// indexed.
fn from_file(
    path: &Path,
    file: &Path,
    stamp: Option<Stamp>,
    watch: &mut dyn FnMut(Phase),
    ready: &mut dyn FnMut(Arc<KnowledgeBase>),
) -> Result<(Arc<KnowledgeBase>, Index, Option<Unwritten>), LoadError> {
    watch(Phase::Reading);
    let bytes = kb::read_file(path).map_err(|e| cant_read(path, e))?;
    watch(Phase::Validating);
    let name = path.display().to_string();
    let kb = Arc::new(kb::parse_unchecked(&name, &bytes)?);
    // The haystacks, the slowest part of the index, are built while the
    // knowledge base is checked and its rows are made, which only read it
    // too. A file with a problem leaves that thread to finish unheeded.
    let shared = Arc::clone(&kb);
    let haystacks = std::thread::Builder::new()
        .name("index".into())
        .spawn(move || Index::haystacks(&shared));
    kb::check(&name, &bytes, &kb)?;
    let source = Source::of(path, &bytes, stamp);
    drop(bytes);
    ready(Arc::clone(&kb));
    watch(Phase::Indexing);
    let rows = Rows::new(&kb);
    let haystacks = match haystacks {
        Ok(thread) => thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        Err(_) => Index::haystacks(&kb),
    };
    let index = Index::built(haystacks, rows);
    // What was parsed is what gets cached, even if the file changed since.
    let unwritten = index.shared().map(|index| Unwritten {
        file: file.to_path_buf(),
        kb: Arc::clone(&kb),
        index,
        source,
    });
    Ok((kb, index, unwritten))
}

/// The copy of a file read afresh, and of its index, not yet in the cache:
/// the interface writes it beside a search that has opened.
pub struct Unwritten {
    file: PathBuf,
    kb: Arc<KnowledgeBase>,
    index: Shared,
    source: Source,
}

impl Unwritten {
    /// Write the copy, unless `writes` is abandoned first; a copy that is
    /// not written is no error (the file is read afresh next time).
    pub fn write(self, writes: &Writes) {
        let _ = write(&self.file, &self.kb, &self.index, &self.source, writes);
    }

    /// Write the copy before going on, telling `watch`: for a command
    /// that answers once and ends.
    fn write_now(self, watch: &mut dyn FnMut(Phase)) {
        watch(Phase::WritingCache);
        self.write(&Writes::default());
    }
}

/// Copies being written, whose temporary files are removed when they are
/// abandoned: a person who quits while the interface writes one leaves no
/// half-written file behind.
#[derive(Clone, Default)]
pub struct Writes(Arc<Mutex<UnderWay>>);

#[derive(Default)]
struct UnderWay {
    abandoned: bool,
    temps: Vec<PathBuf>,
}

impl Writes {
    /// Remove the temporary files of the copies still being written, and
    /// start no more. A copy finished meanwhile is kept; one removed first
    /// is never put in place (its rename fails).
    pub fn abandon(&self) {
        let mut under_way = self.lock();
        under_way.abandoned = true;
        for temp in under_way.temps.drain(..) {
            let _ = fs::remove_file(temp);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, UnderWay> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `temp` listed while the result lives; None once abandoned.
    fn list(&self, temp: &Path) -> Option<Listed<'_>> {
        let mut under_way = self.lock();
        (!under_way.abandoned).then_some(())?;
        under_way.temps.push(temp.to_path_buf());
        Some(Listed {
            writes: self,
            temp: temp.to_path_buf(),
        })
    }
}

/// A temporary file listed in `Writes` while it lives.
struct Listed<'w> {
    writes: &'w Writes,
    temp: PathBuf,
}

impl Drop for Listed<'_> {
    fn drop(&mut self) {
        self.writes.lock().temps.retain(|temp| *temp != self.temp);
    }
}

fn cant_read(path: &Path, source: std::io::Error) -> LoadError {
    LoadError::Read {
        path: path.to_path_buf(),
        source,
    }
}

/// What the cache records of the file it was made from.
struct Source {
    len: usize,
    hash: u128,
    stamp: Option<Stamp>,
}

impl Source {
    /// The source at `path` whose `bytes` were read, and which had `stamp`
    /// before they were: the stamp stands for the bytes only if the file
    /// kept it throughout.
    fn of(path: &Path, bytes: &[u8], stamp: Option<Stamp>) -> Source {
        let kept = |stamp: Stamp| {
            let now = fs::metadata(path).ok().and_then(|m| Stamp::of(&m));
            (now == Some(stamp) && stamp.settled(SystemTime::now())).then_some(stamp)
        };
        Source {
            len: bytes.len(),
            hash: xxh3_128(bytes),
            stamp: stamp.and_then(kept),
        }
    }
}

/// The cache file `file` if it was made from the source at `path`: known
/// by the source's stamp, else by its hash; and the source's stamp as it
/// was before anything was read.
fn lookup(
    path: &Path,
    file: &Path,
    watch: &mut dyn FnMut(Phase),
) -> std::io::Result<(Option<Found>, Option<Stamp>)> {
    let (source, meta) = crate::regular::open(path)?;
    let stamp = Stamp::of(&meta);
    if let Some(stamp) = stamp
        && let Some(found) = read(file, |h| h.source_stamp == Some(stamp))
    {
        return Ok((Some(found), Some(stamp)));
    }
    // With no copy at all, the source is not read twice.
    if fs::symlink_metadata(file).is_err() {
        return Ok((None, stamp));
    }
    let (len, hash) = hash_file(source, watch)?;
    let found = read(file, |h| {
        h.source_len == len as u64 && h.source_hash == hash
    });
    Ok((found, stamp))
}

/// The file's length and hash, read a block at a time: a cache hit never
/// holds the whole source in memory.
fn hash_file(mut file: fs::File, watch: &mut dyn FnMut(Phase)) -> std::io::Result<(usize, u128)> {
    let meta = file.metadata()?;
    let mut hasher = Xxh3::new();
    let mut block = vec![0; 1 << 16];
    let mut len = 0;
    let whole = meta.len().max(1) as f64;
    loop {
        match file.read(&mut block) {
            Ok(0) => return Ok((len, hasher.digest128())),
            Ok(n) => {
                hasher.update(&block[..n]);
                len += n;
                // Every 16 MiB read.
                if len % (1 << 24) < n {
                    watch(Phase::Checking(len as f64 / whole));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Remove the cached copy of the file at `path` from `dir`, so that the
/// next load makes it afresh.
pub fn forget(path: &Path, dir: &Path) {
    let _ = fs::remove_file(dir.join(file_name(path)));
}

/// One copy per knowledge base path.
fn file_name(path: &Path) -> String {
    let path = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    format!("{:016x}.bin", xxh3_64(path.as_os_str().as_encoded_bytes()))
}

fn header(source: &Source, sections: [&[u8]; SECTIONS]) -> Header {
    Header {
        magic: MAGIC,
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION").to_string(),
        source_len: source.len as u64,
        source_hash: source.hash,
        source_stamp: source.stamp,
        sections: sections.map(Pieces::of),
    }
}

/// The cache file, if it was made by this version and its header says
/// (`source`) it was made from this source; its sections are checked as
/// they are read.
fn read(path: &Path, source: impl Fn(&Header) -> bool) -> Option<Found> {
    private(&fs::symlink_metadata(path.parent()?).ok()?).then_some(())?;
    let (mut file, meta) = crate::regular::open(path).ok()?;
    private(&meta).then_some(())?;
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
    let ours = found.magic == MAGIC
        && found.format == FORMAT
        && found.version == env!("CARGO_PKG_VERSION");
    if !ours || !source(&found) {
        return None;
    }
    let mut starts = [header_len.next_multiple_of(8) as u64; SECTIONS];
    for i in 1..SECTIONS {
        starts[i] = starts[i - 1].checked_add(found.sections[i - 1].len)?;
    }
    // Used now: the most recently used caches are the ones kept.
    let _ = file.set_modified(SystemTime::now());
    Some(Found {
        file,
        len: meta.len(),
        starts,
        header: found,
    })
}

fn write(
    file: &Path,
    kb: &KnowledgeBase,
    index: &Shared,
    source: &Source,
    writes: &Writes,
) -> Option<()> {
    let platforms = postcard::to_stdvec(&kb.platforms).ok()?;
    let rows = index.rows();
    let index = index.index();
    // The knowledge base is serialized twice, to measure and hash it and
    // then into the file, rather than held as a second copy in memory.
    let digest = postcard::serialize_with_flavor(kb, Digest::default()).ok()?;
    let mut head = header(source, [index, rows, &platforms, &[]]);
    head.sections[KB] = digest;
    let head = postcard::to_stdvec(&head).ok()?;
    let padding = [0; 8];
    let padding = &padding[..head.len().next_multiple_of(8) - head.len()];
    let dir = file.parent()?;
    private_dir(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).ok()?;
    let _listed = writes.list(temp.path())?;
    for part in [&head, padding, index, rows, &platforms] {
        temp.write_all(part).ok()?;
    }
    let mut out = std::io::BufWriter::new(temp);
    postcard::to_io(kb, &mut out).ok()?;
    let temp = out.into_inner().ok()?;
    temp.persist(file).ok()?;
    evict(dir, file);
    Some(())
}

/// A postcard flavor that keeps only the length and the piece hashes of
/// what is serialized (as `header` records a section).
#[derive(Default)]
struct Digest(Pieces);

impl postcard::ser_flavors::Flavor for Digest {
    type Output = Section;

    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        self.try_extend(&[data])
    }

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        self.0.update(data);
        Ok(())
    }

    fn finalize(self) -> postcard::Result<Section> {
        Ok(self.0.finish())
    }
}

/// Remove all but the [`KEEP`] most recently used cache files, and
/// temporary files a syncfix killed while writing left behind.
fn evict(dir: &Path, kept: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    let mut caches = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        let used = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".tmp") {
            if now.duration_since(used).is_ok_and(|age| age > STALE_TEMP) {
                let _ = fs::remove_file(&path);
            }
        } else if name.ends_with(".bin") && path != kept {
            caches.push((used, path));
        }
    }
    caches.sort_by_key(|(used, _)| std::cmp::Reverse(*used));
    for (_, path) in caches.into_iter().skip(KEEP - 1) {
        let _ = fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The knowledge base section is measured and hashed as it streams to
    /// the file: the header must record what a whole copy would give, or
    /// every cache would be read as damaged.
    #[test]
    fn a_digest_is_the_length_and_hash_of_the_bytes() {
        let kb = kb::load(None).expect("the built-in guide").0;
        let bytes = postcard::to_stdvec(&kb).expect("serializes");
        let digest = postcard::serialize_with_flavor(&kb, Digest::default()).expect("digests");
        assert_eq!(digest, Pieces::of(&bytes));
        assert_eq!(digest.len, bytes.len() as u64);
        assert_eq!(digest.hashes[0], xxh3_64(&bytes[..PIECE.min(bytes.len())]));
    }

    /// A cache written from a file is read back from the cache, not
    /// rebuilt: every section's recorded hash matches its bytes.
    /// Quitting while a copy is written removes its temporary file, and
    /// no copy starts after.
    #[test]
    fn abandoning_removes_the_temporary_files_of_copies_under_way() {
        let dir = tempfile::tempdir().expect("temp dir");
        let temp = dir.path().join(".tmp-half-written");
        fs::write(&temp, b"half").expect("write");
        let writes = Writes::default();
        let listed = writes.list(&temp).expect("not abandoned yet");
        writes.abandon();
        assert!(!temp.exists(), "the temporary file is left");
        drop(listed);
        assert!(writes.list(&temp).is_none(), "a copy starts once abandoned");
        assert!(writes.lock().temps.is_empty());
    }

    #[test]
    fn a_written_cache_reads_back_whole() {
        let temp = tempfile::tempdir().expect("temp dir");
        let path = temp.path().join("guide.ron");
        fs::write(&path, kb::BUILT_IN).expect("write");
        let dir = temp.path().join("cache");
        let (kb, _) = load(&path, &dir).expect("loads");
        let file = dir.join(file_name(&path));
        let (found, _) = lookup(&path, &file, &mut |_| {}).expect("looks");
        let found = found.expect("the cache matches the file");
        assert_eq!(found.knowledge_base(), Some(kb));
        assert!(found.index().is_some());
        assert!(found.platforms().is_some());
    }
}
