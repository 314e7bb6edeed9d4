//! One fuzzy search over every item: symptoms, fixes, steps, status messages
//! and notes. Knows nothing of the terminal.
//!
//! A query is split into words, which may come in any order; every word
//! must match an item (function words such as `my` or `not` beside other
//! words need not). A word matches, in order of preference: fuzzily within
//! one word of the title; as a near spelling of a title word; as typed in
//! the body text; as a near spelling of a body word; fuzzily across several
//! title words. Items rank by class, then by score within the class:
//!
//! 4. a status message whose text is the query (ignoring case, spacing and
//!    surrounding punctuation);
//! 3. every required word matched the title (near spellings score lower);
//! 2. some word matched only the body text;
//! 1. some word matched only letters spread over several title words.
//!
//! Within a class, tighter matches (consecutive letters, word starts, whole
//! words, the query's words together in order) score higher, what a person
//! notices (symptoms, status messages) edges out single steps, and shorter
//! titles break near-ties; equal scores keep knowledge-base order.
//! docs/search.md has the details.

mod haystack;
mod query;
mod relevance;
mod rows;
mod score;
mod store;
mod typo;

use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use self_cell::self_cell;
use serde::Serialize;

use crate::kb::{Kind, KnowledgeBase};
use haystack::Haystacks;
use query::Query;
pub use query::{MAX_CHARS as QUERY_MAX_CHARS, clip as clip_query};
use relevance::{Relevance, Scores};
pub(crate) use rows::Rows;
use score::{Bits, Lookup, Skim, Within};
pub use store::Bytes;
use store::{Reader, Writer, offset};
use typo::{Near, Vocabulary};

/// One searchable item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Entry<'a> {
    pub kind: Kind,
    pub id: &'a str,
    /// What a person sees in a list; a step's title is its text.
    pub title: &'a str,
    /// For a step, the id of the fix it belongs to.
    pub fix: Option<&'a str>,
}

/// One result: which entry, how well it matched, and the matched character
/// positions (char indices into the entry's title) for highlighting.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub entry: usize,
    pub score: i64,
    /// Strictly increasing; empty when the query matched only body text.
    pub positions: Vec<usize>,
}

/// What the flat index holds (see `store`).
struct View<'a> {
    vocabulary: Vocabulary<'a>,
    items: Haystacks<'a>,
    relevance: Relevance<'a>,
}

impl<'a> View<'a> {
    fn read(bytes: &'a [u8]) -> Option<View<'a>> {
        let mut reader = Reader::new(bytes)?;
        let vocabulary = Vocabulary::read(&mut reader)?;
        let items = Haystacks::read(&mut reader, vocabulary.len())?;
        let relevance = Relevance::read(&mut reader, vocabulary.len())?;
        let view = View {
            vocabulary,
            items,
            relevance,
        };
        reader.done().then_some(view)
    }
}

self_cell!(
    /// The flat index's bytes, and what they hold.
    struct Flat {
        owner: Arc<Bytes>,
        #[covariant]
        dependent: View,
    }
);

/// Candidate sets at least this large are scored on several threads.
const PARALLEL_ABOVE: usize = 8192;

/// The items the previous query matched as a whole (every required word),
/// kept to narrow the next one: a cache, never read for a result.
struct Previous {
    query: Query,
    platform: Option<String>,
    matched: Vec<usize>,
}

/// What one search found: the best hits, and what is needed to light
/// their matched letters later (see `Index::positions`).
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// Best first.
    pub hits: Vec<Hit>,
    /// How many items matched, of which `hits` are the best.
    pub matched: usize,
    /// No item holds every word of the query; the hits hold some of them.
    pub partial: bool,
    /// A word of the query that no word of the guide holds, or is near
    /// (`bake`): every hit has its letters only scattered over the words
    /// of its title, which says little of what it is about.
    pub scattered: Option<String>,
    found: Arc<Found>,
}

impl PartialEq for Results {
    fn eq(&self, other: &Results) -> bool {
        (&self.hits, self.matched, self.partial, &self.scattered)
            == (&other.hits, other.matched, other.partial, &other.scattered)
    }
}

/// The query as the index understood it.
#[derive(Debug, Default)]
struct Found {
    query: Query,
    lookups: Vec<Lookup>,
}

/// An index's bytes and its rows' bytes, held apart from it (see
/// `Index::shared`).
pub(crate) struct Shared {
    index: Arc<Bytes>,
    rows: Arc<Bytes>,
}

impl Shared {
    pub fn index(&self) -> &[u8] {
        self.index.as_slice()
    }

    pub fn rows(&self) -> &[u8] {
        self.rows.as_slice()
    }
}

pub struct Index {
    flat: Flat,
    /// What each hit shows.
    rows: Rows,
    previous: Option<Previous>,
    /// Every item for a platform (None = all), as the last query that did
    /// not narrow its previous one asked for it: a cache, never read for a
    /// result.
    every: Option<(Option<String>, Arc<Vec<usize>>)>,
    /// Near spellings of recent query words, by bare word and budget; a
    /// word's continuation looks only among its near words.
    nears: Vec<(String, u8, Arc<Near>)>,
    /// The same for the vocabulary's words that hold a query word.
    withins: Vec<(String, Arc<Within>)>,
    /// What was found for the words of the last query, by item.
    memos: Vec<(String, Arc<score::Memo>)>,
}

impl Index {
    pub fn new(kb: &KnowledgeBase) -> Self {
        Index::built(Index::haystacks(kb), Rows::new(kb))
    }

    /// What the index searches in, as bytes for `built`: the slowest part
    /// of an index to build.
    pub(crate) fn haystacks(kb: &KnowledgeBase) -> Bytes {
        let mut writer = Writer::default();
        haystack::write(kb, &mut writer);
        writer.finish()
    }

    /// The index of `haystacks` and `rows`, both just built from one
    /// knowledge base.
    pub(crate) fn built(haystacks: Bytes, rows: Rows) -> Index {
        Index::from_parts(haystacks, rows)
            .unwrap_or_else(|| unreachable!("an index just built reads back"))
    }

    /// An index from the bytes of `as_bytes` and `rows_bytes`; None when
    /// they are not one.
    pub fn from_bytes(bytes: Bytes, rows: Bytes) -> Option<Index> {
        Index::from_parts(bytes, Rows::from_bytes(rows)?)
    }

    /// An index from the bytes of `as_bytes` and the rows of its items,
    /// built here or read from a file; None when they are not one.
    pub(crate) fn from_parts(bytes: Bytes, rows: Rows) -> Option<Index> {
        let flat = Flat::try_new(Arc::new(bytes), |bytes| {
            View::read(bytes.as_slice()).ok_or(())
        })
        .ok()?;
        (flat.borrow_dependent().items.len() == rows.len()).then_some(())?;
        Some(Index {
            flat,
            rows,
            previous: None,
            every: None,
            nears: Vec::new(),
            withins: Vec::new(),
            memos: Vec::new(),
        })
    }

    /// The index as bytes, for `from_parts` to read back (the cache keeps
    /// it beside the knowledge base it was built from).
    pub fn as_bytes(&self) -> &[u8] {
        self.flat.borrow_owner().as_slice()
    }

    /// What each hit shows, as bytes for `from_bytes`; None when the rows
    /// are read from a file as they are asked for.
    pub fn rows_bytes(&self) -> Option<&[u8]> {
        self.rows.as_bytes()
    }

    /// The bytes of `as_bytes` and `rows_bytes`, shared, so that they can
    /// be copied to a file while the index is searched; None when the rows
    /// are read from a file.
    pub(crate) fn shared(&self) -> Option<Shared> {
        Some(Shared {
            index: Arc::clone(self.flat.borrow_owner()),
            rows: self.rows.shared()?,
        })
    }

    fn view(&self) -> &View<'_> {
        self.flat.borrow_dependent()
    }

    /// The entry a hit refers to. Panics if `i` is not an index from a hit
    /// of this index, or its row was read from a damaged file.
    pub fn entry(&self, i: usize) -> Entry<'_> {
        self.get(i)
            .unwrap_or_else(|| panic!("entry {i} of an index of {}", self.len()))
    }

    /// The entry a hit refers to; None when there is none, or its row was
    /// read from a file and is damaged.
    pub fn get(&self, i: usize) -> Option<Entry<'_>> {
        self.rows.get(i)
    }

    pub fn len(&self) -> usize {
        self.view().items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every item for `platform` (whose `scopes` are given), in order:
    /// kept for the next query on the same platform.
    fn every(&mut self, platform: Option<&str>, scopes: &[bool]) -> Arc<Vec<usize>> {
        if let Some((kept, every)) = &self.every
            && kept.as_deref() == platform
        {
            return Arc::clone(every);
        }
        let items = &self.view().items;
        let mut every = Vec::with_capacity(items.len());
        every.extend((0..items.len()).filter(|&i| items.admits(scopes, i)));
        // In an `Arc` of the vector itself: no second copy of a million.
        let every = Arc::new(every);
        self.every = Some((platform.map(str::to_string), Arc::clone(&every)));
        every
    }

    /// Ranked hits for `query` on `platform` (None = all), best first, at
    /// most `limit`, each with its match positions. An empty query lists
    /// every item in knowledge-base order.
    pub fn search(&mut self, query: &str, platform: Option<&str>, limit: usize) -> Results {
        let mut results = self.rank(query, platform, limit);
        let positions: Vec<Vec<usize>> = results
            .hits
            .iter()
            .map(|hit| self.positions(&results, hit.entry))
            .collect();
        for (hit, found) in results.hits.iter_mut().zip(positions) {
            hit.positions = found;
        }
        results
    }

    /// Like `search`, but without match positions, which cost more to find
    /// than the rank: get them from `positions` for the hits shown.
    ///
    /// Items rank by relevance (see `relevance`): the rare words of the
    /// query they hold, and where; an item that holds every word gains,
    /// more when they are in its title as typed or begun (the fuzzy title
    /// match of `score`), and its skim score orders it among its peers. A
    /// status message typed exactly comes first. For a query that reads as
    /// a problem, what a person notices ranks above single steps, and a
    /// negated query (`not syncing`) pushes down the status messages of
    /// normal activity.
    ///
    /// When the query only adds to the previous one (see the narrowing rule
    /// on `Query::narrows`), only the items the previous query matched as a
    /// whole are fuzzy-scored again; the results are the same as searching
    /// from scratch.
    pub fn rank(&mut self, text: &str, platform: Option<&str>, limit: usize) -> Results {
        // A search that is never stopped always finishes.
        self.rank_unless(text, platform, limit, &|| false)
            .unwrap_or_default()
    }

    /// `rank`, given up as soon as `stop` says so (checked every few
    /// thousand items): None then, and the next search starts afresh. The
    /// interface's worker stops a search once a newer query is waiting.
    pub fn rank_unless(
        &mut self,
        text: &str,
        platform: Option<&str>,
        limit: usize,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Results> {
        let stop = Stop {
            asked: stop,
            stopped: AtomicBool::new(false),
        };
        let mut query = Query::parse(text);
        let lookups = self.lookups(&query);
        if query.relaxable() || query.problem {
            let words = query.words.iter().zip(&lookups);
            let shares: Vec<f32> = words.map(|(w, lookup)| self.share(w, lookup)).collect();
            query.relax(&shares);
            query.weigh(&shares);
        }
        let scopes = self.view().items.admitted(platform);
        let narrowed = self
            .previous
            .take()
            .filter(|prev| prev.platform.as_deref() == platform && query.narrows(&prev.query));
        let every;
        let candidates: &[usize] = match &narrowed {
            Some(prev) => &prev.matched,
            None => {
                every = self.every(platform, &scopes);
                &every
            }
        };
        let (mut scored, matched, count, partial) = if query.is_empty() {
            let scored = candidates.iter().map(|&i| (0, i)).collect();
            let count = candidates.len();
            (scored, candidates.to_vec(), count, false)
        } else {
            let view = self.view();
            let nears: Vec<Option<&Near>> = lookups.iter().map(|l| l.near.as_deref()).collect();
            let scores = view.relevance.score(&query, &nears, &view.vocabulary);
            // A word no item has ("windoes") names a platform its nearest
            // words name.
            let names = |platform: &str| {
                let mut words = query.words.iter().zip(&lookups).filter(|(w, _)| w.meaning);
                words.any(|(w, lookup)| {
                    let named = |word: &str| view.relevance.same_word(word, platform);
                    let mut nearest = lookup.near.iter().flat_map(|near| near.nearest());
                    named(&w.bare)
                        || lookup.exact.is_none()
                            && nearest.any(|id| named(view.vocabulary.word(id)))
                })
            };
            let rare = query
                .words
                .iter()
                .filter(|w| w.meaning && view.relevance.share(&w.bare) < RARE);
            let rank = Rank {
                scores: &scores,
                query: &query,
                key: format!(" {} ", query.key()),
                rare: rare.map(|w| w.text.as_str()).collect(),
                leaning: view.items.leaning(names),
            };
            let (mut scored, matched) =
                self.score(candidates, &query, &lookups, limit, &rank, &stop);
            if stop.stopped() {
                return None;
            }
            let mut whole = Bits::new(self.len());
            matched.iter().for_each(|&i| whole.insert(i));
            let some: Vec<(i64, usize)> = scores
                .items
                .iter()
                .map(|&i| i as usize)
                .filter(|&i| {
                    view.items.admits(&scopes, i) && !whole.contains(i) && scores.of(i) > 0.0
                })
                .map(|i| (rank.total(&view.items.hay(i), None), i))
                .collect();
            let count = matched.len() + some.len();
            let partial = matched.is_empty() && !some.is_empty();
            scored.extend(some);
            (scored, matched, count, partial)
        };
        best_first(&mut scored, limit);
        let scattered = (!matched.is_empty() && !partial)
            .then(|| scattered(&query, &lookups))
            .flatten();
        self.previous = Some(Previous {
            query: query.clone(),
            platform: platform.map(str::to_string),
            matched,
        });
        Some(Results {
            hits: scored
                .into_iter()
                .map(|(score, entry)| Hit {
                    entry,
                    score,
                    positions: Vec::new(),
                })
                .collect(),
            matched: count,
            partial,
            scattered,
            found: Arc::new(Found { query, lookups }),
        })
    }

    /// The share of items that hold the word `w`: its stem's, or for a
    /// word no item holds, that of the most common word it may be a
    /// misspelling of (`iclod` is as common as `icloud`).
    fn share(&self, w: &query::Word, lookup: &Lookup) -> f32 {
        let view = self.view();
        let own = view.relevance.share(&w.bare);
        if own > 0.0 {
            return own;
        }
        let near = lookup.near.iter().flat_map(|near| near.iter());
        near.map(|(id, _)| view.relevance.share(view.vocabulary.word(id)))
            .fold(0.0, f32::max)
    }

    /// The char indices of entry `i`'s title that the query of `results`
    /// matched (see `Hit::positions`).
    pub fn positions(&self, results: &Results, i: usize) -> Vec<usize> {
        let view = self.view();
        if i >= view.items.len() {
            return Vec::new();
        }
        let found = &results.found;
        score::positions(
            &view.vocabulary,
            &view.items.hay(i),
            &found.query,
            &found.lookups,
        )
    }

    /// `(score, index)` of matching candidates, among them the `limit`
    /// best; and the indices of all the matches, in candidate order.
    ///
    /// Skim scores cost far more than finding whether and where an item
    /// matches, so when there are more matches than `limit`, each match
    /// first gets an upper bound of its score, and exact scores are found
    /// best bound first, only while a bound reaches the `limit`-th best
    /// exact score so far: an item below that cannot be among the best.
    fn score(
        &self,
        candidates: &[usize],
        query: &Query,
        lookups: &[Lookup],
        limit: usize,
        rank: &Rank<'_>,
        stop: &Stop<'_>,
    ) -> (Vec<(i64, usize)>, Vec<usize>) {
        let key = query.key();
        let items = &self.view().items;
        let exact = Skim::Exact;
        let score_all = |skim: Skim, part: &[usize]| -> Vec<(i64, usize)> {
            // Room for every item: only the pages written to are ever
            // touched, and a first keystroke matches most items.
            let mut scored = Vec::with_capacity(part.len());
            for chunk in part.chunks(STOP_EVERY) {
                if stop.now() {
                    break;
                }
                scored.extend(chunk.iter().filter_map(|&i| {
                    let hay = items.hay(i);
                    score::item(skim, &hay, query, &key, lookups)
                        .map(|s| (rank.total(&hay, Some(s)), i))
                }));
            }
            scored
        };
        let indices = |scored: &[(i64, usize)]| scored.iter().map(|&(_, i)| i).collect();
        if candidates.len() <= limit {
            let scored = parallel(candidates, |part| score_all(exact, part));
            let matched = indices(&scored);
            return (scored, matched);
        }
        let first = Skim::first(query);
        let bounds = parallel(candidates, |part| score_all(first, part));
        let matched: Vec<usize> = indices(&bounds);
        if bounds.len() <= limit {
            return (parallel(&matched, |part| score_all(exact, part)), matched);
        }
        if limit == 0 {
            return (Vec::new(), matched);
        }
        // Best bounds first, in batches that double (to `BATCH_MOST`),
        // each made one level finer (`Skim::finer`) down to the score
        // itself; once `limit` scores are known, a bound below the
        // `limit`-th best of them (ties broken by guide order, as in the
        // results) rules its item out, and with it every item below it in
        // the heap.
        let mut heap = Ladder::new(
            bounds
                .into_iter()
                .map(|(bound, item)| Bounded {
                    bound,
                    item: offset(item),
                    level: first,
                })
                .collect(),
            4 * limit,
        );
        let mut scored: Vec<(i64, usize)> = Vec::new();
        let mut bar: Option<(i64, usize)> = None;
        let mut batch = (limit + limit / 2).max(64);
        let passes = |b: &Bounded, bar: Option<(i64, usize)>| {
            let item = b.item as usize;
            bar.is_none_or(|(score, index)| b.bound > score || (b.bound == score && item < index))
        };
        loop {
            let mut best: Vec<Bounded> = Vec::new();
            while best.len() < batch
                && let Some(top) = heap.pop_if(|top| passes(top, bar))
            {
                best.push(top);
            }
            if best.is_empty() {
                break;
            }
            for level in [Skim::Loose, Skim::Coarse, Skim::Bound] {
                let Some(finer) = level.finer() else { continue };
                let these: Vec<usize> = best
                    .iter()
                    .filter(|b| b.level == level)
                    .map(|b| b.item as usize)
                    .collect();
                let found = parallel(&these, |part| score_all(finer, part));
                if finer == exact {
                    scored.extend(found);
                } else {
                    heap.extend(found.into_iter().map(|(bound, item)| Bounded {
                        bound,
                        item: offset(item),
                        level: finer,
                    }));
                }
            }
            if scored.len() >= limit {
                bar = Some(*scored.select_nth_unstable_by(limit - 1, ranking).1);
            }
            batch = batch.saturating_mul(2).min(BATCH_MOST.max(2 * limit));
        }
        (scored, matched)
    }

    /// What the vocabulary knows of each word: its id, and its near
    /// spellings when it has a typo budget (reusing those of the previous
    /// query's words).
    fn lookups(&mut self, query: &Query) -> Vec<Lookup> {
        let (mut kept, mut kept_within, mut kept_memos) = (Vec::new(), Vec::new(), Vec::new());
        let lookups = query
            .words
            .iter()
            .map(|w| {
                let view = self.flat.borrow_dependent();
                let vocabulary = &view.vocabulary;
                let near = (w.budget > 0).then(|| {
                    let same_budget = self.nears.iter().filter(|(_, k, _)| *k == w.budget);
                    let near = reuse(same_budget.map(|(b, _, n)| (b, n)), &w.bare, |shorter| {
                        vocabulary.near_among(&w.bare, w.budget, shorter)
                    });
                    kept.push((w.bare.clone(), w.budget, Arc::clone(&near)));
                    near
                });
                let within = (!w.text.is_empty() && w.text.chars().all(char::is_alphanumeric))
                    .then(|| {
                        let kept = self.withins.iter().map(|(t, set)| (t, set));
                        let within = reuse(kept, &w.text, |shorter| {
                            Within::new(vocabulary, &w.text, shorter)
                        });
                        kept_within.push((w.text.clone(), Arc::clone(&within)));
                        within
                    });
                let holders = within.as_ref().and_then(|within| {
                    let near = near.iter().flat_map(|near| near.iter().map(|(id, _)| id));
                    let words = within.ids().map(offset).chain(near);
                    view.relevance.holders(words).map(Arc::new)
                });
                let memo = self
                    .memos
                    .iter()
                    .find(|(text, _)| *text == w.text)
                    .map_or_else(Arc::default, |(_, memo)| Arc::clone(memo));
                kept_memos.push((w.text.clone(), Arc::clone(&memo)));
                Lookup {
                    near,
                    exact: vocabulary.id(&w.bare),
                    in_body: memchr::memmem::Finder::new(&w.text).into_owned(),
                    within,
                    holders,
                    letters: haystack::letters(&w.text),
                    memo,
                }
            })
            .collect();
        self.nears = kept;
        self.withins = kept_within;
        self.memos = kept_memos;
        lookups
    }
}

/// The set kept for `word` (near spellings, vocabulary words holding it):
/// the one kept for it, else one `build` narrows from the set of the
/// longest kept word it continues (such sets only shrink as a word grows),
/// else one built afresh.
fn reuse<'k, T: 'k>(
    kept: impl Iterator<Item = (&'k String, &'k Arc<T>)> + Clone,
    word: &str,
    build: impl FnOnce(Option<&T>) -> T,
) -> Arc<T> {
    if let Some((_, set)) = kept.clone().find(|(w, _)| *w == word) {
        return Arc::clone(set);
    }
    let shorter = kept
        .filter(|(w, _)| word.starts_with(w.as_str()))
        .max_by_key(|(w, _)| w.len());
    Arc::new(build(shorter.map(|(_, set)| &**set)))
}

impl Index {
    /// Forget the previous query, so that the next search starts afresh.
    pub fn reset(&mut self) {
        self.previous = None;
    }
}

/// An item's bound at some level of `Skim`, in a heap of the best
/// first: the highest bound, and of equal ones the first in the guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bounded {
    bound: i64,
    /// 32 bits, so that a bound takes no more room than the `(score,
    /// item)` it is made from, and the heap is built in its memory.
    item: u32,
    level: Skim,
}

impl Ord for Bounded {
    fn cmp(&self, other: &Bounded) -> std::cmp::Ordering {
        self.bound
            .cmp(&other.bound)
            .then(other.item.cmp(&self.item))
    }
}

impl PartialOrd for Bounded {
    fn partial_cmp(&self, other: &Bounded) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Bounds to take best first, most of which are never asked for: they
/// are heaped a slice at a time, the best slice first, the next only when
/// it may hold a bound above the heap's best. A slice is found in linear
/// time among the best few of the rest (`warm`), which are set apart from
/// the others, also in linear time, only when they run out: most of the
/// bounds are passed over once or twice, not once a slice.
struct Ladder {
    heap: BinaryHeap<Bounded>,
    /// The bounds not heaped yet, each below `ceiling`; those from `warm`
    /// on are each at least any before it.
    rest: Vec<Bounded>,
    warm: usize,
    ceiling: Option<Bounded>,
    /// How many bounds the next slice takes: twice the last.
    slice: usize,
}

/// How many slices of the current size are set apart at once.
const WARM_SLICES: usize = 64;

impl Ladder {
    fn new(rest: Vec<Bounded>, slice: usize) -> Ladder {
        Ladder {
            heap: BinaryHeap::new(),
            warm: rest.len(),
            rest,
            ceiling: None,
            slice: slice.max(1),
        }
    }

    fn extend(&mut self, bounds: impl IntoIterator<Item = Bounded>) {
        self.heap.extend(bounds);
    }

    /// The best bound, taken out if it passes `keep`.
    fn pop_if(&mut self, keep: impl Fn(&Bounded) -> bool) -> Option<Bounded> {
        while !self.rest.is_empty()
            && self
                .heap
                .peek()
                .is_none_or(|top| self.ceiling.is_none_or(|ceiling| *top < ceiling))
        {
            self.heap_next_slice();
        }
        let top = self.heap.peek_mut()?;
        keep(&top).then(|| std::collections::binary_heap::PeekMut::pop(top))
    }

    /// Moves the best `slice` bounds of the rest into the heap.
    fn heap_next_slice(&mut self) {
        let n = self.rest.len();
        let take = self.slice.min(n);
        if n - self.warm < take {
            // Too few set apart: set apart the best of the others.
            let more = self.slice.saturating_mul(WARM_SLICES).min(self.warm);
            let cold = &mut self.rest[..self.warm];
            if more < cold.len() {
                cold.select_nth_unstable(cold.len() - more);
            }
            self.warm -= more;
        }
        let warm = &mut self.rest[self.warm..];
        if take < warm.len() {
            warm.select_nth_unstable(warm.len() - take);
        }
        // The least of the slice: every bound left is below it.
        self.ceiling = Some(self.rest[n - take]);
        self.heap.extend(self.rest.drain(n - take..));
        self.slice = self.slice.saturating_mul(2);
    }
}

/// Batches of bounds to refine double up to this many (or twice the
/// limit): a larger batch refines more items before the bar rises, most of
/// them for nothing.
const BATCH_MOST: usize = 2048;

/// How many items are scored between two looks at whether to stop.
const STOP_EVERY: usize = 4096;

/// Whether to give a search up: asked of the caller, and remembered once
/// it said yes, so that every thread stops and the search says so.
struct Stop<'s> {
    asked: &'s (dyn Fn() -> bool + Sync),
    stopped: AtomicBool,
}

impl Stop<'_> {
    fn now(&self) -> bool {
        if self.stopped.load(Ordering::Relaxed) {
            return true;
        }
        let stop = (self.asked)();
        if stop {
            self.stopped.store(true, Ordering::Relaxed);
        }
        stop
    }

    fn stopped(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
    }
}

/// How the relevance of an item and its fuzzy title score add up.
struct Rank<'r> {
    scores: &'r Scores,
    query: &'r Query,
    /// The query's status-message key, a space either side.
    key: String,
    /// The query's words that few items hold (see `RARE`), as typed.
    rare: Vec<&'r str>,
    /// By scope, whether its items are for a platform the query names
    /// (see `Haystacks::leaning`); empty when it names none.
    leaning: Vec<i64>,
}

/// Relevance is scaled by this before it is added to the fuzzy score.
const RELEVANCE: f32 = 100.0;
/// For an item that holds every meaning-bearing word of a longer query.
const EVERY_WORD: i64 = 300;
/// For an item that holds every word and has them in its title as typed
/// or begun (class 3 of `score`), or in its body (class 2).
const IN_TITLE: i64 = 600;
const IN_BODY: i64 = 200;
/// For a status message whose text the query holds.
const NAMED: i64 = 600;
/// For a title that holds the whole query as typed.
const PHRASE: i64 = 2000;
/// For each of the item's own search words of more than one word that
/// the query holds as said (`hotel wifi`, `taking forever`).
const SAID: i64 = 150;
/// A word held by less than this share of the items is rare: a phrase
/// counts as said only with a rare word in it (`not syncing` is in
/// almost every problem told).
const RARE: f32 = 0.1;
/// For a query that reads as a problem: by kind, what a person notices
/// first; and how far a normal activity falls when the query negates.
const NOTICED: i64 = 1500;
const NOT_A_PROBLEM: i64 = 1500;
/// For a few words typed as into titles: how much the kind of item counts
/// (per step of `prior`), against skim's ~16 points a matched character.
const KIND: i64 = 12;
/// For an item of a platform the query names (`photos not showing on
/// pc`), and against one only for others.
const NAMED_PLATFORM: i64 = 400;
/// The fuzzy score is divided by this: it orders items that are about as
/// relevant, as when a word is still being typed.
const FUZZY: i64 = 4;

/// How a query holds the whole text of a status message (see
/// `Rank::status_said`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Said {
    Named,
    /// Only with a negation right before it.
    Negated,
}

impl Rank<'_> {
    /// How much the item's kind counts: what a person notices first, and
    /// for a question, the notes that answer it as much.
    fn prior(&self, hay: &haystack::Hay<'_>) -> i64 {
        if self.query.question && hay.kind() == Kind::Note {
            return 6;
        }
        hay.prior()
    }

    /// The score of the item `hay` is of, given its fuzzy score when every
    /// required word matched. Rises with the fuzzy score for a given
    /// class, so that its bound bounds the total.
    fn total(&self, hay: &haystack::Hay<'_>, fuzzy: Option<i64>) -> i64 {
        self.by_words(hay, fuzzy) + self.by_platform(hay)
    }

    /// What the platforms the query names make of the item (see
    /// `Haystacks::leaning`).
    fn by_platform(&self, hay: &haystack::Hay<'_>) -> i64 {
        if self.leaning.is_empty() {
            return 0;
        }
        NAMED_PLATFORM * self.leaning.get(hay.scope()).copied().unwrap_or(0)
    }

    /// Whether `hay` is a status message whose whole text the query names
    /// (`why does it say waiting to upload`, `upload paused`): what the
    /// person is looking at. Not when the query negates it: `not
    /// uploading` is no sign of Uploading.
    fn names(&self, hay: &haystack::Hay<'_>) -> bool {
        self.status_said(hay) == Some(Said::Named)
    }

    /// How the query holds the whole text of the status message `hay`:
    /// named at least once with no negation right before it, or only
    /// negated (`shared album not updating`, `stopped uploading`: the
    /// person sees that it is not happening, so it is not the message on
    /// their screen). None when it does not hold it, or `hay` is no
    /// status message.
    fn status_said(&self, hay: &haystack::Hay<'_>) -> Option<Said> {
        let key = match hay.kind() {
            Kind::Status => hay.status_key().filter(|k| !k.is_empty())?,
            _ => return None,
        };
        let mut said = None;
        for at in self.said_at(key) {
            let before = self.key[..at].split(' ').rev().nth(1);
            if !before.is_some_and(query::is_negation) {
                return Some(Said::Named);
            }
            said = Some(Said::Negated);
        }
        said
    }

    /// Where the query holds `words` (a key: words, one space between),
    /// as whole words, together and in order.
    fn said_at<'k>(&'k self, words: &'k str) -> impl Iterator<Item = usize> + 'k {
        self.key
            .match_indices(words)
            .map(|(at, _)| at)
            .filter(|&at| {
                self.key[..at].ends_with(' ') && self.key[at + words.len()..].starts_with(' ')
            })
    }

    /// How many of the item's own phrases (see `Hay::phrases`) the query
    /// holds, words together and in order.
    fn said(&self, hay: &haystack::Hay<'_>) -> i64 {
        if self.rare.is_empty() {
            return 0;
        }
        let held = hay.phrases().filter(|phrase| {
            phrase.split(' ').any(|w| self.rare.contains(&w))
                && self.said_at(phrase).next().is_some()
        });
        held.count() as i64
    }

    /// `total` without `by_platform`: what the query's words make of the
    /// item.
    fn by_words(&self, hay: &haystack::Hay<'_>, fuzzy: Option<i64>) -> i64 {
        let fuzzy = fuzzy.map(score::split);
        if let Some((class, within)) = fuzzy {
            if class == score::EXACT_STATUS {
                return 1000 * score::CLASS + within;
            }
            if !self.query.problem {
                // A few words, not a problem told: as typed into titles,
                // by the fuzzy score, above items that hold only some of
                // the words; near ties go to what a person notices, and
                // a status message the query names (of one word, that is
                // the exact status above: not asked again of every item).
                let named = self.query.words.len() > 1 && self.names(hay);
                // A status message named ranks as though every word were
                // in its title, when every word is in the item: the other
                // words say where it shows (`upload paused`).
                let class = match named {
                    true if class >= 2 => class.max(3),
                    _ => class,
                };
                let named = if named { NAMED } else { 0 };
                return class * score::CLASS + within + KIND * self.prior(hay) + named;
            }
        }
        let i = hay.index();
        let scores = self.scores;
        let covers = scores.covers(i) || scores.meaning == 0;
        let mut total = (scores.of(i) * RELEVANCE) as i64;
        if covers && scores.meaning >= 2 {
            total += EVERY_WORD;
        }
        if let Some((class, within)) = fuzzy {
            if covers {
                total += match class {
                    3 => IN_TITLE,
                    2 => IN_BODY,
                    _ => 0,
                };
            }
            total += within / FUZZY;
            // A title that holds the whole query, words together and in
            // order, is what was typed (`Low Power Mode`, `View > Show
            // Status Bar`), even when it reads as a problem.
            if self.query.words.len() >= 3 && hay.title.contains(&self.query.phrase) {
                total += PHRASE;
            }
        }
        total += SAID * self.said(hay);
        if self.query.problem {
            total += NOTICED * self.prior(hay) / 6;
        }
        match self.status_said(hay) {
            Some(Said::Named) => total += NAMED,
            Some(Said::Negated) => total -= NAMED,
            None => {}
        }
        // Normal activity is no answer to a problem told in words, and
        // never to one negated.
        if hay.normal() {
            total -= match (self.query.negated, self.query.problem) {
                (true, _) => NOT_A_PROBLEM,
                (false, true) => NOT_A_PROBLEM / 3,
                (false, false) => 0,
            };
        }
        total
    }
}

/// A required word of `query` that no word of the guide holds in order,
/// as typed or as a near spelling: it can match a title only with its
/// letters spread over several words (`Tier::TitleSpread`).
fn scattered(query: &Query, lookups: &[Lookup]) -> Option<String> {
    let words = query.words.iter().zip(lookups);
    let (word, _) = words.filter(|(w, _)| !w.optional).find(|(_, lookup)| {
        let near = lookup
            .near
            .as_ref()
            .is_some_and(|n| n.iter().next().is_some());
        let within = lookup
            .within
            .as_ref()
            .is_none_or(|w| w.ids().next().is_some());
        lookup.exact.is_none() && !near && !within
    })?;
    Some(word.text.clone())
}

/// How many threads work that can be split is split over: the cores
/// available, at most 8.
pub(crate) fn threads() -> usize {
    // Asking reads files under /proc and /sys: once is enough.
    static THREADS: OnceLock<usize> = OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(8)))
}

/// `work` over `items`, split over the available cores when there are
/// many; results in item order.
fn parallel<T: Send>(items: &[usize], work: impl Fn(&[usize]) -> Vec<T> + Sync) -> Vec<T> {
    if items.len() < PARALLEL_ABOVE {
        return work(items);
    }
    let threads = threads();
    if threads < 2 {
        return work(items);
    }
    let chunk = items.len().div_ceil(threads);
    let work = &work;
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .skip(1)
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        let mut all = work(&items[..chunk]);
        for worker in workers {
            match worker.join() {
                Ok(part) => all.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    })
}

/// The order of results: best score first, ties in guide order.
fn ranking(a: &(i64, usize), b: &(i64, usize)) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then(a.1.cmp(&b.1))
}

/// Keep the `limit` best of `scored`, sorted best first; ties in
/// knowledge-base order.
fn best_first(scored: &mut Vec<(i64, usize)>, limit: usize) {
    let order = ranking;
    if limit < scored.len() {
        if limit > 0 {
            scored.select_nth_unstable_by(limit - 1, order);
        }
        scored.truncate(limit);
    }
    scored.sort_unstable_by(order);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb;
    use proptest::prelude::*;

    proptest! {
        /// A ladder gives its bounds best first, as one heap of them all
        /// would, with bounds pushed back lower as they are refined; with
        /// up to 3000 bounds, the best set apart (`WARM_SLICES`) run out
        /// and more are set apart.
        #[test]
        fn a_ladder_pops_as_one_heap_would(
            bounds in prop::collection::vec(0i64..50, 0..3000),
            slice in 1usize..40,
            lower in prop::collection::vec(0i64..20, 0..3000),
        ) {
            // One bound an item, as in a search.
            let all: Vec<Bounded> = (0..).zip(bounds)
                .map(|(item, bound)| Bounded { bound, item, level: Skim::Coarse })
                .collect();
            let mut ladder = Ladder::new(all.clone(), slice);
            let mut heap: BinaryHeap<Bounded> = all.into_iter().collect();
            let mut lower = lower.into_iter();
            while let Some(expected) = heap.pop() {
                let got = ladder.pop_if(|_| true);
                prop_assert_eq!(got, Some(expected));
                if let Some(by) = lower.next().filter(|&by| by > 0) {
                    let refined = Bounded { bound: expected.bound - by, level: Skim::Bound, ..expected };
                    heap.push(refined);
                    ladder.extend([refined]);
                }
            }
            prop_assert_eq!(ladder.pop_if(|_| true), None);
        }
    }

    /// The score of the item `id` for `query` in `kb`, if it is a hit.
    fn score_of(kb: &KnowledgeBase, query: &str, id: &str) -> Option<i64> {
        let mut index = Index::new(kb);
        let hits = index.search(query, None, usize::MAX).hits;
        hits.iter()
            .find(|hit| index.entry(hit.entry).id == id)
            .map(|hit| hit.score)
    }

    /// `kb` with the search words of symptom `id` changed by `change`.
    fn with_words(
        kb: &KnowledgeBase,
        id: &str,
        change: impl Fn(&mut Vec<String>),
    ) -> KnowledgeBase {
        let mut kb = kb.clone();
        let symptom = kb.symptoms.iter_mut().find(|s| s.id == id);
        change(&mut symptom.expect("the symptom is in the guide").words);
        kb
    }

    /// An item's own search words are in its body too, and a word counts
    /// toward an item's length once: search words that say again what
    /// its text says do not make it longer, so a word of its title weighs
    /// as much with them.
    #[test]
    fn search_words_from_an_items_text_do_not_lower_it() {
        let guide = kb::load(None).expect("the built-in guide loads").0;
        let again = with_words(&guide, "blocked-network", |words| {
            words.extend(["stable", "testing", "profiles", "switch"].map(String::from));
        });
        let query = "transfers keep failing on the hotspot";
        let before = score_of(&guide, query, "blocked-network");
        assert!(before.is_some());
        assert_eq!(score_of(&again, query, "blocked-network"), before);
    }

    /// A status message whose whole text the query says only negated is
    /// not the message on the person's screen: it falls as far as naming
    /// it would raise it, below the symptom the other words describe.
    #[test]
    fn a_status_the_query_negates_is_not_the_one_seen() {
        let guide = kb::load(None).expect("the built-in guide loads").0;
        let mut index = Index::new(&guide);
        let mut first = |query: &str| -> Option<String> {
            let hits = index.search(query, None, 3).hits;
            let hit = hits.first()?;
            Some(index.entry(hit.entry).id.to_string())
        };
        for query in [
            "shared album not updating",
            "shared albums stop updating",
            "shared album stopped updating",
        ] {
            assert_eq!(
                first(query).as_deref(),
                Some("shared-album-items-missing"),
                "{query}"
            );
        }
        let said = score_of(&guide, "shared album updating", "status-updating");
        let negated = score_of(&guide, "shared album isnt updating", "status-updating");
        assert!(
            said.zip(negated).is_some_and(|(s, n)| s - n >= 2 * NAMED),
            "{said:?} {negated:?}"
        );
    }

    /// A platform's name typed with a slip (`windoes`) names the platform
    /// as the name itself does: items for other platforms only lose as
    /// much, and no more than a word they lack costs them.
    #[test]
    fn a_platform_named_with_a_slip_is_named() {
        let guide = kb::load(None).expect("the built-in guide loads").0;
        let mac_only = "photo-missing-on-mac";
        let named = score_of(&guide, "windows photos missing", mac_only);
        assert!(named.is_some());
        assert_eq!(score_of(&guide, "windoes photos missing", mac_only), named);
        let unnamed = score_of(&guide, "wxyzoes photos missing", mac_only);
        assert_eq!(unnamed.zip(named).map(|(u, n)| u - n), Some(NAMED_PLATFORM));
    }

    /// An item's search words of more than one word count once more
    /// when the query says them as one, words together and in order, and
    /// one of them is rare: `hotel wifi`, but not `not syncing`, which
    /// nearly every problem told holds.
    #[test]
    fn a_phrase_of_an_item_said_as_one_counts_once_more() {
        let guide = kb::load(None).expect("the built-in guide loads").0;
        let split = |phrase: &'static str| {
            move |words: &mut Vec<String>| {
                let at = words
                    .iter()
                    .position(|w| w == phrase)
                    .expect("the phrase is there");
                let parts: Vec<String> = phrase.split(' ').map(str::to_string).collect();
                words.splice(at..=at, parts);
            }
        };
        let query = "phone looks connected to hotel wifi but photos never upload";
        let said = score_of(&guide, query, "blocked-network").expect("a hit");
        let apart = with_words(&guide, "blocked-network", split("hotel wifi"));
        assert_eq!(
            score_of(&apart, query, "blocked-network"),
            Some(said - SAID)
        );
        // Apart in the query, the phrase is not said.
        let scattered = "photos never upload on wifi in the hotel";
        assert_eq!(
            score_of(&guide, scattered, "blocked-network"),
            score_of(&apart, scattered, "blocked-network")
        );
        let common = "icloud photos not syncing";
        let apart = with_words(&guide, "nothing-syncs-anywhere", split("not syncing"));
        assert_eq!(
            score_of(&apart, common, "nothing-syncs-anywhere"),
            score_of(&guide, common, "nothing-syncs-anywhere")
        );
    }

    /// The items a query's relevance lists are each item that holds one
    /// of its words, once: the items that match only some words are found
    /// from that list alone.
    #[test]
    fn relevance_lists_each_item_holding_a_word_once() {
        let guide = kb::load(None).expect("the built-in guide loads").0;
        let index = Index::new(&guide);
        let view = index.view();
        for text in [
            "photos",
            "waiting to upload",
            "icloud photos stuck on updating",
            "iphone storage full optimize",
            "zzqx",
        ] {
            let query = Query::parse(text);
            let nears = vec![None; query.words.len()];
            let scores = view.relevance.score(&query, &nears, &view.vocabulary);
            let mut listed = scores.items.clone();
            listed.sort_unstable();
            let holding: Vec<u32> = (0..index.len())
                .filter(|&i| scores.held.get(i).is_some_and(|&h| h > 0))
                .map(|i| i as u32)
                .collect();
            assert_eq!(listed, holding, "{text}");
            assert_eq!(scores.items.len(), holding.len(), "{text}: listed twice");
            assert!(
                (0..index.len()).all(|i| scores.of(i) == 0.0 || holding.contains(&(i as u32))),
                "{text}"
            );
            assert_eq!(holding.is_empty(), text == "zzqx", "{text}");
        }
    }

    /// Scores and lit letters kept for a word while the next is typed
    /// are those a search of the whole query from scratch finds.
    #[test]
    fn what_is_kept_for_a_word_is_what_a_new_search_finds() {
        let guide = kb::load(None).expect("the built-in guide loads").0;
        let mut typed = Index::new(&guide);
        for query in [
            "icloud photos",
            "stuck upload",
            "library mac",
            "wating uplod",
        ] {
            typed.reset();
            for end in 1..=query.len() {
                let results = typed.rank(&query[..end], None, 200);
                let mut fresh = Index::new(&guide);
                let expected = fresh.rank(&query[..end], None, 200);
                assert_eq!(results.hits, expected.hits, "{:?}", &query[..end]);
                for hit in &results.hits {
                    assert_eq!(
                        typed.positions(&results, hit.entry),
                        fresh.positions(&expected, hit.entry),
                        "{:?}, item {}",
                        &query[..end],
                        hit.entry
                    );
                }
            }
        }
    }

    /// Every word of the shipped guide's titles and bodies, its first
    /// letters, and it with a letter left out or doubled: for each, every
    /// item scores the same whether the word's holders are known or not.
    #[test]
    fn holders_never_change_a_score() {
        let guide = kb::load(None).expect("the built-in guide loads").0;
        let (listed, left_out, words) = holders_keep_scores(&guide);
        assert!(listed > words / 2, "{listed} of {words} words listed");
        assert!(
            left_out > listed * Index::new(&guide).len() / 2,
            "{left_out} items left out"
        );
    }

    /// The same in bodies of hyphens, apostrophes, slashes, accents and
    /// digits, where a word typed can sit inside a longer body word.
    #[test]
    fn holders_never_change_a_score_in_punctuated_text() {
        let text = include_str!("../tests/fixtures/valid.ron")
            .replace(
                "Plug in and wait.",
                "Re-upload iCloud's Wi\u{2011}Fi/Bluetooth items (café, naïve, Ａ) on 2000GB; re-sign-in.",
            )
            .replace("Check the account.", "Check the e-mail account's 2FA/passcode.");
        let tricky = kb::parse("tricky.ron", text.as_bytes()).expect("the fixture stays valid");
        let (listed, left_out, _) = holders_keep_scores(&tricky);
        assert!(
            listed > 10 && left_out > 10,
            "{listed} words listed, {left_out} left out"
        );
    }

    /// For every word of `kb` and its variants, checks each item's score
    /// with and without holders; how many words had holders, how many
    /// items they left out, and how many words were tried.
    fn holders_keep_scores(kb: &KnowledgeBase) -> (usize, usize, usize) {
        let mut index = Index::new(kb);
        let n = index.len();
        let texts: Vec<String> = (0..n)
            .map(|i| {
                let hay = index.view().items.hay(i);
                format!("{} {}", hay.title, hay.body())
            })
            .collect();
        let mut words: Vec<String> = texts
            .iter()
            .flat_map(|t| {
                // Words as the index keeps them, and the runs of letters
                // and digits between punctuation (`upload` in `re-upload`).
                let runs = t.split(|c: char| !c.is_alphanumeric()).map(str::to_string);
                query::words(t)
                    .map(query::bare)
                    .chain(runs)
                    .collect::<Vec<_>>()
            })
            .flat_map(|w| {
                let chars: Vec<char> = w.chars().collect();
                let cut = |k: usize| chars.iter().take(k).collect::<String>();
                let without = |k: usize| {
                    let mut c = chars.clone();
                    c.remove(k);
                    c.into_iter().collect::<String>()
                };
                let doubled = |k: usize| {
                    let mut c = chars.clone();
                    c.insert(k, chars[k]);
                    c.into_iter().collect::<String>()
                };
                let mid = chars.len() / 2;
                let mut forms = vec![w.clone()];
                if chars.len() > 2 {
                    forms.extend([cut(3), cut(chars.len() - 1), without(mid), doubled(mid)]);
                }
                forms
            })
            .filter(|w| !w.is_empty())
            .collect();
        words.sort();
        words.dedup();
        let (mut listed, mut left_out) = (0, 0);
        for word in &words {
            let query = Query::parse(word);
            let lookups = index.lookups(&query);
            if lookups.iter().all(|l| l.holders.is_none()) {
                continue;
            }
            listed += 1;
            let unlisted: Vec<Lookup> = lookups
                .iter()
                .cloned()
                .map(|l| Lookup { holders: None, ..l })
                .collect();
            let key = query.key();
            let items = &index.view().items;
            for i in 0..n {
                let hay = items.hay(i);
                if lookups[0].holders.as_ref().is_some_and(|h| !h.contains(i)) {
                    left_out += 1;
                }
                // Holders decide where a word matches, at any level of skim.
                assert_eq!(
                    score::item(Skim::Coarse, &hay, &query, &key, &lookups),
                    score::item(Skim::Coarse, &hay, &query, &key, &unlisted),
                    "{word:?} in item {i} ({:?})",
                    hay.title
                );
            }
        }
        (listed, left_out, words.len())
    }
}
