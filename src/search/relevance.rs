//! Relevance by meaning-bearing words: an inverted index from word stems
//! (English Snowball, `rust-stemmers`) to the items and fields they occur
//! in, and a BM25-like score over it. A query word weighs by how rare its
//! stem is in the guide; stop words weigh nothing; synonyms, near
//! spellings and unfinished words reach the stems they stand for, at a
//! lower weight. An item need not hold every word: it gathers what it has.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::query::{Query, bare, typo_budget};
use super::score::Bits;
use super::store::{List, ListBuf, Reader, Writer, offset};
use super::typo::{Interned, Interner, Vocabulary};

/// Where in an item a stem occurs; a posting's low two bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Title = 0,
    /// The item's own search words (`words` in the guide).
    Words = 1,
    Body = 2,
}

impl Field {
    fn weight(code: u32) -> f32 {
        match code {
            0 => 3.0,
            1 => 2.0,
            _ => 1.0,
        }
    }
}

/// How much a match counts, by how the query word reached the stem.
const SYNONYM: f32 = 0.9;
const TYPO: [f32; 3] = [0.9, 0.6, 0.4];

/// Marks the stem of a word a negation bears on, as a term of its own
/// (`¬sync`); no word of a query or the guide holds it.
const NEGATED: char = '¬';
/// How much more a word counts where the guide too says it is not
/// happening: as rare as the word itself, half as much again. Twice, and
/// the one item that says `not syncing` outranks the one about syncing
/// to a PC for `icloud photos not syncing to pc`.
const NEGATED_BOOST: f32 = 1.5;

/// How much a long text's length lowers its words (BM25's `b`).
const LENGTH: f32 = 0.75;

/// The stem of a bare, lowercase word.
pub(crate) fn stem(word: &str) -> String {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| Stemmer::create(Algorithm::English))
        .stem(word)
        .into_owned()
}

/// Builds the inverted index as items are added. Items come as the
/// vocabulary ids of their words (see `Interner`), so that each distinct
/// word is stemmed once however often it occurs.
#[derive(Debug, Default)]
pub(crate) struct Postings {
    /// The stem of each vocabulary word, by the interner's id, once seen.
    stem_of: Vec<u32>,
    stems: foldhash::HashMap<Box<str>, u32>,
    /// Each stem's text and postings, by stem id.
    texts: Vec<Box<str>>,
    postings: Vec<Vec<u32>>,
    items: u32,
    /// How many stems each item has, over its fields.
    lengths: Vec<u32>,
}

impl Postings {
    /// Add the next item's words (ids of `interner`), by field. A word a
    /// negation bears on (`syncing` in `not syncing`) is also a term of
    /// its own, its stem marked (`NEGATED`), which adds nothing to the
    /// item's length. Nor do the item's own search words as a field
    /// (`Field::Words`): the body holds them too, and a word counts
    /// toward the length once.
    pub fn add(&mut self, interner: &Interner, fields: [(Field, &Interned); 3]) {
        let mut length = 0;
        let mut stems = Vec::new();
        for (field, words) in fields {
            stems.clear();
            stems.extend(words.ids.iter().map(|&w| self.stem_id(interner, w)));
            stems.sort_unstable();
            stems.dedup();
            if field != Field::Words {
                length += offset(stems.len());
            }
            let negated: Vec<u32> = words
                .negated
                .iter()
                .map(|&w| {
                    let stem = self.stem_id(interner, w);
                    let marked = format!("{NEGATED}{}", self.texts[stem as usize]);
                    self.term_id(marked.into())
                })
                .collect();
            stems.extend(negated);
            stems.sort_unstable();
            stems.dedup();
            for &term in &stems {
                self.postings[term as usize].push(self.items << 2 | field as u32);
            }
        }
        self.items += 1;
        self.lengths.push(length);
    }

    /// Add the items of `later`, which come after these; `words` says what
    /// id each of its vocabulary ids has here (see `Interner::absorb`).
    pub fn absorb(&mut self, later: Postings, words: &[u32]) {
        let terms: Vec<u32> = later.texts.into_iter().map(|t| self.term_id(t)).collect();
        let base = self.items << 2;
        for (term, items) in terms.iter().zip(later.postings) {
            let postings = &mut self.postings[*term as usize];
            postings.extend(items.into_iter().map(|p| base.saturating_add(p)));
        }
        for (word, &stem) in later.stem_of.iter().enumerate() {
            let (Some(&here), Some(&term)) = (words.get(word), terms.get(stem as usize)) else {
                continue;
            };
            if self.stem_of.len() <= here as usize {
                self.stem_of.resize(here as usize + 1, u32::MAX);
            }
            self.stem_of[here as usize] = term;
        }
        self.items += later.items;
        self.lengths.extend(later.lengths);
    }

    /// The id of the term `text`, a new one the first time.
    fn term_id(&mut self, text: Box<str>) -> u32 {
        if let Some(&id) = self.stems.get(&text) {
            return id;
        }
        let id = offset(self.texts.len());
        self.texts.push(text.clone());
        self.postings.push(Vec::new());
        self.stems.insert(text, id);
        id
    }

    fn stem_id(&mut self, interner: &Interner, word: u32) -> u32 {
        let w = word as usize;
        if let Some(&id) = self.stem_of.get(w).filter(|&&id| id != u32::MAX) {
            return id;
        }
        let id = self.term_id(stem(interner.word(word)).into());
        if self.stem_of.len() <= w {
            self.stem_of.resize(w + 1, u32::MAX);
        }
        self.stem_of[w] = id;
        id
    }

    /// Write the stems in order, their postings and document counts, what
    /// stem each vocabulary word has (`vocabulary` gives, for each word in
    /// the written order, its interner id), and the synonym groups as
    /// stems.
    pub fn write(mut self, vocabulary: &[u32], synonyms: &[Vec<String>], writer: &mut Writer) {
        let mut order: Vec<u32> = (0..offset(self.texts.len())).collect();
        order.sort_unstable_by(|&a, &b| self.texts[a as usize].cmp(&self.texts[b as usize]));
        let mut rank = vec![u32::MAX; order.len()];
        let mut list = ListBuf::default();
        let (mut postings, mut at, mut df) = (Vec::new(), vec![0], Vec::new());
        for (new, &old) in order.iter().enumerate() {
            rank[old as usize] = offset(new);
            // Taken, so that the postings are never held twice.
            let items = std::mem::take(&mut self.postings[old as usize]);
            list.push(&self.texts[old as usize]);
            postings.extend(&items);
            at.push(offset(postings.len()));
            let mut distinct = 0;
            let mut last = u32::MAX;
            for p in &items {
                if p >> 2 != last {
                    distinct += 1;
                    last = p >> 2;
                }
            }
            df.push(distinct);
        }
        let word_terms: Vec<u32> = vocabulary
            .iter()
            .map(|&w| {
                let stem = self.stem_of.get(w as usize).copied().unwrap_or(u32::MAX);
                rank.get(stem as usize).copied().unwrap_or(u32::MAX)
            })
            .collect();
        let mut groups = ListBuf::default();
        for group in synonyms {
            let stems: Vec<String> = group.iter().map(|w| stem(&bare(w))).collect();
            groups.push(&stems.join(" "));
        }
        let average =
            self.lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / f64::from(self.items.max(1));
        writer.list(list);
        writer.u32s(postings);
        writer.u32s(at);
        writer.u32s(df);
        writer.u32s(word_terms);
        writer.u32s([self.items, (average as f32).to_bits()]);
        writer.u32s(self.lengths);
        writer.list(groups);
    }
}

/// The inverted index as the flat index holds it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Relevance<'a> {
    terms: List<'a>,
    postings: &'a [u32],
    at: &'a [u32],
    df: &'a [u32],
    word_terms: &'a [u32],
    items: u32,
    /// The average of `lengths`.
    average: f32,
    lengths: &'a [u32],
    synonyms: List<'a>,
}

/// Each item's relevance to a query (dense, by item), and how many of the
/// query's meaning-bearing words it holds.
#[derive(Debug, Default)]
pub(crate) struct Scores {
    pub score: Vec<f32>,
    pub held: Vec<u8>,
    /// The items that hold any of the words, each once, in no order.
    pub items: Vec<u32>,
    /// How many words of the query bear meaning.
    pub meaning: u8,
}

impl Scores {
    /// Whether item `i` holds every meaning-bearing word.
    pub fn covers(&self, i: usize) -> bool {
        self.meaning > 0 && self.held.get(i).copied() == Some(self.meaning)
    }

    pub fn of(&self, i: usize) -> f32 {
        self.score.get(i).copied().unwrap_or(0.0)
    }
}

impl<'a> Relevance<'a> {
    pub fn read(reader: &mut Reader<'a>, words: usize) -> Option<Relevance<'a>> {
        let (terms, postings, at, df, word_terms, counts) = (
            reader.list()?,
            reader.u32s()?,
            reader.u32s()?,
            reader.u32s()?,
            reader.u32s()?,
            reader.u32s()?,
        );
        let relevance = Relevance {
            terms,
            postings,
            at,
            df,
            word_terms,
            items: *counts.first()?,
            average: f32::from_bits(*counts.get(1)?),
            lengths: reader.u32s()?,
            synonyms: reader.list()?,
        };
        // Only the shape is checked here, not every posting: `score` reads
        // each posting and offset with a check, so damaged values can give
        // odd scores but never a panic, and a read is not a pass over all.
        let n = relevance.terms.len();
        let fits = relevance.at.len() == n + 1
            && relevance.df.len() == n
            && relevance.word_terms.len() == words
            && relevance.lengths.len() == relevance.items as usize
            && relevance
                .at
                .last()
                .is_some_and(|&e| e as usize == relevance.postings.len());
        fits.then_some(relevance)
    }

    fn term(&self, stem: &str) -> Option<u32> {
        let (mut low, mut high) = (0, self.terms.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.terms.get(middle).cmp(stem) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return u32::try_from(middle).ok(),
            }
        }
        None
    }

    /// Rarer stems weigh more (BM25's idf).
    fn idf(&self, term: u32) -> f32 {
        let n = self.items as f32;
        let df = self.df.get(term as usize).copied().unwrap_or(0) as f32;
        ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
    }

    /// The share of items that hold the stem of the bare word `word`
    /// (0 for a stem no item holds).
    pub fn share(&self, word: &str) -> f32 {
        let df = self.term(&stem(word)).and_then(|t| self.df.get(t as usize));
        df.map_or(0.0, |&df| df as f32 / self.items.max(1) as f32)
    }

    /// Whether the bare words `a` and `b` are one word to a person: the
    /// same stem, or synonyms (`pc` and `windows`).
    pub fn same_word(&self, a: &str, b: &str) -> bool {
        let (a, b) = (stem(a), stem(b));
        a == b
            || self.synonyms.iter().any(|group| {
                let mut stems = group.split(' ');
                stems.clone().any(|s| s == a) && stems.any(|s| s == b)
            })
    }

    /// The stems a query word stands for, with how much each counts.
    fn reach(
        &self,
        word: &str,
        near: Option<&super::typo::Near>,
        vocabulary: &Vocabulary,
        unfinished: bool,
    ) -> Vec<(u32, f32)> {
        let mut reach: Vec<(u32, f32)> = Vec::new();
        let mut add = |term: u32, weight: f32| match reach.iter_mut().find(|(t, _)| *t == term) {
            Some((_, w)) => *w = w.max(weight),
            None => reach.push((term, weight)),
        };
        let own = stem(word);
        let own_term = self.term(&own);
        if let Some(t) = own_term {
            add(t, 1.0);
        }
        let typed = vocabulary.id(word).and_then(|id| self.word_term(id));
        if let Some(t) = typed {
            add(t, 1.0);
        }
        // A word the guide holds is spelt as meant: its near spellings
        // (`show` for `slow`, `download` for `down`) are other words.
        let known = own_term.is_some() || typed.is_some();
        // Words that mean the same weigh the same: a group of synonyms is
        // one word, as common as its most common member, so a rare
        // synonym of a common word (`pictures` for `photos`) decides no
        // more than the word typed. A word of no group, and none the
        // guide holds, may be a synonym misspelt (`syncronizing`): its
        // stem within the word's edits of a member's stem (`syncron`,
        // `synchron`) reaches the group, as a near spelling does.
        let budget = usize::from(typo_budget(word.chars().count()));
        let own_chars = own.chars().count();
        let grouped = self.synonyms.iter().any(|g| g.split(' ').any(|s| s == own));
        let mut common = f32::INFINITY;
        for group in self.synonyms.iter() {
            let members = || group.split(' ');
            let weight = match members().any(|s| s == own) {
                true => SYNONYM,
                false if known || grouped || budget == 0 => continue,
                // Lengths further apart than the budget are never within it.
                false => match members()
                    .filter(|s| s.chars().count().abs_diff(own_chars) <= budget)
                    .map(|s| strsim::osa_distance(s, &own))
                    .min()
                {
                    Some(d) if d <= budget => SYNONYM * TYPO[d.min(2)],
                    _ => continue,
                },
            };
            for t in members().filter_map(|s| self.term(s)) {
                add(t, weight);
                common = common.min(self.idf(t));
            }
        }
        // Near spellings only of a word the guide lacks (see `known`).
        if let Some(near) = near.filter(|_| !known) {
            for (id, d) in near.iter() {
                // A word begun is the last one, being typed: `down` in
                // `is icloud down` is not `download`.
                let begun = || {
                    let whole = vocabulary.word(id);
                    whole.len() > word.len() && whole.starts_with(word) && stem(whole) != own
                };
                if !unfinished && begun() {
                    continue;
                }
                if let Some(t) = self.word_term(id) {
                    add(t, TYPO[usize::from(d.min(2))]);
                }
            }
        }
        if common.is_finite() {
            for (t, w) in &mut reach {
                let idf = self.idf(*t);
                if idf > common {
                    *w *= common / idf;
                }
            }
        }
        reach
    }

    /// The items with a posting of the stem of one of `words` (vocabulary
    /// ids), in any field, as a set over the items; None when a word has no
    /// stem, or when the postings number more than the items: then most
    /// items have one, and a list would save no work.
    pub fn holders(&self, words: impl Iterator<Item = u32>) -> Option<Bits> {
        let mut terms = words
            .map(|w| self.word_term(w))
            .collect::<Option<Vec<u32>>>()?;
        terms.sort_unstable();
        terms.dedup();
        let items = self.items as usize;
        let mut lists = Vec::with_capacity(terms.len());
        let mut total = 0;
        for term in terms {
            let list = self.postings_of(term)?;
            total += list.len();
            if total > items {
                return None;
            }
            lists.push(list);
        }
        let mut holders = Bits::new(items);
        for &p in lists.into_iter().flatten() {
            holders.insert((p >> 2) as usize);
        }
        Some(holders)
    }

    /// The postings of stem `term`; None past the end of a damaged index
    /// (a cache cut or altered), which is never read past: every offset
    /// is checked.
    fn postings_of(&self, term: u32) -> Option<&'a [u32]> {
        let at = |t: usize| self.at.get(t).map(|&a| a as usize);
        self.postings
            .get(at(term as usize)?..at(term as usize + 1)?)
    }

    fn word_term(&self, word: u32) -> Option<u32> {
        self.word_terms
            .get(word as usize)
            .copied()
            .filter(|&t| t != u32::MAX)
    }

    /// Every item's relevance to `query`; `nears` are the near spellings of
    /// its words (as the index looked them up).
    pub fn score(
        &self,
        query: &Query,
        nears: &[Option<&super::typo::Near>],
        vocabulary: &Vocabulary,
    ) -> Scores {
        // Never more items than lengths are stored for (a damaged index).
        let n = (self.items as usize).min(self.lengths.len());
        let mut scores = Scores {
            score: vec![0.0; n],
            held: vec![0; n],
            items: Vec::new(),
            meaning: 0,
        };
        let mut best = vec![0.0f32; n];
        // BM25's length normalization: a long item holds many words by
        // chance.
        let average = self.average.max(1.0);
        let norm = |item: usize| {
            let length = self.lengths.get(item).map_or(0.0, |&l| l as f32);
            1.0 - LENGTH + LENGTH * length / average
        };
        let mut touched: Vec<u32> = Vec::new();
        let last = query.words.len().saturating_sub(1);
        for (k, (w, near)) in query.words.iter().zip(nears).enumerate() {
            if !w.meaning || w.bare.is_empty() {
                continue;
            }
            // A word most of the guide holds, beside a rarer one, adds to
            // the score but is not needed to hold every word (`Word::common`).
            if !w.common {
                scores.meaning = scores.meaning.saturating_add(1);
            }
            let mut reach = self.reach(&w.bare, *near, vocabulary, k == last);
            // `not syncing` is best answered where the guide says so, in
            // any words (`won't sync`, `nothing syncs`): there each stem
            // the word reaches (its own, a synonym's, a near spelling's)
            // weighs more, as much more whatever its share.
            if w.negated {
                let marked: Vec<(u32, f32)> = reach
                    .iter()
                    .filter_map(|&(term, weight)| {
                        let text = self.terms.get(term as usize);
                        let negated = self.term(&format!("{NEGATED}{text}"))?;
                        let boost = NEGATED_BOOST * self.idf(term) / self.idf(negated);
                        Some((negated, weight * boost))
                    })
                    .collect();
                reach.extend(marked);
            }
            for (term, weight) in reach {
                let idf = self.idf(term);
                let Some(postings) = self.postings_of(term) else {
                    continue;
                };
                for &p in postings {
                    let item = (p >> 2) as usize;
                    let Some(&seen) = best.get(item) else {
                        continue;
                    };
                    let value = weight * idf * Field::weight(p & 3) / norm(item);
                    if seen == 0.0 {
                        touched.push(p >> 2);
                    }
                    best[item] = seen.max(value);
                }
            }
            for &item in &touched {
                if scores.score[item as usize] == 0.0 {
                    scores.items.push(item);
                }
                let item = item as usize;
                scores.score[item] += best[item];
                if !w.common {
                    scores.held[item] = scores.held[item].saturating_add(1);
                }
                best[item] = 0.0;
            }
            touched.clear();
        }
        scores
    }
}
