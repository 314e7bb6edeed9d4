//! Near spellings: the fallback for a query word that matches an item
//! nowhere as typed.

use foldhash::{HashMap, HashMapExt};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::query::{bare, words};

/// Every distinct word in the index, as letters and digits only.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    words: Vec<Box<str>>,
    chars: Vec<usize>,
    /// Which letters each word holds (see `letters`).
    letters: Vec<u64>,
    ids: HashMap<Box<str>, u32>,
}

/// Stored as its words alone; the rest is rebuilt from them.
impl Serialize for Vocabulary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.words.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Vocabulary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let words = Vec::<Box<str>>::deserialize(deserializer)?;
        let mut ids = HashMap::with_capacity(words.len());
        for (i, word) in words.iter().enumerate() {
            ids.insert(word.clone(), u32::try_from(i).unwrap_or(u32::MAX));
        }
        Ok(Vocabulary {
            chars: words.iter().map(|w| w.chars().count()).collect(),
            letters: words.iter().map(|w| letters(w)).collect(),
            words,
            ids,
        })
    }
}

impl Vocabulary {
    /// Whether every word has its id (no word is there twice).
    pub fn is_whole(&self) -> bool {
        self.ids.len() == self.words.len()
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// The ids of the words of folded text, sorted, without repeats.
    pub fn intern_words(&mut self, folded: &str) -> Box<[u32]> {
        let mut ids: Vec<u32> = words(folded)
            .map(bare)
            .filter(|w| !w.is_empty())
            .map(|w| self.intern(w))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into()
    }

    fn intern(&mut self, word: String) -> u32 {
        if let Some(&id) = self.ids.get(word.as_str()) {
            return id;
        }
        let id = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
        let word: Box<str> = word.into();
        self.chars.push(word.chars().count());
        self.letters.push(letters(&word));
        self.words.push(word.clone());
        self.ids.insert(word, id);
        id
    }

    pub fn id(&self, word: &str) -> Option<u32> {
        self.ids.get(word).copied()
    }

    pub fn word(&self, id: u32) -> &str {
        self.words.get(id as usize).map_or("", |w| w)
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
    /// Both only ever drop words as `bare` grows, for the same budget.
    pub fn near(&self, bare: &str, budget: u8) -> Near {
        self.near_among(bare, budget, None)
    }

    /// Like `near`, looking only at the words near `shorter` (for the same
    /// budget), of which `bare` is a continuation: the words near `bare`
    /// are among those.
    pub fn near_among(&self, bare: &str, budget: u8, shorter: Option<&Near>) -> Near {
        let mut dist = vec![u8::MAX; self.words.len()];
        let mut ids = Vec::new();
        if budget > 0 {
            let len = bare.chars().count();
            let wanted = letters(bare);
            let stem = len.div_ceil(2).max(4);
            let all = 0..u32::try_from(self.words.len()).unwrap_or(u32::MAX);
            let candidates: Box<dyn Iterator<Item = u32> + '_> = match shorter {
                Some(near) => Box::new(near.ids.iter().copied()),
                None => Box::new(all),
            };
            for id in candidates {
                let i = id as usize;
                let Some(word) = self.words.get(i) else {
                    continue;
                };
                let inflected = self.chars[i] >= 4
                    && len - self.chars[i].min(len) <= 2
                    && bare.starts_with(&**word);
                // Each edit brings in at most one letter the word lacks.
                let missing = (wanted & !self.letters[i]).count_ones();
                let edits = (missing <= u32::from(budget))
                    .then(|| prefix_distance(bare, len, word, self.chars[i], budget.into()))
                    .flatten();
                let d = (inflected.then_some(0)).or(edits).or_else(|| {
                    let shared = common_prefix(bare, word);
                    (shared >= stem).then_some(if len - shared > 3 { 2 } else { 1 })
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

/// A set of the letters and digits in `word`, one bit each (other chars
/// share a bit by their code), for a cheap bound on edit distances.
fn letters(word: &str) -> u64 {
    word.chars()
        .fold(0, |set, c| set | 1u64 << (u32::from(c) % 64))
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
    /// The nearest of `ids` (an item's words) and its distance, if any is near.
    pub fn best(&self, ids: &[u32]) -> Option<(u8, u32)> {
        ids.iter()
            .filter_map(|&id| {
                let d = *self.dist.get(id as usize)?;
                (d != u8::MAX).then_some((d, id))
            })
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near_words(vocabulary: &Vocabulary, word: &str, budget: u8) -> Vec<(u8, String)> {
        let near = vocabulary.near(word, budget);
        let mut found: Vec<(u8, String)> = (0..vocabulary.len())
            .filter_map(|i| {
                let (d, _) = near.best(&[i as u32])?;
                Some((d, vocabulary.words[i].to_string()))
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn swaps_and_slips_are_one_edit_from_a_prefix() {
        let mut vocabulary = Vocabulary::default();
        vocabulary.intern_words("waiting to upload uploads storage icloud");
        assert_eq!(
            near_words(&vocabulary, "uplaod", 1),
            [(1, "upload".to_string()), (1, "uploads".to_string())]
        );
        assert_eq!(
            near_words(&vocabulary, "wating", 1),
            [(1, "waiting".to_string())]
        );
        assert_eq!(
            near_words(&vocabulary, "stroa", 1),
            [(1, "storage".to_string())]
        );
        assert_eq!(
            near_words(&vocabulary, "iclod", 1),
            [(1, "icloud".to_string())]
        );
        assert!(near_words(&vocabulary, "zzzzzz", 2).is_empty());
        assert!(near_words(&vocabulary, "uplaod", 0).is_empty());
    }

    #[test]
    fn words_sharing_their_first_half_are_near() {
        let mut vocabulary = Vocabulary::default();
        vocabulary.intern_words("shows encrypted mismatch photos");
        assert_eq!(
            near_words(&vocabulary, "showing", 1),
            [(1, "shows".to_string())]
        );
        assert_eq!(
            near_words(&vocabulary, "encryption", 2),
            [(1, "encrypted".to_string())]
        );
        assert!(near_words(&vocabulary, "missing", 1).is_empty());
        assert!(near_words(&vocabulary, "photography", 2).is_empty());
    }

    #[test]
    fn interning_dedups_and_strips_punctuation() {
        let mut vocabulary = Vocabulary::default();
        let ids = vocabulary.intern_words("wi-fi, wifi > (wifi)");
        assert_eq!(ids.len(), 1);
        let ids = vocabulary.intern_words("iphone/ipad");
        assert_eq!(ids.len(), 2);
        assert_eq!(vocabulary.len(), 3);
    }
}
