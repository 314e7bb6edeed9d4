//! Near spellings: the fallback for a query word that matches an item
//! nowhere as typed.

use foldhash::HashMap;

use super::haystack::Ids;
use super::query::{Negation, is_negation, is_stop, words};
use super::store::{List, ListBuf, Reader, Writer, offset};

/// Every distinct word in the index, as letters and digits only, in
/// order: a word's id is its place, found by binary search.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Vocabulary<'a> {
    words: List<'a>,
    chars: &'a [u32],
    /// Which letters each word holds (see `letters`).
    letters: &'a [u64],
}

impl<'a> Vocabulary<'a> {
    /// What `Interner::write` wrote.
    pub fn read(reader: &mut Reader<'a>) -> Option<Vocabulary<'a>> {
        let vocabulary = Vocabulary {
            words: reader.list()?,
            chars: reader.u32s()?,
            letters: reader.u64s()?,
        };
        let len = vocabulary.len();
        (vocabulary.chars.len() == len && vocabulary.letters.len() == len).then_some(vocabulary)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn id(&self, word: &str) -> Option<u32> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.words.get(middle).cmp(word) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return u32::try_from(middle).ok(),
            }
        }
        None
    }

    pub fn word(&self, id: u32) -> &'a str {
        self.words.get(id as usize)
    }

    /// How far each word is from `bare`, for the words near it:
    ///
    /// - within `budget` edits: the fewest insertions, deletions,
    ///   substitutions and swaps of neighbours that turn `bare` into a
    ///   prefix of the word (measuring against prefixes keeps a word near
    ///   while it is still being typed);
    /// - or sharing its first half, and at least four letters, with `bare`
    ///   (`showing` and `shows`, `encryption` and `encrypted`): one edit,
    ///   or two when more than three letters differ.
    ///
    /// A word that is `bare` but for one or two more letters at its end
    /// (`photo` for `photos`) counts as no edit at all.
    ///
    /// Both only ever drop words as `bare` grows, for the same budget: so
    /// with `shorter`, the words near a word `bare` continues (for the same
    /// budget), only those are looked at.
    pub fn near_among(&self, bare: &str, budget: u8, shorter: Option<&Near>) -> Near {
        let mut dist = vec![u8::MAX; self.len()];
        let mut ids = Vec::new();
        if budget > 0 {
            let len = bare.chars().count();
            let wanted = letters(bare);
            let stem = len.div_ceil(2).max(4);
            let all = 0..offset(self.len());
            let candidates: Box<dyn Iterator<Item = u32> + '_> = match shorter {
                Some(near) => Box::new(near.ids.iter().copied()),
                None => Box::new(all),
            };
            for id in candidates {
                let i = id as usize;
                let (Some(&chars), Some(&held)) = (self.chars.get(i), self.letters.get(i)) else {
                    continue;
                };
                let (word, chars) = (self.words.get(i), chars as usize);
                let inflected = chars >= 4 && len - chars.min(len) <= 2 && bare.starts_with(word);
                // Each edit brings in at most one letter the word lacks.
                let missing = (wanted & !held).count_ones();
                let edits = (missing <= u32::from(budget))
                    .then(|| prefix_distance(bare, len, word, chars, budget.into()))
                    .flatten();
                let d = (inflected.then_some(0)).or(edits).or_else(|| {
                    let shared = common_prefix(bare, word);
                    (shared >= stem && same_word(bare, word, shared))
                        .then_some(if len - shared > 3 { 2 } else { 1 })
                });
                if let Some(d) = d {
                    dist[i] = u8::try_from(d).unwrap_or(u8::MAX);
                    ids.push(id);
                }
            }
        }
        Near { dist, ids }
    }
}

/// Gathers the words of an index as it is built.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    ids: HashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    /// Whether each word is a negation, and a stop word (bits 0 and 1).
    marks: Vec<u8>,
}

/// The words of one text, as interned.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Interned {
    /// Their ids, sorted, without repeats.
    pub ids: Vec<u32>,
    /// The ids of those a negation bears on (see `Negation`), line by
    /// line, without repeats.
    pub negated: Vec<u32>,
}

impl Interner {
    /// The ids of the words of folded text, without repeats. Ids count
    /// from the first word seen, until `write` puts the words in order.
    pub fn intern_words(&mut self, folded: &str) -> Interned {
        let (mut ids, mut negated) = (Vec::new(), Vec::new());
        let mut word = String::new();
        for line in folded.split('\n') {
            let mut negation = Negation::default();
            for w in words(line) {
                let bare = if w.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    w
                } else {
                    word.clear();
                    word.extend(w.chars().filter(|c| c.is_alphanumeric()));
                    &word
                };
                if bare.is_empty() {
                    continue;
                }
                let id = self.intern(bare);
                let marks = self.marks[id as usize];
                if negation.next(marks & 1 != 0, marks & 2 != 0) {
                    negated.push(id);
                }
                ids.push(id);
            }
        }
        for ids in [&mut ids, &mut negated] {
            ids.sort_unstable();
            ids.dedup();
        }
        Interned { ids, negated }
    }

    /// Take in the words of `other`: what id each of its ids is here.
    pub fn absorb(&mut self, other: &Interner) -> Vec<u32> {
        other.words.iter().map(|word| self.intern(word)).collect()
    }

    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = offset(self.words.len());
        let word: Box<str> = word.into();
        self.marks
            .push(u8::from(is_negation(&word)) | u8::from(is_stop(&word)) << 1);
        self.words.push(word.clone());
        self.ids.insert(word, id);
        id
    }

    /// The word of id `id`, as interned.
    pub fn word(&self, id: u32) -> &str {
        self.words.get(id as usize).map_or("", |w| w)
    }

    /// Write the vocabulary for `Vocabulary::read`, its words in order;
    /// what each id became, and the ids in their written order.
    pub fn write(&self, writer: &mut Writer) -> (Vec<u32>, Vec<u32>) {
        let mut order: Vec<u32> = (0..offset(self.words.len())).collect();
        order.sort_unstable_by(|&a, &b| self.words[a as usize].cmp(&self.words[b as usize]));
        let mut renumbered = vec![0; order.len()];
        let mut list = ListBuf::default();
        let (mut chars, mut held) = (Vec::new(), Vec::new());
        for (new, &old) in order.iter().enumerate() {
            let word = &self.words[old as usize];
            renumbered[old as usize] = offset(new);
            list.push(word);
            chars.push(offset(word.chars().count()));
            held.push(letters(word));
        }
        writer.list(list);
        writer.u32s(chars);
        writer.u64s(held);
        (renumbered, order)
    }
}

/// A set of the letters and digits in `word`, one bit each (other chars
/// share a bit by their code), for a cheap bound on edit distances.
fn letters(word: &str) -> u64 {
    word.chars()
        .fold(0, |set, c| set | 1u64 << (u32::from(c) % 64))
}

/// The endings that make one word's forms from another (`show`: `shows`,
/// `showing`; `encrypt`: `encrypted`, `encryption`), as far as a search
/// needs them.
const ENDINGS: [&str; 34] = [
    "s", "es", "ies", "d", "ed", "ied", "ing", "e", "y", "ion", "ions", "ation", "ations",
    "ication", "ications", "er", "ers", "or", "ors", "ment", "ments", "ly", "al", "able", "ible",
    "ity", "ness", "ive", "ize", "ise", "ized", "ised", "izing", "ising",
];

/// Whether `bare` and `word`, which share their first `shared` chars, may
/// be forms of one word: not when `bare` is all of `word` and more that is
/// no ending, since then it is two words (`screenshot` is `screens` and
/// `hot`, not a form of `screens`). What follows need only begin an ending
/// (`bare` may be still being typed), so as `bare` grows this only ever
/// turns false, as `near_among` needs.
fn same_word(bare: &str, word: &str, shared: usize) -> bool {
    let typed = after(bare, shared);
    !after(word, shared).is_empty()
        || typed.is_empty()
        || ENDINGS.iter().any(|ending| ending.starts_with(typed))
}

/// What follows the first `chars` chars of `word`.
fn after(word: &str, chars: usize) -> &str {
    word.char_indices()
        .nth(chars)
        .map_or("", |(i, _)| &word[i..])
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn prefix_distance(
    word: &str,
    word_chars: usize,
    candidate: &str,
    candidate_chars: usize,
    budget: usize,
) -> Option<usize> {
    if candidate_chars + budget < word_chars {
        return None;
    }
    let shortest = word_chars.saturating_sub(budget);
    let longest = (word_chars + budget).min(candidate_chars);
    let ends = candidate
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(candidate.len()));
    let mut best: Option<usize> = None;
    for end in ends.skip(shortest).take(longest + 1 - shortest) {
        let d = strsim::osa_distance(word, &candidate[..end]);
        if d <= budget && best.is_none_or(|b| d < b) {
            best = Some(d);
        }
    }
    best
}

/// The words of a vocabulary near one query word.
#[derive(Debug, Clone)]
pub(crate) struct Near {
    dist: Vec<u8>,
    /// The words near, in id order.
    ids: Vec<u32>,
}

impl Near {
    /// The words near, with their distances.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.ids
            .iter()
            .filter_map(|&id| Some((id, *self.dist.get(id as usize)?)))
    }

    /// The words nearest of all, those at the smallest distance.
    pub fn nearest(&self) -> impl Iterator<Item = u32> + '_ {
        let least = self.iter().map(|(_, d)| d).min();
        self.iter()
            .filter(move |&(_, d)| Some(d) == least)
            .map(|(id, _)| id)
    }

    /// The nearest of `ids` (an item's words) and its distance, if any is near.
    pub fn best(&self, ids: Ids<'_>) -> Option<(u8, u32)> {
        let near = |id: u32| {
            let d = *self.dist.get(id as usize)?;
            (d != u8::MAX).then_some((d, id))
        };
        match ids {
            Ids::Narrow(ids) => ids.iter().filter_map(|&id| near(u32::from(id))).min(),
            Ids::Wide(ids) => ids.iter().filter_map(|&id| near(id)).min(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::store::Bytes;

    /// The vocabulary of `text`, as the index stores it.
    fn written(text: &str) -> Bytes {
        let mut interner = Interner::default();
        interner.intern_words(text);
        let mut writer = Writer::default();
        interner.write(&mut writer);
        writer.finish()
    }

    fn read(bytes: &Bytes) -> Vocabulary<'_> {
        let mut reader = Reader::new(bytes.as_slice()).expect("a block");
        Vocabulary::read(&mut reader).expect("a vocabulary")
    }

    fn near_words(text: &str, word: &str, budget: u8) -> Vec<(u8, String)> {
        let bytes = written(text);
        let vocabulary = read(&bytes);
        let near = vocabulary.near_among(word, budget, None);
        let mut found: Vec<(u8, String)> = (0..vocabulary.len() as u32)
            .filter_map(|id| {
                let (d, _) = near.best(Ids::Wide(&[id]))?;
                Some((d, vocabulary.word(id).to_string()))
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn swaps_and_slips_are_one_edit_from_a_prefix() {
        let vocabulary = "waiting to upload uploads storage icloud";
        assert_eq!(
            near_words(vocabulary, "uplaod", 1),
            [(1, "upload".to_string()), (1, "uploads".to_string())]
        );
        assert_eq!(
            near_words(vocabulary, "wating", 1),
            [(1, "waiting".to_string())]
        );
        assert_eq!(
            near_words(vocabulary, "stroa", 1),
            [(1, "storage".to_string())]
        );
        assert_eq!(
            near_words(vocabulary, "iclod", 1),
            [(1, "icloud".to_string())]
        );
        assert!(near_words(vocabulary, "zzzzzz", 2).is_empty());
        assert!(near_words(vocabulary, "uplaod", 0).is_empty());
    }

    #[test]
    fn words_sharing_their_first_half_are_near() {
        let vocabulary = "shows encrypted mismatch photos";
        assert_eq!(
            near_words(vocabulary, "showing", 1),
            [(1, "shows".to_string())]
        );
        assert_eq!(
            near_words(vocabulary, "encryption", 2),
            [(1, "encrypted".to_string())]
        );
        assert!(near_words(vocabulary, "missing", 1).is_empty());
        assert!(near_words(vocabulary, "photography", 2).is_empty());
    }

    #[test]
    fn a_word_that_goes_on_into_another_is_not_near_it() {
        let vocabulary = "screens photos libraries syncing";
        assert!(near_words(vocabulary, "screenshot", 2).is_empty());
        assert_eq!(
            near_words(vocabulary, "library", 1),
            [(1, "libraries".to_string())]
        );
        assert_eq!(
            near_words(vocabulary, "synced", 1),
            [(1, "syncing".to_string())]
        );
    }

    #[test]
    fn interning_dedups_and_strips_punctuation() {
        let mut interner = Interner::default();
        let ids = interner.intern_words("wi-fi, wifi > (wifi)").ids;
        assert_eq!(ids.len(), 1);
        let ids = interner.intern_words("iphone/ipad").ids;
        assert_eq!(ids.len(), 2);
        let mut writer = Writer::default();
        let (renumbered, order) = interner.write(&mut writer);
        assert_eq!(renumbered, [2, 1, 0], "ids in word order");
        assert_eq!(order, [2, 1, 0], "the interned ids in word order");
        let bytes = writer.finish();
        let vocabulary = read(&bytes);
        assert_eq!(vocabulary.len(), 3);
        assert_eq!(vocabulary.word(0), "ipad");
        assert_eq!(vocabulary.id("wifi"), Some(2));
        assert_eq!(vocabulary.id("iphone"), Some(1));
        assert_eq!(vocabulary.id("ipod"), None);
        assert_eq!(vocabulary.id(""), None);
    }

    #[test]
    fn a_negation_bears_on_the_next_word_that_is_no_stop_word_on_its_line() {
        let mut interner = Interner::default();
        let negated = |interner: &mut Interner, text: &str| {
            let words = interner.intern_words(text).negated;
            let mut words: Vec<String> = words.iter().map(|&id| interner.word(id).into()).collect();
            words.sort();
            words
        };
        assert_eq!(negated(&mut interner, "photos won't sync"), ["sync"]);
        assert_eq!(
            negated(&mut interner, "unable to upload photos"),
            ["upload"]
        );
        assert_eq!(
            negated(&mut interner, "nothing syncs, not any photos"),
            ["photos", "syncs"]
        );
        assert_eq!(
            negated(&mut interner, "sync not\nworking"),
            [] as [&str; 0],
            "lines part"
        );
        assert_eq!(
            negated(&mut interner, "not to the of photos"),
            [] as [&str; 0],
            "too far"
        );
        assert_eq!(negated(&mut interner, "syncing stopped"), [] as [&str; 0]);
    }
}
