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
mod score;
mod store;
mod typo;

use std::sync::{Arc, OnceLock};

use fuzzy_matcher::skim::SkimMatcherV2;
use self_cell::self_cell;
use serde::Serialize;

use crate::kb::{Kind, KnowledgeBase};
use haystack::Haystacks;
use query::Query;
use score::{Lookup, Skim};
pub use store::Bytes;
use store::{Reader, Writer};
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
}

impl<'a> View<'a> {
    fn read(bytes: &'a [u8]) -> Option<View<'a>> {
        let mut reader = Reader::new(bytes)?;
        let view = View {
            vocabulary: Vocabulary::read(&mut reader)?,
            items: Haystacks::read(&mut reader)?,
        };
        reader.done().then_some(view)
    }
}

self_cell!(
    /// The flat index's bytes, and what they hold.
    struct Flat {
        owner: Bytes,
        #[covariant]
        dependent: View,
    }
);

/// Candidate sets at least this large are scored on several threads.
const PARALLEL_ABOVE: usize = 8192;

/// The items the previous query matched, kept to narrow the next one.
struct Previous {
    query: Query,
    lookups: Vec<Lookup>,
    platform: Option<String>,
    matched: Vec<usize>,
    /// How many items had all of the query's words but one, when none had
    /// them all and those are the hits instead (see `all_but_one`).
    partial: Option<usize>,
}

pub struct Index {
    flat: Flat,
    matcher: SkimMatcherV2,
    previous: Option<Previous>,
    /// Near spellings of recent query words, by bare word and budget; a
    /// word's continuation looks only among its near words.
    nears: Vec<(String, u8, Arc<Near>)>,
}

impl Index {
    pub fn new(kb: &KnowledgeBase) -> Self {
        let mut writer = Writer::default();
        haystack::write(kb, &mut writer);
        Index::from_bytes(writer.finish())
            .unwrap_or_else(|| unreachable!("an index just built reads back"))
    }

    /// An index from the bytes of `as_bytes`, built here or mapped from a
    /// file; None when they are not one.
    pub fn from_bytes(bytes: Bytes) -> Option<Index> {
        let flat = Flat::try_new(bytes, |bytes| View::read(bytes.as_slice()).ok_or(())).ok()?;
        Some(Index {
            flat,
            matcher: score::matcher(),
            previous: None,
            nears: Vec::new(),
        })
    }

    /// The index as bytes, for `from_bytes` to read back (the cache keeps
    /// it beside the knowledge base it was built from).
    pub fn as_bytes(&self) -> &[u8] {
        self.flat.borrow_owner().as_slice()
    }

    fn view(&self) -> &View<'_> {
        self.flat.borrow_dependent()
    }

    /// The entry a hit refers to. Panics if `i` is not an index from a hit
    /// of this index.
    pub fn entry(&self, i: usize) -> Entry<'_> {
        self.get(i)
            .unwrap_or_else(|| panic!("entry {i} of an index of {}", self.len()))
    }

    pub fn get(&self, i: usize) -> Option<Entry<'_>> {
        self.view().items.entry(i)
    }

    pub fn len(&self) -> usize {
        self.view().items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The items for `platform` (None = all), in knowledge-base order.
    fn in_scope(&self, platform: Option<&str>) -> Vec<usize> {
        let items = &self.view().items;
        let admitted = items.admitted(platform);
        (0..items.len())
            .filter(|&i| admitted.get(items.scope(i)).copied().unwrap_or(false))
            .collect()
    }

    /// Ranked hits for `query` on `platform` (None = all), best first, at
    /// most `limit`. An empty query lists every item in knowledge-base order.
    ///
    /// When the query only adds to the previous one (see the narrowing rule
    /// on `Query::narrows`), only the items the previous query matched are
    /// searched; the results are the same as searching from scratch.
    pub fn search(&mut self, query: &str, platform: Option<&str>, limit: usize) -> Vec<Hit> {
        let mut hits = self.rank(query, platform, limit);
        for hit in &mut hits {
            hit.positions = self.positions(hit.entry);
        }
        hits
    }

    /// Like `search`, but without match positions, which cost more to find
    /// than the rank: get them from `positions` for the hits shown.
    pub fn rank(&mut self, query: &str, platform: Option<&str>, limit: usize) -> Vec<Hit> {
        let query = Query::parse(query);
        let narrowed = self
            .previous
            .take()
            .filter(|prev| prev.platform.as_deref() == platform && query.narrows(&prev.query));
        let candidates = match narrowed {
            Some(prev) => prev.matched,
            None => self.in_scope(platform),
        };
        let lookups = self.lookups(&query);
        let (mut scored, matched) = if query.is_empty() {
            let scored = candidates.iter().map(|&i| (0, i)).collect();
            (scored, candidates)
        } else {
            self.score(&candidates, &query, &lookups, limit)
        };
        let mut partial = None;
        if matched.is_empty()
            && let Some((near_misses, count)) = self.all_but_one(&query, &lookups, platform, limit)
        {
            scored = near_misses;
            partial = Some(count);
        }
        best_first(&mut scored, limit);
        self.previous = Some(Previous {
            query,
            lookups,
            platform: platform.map(str::to_string),
            matched,
            partial,
        });
        scored
            .into_iter()
            .map(|(score, entry)| Hit {
                entry,
                score,
                positions: Vec::new(),
            })
            .collect()
    }

    /// How many items the last query matched, before its limit.
    pub fn matched(&self) -> usize {
        self.previous
            .as_ref()
            .map_or(0, |p| p.partial.unwrap_or(p.matched.len()))
    }

    /// Whether the last query's hits each lack one of its words, because
    /// no item had them all.
    pub fn partial(&self) -> bool {
        self.previous.as_ref().is_some_and(|p| p.partial.is_some())
    }

    /// When no item has every word of a query, the items that have all its
    /// words but one, scored as if that word were optional (`thumbnails
    /// not showing on windows` finds "Thumbnails don't appear on Windows"),
    /// with how many there are. Only for three or more required words: with
    /// two, dropping one would list everything that has the other.
    fn all_but_one(
        &self,
        query: &Query,
        lookups: &[Lookup],
        platform: Option<&str>,
        limit: usize,
    ) -> Option<(Vec<(i64, usize)>, usize)> {
        let required: Vec<usize> = (0..query.words.len())
            .filter(|&k| !query.words[k].optional)
            .collect();
        if required.len() < 3 {
            return None;
        }
        let candidates = self.in_scope(platform);
        let mut best: foldhash::HashMap<usize, i64> = foldhash::HashMap::default();
        let mut seen = vec![false; self.len()];
        for k in required {
            let mut without = query.clone();
            without.words[k].optional = true;
            let (scored, matched) = self.score(&candidates, &without, lookups, limit);
            matched.into_iter().for_each(|i| seen[i] = true);
            for (score, i) in scored {
                let kept = best.entry(i).or_insert(score);
                *kept = (*kept).max(score);
            }
        }
        let count = seen.iter().filter(|&&s| s).count();
        (count > 0).then(|| (best.into_iter().map(|(i, s)| (s, i)).collect(), count))
    }

    /// The char indices of entry `i`'s title that the last query matched
    /// (see `Hit::positions`); empty before any search.
    pub fn positions(&self, i: usize) -> Vec<usize> {
        let view = self.view();
        match &self.previous {
            Some(prev) if i < view.items.len() => score::positions(
                &self.matcher,
                &view.vocabulary,
                &view.items.hay(i),
                &prev.query,
                &prev.lookups,
            ),
            _ => Vec::new(),
        }
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
    ) -> (Vec<(i64, usize)>, Vec<usize>) {
        let key = query.key();
        let items = &self.view().items;
        let exact = Skim::Exact;
        let score_all = |skim: Skim, part: &[usize]| -> Vec<(i64, usize)> {
            part.iter()
                .filter_map(|&i| {
                    score::item(skim, &items.hay(i), query, &key, lookups).map(|s| (s, i))
                })
                .collect()
        };
        let indices = |scored: &[(i64, usize)]| scored.iter().map(|&(_, i)| i).collect();
        if candidates.len() <= limit {
            let scored = parallel(candidates, |part| score_all(exact, part));
            let matched = indices(&scored);
            return (scored, matched);
        }
        let mut bounds = parallel(candidates, |part| score_all(Skim::Bound, part));
        let matched: Vec<usize> = indices(&bounds);
        if bounds.len() <= limit {
            return (parallel(&matched, |part| score_all(exact, part)), matched);
        }
        if limit == 0 {
            return (Vec::new(), matched);
        }
        // Best bounds first, in batches that double; after each, the
        // `limit`-th best exact score so far rules out every lower bound.
        let by_bound = |a: &(i64, usize), b: &(i64, usize)| b.0.cmp(&a.0);
        let mut scored: Vec<(i64, usize)> = Vec::new();
        let mut batch = (limit + limit / 2).max(64);
        while !bounds.is_empty() {
            if bounds.len() > batch {
                bounds.select_nth_unstable_by(batch - 1, by_bound);
            }
            let rest = bounds.split_off(batch.min(bounds.len()));
            let best: Vec<usize> = bounds.iter().map(|&(_, i)| i).collect();
            scored.extend(parallel(&best, |part| score_all(exact, part)));
            bounds = rest;
            if scored.len() >= limit {
                // The `limit`-th best so far, ties broken by guide order as
                // in the results: an item can only pass it with a higher
                // bound, or an equal bound and an earlier place.
                let (score, index) = *scored.select_nth_unstable_by(limit - 1, ranking).1;
                bounds.retain(|&(b, i)| b > score || (b == score && i < index));
            }
            batch = batch.saturating_mul(2);
        }
        (scored, matched)
    }

    /// Forget the previous query, so that the next search starts afresh.
    pub fn reset(&mut self) {
        self.previous = None;
    }

    /// What the vocabulary knows of each word: its id, and its near
    /// spellings when it has a typo budget (reusing those of the previous
    /// query's words).
    fn lookups(&mut self, query: &Query) -> Vec<Lookup> {
        let mut kept = Vec::new();
        let lookups = query
            .words
            .iter()
            .map(|w| {
                let near = (w.budget > 0).then(|| {
                    let cached = self
                        .nears
                        .iter()
                        .find(|(b, k, _)| *b == w.bare && *k == w.budget);
                    let shorter = || {
                        self.nears
                            .iter()
                            .find(|(b, k, _)| *k == w.budget && w.bare.starts_with(b.as_str()))
                    };
                    let vocabulary = &self.flat.borrow_dependent().vocabulary;
                    let near = match cached.or_else(shorter) {
                        Some((b, _, near)) if *b == w.bare => Arc::clone(near),
                        Some((_, _, near)) => {
                            Arc::new(vocabulary.near_among(&w.bare, w.budget, Some(near)))
                        }
                        None => Arc::new(vocabulary.near(&w.bare, w.budget)),
                    };
                    kept.push((w.bare.clone(), w.budget, Arc::clone(&near)));
                    near
                });
                Lookup {
                    near,
                    exact: self.view().vocabulary.id(&w.bare),
                    in_body: memchr::memmem::Finder::new(&w.text).into_owned(),
                }
            })
            .collect();
        self.nears = kept;
        lookups
    }
}

/// `work` over `items`, split over the available cores when there are
/// many; results in item order.
fn parallel<T: Send>(items: &[usize], work: impl Fn(&[usize]) -> Vec<T> + Sync) -> Vec<T> {
    if items.len() < PARALLEL_ABOVE {
        return work(items);
    }
    // Asking reads files under /proc and /sys: once is enough.
    static THREADS: OnceLock<usize> = OnceLock::new();
    let threads =
        *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(8)));
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

/// Keep the `limit` best of `scored`, sorted best first; ties in
/// knowledge-base order.
/// The order of results: best score first, ties in guide order.
fn ranking(a: &(i64, usize), b: &(i64, usize)) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then(a.1.cmp(&b.1))
}

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
