//! What search looks at for each item, prepared once when the index is
//! built and kept in the flat index (see `store`).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::kb::{Item, Kind, KnowledgeBase};

use super::query::{Query, fold};
use super::relevance::{Field, Postings};
use super::store::{List, ListBuf, Reader, Writer, offset};
use super::typo::Interner;

/// Kinds as stored: the place of each.
pub(crate) const KINDS: [Kind; 5] = [
    Kind::Symptom,
    Kind::Fix,
    Kind::Step,
    Kind::Status,
    Kind::Note,
];

/// In a stored kind: a status message with no fixes, normal activity.
const NORMAL: u32 = 0x80;

/// What search looks at for every item, as the flat index holds it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Haystacks<'a> {
    /// Titles folded to lowercase, char for char, and the folded body
    /// texts, one per line.
    titles: List<'a>,
    bodies: List<'a>,
    /// For a status message, its text as a query key; empty for others.
    keys: List<'a>,
    /// The item's own search words of more than one word, as query keys,
    /// one per line: what a person says as one (`hotel wifi`).
    phrases: List<'a>,
    /// Vocabulary ids of each item's title words, then of its body words,
    /// each sorted: item `i`'s are at `words_at[2i]..words_at[2i + 1]`
    /// and `words_at[2i + 1]..words_at[2i + 2]`.
    words: Ids<'a>,
    words_at: &'a [u32],
    title_chars: &'a [u32],
    /// Which letters and digits each title has (see `letters`).
    letters: &'a [u32],
    /// The item's kind (its place in `KINDS`; `NORMAL` set for a status
    /// message that is normal activity), and above the low byte its scope.
    kinds: &'a [u32],
    /// The platform tags of each scope, one per line; scope 0, no tags, is
    /// every platform.
    scopes: List<'a>,
}

/// Vocabulary ids, sorted: 16 bits each when the vocabulary has few
/// enough words (a guide's seldom has more), else 32.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Ids<'a> {
    Narrow(&'a [u16]),
    Wide(&'a [u32]),
}

impl<'a> Ids<'a> {
    /// Whether the ids of a vocabulary of `words` words are narrow.
    fn narrow(words: usize) -> bool {
        words <= 1 << 16
    }

    fn get(self, range: std::ops::Range<usize>) -> Ids<'a> {
        match self {
            Ids::Narrow(ids) => Ids::Narrow(ids.get(range).unwrap_or(&[])),
            Ids::Wide(ids) => Ids::Wide(ids.get(range).unwrap_or(&[])),
        }
    }

    /// Whether `f` holds for some id: a loop over the ids as they are
    /// stored, for the hottest checks.
    pub fn any(self, mut f: impl FnMut(u32) -> bool) -> bool {
        match self {
            Ids::Narrow(ids) => ids.iter().any(|&id| f(u32::from(id))),
            Ids::Wide(ids) => ids.iter().any(|&id| f(id)),
        }
    }

    pub fn contains(self, id: u32) -> bool {
        match self {
            Ids::Narrow(ids) => u16::try_from(id).is_ok_and(|id| ids.binary_search(&id).is_ok()),
            Ids::Wide(ids) => ids.binary_search(&id).is_ok(),
        }
    }
}

/// One item's haystack, read from the flat index as it is asked for:
/// most items are ruled out by their title alone, and each part read is a
/// trip to memory.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hay<'a> {
    items: &'a Haystacks<'a>,
    i: usize,
    /// The title folded to lowercase, char for char.
    pub title: &'a str,
}

impl<'a> Hay<'a> {
    /// The item's place in the index.
    pub fn index(&self) -> usize {
        self.i
    }

    pub fn title_chars(&self) -> usize {
        self.items
            .title_chars
            .get(self.i)
            .map_or(0, |&c| c as usize)
    }

    /// The item's scope (see `Haystacks::scope`).
    pub fn scope(&self) -> usize {
        self.items.scope(self.i)
    }

    /// The folded body texts, one per line.
    pub fn body(&self) -> &'a str {
        self.items.bodies.get(self.i)
    }

    /// Which letters and digits the title has (see `letters`).
    pub fn letters(&self) -> u32 {
        self.items.letters.get(self.i).copied().unwrap_or(0)
    }

    /// Vocabulary ids of the title's words, sorted.
    pub fn title_words(&self) -> Ids<'a> {
        self.items.words(2 * self.i)
    }

    /// Vocabulary ids of the body's words, sorted.
    pub fn body_words(&self) -> Ids<'a> {
        self.items.words(2 * self.i + 1)
    }

    /// For a status message, its text as a query key.
    pub fn status_key(&self) -> Option<&'a str> {
        (self.items.kind(self.i) == Kind::Status).then(|| self.items.keys.get(self.i))
    }

    /// The item's own search words of more than one word, as query keys.
    pub fn phrases(&self) -> std::str::Lines<'a> {
        self.items.phrases.get(self.i).lines()
    }

    pub fn kind(&self) -> Kind {
        self.items.kind(self.i)
    }

    /// Breaks near-ties by kind: what a person notices (symptoms, status
    /// messages) before what to do about it, single steps last.
    pub fn prior(&self) -> i64 {
        match self.items.kind(self.i) {
            Kind::Symptom | Kind::Status => 6,
            Kind::Note => 5,
            Kind::Fix => 3,
            Kind::Step => 0,
        }
    }

    /// A status message that reports normal activity ("Syncing With
    /// iCloud"), not a problem.
    pub fn normal(&self) -> bool {
        self.items
            .kinds
            .get(self.i)
            .is_some_and(|&k| k & NORMAL != 0)
    }
}

impl<'a> Haystacks<'a> {
    /// What `build` wrote after a vocabulary of `words` words; None when
    /// the parts do not fit together.
    pub fn read(reader: &mut Reader<'a>, words: usize) -> Option<Haystacks<'a>> {
        let items = Haystacks {
            titles: reader.list()?,
            bodies: reader.list()?,
            keys: reader.list()?,
            phrases: reader.list()?,
            words: match Ids::narrow(words) {
                true => Ids::Narrow(reader.u16s()?),
                false => Ids::Wide(reader.u32s()?),
            },
            words_at: reader.u32s()?,
            title_chars: reader.u32s()?,
            letters: reader.u32s()?,
            kinds: reader.u32s()?,
            scopes: reader.list()?,
        };
        let n = items.len();
        let lists = [items.bodies, items.keys, items.phrases];
        let fits = lists.iter().all(|l| l.len() == n)
            && items.words_at.len() == 2 * n + 1
            && items.title_chars.len() == n
            && items.letters.len() == n
            && items.kinds.len() == n
            && items.kinds.iter().all(|&k| {
                (k & 0x7f) < KINDS.len() as u32 && ((k >> 8) as usize) < items.scopes.len()
            });
        fits.then_some(items)
    }

    pub fn len(&self) -> usize {
        self.titles.len()
    }

    /// Item `i`'s haystack; empty texts for an `i` out of range.
    pub fn hay<'h>(&'h self, i: usize) -> Hay<'h> {
        Hay {
            items: self,
            i,
            title: self.titles.get(i),
        }
    }

    /// Word ids: list `k` of `words_at`.
    fn words(&self, k: usize) -> Ids<'a> {
        match self.words_at.get(k..k + 2) {
            Some(&[start, end]) => self.words.get(start as usize..end as usize),
            _ => Ids::Wide(&[]),
        }
    }

    fn kind(&self, i: usize) -> Kind {
        let code = self.kinds.get(i).map_or(0, |&k| k & 0x7f);
        KINDS.get(code as usize).copied().unwrap_or(Kind::Note)
    }

    pub fn scope(&self, i: usize) -> usize {
        self.kinds.get(i).map_or(0, |&k| (k >> 8) as usize)
    }

    /// Whether item `i` is for the platform `scopes` was made for (see
    /// `admitted`).
    pub fn admits(&self, scopes: &[bool], i: usize) -> bool {
        scopes.get(self.scope(i)).copied().unwrap_or(false)
    }

    /// For each scope, how the platforms a query names (`names` says
    /// whether it names a platform id) bear on its items: 1 when they are
    /// for a named platform, -1 when only for others, 0 when for every
    /// platform; empty when the query names none.
    pub fn leaning(&self, names: impl Fn(&str) -> bool) -> Vec<i64> {
        let named: Vec<bool> = self
            .scopes
            .iter()
            .map(|tags| tags.lines().any(&names))
            .collect();
        if !named.contains(&true) {
            return Vec::new();
        }
        let scopes = self.scopes.iter().zip(named);
        scopes
            .map(|(tags, named)| match (tags.is_empty(), named) {
                (true, _) => 0,
                (false, true) => 1,
                (false, false) => -1,
            })
            .collect()
    }

    /// For each scope, whether its items are for `platform` (None = all).
    pub fn admitted(&self, platform: Option<&str>) -> Vec<bool> {
        self.scopes
            .iter()
            .map(|tags| tags.is_empty() || platform.is_none_or(|p| tags.lines().any(|t| t == p)))
            .collect()
    }
}

/// Haystacks are gathered this many items at a time, the pieces shared
/// out between two threads as each is free, and joined in order.
const PIECE: usize = 8192;

/// The flat index of `kb`: its vocabulary (see `Interner::write`), then
/// what `Haystacks::read` reads.
pub(crate) fn write(kb: &KnowledgeBase, writer: &mut Writer) {
    let items: Vec<Item> = kb.items().collect();
    gather(kb, &items, PIECE).write(kb, writer);
}

/// What `Gathered::of` gathers, `piece` items at a time on two threads.
/// Each piece is joined as soon as those before it are, so that no more
/// than a piece or two wait apart from the whole.
fn gather(kb: &KnowledgeBase, items: &[Item], piece: usize) -> Gathered {
    let pieces: Vec<&[Item]> = items.chunks(piece.max(1)).collect();
    if pieces.len() < 2 {
        return Gathered::of(kb, items);
    }
    let next = AtomicUsize::new(0);
    let joined = Mutex::new(Joined::default());
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(piece) = pieces.get(i) else {
                return;
            };
            let gathered = Gathered::of(kb, piece);
            joined
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .add(i, gathered);
        }
    };
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .name("index".into())
            .spawn_scoped(scope, work);
        work();
        if let Ok(helper) = helper {
            helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        }
    });
    let joined = joined.into_inner().unwrap_or_else(PoisonError::into_inner);
    joined.whole.unwrap_or_else(|| Gathered::of(kb, &[]))
}

/// The pieces gathered so far: those joined in order, and those waiting
/// for an earlier one.
#[derive(Default)]
struct Joined {
    whole: Option<Gathered>,
    /// How many pieces `whole` holds.
    count: usize,
    waiting: BTreeMap<usize, Gathered>,
}

impl Joined {
    fn add(&mut self, i: usize, gathered: Gathered) {
        self.waiting.insert(i, gathered);
        while let Some(next) = self.waiting.remove(&self.count) {
            match &mut self.whole {
                Some(whole) => whole.join(next),
                None => self.whole = Some(next),
            }
            self.count += 1;
        }
    }
}

/// The haystacks of some items in a row, their words numbered by an
/// interner of their own.
struct Gathered {
    titles: ListBuf,
    bodies: ListBuf,
    keys: ListBuf,
    phrases: ListBuf,
    /// The platform tags of each scope, one per line; scope 0, no tags.
    scopes: ListBuf,
    interner: Interner,
    postings: Postings,
    words: Vec<u32>,
    words_at: Vec<u32>,
    title_chars: Vec<u32>,
    letters: Vec<u32>,
    kinds: Vec<u32>,
}

impl Gathered {
    fn of(kb: &KnowledgeBase, items: &[Item]) -> Gathered {
        let [mut titles, mut bodies, mut keys, mut phrases, mut scopes] =
            std::array::from_fn(|_| ListBuf::default());
        scopes.push("");
        let mut interner = Interner::default();
        let mut postings = Postings::default();
        let (mut words, mut words_at) = (Vec::new(), vec![0]);
        let (mut title_chars, mut letters, mut kinds) = (Vec::new(), Vec::new(), Vec::new());
        for item in items {
            let tags = scope(kb, item);
            let scope = place(&mut scopes, &tags.join("\n"));
            let mut lines = body_lines(item);
            lines.extend(platform_names(kb, item, &tags));
            let own = item_words(item);
            let said_as_one: Vec<String> = own
                .iter()
                .map(|words| Query::parse(words))
                .filter(|query| query.words.len() > 1)
                .map(|query| query.key())
                .collect();
            phrases.push(&said_as_one.join("\n"));
            let mut folded_words = String::new();
            append_folded(&mut folded_words, own.iter().copied());
            lines.extend(own);
            append_folded(titles.open(), std::iter::once(item.title()));
            titles.end();
            append_folded(bodies.open(), lines.into_iter());
            bodies.end();
            let title_words = interner.intern_words(titles.last());
            let body_words = interner.intern_words(bodies.last());
            let own_words = interner.intern_words(&folded_words);
            // A step's title is its whole instruction, a sentence: for
            // relevance its words say no more than any item's body does, so
            // that steps do not outweigh the symptom a person describes.
            let title_field = match item {
                Item::Step(_) => Field::Body,
                _ => Field::Title,
            };
            postings.add(
                &interner,
                [
                    (title_field, &title_words),
                    (Field::Words, &own_words),
                    (Field::Body, &body_words),
                ],
            );
            words.extend(title_words.ids);
            words_at.push(offset(words.len()));
            words.extend(body_words.ids);
            words_at.push(offset(words.len()));
            title_chars.push(offset(titles.last().chars().count()));
            letters.push(self::letters(titles.last()));
            keys.push(&match item {
                Item::Status(s) => Query::parse(&s.text).key(),
                _ => String::new(),
            });
            let kind = KINDS.iter().position(|&k| k == item.kind()).unwrap_or(0);
            let normal = matches!(item, Item::Status(s) if s.fixes.is_empty());
            kinds.push(offset(kind) | if normal { NORMAL } else { 0 } | offset(scope) << 8);
        }
        Gathered {
            titles,
            bodies,
            keys,
            phrases,
            scopes,
            interner,
            postings,
            words,
            words_at,
            title_chars,
            letters,
            kinds,
        }
    }

    /// Add the items of `later`, which come after these.
    fn join(&mut self, later: Gathered) {
        let words = self.interner.absorb(&later.interner);
        self.postings.absorb(later.postings, &words);
        let base = offset(self.words.len());
        let renumbered = later.words.iter().map(|&w| words[w as usize]);
        self.words.extend(renumbered);
        let starts = later.words_at.iter().skip(1);
        self.words_at
            .extend(starts.map(|&at| base.saturating_add(at)));
        for (mine, theirs) in [
            (&mut self.titles, &later.titles),
            (&mut self.bodies, &later.bodies),
            (&mut self.keys, &later.keys),
            (&mut self.phrases, &later.phrases),
        ] {
            mine.extend(theirs);
        }
        let scopes: Vec<u32> = later
            .scopes
            .as_list()
            .iter()
            .map(|tags| offset(place(&mut self.scopes, tags)))
            .collect();
        let kinds = later.kinds.iter().map(|&k| {
            let scope = scopes.get((k >> 8) as usize).copied().unwrap_or(0);
            k & 0xff | scope << 8
        });
        self.kinds.extend(kinds);
        self.title_chars.extend(later.title_chars);
        self.letters.extend(later.letters);
    }

    fn write(self, kb: &KnowledgeBase, writer: &mut Writer) {
        let (renumbered, order) = self.interner.write(writer);
        let mut words = self.words;
        for id in &mut words {
            *id = renumbered.get(*id as usize).copied().unwrap_or(*id);
        }
        for range in self.words_at.windows(2) {
            words[range[0] as usize..range[1] as usize].sort_unstable();
        }

        for list in [self.titles, self.bodies, self.keys, self.phrases] {
            writer.list(list);
        }
        if Ids::narrow(renumbered.len()) {
            // Every id is below the vocabulary's length.
            writer.u16s(words.iter().map(|&id| id as u16).collect());
        } else {
            writer.u32s(words);
        }
        for numbers in [self.words_at, self.title_chars, self.letters, self.kinds] {
            writer.u32s(numbers);
        }
        writer.list(self.scopes);
        self.postings.write(&order, &kb.synonyms, writer);
    }
}

/// The place of the scope `tags` in `scopes`, added when new.
fn place(scopes: &mut ListBuf, tags: &str) -> usize {
    let known = scopes.as_list().iter().position(|s| s == tags);
    known.unwrap_or_else(|| {
        scopes.push(tags);
        scopes.len() - 1
    })
}

/// Which ASCII letters and digits folded `text` has, a bit each (the
/// digits share six): a text holds a word's chars in order only if it has
/// every bit the word has, a check far cheaper than looking.
pub(crate) fn letters(text: &str) -> u32 {
    text.bytes().fold(0, |bits, b| {
        bits | match b {
            b'a'..=b'z' => 1 << (b - b'a'),
            b'0'..=b'9' => 1 << (26 + (b - b'0') % 6),
            _ => 0,
        }
    })
}

/// The item's own search words.
fn item_words<'a>(item: &Item<'a>) -> Vec<&'a str> {
    let words = match *item {
        Item::Symptom(s) => &s.words,
        Item::Fix(f) => &f.words,
        Item::Step(s) => &s.words,
        Item::Status(s) => &s.words,
        Item::Note(n) => &n.words,
    };
    words.iter().map(String::as_str).collect()
}

/// Append `lines`, folded, one per line.
fn append_folded<'t>(buffer: &mut String, lines: impl Iterator<Item = &'t str>) {
    for (i, line) in lines.enumerate() {
        if i > 0 {
            buffer.push('\n');
        }
        if line.is_ascii() {
            // What `fold` does to ASCII, a byte at a time.
            let start = buffer.len();
            buffer.push_str(line);
            buffer[start..].make_ascii_lowercase();
        } else {
            buffer.extend(line.chars().map(fold));
        }
    }
}

/// The text searched besides the title, which ranks below it.
fn body_lines<'a>(item: &Item<'a>) -> Vec<&'a str> {
    match *item {
        Item::Symptom(s) => std::iter::once(s.quick_fix.as_str())
            .chain(s.where_to_look.iter().map(|p| p.place.as_str()))
            .collect(),
        Item::Fix(f) => vec![&f.summary],
        Item::Step(s) => s.caution.as_deref().into_iter().collect(),
        Item::Status(s) => vec![&s.meaning, &s.action],
        Item::Note(n) => std::iter::once(n.summary.as_str())
            .chain(n.points.iter().map(String::as_str))
            .chain(n.collect.iter().map(String::as_str))
            .collect(),
    }
}

/// The names of the platforms an item is for or says where to look on, so
/// that `iphone storage full` finds what the guide says about iPhones.
fn platform_names<'k>(kb: &'k KnowledgeBase, item: &Item<'_>, tags: &[&str]) -> Vec<&'k str> {
    let mut ids: Vec<&str> = tags.to_vec();
    if let Item::Symptom(s) = item {
        ids.extend(s.where_to_look.iter().map(|p| p.platform.as_str()));
    }
    kb.platforms
        .iter()
        .filter(|p| ids.contains(&p.id.as_str()))
        .map(|p| p.name.as_str())
        .collect()
}

/// The platforms an item is for; none for every platform. A fix is for
/// the platforms of its steps; notes are for everyone.
fn scope<'k>(kb: &'k KnowledgeBase, item: &Item<'k>) -> Vec<&'k str> {
    let tags = |platforms: &'k [String]| -> Vec<&'k str> {
        platforms.iter().map(String::as_str).collect()
    };
    match *item {
        Item::Symptom(s) => tags(&s.platforms),
        Item::Step(s) => tags(&s.platforms),
        Item::Status(s) => tags(&s.platforms),
        Item::Note(_) => Vec::new(),
        Item::Fix(f) => kb.fix_platforms(f),
    }
}

#[cfg(test)]
mod tests {
    use super::{Gathered, Ids, gather, letters};
    use crate::kb::{BUILT_IN, Item, parse};
    use crate::search::store::Writer;

    #[test]
    fn haystacks_gathered_in_pieces_are_those_gathered_whole() {
        let kb = parse("knowledge.ron", BUILT_IN.as_bytes()).unwrap();
        let items: Vec<Item> = kb.items().collect();
        let written = |gathered: Gathered| {
            let mut writer = Writer::default();
            gathered.write(&kb, &mut writer);
            writer.finish().as_slice().to_vec()
        };
        let whole = written(Gathered::of(&kb, &items));
        for piece in [1, 7, items.len() / 2, items.len()] {
            assert_eq!(written(gather(&kb, &items, piece)), whole, "{piece}");
        }
        // Halves that differ in their words, scopes and kinds.
        let (symptoms, rest) = items.split_at(kb.symptoms.len());
        let mut gathered = Gathered::of(&kb, symptoms);
        gathered.join(Gathered::of(&kb, rest));
        assert_eq!(written(gathered), whole);
    }

    #[test]
    fn letters_are_a_bit_each_and_digits_share_six() {
        assert_eq!(letters("ab"), 0b11);
        assert_eq!(letters("z"), 1 << 25);
        assert_eq!(letters("0"), letters("6"));
        assert_ne!(letters("0"), letters("1"));
        // Only ASCII letters and digits count; the text is folded already.
        assert_eq!(letters("é- A"), 0);
        let title = letters("waiting to upload");
        for word in ["wtu", "upload", "ing"] {
            assert_eq!(title & letters(word), letters(word), "{word}");
        }
        assert_ne!(title & letters("photos"), letters("photos"));
    }

    #[test]
    fn narrow_and_wide_ids_answer_alike() {
        let wide: Vec<u32> = vec![0, 3, 70, 65_535];
        let narrow: Vec<u16> = wide.iter().map(|&id| id as u16).collect();
        for ids in [Ids::Narrow(&narrow), Ids::Wide(&wide)] {
            let mut seen = Vec::new();
            assert!(!ids.any(|id| {
                seen.push(id);
                false
            }));
            assert_eq!(seen, wide);
            assert!(ids.any(|id| id == 70));
            for id in [0, 3, 70, 65_535] {
                assert!(ids.contains(id), "{id} in {ids:?}");
            }
            for id in [1, 69, 65_536, 65_536 + 3, u32::MAX] {
                assert!(!ids.contains(id), "{id} not in {ids:?}");
            }
            let some = ids.get(1..3);
            assert!(some.contains(3) && some.contains(70) && !some.contains(0));
            assert!(!ids.get(3..9).any(|_| true), "out of range is empty");
        }
    }
}
