//! How well a query matches one item: where each word matched, and how the
//! words' matches add up to one score.

use std::sync::Arc;

use fuzzy_matcher::skim::SkimMatcherV2;

use super::haystack::Hay;
use super::query::{Query, Word, bare, words};
use super::store::offset;
use super::typo::{Near, Vocabulary};

/// Where a word matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tier {
    /// The word's letters, in order, within one title word (fuzzy).
    Title,
    /// A near spelling of one of the title's words.
    TitleTypo(u32),
    /// The word as typed, inside the body text.
    Body,
    /// A near spelling of one of the body's words.
    BodyTypo,
    /// The word's letters, in order, but spread over several title words.
    TitleSpread,
}

impl Tier {
    /// Items rank by the lowest class of their required words.
    fn class(self) -> i64 {
        match self {
            Tier::Title | Tier::TitleTypo(_) => 3,
            Tier::Body | Tier::BodyTypo => 2,
            Tier::TitleSpread => 1,
        }
    }
}

/// What the index knows of one query word, looked up once per query.
#[derive(Debug, Clone)]
pub(crate) struct Lookup {
    /// The vocabulary's words near it, when it has a typo budget.
    pub near: Option<Arc<Near>>,
    /// The vocabulary's id for it, when some item has it as a whole word.
    pub exact: Option<u32>,
    /// Finds the word as typed in body text, prepared once per query.
    pub in_body: memchr::memmem::Finder<'static>,
    /// The vocabulary's words that hold the word's letters in order, when
    /// it is letters and digits only: a title has the word within one of
    /// its words exactly when one of its words is in this set.
    pub within: Option<Arc<Within>>,
    /// The items with a word of `within` or of `near` in their title or
    /// body: any other item can only have the word spread over its title
    /// words (`Tier::TitleSpread`). None when `within` is, or when the
    /// word is in too many items for a list to save work.
    pub holders: Option<Arc<Bits>>,
    /// The word's letters and digits (`haystack::letters`).
    pub letters: u32,
    /// What was found for the word so far, by item: kept while the word
    /// stays in the query, as when the next word is typed after it.
    pub memo: Arc<Memo>,
}

/// What was found for one query word, by item: its skim scores, and the
/// char indices its match lights in the title (a long title's full score
/// matrix costs a few microseconds, for each hit on screen at each key).
#[derive(Debug, Default)]
pub(crate) struct Memo {
    scores: ByItem<i64>,
    positions: ByItem<Vec<usize>>,
}

/// Values by item, each found once.
#[derive(Debug)]
struct ByItem<T>(std::sync::Mutex<foldhash::HashMap<u32, T>>);

impl<T> Default for ByItem<T> {
    fn default() -> Self {
        ByItem(std::sync::Mutex::default())
    }
}

impl<T: Clone> ByItem<T> {
    /// The value of item `i`, found by `find` if it was not found before.
    fn get_or(&self, i: usize, find: impl FnOnce() -> T) -> T {
        let Ok(i) = u32::try_from(i) else {
            return find();
        };
        let known = self.0.lock().ok().and_then(|map| map.get(&i).cloned());
        known.unwrap_or_else(|| {
            let found = find();
            if let Ok(mut map) = self.0.lock() {
                map.insert(i, found.clone());
            }
            found
        })
    }
}

/// A set of numbers below a length given (vocabulary ids, items), one bit
/// each.
#[derive(Debug, Clone, Default)]
pub(crate) struct Bits(Vec<u64>);

impl Bits {
    /// The empty set of numbers below `len`.
    pub fn new(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }

    /// Add `i`; a number past the length is left out.
    pub fn insert(&mut self, i: usize) {
        if let Some(block) = self.0.get_mut(i / 64) {
            *block |= 1 << (i % 64);
        }
    }

    pub fn contains(&self, i: usize) -> bool {
        self.0
            .get(i / 64)
            .is_some_and(|&block| block & (1 << (i % 64)) != 0)
    }

    /// The numbers in the set, in order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(b, &block)| {
            let mut rest = block;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    b * 64 + bit
                })
            })
        })
    }
}

/// The vocabulary's words that hold a word's chars in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Within(Bits);

impl Within {
    /// The words of `vocabulary` (or, when given, of `shorter`, the set of
    /// a word `text` continues) that hold `text`'s chars in order.
    pub fn new(vocabulary: &Vocabulary, text: &str, shorter: Option<&Within>) -> Within {
        let n = vocabulary.len();
        let mut bits = Bits::new(n);
        let add = |id: usize| {
            if is_subsequence(vocabulary.word(offset(id)), text) {
                bits.insert(id);
            }
        };
        match shorter {
            Some(shorter) => shorter.ids().filter(|&id| id < n).for_each(add),
            None => (0..n).for_each(add),
        }
        Within(bits)
    }

    pub fn contains(&self, id: u32) -> bool {
        self.0.contains(id as usize)
    }

    /// The ids in the set, in order.
    pub fn ids(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter()
    }
}

/// Scores of different classes never overlap: the class decides the order,
/// the rest only orders items of one class.
pub(crate) const CLASS: i64 = 1_000_000;
/// The class of a status message whose text is the query.
pub(crate) const EXACT_STATUS: i64 = 4;

/// A score of `item` as its class and its score within the class.
pub(crate) fn split(score: i64) -> (i64, i64) {
    let class = (score + CLASS / 2).div_euclid(CLASS);
    (class, score - class * CLASS)
}
/// For a word that is a whole word of the title, not just part of one.
const WHOLE_WORD: i64 = 8;
/// Per word, for a title that has the query's words together, in order.
const PHRASE: i64 = 8;

/// The matcher both scoring and highlighting use: haystacks and queries are
/// folded already, and very long titles are matched without the full
/// score matrix.
fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default()
        .respect_case()
        .element_limit(ELEMENT_LIMIT)
}

thread_local! {
    /// Each thread's matcher, made once: a matcher made per call costs
    /// more than the score (three thread-local caches and their vectors,
    /// made and freed each time).
    static MATCHER: SkimMatcherV2 = matcher();
}

/// Skim's score of `text` in `title`, and with `positions` the char indices
/// it matches at, as a matcher of its own would give them.
///
/// fuzzy-matcher 0.3.7 reuses its score matrix between calls without
/// clearing it, and both the two-row matrix of a score and the full one of
/// positions can read cells the call before left ("free space in icloud
/// and on the device" scored 49 or 53 for `oon`, after other titles); its
/// `use_cache(false)` panics. So before each call the matrix is cut to its
/// smallest (one char in one char: four cells, each of which a call resets
/// or writes before it reads it): the cells the call grows it by are new,
/// as in a matcher of its own. Tests hold the shared matcher to a new one's
/// answers: the guide's titles in a random order of calls, and the two
/// cases where a matcher simply reused answered otherwise.
fn skim(title: &str, text: &str, positions: bool) -> Option<(i64, Vec<usize>)> {
    MATCHER.with(|matcher| {
        matcher.fuzzy("a", "a", false);
        matcher.fuzzy(title, text, positions)
    })
}

/// The skim score of `text` in `title` (see `skim`).
fn skim_score(title: &str, text: &str) -> i64 {
    skim(title, text, false).map_or(0, |(s, _)| s)
}

/// The char indices skim matches `text` at in `title` (see `skim`).
fn skim_positions(title: &str, text: &str) -> Vec<usize> {
    skim(title, text, true).map_or_else(Vec::new, |(_, found)| found)
}

/// How `item` counts the skim score of a word matched in the title: the
/// score, or an upper bound of it, from the loosest and cheapest to the
/// score itself (see `Skim::finer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Skim {
    /// A bound from the word and the title's first char.
    Loose,
    /// A bound from where the word's first char can start (`skim_bound`
    /// without its two-char recurrence), found with `memchr`.
    Coarse,
    /// A bound that follows skim's recurrence for two-char words.
    Bound,
    /// The score itself.
    Exact,
}

impl Skim {
    /// The loosest level worth finding for `query`: a word of two chars,
    /// the first keystrokes, matches most items, so their titles are not
    /// read for a first bound (`Loose`); for longer words `Coarse` is
    /// `Bound`.
    pub fn first(query: &Query) -> Skim {
        if query.words.iter().any(|w| short_word(&w.text)) {
            Skim::Loose
        } else {
            Skim::Bound
        }
    }

    /// The next finer level, None for the score itself.
    pub fn finer(self) -> Option<Skim> {
        match self {
            Skim::Loose => Some(Skim::Coarse),
            Skim::Coarse => Some(Skim::Bound),
            Skim::Bound => Some(Skim::Exact),
            Skim::Exact => None,
        }
    }

    fn score(self, title: &str, title_chars: usize, text: &str) -> i64 {
        match self {
            // A one-char word's bound is its score (two tests say so), and
            // a first keystroke matches most titles.
            Skim::Exact if text.chars().nth(1).is_none() => {
                skim_bound(title, title_chars, text, true)
            }
            Skim::Exact => skim_score(title, text),
            Skim::Bound => skim_bound(title, title_chars, text, true),
            Skim::Loose => loose_bound(title, title_chars, text),
            Skim::Coarse => skim_bound(title, title_chars, text, false),
        }
    }
}

/// No skim score of `text` in `title` is higher, and for a word typed
/// into a title word it is mostly that score (the bound only prunes when
/// it is close). Skim gives the first matched char 16, less 1, plus its
/// place's bonus (8 at a word start, 7 after punctuation, 16 at the
/// title's first char, else 0); each later char gets 16 plus 4, or plus
/// its place's bonus if higher when it directly follows the previous
/// matched char (after a gap, the bonus less at least 4). A later char can
/// thus gain more than 4 only at a place with a bonus whose char and the
/// one before it are two neighbours in `text` (such as `-f` in `wi-fi`),
/// and at most 4 more there; and the first char's bonus counts only at
/// places the rest of `text` can follow. With `short`, a two-char word
/// follows skim's own recurrence instead (`short_word_score`), tighter and
/// dearer.
fn skim_bound(title: &str, title_chars: usize, text: &str, short: bool) -> i64 {
    let chars = text.chars().count();
    if beyond_matrix(title_chars, chars) {
        return i64::MAX / 4;
    }
    let mut rest = text.chars();
    let Some(first) = rest.next() else {
        return 0;
    };
    // A title is ASCII when it has as many chars as bytes.
    let ascii = title_chars == title.len();
    if short && short_word(text) && ascii {
        return short_word_score(title.as_bytes(), text.as_bytes());
    }
    let latest = latest_start(title, ascii, rest.as_str());
    let pairs = || text.chars().zip(text.chars().skip(1));
    let may_raise = may_raise(text);
    let (mut first_bonus, mut raised) = (0, 0);
    if ascii && first.is_ascii() && !may_raise {
        let bytes = title.as_bytes();
        for at in memchr::memchr_iter(first as u8, &bytes[..latest]) {
            let prev = at.checked_sub(1).map(|p| char::from(bytes[p]));
            first_bonus = first_bonus.max(place_bonus(prev, first));
            // Only the title's first char beats a word start.
            if first_bonus >= place_bonus(Some(' '), first) {
                break;
            }
        }
    } else {
        let mut prev = None;
        for (at, c) in title.char_indices() {
            if c == first && at < latest {
                first_bonus = first_bonus.max(place_bonus(prev, c));
            }
            if let Some(p) = prev
                && may_raise
                && raising(p, c)
                && pairs().any(|pair| pair == (p, c))
            {
                raised += 1;
            }
            prev = Some(c);
        }
    }
    skim_at_most(first_bonus, chars as i64 - 1, raised)
}

/// The most skim gives a word whose first char earns `first_bonus` and
/// whose `later` chars follow it, `raised` of them at a place with a bonus.
fn skim_at_most(first_bonus: i64, later: i64, raised: i64) -> i64 {
    15 + first_bonus + 20 * later + 4 * raised.min(later)
}

/// Whether a later char of `text` can be raised: only one whose neighbour
/// before it in `text` makes it earn a bonus (see `raising`).
fn may_raise(text: &str) -> bool {
    text.chars()
        .zip(text.chars().skip(1))
        .any(|(a, b)| raising(a, b))
}

/// Whether `b` right after `a` earns more than a later char's usual 4.
fn raising(a: char, b: char) -> bool {
    place_bonus(Some(a), b) > 4
}

/// `skim_bound` at its most, from the title's first char alone: the word's
/// first char gets the title-start bonus only there, else at most a word
/// start's; later chars are raised only when `text` has a pair of
/// neighbours that earns a bonus.
fn loose_bound(title: &str, title_chars: usize, text: &str) -> i64 {
    let chars = text.chars().count();
    if beyond_matrix(title_chars, chars) {
        return i64::MAX / 4;
    }
    let Some(first) = text.chars().next() else {
        return 0;
    };
    let first_bonus = if title.starts_with(first) {
        place_bonus(None, first)
    } else {
        place_bonus(Some(' '), first)
    };
    let later = chars as i64 - 1;
    let raised = if may_raise(text) { later } else { 0 };
    skim_at_most(first_bonus, later, raised)
}

/// Titles and words too long for skim's score matrix are scored another
/// way, which no bound here follows.
fn beyond_matrix(title_chars: usize, chars: usize) -> bool {
    2 * (title_chars + 1) > ELEMENT_LIMIT || chars > ELEMENT_LIMIT
}

/// Skim's own recurrence for a two-char word in an ASCII title, in one pass,
/// with the most a char's carried bonus can be: the first keystrokes of a
/// query match most items, and gaps make the general bound loose for
/// them. Char `i` at place `j` takes the better of following char `i - 1`
/// directly and following its best earlier place after a gap (3, plus 1
/// per char skipped).
fn short_word_score(title: &[u8], word: &[u8]) -> i64 {
    const NONE: i64 = i64::MIN / 4;
    let mut last = [NONE; SHORT_WORD];
    let mut before_gap = [NONE; SHORT_WORD];
    let mut best = NONE;
    for (j, &c) in title.iter().enumerate() {
        let at = j as i64;
        let mut here = [NONE; SHORT_WORD];
        // Most chars of a title are in neither letter of the word: their
        // place's bonus is never asked for.
        if word.contains(&c) {
            let prev = j.checked_sub(1).map(|p| char::from(title[p]));
            let bonus = place_bonus(prev, char::from(c));
            for (i, _) in word.iter().enumerate().filter(|&(_, &w)| w == c) {
                here[i] = match i {
                    0 => 15 + bonus,
                    _ => {
                        let direct = last[i - 1] + bonus.max(4);
                        let gapped = before_gap[i - 1] - 2 - at + bonus;
                        16 + direct.max(gapped)
                    }
                };
            }
        }
        for i in 0..word.len() {
            before_gap[i] = before_gap[i].max(last[i] + at - 1);
        }
        last = here;
        best = best.max(here[word.len() - 1]);
    }
    best.max(0)
}

/// Whether `text` is a word `short_word_score` bounds (in an ASCII title).
fn short_word(text: &str) -> bool {
    (2..=SHORT_WORD).contains(&text.len()) && text.is_ascii()
}

/// Words up to this long get `short_word_score`. Longer ones can score
/// above it: from the third char on, skim's score matrix carries bonuses
/// over from two rows up, which this recurrence does not follow.
const SHORT_WORD: usize = 2;

/// The last byte offset in `title` from which `rest` is a subsequence of
/// what follows (the title's length for an empty `rest`; 0 if none).
/// `ascii` says whether `title` is ASCII.
fn latest_start(title: &str, ascii: bool, rest: &str) -> usize {
    if ascii && rest.is_ascii() {
        let mut end = title.len();
        for b in rest.bytes().rev() {
            match memchr::memrchr(b, &title.as_bytes()[..end]) {
                Some(at) => end = at,
                None => return 0,
            }
        }
        return end;
    }
    let mut wanted = rest.chars().rev();
    let Some(mut next) = wanted.next() else {
        return title.len();
    };
    for (at, c) in title.char_indices().rev() {
        if c == next {
            match wanted.next() {
                Some(n) => next = n,
                None => return at,
            }
        }
    }
    0
}

/// Skim's bonus for matching `c` after `prev` (None at the title's start,
/// where the bonus is doubled): a word start, a break after punctuation, a
/// lower-to-upper change.
#[inline]
fn place_bonus(prev: Option<char>, c: char) -> i64 {
    let Some(prev) = prev else {
        return 2 * place_bonus(Some('\0'), c);
    };
    let hard = |c: char| {
        matches!(
            c,
            '\0' | ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}'
        )
    };
    let soft = |c: char| matches!(c, '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~');
    if hard(prev) {
        8
    } else if soft(prev) {
        7
    } else if c.is_ascii_uppercase() && (prev.is_ascii_digit() || !prev.is_ascii_uppercase()) {
        6
    } else {
        0
    }
}

/// Where the skim matcher stops building its full score matrix.
const ELEMENT_LIMIT: usize = 1 << 20;

/// The best place `word` matches `hay`, and its score there without the
/// skim score, which `Tier::Title` and `Tier::TitleSpread` add. Near
/// spellings score below the word as typed.
fn word(hay: &Hay<'_>, word: &Word, lookup: &Lookup) -> Option<(Tier, i64)> {
    // Counted only for the few items that get this far.
    let chars = || i64::try_from(word.bare.chars().count().min(1 << 20)).unwrap_or(0);
    if lookup
        .holders
        .as_ref()
        .is_some_and(|holders| !holders.contains(hay.index()))
    {
        return spread(hay, word, lookup).then_some((Tier::TitleSpread, 0));
    }
    let near = lookup.near.as_deref();
    let within = match &lookup.within {
        Some(set) => hay.title_words().any(|id| set.contains(id)),
        None => is_subsequence(hay.title, &word.text) && within_one_word(hay.title, &word.text),
    };
    if within {
        let whole = lookup
            .exact
            .is_some_and(|id| hay.title_words().contains(id));
        return Some((Tier::Title, if whole { WHOLE_WORD } else { 0 }));
    }
    if let Some((d, id)) = near.and_then(|n| n.best(hay.title_words())) {
        return Some((Tier::TitleTypo(id), 16 * chars() - 24 * i64::from(d)));
    }
    if let Some(at) = lookup.in_body.find(hay.body().as_bytes()) {
        let starts_word = hay.body()[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        return Some((Tier::Body, 4 * chars() + if starts_word { 8 } else { 0 }));
    }
    if let Some((d, _)) = near.and_then(|n| n.best(hay.body_words())) {
        return Some((Tier::BodyTypo, (2 * chars() - 4 * i64::from(d)).max(1)));
    }
    spread(hay, word, lookup).then_some((Tier::TitleSpread, 0))
}

/// Whether the word's letters are spread over title words side by side.
fn spread(hay: &Hay<'_>, word: &Word, lookup: &Lookup) -> bool {
    hay.letters() & lookup.letters == lookup.letters
        && is_subsequence(hay.title, &word.text)
        && over_words_in_a_row(hay.title, &word.text)
}

/// Whether `word`'s chars appear in order in title words side by side,
/// each of which gives at least one (`wtu` in `waiting to upload`,
/// `icloudphotos` in `icloud photos`): letters picked here and there from
/// a long title (`screenshot` from a sentence about Finder) are chance.
/// Words are `words`'s, as in `within_one_word`.
fn over_words_in_a_row(title: &str, word: &str) -> bool {
    let wanted: Vec<char> = word.chars().collect();
    let n = wanted.len();
    if n == 0 {
        return true;
    }
    // ends[k]: the first k chars end in the word before, a run of words
    // side by side each giving some.
    let mut ends = vec![false; n + 1];
    let mut next = vec![false; n + 1];
    for part in words(title) {
        next.fill(false);
        for k in 0..n {
            if k > 0 && !ends[k] {
                continue;
            }
            // The most of wanted[k..] this word holds in order; every
            // shorter run of them it holds too.
            let mut got = k;
            for c in part.chars() {
                if got < n && wanted[got] == c {
                    got += 1;
                }
            }
            for end in &mut next[k + 1..=got] {
                *end = true;
            }
        }
        if next[n] {
            return true;
        }
        std::mem::swap(&mut ends, &mut next);
    }
    false
}

/// Whether `word`'s chars appear in `text` in order.
fn is_subsequence(text: &str, word: &str) -> bool {
    if text.is_ascii() && word.is_ascii() {
        let mut rest = text.as_bytes();
        return word.bytes().all(|b| match memchr::memchr(b, rest) {
            Some(at) => {
                rest = &rest[at + 1..];
                true
            }
            None => false,
        });
    }
    let mut chars = text.chars();
    word.chars().all(|c| chars.any(|t| t == c))
}

/// Whether `word`'s letters appear in order inside a single word of `title`.
/// One pass over the title: the first match within a word is as good as
/// any, so the word's letters are taken greedily and start over at each
/// word break (the breaks of `words`).
fn within_one_word(title: &str, word: &str) -> bool {
    if word.is_empty() {
        return words(title).next().is_some();
    }
    let mut wanted = word.chars();
    let mut next = wanted.next();
    for c in title.chars() {
        if c.is_whitespace() || c == '/' {
            wanted = word.chars();
            next = wanted.next();
        } else if Some(c) == next {
            next = wanted.next();
            if next.is_none() {
                return true;
            }
        }
    }
    false
}

/// The item's score for `query`, or None when a required word matches
/// nowhere. `lookups[i]` is what the index knows of word `i`; `key` is the
/// query's status-message key.
pub(crate) fn item(
    skim: Skim,
    hay: &Hay<'_>,
    query: &Query,
    key: &str,
    lookups: &[Lookup],
) -> Option<i64> {
    let mut class = 3;
    let mut sum: i64 = 0;
    for (w, lookup) in query.words.iter().zip(lookups) {
        match word(hay, w, lookup) {
            Some((tier, mut score)) => {
                if matches!(tier, Tier::Title | Tier::TitleSpread) && !w.common {
                    score += match skim {
                        Skim::Exact => lookup.memo.scores.get_or(hay.index(), || {
                            skim.score(hay.title, hay.title_chars(), &w.text)
                        }),
                        _ => skim.score(hay.title, hay.title_chars(), &w.text),
                    };
                }
                if !w.optional && !w.common {
                    class = class.min(tier.class());
                }
                sum = sum.saturating_add(score);
            }
            None if w.optional => {}
            None => return None,
        }
    }
    let class = if hay.status_key() == Some(key) {
        EXACT_STATUS
    } else {
        class
    };
    if query.words.len() > 1 && hay.title.contains(query.phrase.as_str()) {
        sum = sum.saturating_add(PHRASE * i64::try_from(query.words.len()).unwrap_or(0));
    }
    let shorter_first = i64::try_from(hay.title_chars().min(800) / 8).unwrap_or(0);
    let within = (sum + hay.prior() - shorter_first).clamp(-CLASS / 2 + 1, CLASS / 2 - 1);
    Some(class * CLASS + within)
}

/// The char indices of the title that the query's words matched there:
/// the fuzzy match of each word, or the near-spelled title word it stands
/// for. Words that matched the body add none.
pub(crate) fn positions(
    vocabulary: &Vocabulary,
    hay: &Hay<'_>,
    query: &Query,
    lookups: &[Lookup],
) -> Vec<usize> {
    let mut positions = Vec::new();
    for (w, lookup) in query.words.iter().zip(lookups) {
        match word(hay, w, lookup) {
            Some((Tier::Title | Tier::TitleSpread, _)) => {
                positions.extend(
                    lookup
                        .memo
                        .positions
                        .get_or(hay.index(), || skim_positions(hay.title, &w.text)),
                );
            }
            Some((Tier::TitleTypo(id), _)) => {
                highlight_word(hay.title, vocabulary.word(id), &mut positions);
            }
            Some((Tier::Body | Tier::BodyTypo, _)) | None => {}
        }
    }
    positions.sort_unstable();
    positions.dedup();
    positions
}

/// Push the letters and digits of each title word whose bare form is `target`.
fn highlight_word(title: &str, target: &str, positions: &mut Vec<usize>) {
    let mut token = String::new();
    let mut start = 0;
    for (i, c) in title.chars().chain(std::iter::once(' ')).enumerate() {
        if c.is_whitespace() || c == '/' {
            if bare(&token) == target {
                let chars = title.chars().enumerate().skip(start).take(i - start);
                positions.extend(chars.filter(|(_, c)| c.is_alphanumeric()).map(|(j, _)| j));
            }
            token.clear();
            start = i + 1;
        } else {
            token.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::{self, Item};

    /// The bound, the coarse bound and the loose bound of `word` in
    /// `title`.
    fn bounds(title: &str, chars: usize, word: &str) -> [i64; 3] {
        [Skim::Bound, Skim::Coarse, Skim::Loose].map(|skim| skim.score(title, chars, word))
    }

    /// Every title of the shipped guide against every word of it, whole and
    /// cut short, and some made-up words.
    #[test]
    fn skim_bound_is_never_below_the_skim_score() {
        let kb = kb::load(None).expect("the built-in guide loads").0;
        let matcher = matcher();
        let titles: Vec<String> = kb
            .items()
            .map(|i: Item<'_>| i.title().to_lowercase())
            .collect();
        let mut words: Vec<String> = titles
            .iter()
            .flat_map(|t| t.split(' ').map(str::to_string).collect::<Vec<_>>())
            .flat_map(|w| (1..=w.len()).filter_map(move |n| w.get(..n).map(str::to_string)))
            .collect();
        words.extend(["aaa", "i", "sync photos", "e-e", "iphone/ipad"].map(String::from));
        words.sort();
        words.dedup();
        let mut checked = 0;
        for title in &titles {
            let chars = title.chars().count();
            for word in &words {
                if let Some((score, _)) = matcher.fuzzy(title, word, false) {
                    let [bound, coarse, loose] = bounds(title, chars, word);
                    assert!(
                        score <= bound && bound <= coarse && coarse <= loose,
                        "{word:?} in {title:?}: {score}, {bound}, {coarse}, {loose} not in order"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "only {checked} matches checked");
    }

    #[test]
    fn skim_bound_is_the_score_of_a_word_typed_whole() {
        for (title, word) in [
            ("photo library", "library"),
            ("photos library", "photos"),
            ("xlibrary", "library"),
            ("photo library", "p"),
            ("photo library", "l"),
            ("lost photos in the library", "photos"),
            ("scanned documents are stuck", "st"),
            ("scanned documents are missing", "st"),
            ("sits at the top", "st"),
            ("ss", "ss"),
            ("turn off the system library from the menu bar", "library"),
        ] {
            let bound = skim_bound(title, title.chars().count(), word, true);
            assert_eq!(bound, skim_score(title, word), "{word:?} in {title:?}");
        }
    }

    /// Every title of the shipped guide, as folded and as written, and
    /// made-up ones, against every char in any of them.
    #[test]
    fn a_one_char_bound_is_the_skim_score() {
        let kb = kb::load(None).expect("the built-in guide loads").0;
        let mut titles: Vec<String> = kb
            .items()
            .flat_map(|i: Item<'_>| [i.title().to_lowercase(), i.title().to_string()])
            .collect();
        titles.extend(["a-b c/d.e_f", "ÉCLAIR éclair", "x", "", "  a  "].map(String::from));
        let mut chars: Vec<char> = titles.iter().flat_map(|t| t.chars()).collect();
        chars.sort_unstable();
        chars.dedup();
        let mut checked = 0;
        for title in &titles {
            let n = title.chars().count();
            for c in &chars {
                let word = c.to_string();
                if matcher().fuzzy(title, &word, false).is_some() {
                    let exact = skim_score(title, &word);
                    assert_eq!(
                        skim_bound(title, n, &word, true),
                        exact,
                        "{word:?} in {title:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 4_000, "only {checked} checked");
    }

    #[test]
    fn spread_letters_keep_to_words_side_by_side() {
        assert!(over_words_in_a_row("waiting to upload", "wtu"));
        assert!(over_words_in_a_row("icloud photos", "icloudphotos"));
        assert!(over_words_in_a_row("turn on icloud photos", "onicl"));
        assert!(over_words_in_a_row("iphone/ipad settings", "padset"));
        assert!(
            !over_words_in_a_row("waiting to upload", "wu"),
            "`to` gives none of the letters"
        );
        assert!(!over_words_in_a_row(
            "in finder's photos pane, turn off sync photos so the cloud library is the only source",
            "screenshot"
        ));
        assert!(!over_words_in_a_row("ab", "abc"));
    }

    #[test]
    fn within_one_word_keeps_to_one_word() {
        assert!(within_one_word("photo library", "lib"));
        assert!(within_one_word("photo library", "lbry"));
        assert!(
            !within_one_word("photo library", "ol"),
            "o and l in two words"
        );
        assert!(!within_one_word("iphone/ipad", "pp"));
        assert!(within_one_word("iphone/ipad", "pad"));
        assert!(!within_one_word("a\tb", "ab"));
        assert!(within_one_word("crème brûlée", "rûl"));
        assert!(!within_one_word("crème brûlée", "eb"));
        assert!(within_one_word("photos", ""));
        assert!(!within_one_word(" / ", ""));
    }

    /// The vocabulary's set answers as `within_one_word` does, for every
    /// title of the shipped guide and every word begun in it, built afresh
    /// and narrowed from a shorter word's set.
    #[test]
    fn the_vocabulary_set_finds_what_within_one_word_finds() {
        use crate::search::haystack;
        use crate::search::store::{Reader, Writer};
        let kb = kb::load(None).expect("the built-in guide loads").0;
        let mut writer = Writer::default();
        haystack::write(&kb, &mut writer);
        let bytes = writer.finish();
        let mut reader = Reader::new(bytes.as_slice()).expect("an index");
        let vocabulary = Vocabulary::read(&mut reader).expect("a vocabulary");
        let items = haystack::Haystacks::read(&mut reader, vocabulary.len()).expect("haystacks");
        let mut texts: Vec<String> = (0..vocabulary.len())
            .flat_map(|i| {
                let w = vocabulary.word(offset(i));
                (1..=w.len()).filter_map(move |n| w.get(..n).map(str::to_string))
            })
            .collect();
        texts.extend(["zq", "lbry", "ol", "pp", "icloudphotos"].map(String::from));
        texts.sort();
        texts.dedup();
        let (mut agreed, mut found) = (0, 0);
        for text in &texts {
            let fresh = Within::new(&vocabulary, text, None);
            let shorter = text.get(..text.len() - 1).filter(|s| !s.is_empty());
            let narrowed = shorter.map(|s| {
                let s = Within::new(&vocabulary, s, None);
                Within::new(&vocabulary, text, Some(&s))
            });
            for i in 0..items.len() {
                let hay = items.hay(i);
                let expected = within_one_word(hay.title, text);
                let by_set = |set: &Within| hay.title_words().any(|id| set.contains(id));
                assert_eq!(by_set(&fresh), expected, "{text:?} in {:?}", hay.title);
                if let Some(narrowed) = &narrowed {
                    assert_eq!(by_set(narrowed), expected, "{text:?} in {:?}", hay.title);
                }
                agreed += 1;
                found += usize::from(expected);
            }
        }
        assert!(
            agreed > 100_000 && found > 5_000,
            "{agreed} checked, {found} found"
        );
    }

    /// Found with a shared matcher, `psaffnic` in this title lit its 46th
    /// char instead of its 24th after other titles had been matched.
    #[test]
    fn positions_do_not_depend_on_the_titles_matched_before() {
        let kb = kb::load(None).expect("the built-in guide loads").0;
        let title = "in finder's photos pane for the device, turn off sync photos so \
                     the cloud library is the only source: pick one sync method, not both.";
        let alone = skim_positions(title, "psaffnic");
        for word in ["ps", "psa", "psaf", "psaff", "psaffn", "psaffni"] {
            for item in kb.items() {
                skim_positions(&item.title().to_lowercase(), word);
            }
        }
        assert_eq!(skim_positions(title, "psaffnic"), alone);
        assert_eq!(alone, [12, 17, 20, 24, 47, 51, 82, 98]);
    }

    #[test]
    fn a_score_does_not_depend_on_the_title_scored_before() {
        let title = "free space in icloud and on the device";
        let alone = skim_score(title, "oon");
        skim_score("transfers fail on a hotspot, guest network or vpn", "oon");
        assert_eq!(skim_score(title, "oon"), alone);
    }

    /// Every title of the shipped guide against words of it, cut short,
    /// in an order of their own: the shared matcher answers as a new one.
    #[test]
    fn the_shared_matcher_answers_as_a_new_one() {
        let kb = kb::load(None).expect("the built-in guide loads").0;
        let titles: Vec<String> = kb
            .items()
            .map(|i: Item<'_>| i.title().to_lowercase())
            .collect();
        let words: Vec<&str> = titles.iter().flat_map(|t| t.split(' ')).collect();
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let title = &titles[seed as usize % titles.len()];
            let word = words[(seed >> 16) as usize % words.len()];
            let word: String = word.chars().take(1 + (seed >> 40) as usize % 7).collect();
            let positions = seed & 1 == 1;
            assert_eq!(
                skim(title, &word, positions),
                matcher().fuzzy(title, &word, positions),
                "{word:?} in {title:?}"
            );
        }
    }

    proptest::proptest! {
        /// Few letters, so that repeats, runs and word starts abound.
        #[test]
        fn skim_bound_holds_for_short_words(title in "[abAB -./]{0,30}", text in "[abA. -]{2}") {
            if let Some((score, _)) = matcher().fuzzy(&title, &text, false) {
                let [bound, coarse, loose] = bounds(&title, title.chars().count(), &text);
                proptest::prop_assert!(score <= bound, "{text:?} in {title:?}: {score} > {bound}");
                proptest::prop_assert!(bound <= coarse, "{text:?} in {title:?}: {bound} > {coarse}");
                proptest::prop_assert!(coarse <= loose, "{text:?} in {title:?}: {coarse} > {loose}");
            }
        }

        #[test]
        fn a_one_char_bound_is_the_skim_score_anywhere(title in "[abAB -./é_]{0,30}", text in "[abA.é -]") {
            if matcher().fuzzy(&title, &text, false).is_some() {
                let n = title.chars().count();
                proptest::prop_assert_eq!(skim_bound(&title, n, &text, true), skim_score(&title, &text));
            }
        }

        #[test]
        fn skim_bound_holds_for_any_text(title in "[abAB -./é]{0,24}", text in "[abA.-é]{1,6}") {
            if let Some((score, _)) = matcher().fuzzy(&title, &text, false) {
                let [bound, coarse, loose] = bounds(&title, title.chars().count(), &text);
                proptest::prop_assert!(score <= bound, "{text:?} in {title:?}: {score} > {bound}");
                proptest::prop_assert!(bound <= coarse, "{text:?} in {title:?}: {bound} > {coarse}");
                proptest::prop_assert!(coarse <= loose, "{text:?} in {title:?}: {coarse} > {loose}");
            }
        }
    }
}
