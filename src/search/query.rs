//! A query, split into words, and the rule for when one query's results can
//! be narrowed into the next's.

/// The longest query searched, in characters: far more than anyone types
/// to describe a problem, and a bound on a search's work however much is
/// pasted. The interface's search line holds no more; `syncfix search`
/// says when it cut a query.
pub const MAX_CHARS: usize = 1000;

/// The start of `text` that is searched for (at most [`MAX_CHARS`]
/// characters), and whether that is less than all of it.
pub fn clip(text: &str) -> (&str, bool) {
    match text.char_indices().nth(MAX_CHARS) {
        Some((end, _)) => (&text[..end], true),
        None => (text, false),
    }
}

/// Lowercase one char, and make typographic dashes and quotes plain, without
/// changing the char count, so that positions in a folded string are
/// positions in the original.
pub(crate) fn fold(c: char) -> char {
    match c {
        _ if c.is_ascii() => c.to_ascii_lowercase(),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{2018}' | '\u{2019}' | '\u{2032}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{2033}' => '"',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

pub(crate) fn fold_str(s: &str) -> String {
    s.chars().map(fold).collect()
}

/// Words are separated by whitespace and slashes (`iPhone/iPad`,
/// `uncheck/recheck`).
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c == '/')
        .filter(|w| !w.is_empty())
}

/// `text` with the punctuation people put between words without spaces
/// made spaces: dashes other than the hyphen (`icloud—photos—stuck`), an
/// ellipsis, typed (`photos...stuck`) or typographic, and `,` `;` `|`. A
/// hyphen and a single dot join (`wi-fi`, `icloud.com`).
fn separate(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| match c {
            '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2026}' | ',' | ';' | '|' => ' ',
            c => c,
        })
        .collect();
    spaced.replace("..", "  ")
}

/// The letters and digits of a word: what typo matching compares.
pub(crate) fn bare(word: &str) -> String {
    word.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// How many edits a near spelling may be from a word of `chars` letters:
/// none for short words (too many short words are one edit apart).
pub(crate) fn typo_budget(chars: usize) -> u8 {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Words people put around what they mean ("why are my photos not on my
/// mac"). In a query with other words they are optional: they add to the
/// score where they match but never reject an item.
const FUNCTION_WORDS: &[&str] = &[
    "a", "am", "an", "and", "are", "at", "be", "but", "can", "cant", "can't", "do", "does",
    "doesn't", "doesnt", "don't", "dont", "for", "from", "how", "i", "i'm", "im", "in", "is",
    "isn't", "isnt", "it", "it's", "its", "me", "my", "no", "not", "of", "on", "or", "our", "so",
    "that", "the", "to", "what", "when", "where", "why", "will", "with", "won't", "wont", "you",
    "your",
];

/// A word at least this share of items hold is common (see
/// `Query::relax`) when a required word of the query is held by at most
/// `1 / RARER` as many. In the shipped guide that makes `photos`,
/// `iphone`, `mac`, `icloud`, `device` and `library` common, not
/// `upload` (26 %), which tells the status messages apart.
const COMMON: f32 = 0.28;
const RARER: f32 = 3.0;

/// Words that bear no meaning of their own for relevance, beyond the
/// function words: they neither weigh nor count towards holding every word.
const STOP_WORDS: &[&str] = &[
    "about", "after", "all", "also", "any", "been", "by", "did", "didn't", "didnt", "get",
    "getting", "got", "had", "has", "have", "if", "into", "just", "keep", "keeps", "should",
    "some", "still", "than", "then", "there", "they", "this", "was", "wasn't", "were", "which",
    "who", "would", "up", "very", "why's", "aren't", "arent", "cannot", "haven't", "never",
    "unable", "these", "those", "them", "their", "we", "us", "one", "ever", "even", "again",
    "says", "say", "said",
];

/// Words that say something is not happening (`not syncing`): the query
/// is about a problem, not about the normal activity its other words name.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "cant", "can't", "cannot", "doesn't", "doesnt", "don't", "dont", "isn't",
    "isnt", "aren't", "arent", "won't", "wont", "didn't", "didnt", "wasn't", "unable", "haven't",
    "stopped", "stops", "stop", "fails", "failed", "fail", "wasnt", "havent", "nothing", "refuse",
    "refuses", "refused",
];

/// Whether a folded word says something is not happening (`won't`,
/// `stopped`).
pub(crate) fn is_negation(text: &str) -> bool {
    NEGATIONS.contains(&text)
}

/// Whether a folded word bears no meaning of its own (see `STOP_WORDS`).
pub(crate) fn is_stop(text: &str) -> bool {
    FUNCTION_WORDS.contains(&text) || STOP_WORDS.contains(&text)
}

/// Follows a text's words in order and tells which word a negation bears
/// on: the first after it that is no stop word, within `REACH` words
/// (`syncing` in `not syncing`, `upload` in `unable to upload`). One rule
/// for the guide's texts and for a query, so that `photos won't sync`
/// finds what the guide says of "not syncing".
#[derive(Debug, Default)]
pub(crate) struct Negation {
    left: u8,
}

impl Negation {
    const REACH: u8 = 3;

    /// Whether the negation before bears on the next word, `text`.
    pub fn bears_on(&mut self, text: &str) -> bool {
        self.next(is_negation(text), is_stop(text))
    }

    /// `bears_on` for a word known to be a negation or a stop word.
    pub fn next(&mut self, negation: bool, stop: bool) -> bool {
        if negation {
            self.left = Self::REACH;
            return false;
        }
        if self.left == 0 {
            return false;
        }
        self.left -= 1;
        if stop {
            return false;
        }
        self.left = 0;
        true
    }
}

/// Words that say the query describes a problem, beside negations.
const TROUBLE: &[&str] = &[
    "stuck",
    "missing",
    "gone",
    "slow",
    "broken",
    "wrong",
    "error",
    "problem",
    "issue",
    "why",
    "help",
    "lost",
    "disappeared",
    "frozen",
    "stalled",
    "hangs",
    "blurry",
    "down",
    "outage",
    "duplicate",
    "duplicates",
    "corrupt",
    "corrupted",
    "crash",
    "crashes",
    "delayed",
    "forever",
    "incomplete",
    "empty",
    "blank",
    "vanished",
    "deleted",
    "hot",
];

/// Words that open a question (`how do i know they uploaded`, `will
/// turning it off delete them`): the answer may be a note as much as a
/// symptom.
const QUESTIONS: &[&str] = &[
    "how", "why", "where", "what", "when", "which", "who", "can", "could", "does", "do", "did",
    "is", "are", "will", "would", "should", "has", "have", "am",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    /// Folded, without leading and trailing punctuation: matched as typed.
    pub text: String,
    /// Letters and digits only: compared with the index's words for typos.
    pub bare: String,
    /// Edits allowed when the word falls back to a near spelling.
    pub budget: u8,
    /// A function word beside other words: it need not match.
    pub optional: bool,
    /// Whether it weighs in relevance: not a stop word, unless the query
    /// has only stop words (`what not to do`).
    pub meaning: bool,
    /// A negation bears on it (`syncing` in `not syncing`; see
    /// `Negation`).
    pub negated: bool,
    /// Most of the guide holds it, and the query has a rarer word that
    /// must match: where it is says little of whether the words are in
    /// an item's title (see `Query::weigh`).
    pub common: bool,
}

impl Word {
    /// A word that bears meaning and must match (see `Query::relax`).
    fn required(&self) -> bool {
        self.meaning && !self.optional
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Query {
    pub words: Vec<Word>,
    /// The whole query, folded, with single spaces and no punctuation
    /// around it: a title containing it has the words together, in order.
    pub phrase: String,
    /// The query describes a problem: it has a negation (`not syncing`) or
    /// a word of trouble, or three or more meaning-bearing words.
    pub problem: bool,
    /// Some word negates (`not`, `won't`, `stopped`).
    pub negated: bool,
    /// The query asks a question: it opens with a question word (`how`,
    /// `will`, `is`) or ends with a question mark.
    pub question: bool,
}

impl Query {
    /// Split on whitespace, fold case and trim punctuation off each word. A
    /// query of punctuation only (`>`) keeps its words as typed. Only the
    /// first [`MAX_CHARS`] characters count.
    pub fn parse(text: &str) -> Query {
        let clipped = clip(text).0;
        let folded = fold_str(clipped);
        let separated = fold_str(&separate(clipped));
        let trimmed: Vec<&str> = words(&separated)
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .collect();
        let texts = if trimmed.is_empty() {
            words(&folded).collect()
        } else {
            trimmed
        };
        let phrase = folded
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        let is_function_word = |text: &str| FUNCTION_WORDS.contains(&text);
        let all_function_words = texts.iter().all(|t| is_function_word(t));
        let all_stop = texts.iter().all(|t| is_stop(t));
        let mut negation = Negation::default();
        let negated = texts.iter().any(|t| is_negation(t));
        let troubled = texts.iter().any(|t| TROUBLE.contains(t));
        let meaningful = texts.iter().filter(|t| !is_stop(t)).count();
        let question = texts.first().is_some_and(|t| QUESTIONS.contains(t))
            || folded.trim_end().ends_with('?');
        let words = texts
            .into_iter()
            .map(|text| {
                let bare = bare(text);
                let budget = typo_budget(bare.chars().count());
                Word {
                    text: text.to_string(),
                    bare,
                    budget,
                    optional: !all_function_words && is_function_word(text),
                    meaning: all_stop || !is_stop(text),
                    negated: negation.bears_on(text),
                    common: false,
                }
            })
            .collect();
        Query {
            words,
            phrase,
            problem: negated || troubled || meaningful >= 3,
            negated,
            question,
        }
    }

    /// Make optional the words most of the guide holds (`photos`, in a
    /// guide about iCloud Photos) when the query has a far rarer word
    /// that must match: beside it they say little, and an item that lacks
    /// them (`Paused`, for `icloud paused`) is no worse for it. They still
    /// add to the score where they match. `shares` are the share of items
    /// that hold each word (see `Index::share`: a misspelt word is as
    /// common as the word it stands for); a word no item holds, such as
    /// one being typed, has 0 and counts as rare.
    pub fn relax(&mut self, shares: &[f32]) {
        if !self.relaxable() {
            return;
        }
        let rarest = self
            .words
            .iter()
            .zip(shares)
            .filter(|(w, _)| w.required())
            .map(|(_, &s)| s)
            .fold(f32::INFINITY, f32::min);
        for (word, &share) in self.words.iter_mut().zip(shares) {
            if word.required() && share >= COMMON && share >= RARER * rarest {
                word.optional = true;
            }
        }
    }

    /// Mark the required words most of the guide holds (`photos`) as
    /// common, when a word that must match is not: in a problem told,
    /// every word still matches, but whether the rarer words are in an
    /// item's title decides its class (`Nothing syncs on any device` for
    /// `photos not syncing`), and an item holds every word of the query
    /// when it holds the rarer ones. `shares` are as for `relax`.
    pub fn weigh(&mut self, shares: &[f32]) {
        if !self.problem {
            return;
        }
        let required = || self.words.iter().zip(shares).filter(|(w, _)| w.required());
        if required().all(|(_, &share)| share >= COMMON) {
            return;
        }
        for (word, &share) in self.words.iter_mut().zip(shares) {
            word.common = word.required() && share >= COMMON;
        }
    }

    /// Whether `relax` can make a word optional: in a query that is not
    /// a problem told, with two or more required words that bear meaning.
    pub fn relaxable(&self) -> bool {
        !self.problem && self.words.iter().filter(|w| w.required()).count() >= 2
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words joined by single spaces: two texts with the same key differ
    /// only in case, spacing and surrounding punctuation.
    pub fn key(&self) -> String {
        let mut key = String::new();
        for (i, word) in self.words.iter().enumerate() {
            if i > 0 {
                key.push(' ');
            }
            key.push_str(&word.text);
        }
        key
    }

    /// Whether every item this query matches is sure to be among the items
    /// `prev` matched, so that searching only those gives the same result.
    ///
    /// An item matches when each word matches it. A word matches when its
    /// text is a subsequence of the title or a substring of the body (both
    /// can only fail more often as the word grows), or when its bare form is
    /// within its typo budget of a prefix of one of the item's words (which
    /// can only fail more often as the word grows while the budget stays
    /// the same). So narrowing is safe when the new query keeps every
    /// previous word, except that the last one may grow without its budget
    /// changing, and perhaps adds words: more words can only reject more.
    /// An optional word rejects nothing, so no word that was required may
    /// become optional (as `my` does when `my photos` follows `my`).
    pub fn narrows(&self, prev: &Query) -> bool {
        let Some((last, earlier)) = prev.words.split_last() else {
            return false;
        };
        if self.words.len() < prev.words.len() {
            return false;
        }
        let kept = earlier
            .iter()
            .zip(&self.words)
            .all(|(old, new)| old.text == new.text && (old.optional || !new.optional));
        let grown = &self.words[earlier.len()];
        kept && (last.optional || !grown.optional)
            && (grown.text == last.text
                || (grown.text.starts_with(&last.text)
                    && grown.bare.starts_with(&last.bare)
                    && grown.budget == last.budget))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(q: &str) -> Vec<String> {
        Query::parse(q).words.into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn words_are_folded_and_trimmed_of_punctuation() {
        assert_eq!(
            texts("  \"Waiting To  Upload\"? "),
            ["waiting", "to", "upload"]
        );
        assert_eq!(texts("Wi-Fi > Photos"), ["wi-fi", "photos"]);
        assert_eq!(texts("uncheck/recheck"), ["uncheck", "recheck"]);
        assert_eq!(texts("ÉCRAN İ"), ["écran", "i"]);
        assert_eq!(
            texts("Wi\u{2011}Fi \u{201c}Paused\u{201d} won\u{2019}t"),
            ["wi-fi", "paused", "won't"]
        );
    }

    #[test]
    fn the_phrase_is_the_folded_query_without_outer_punctuation() {
        assert_eq!(
            Query::parse(" \"Settings  >  Photos\" ").phrase,
            "settings > photos"
        );
    }

    #[test]
    fn punctuation_only_queries_keep_their_words() {
        assert_eq!(texts(" > ? "), [">", "?"]);
        assert!(Query::parse("   ").is_empty());
    }

    #[test]
    fn function_words_are_optional_beside_other_words() {
        let optional =
            |q: &str| -> Vec<bool> { Query::parse(q).words.iter().map(|w| w.optional).collect() };
        assert_eq!(
            optional("why are my photos not on my Mac"),
            [true, true, true, false, true, true, true, false]
        );
        assert_eq!(optional("Won\u{2019}t sync"), [true, false]);
        assert_eq!(optional("to"), [false]);
        assert_eq!(optional("why is it"), [false, false, false]);
    }

    #[test]
    fn questions_open_with_a_question_word_or_end_with_a_mark() {
        let question = |q: &str| Query::parse(q).question;
        assert!(question("how do i know my photos uploaded"));
        assert!(question("will turning off icloud photos delete my photos"));
        assert!(question("icloud photos safe?"));
        assert!(!question("photos not on my mac"));
        assert!(!question("waiting to upload"));
    }

    fn relaxed(query: &str, shares: &[(&str, f32)]) -> Vec<(String, bool)> {
        let mut query = Query::parse(query);
        let share = |w: &Word| {
            let found = shares.iter().find(|(t, _)| *t == w.bare);
            found.map_or(0.0, |&(_, s)| s)
        };
        let shares: Vec<f32> = query.words.iter().map(share).collect();
        query.relax(&shares);
        query
            .words
            .into_iter()
            .map(|w| (w.text, w.optional))
            .collect()
    }

    #[test]
    fn in_a_problem_told_common_words_are_marked_beside_a_rarer_one() {
        let common = |query: &str, shares: &[f32]| -> Vec<bool> {
            let mut query = Query::parse(query);
            query.weigh(shares);
            query.words.iter().map(|w| w.common).collect()
        };
        // `not` is a stop word: its share is never asked.
        assert_eq!(
            common("photos not syncing", &[0.5, 0.0, 0.2]),
            [true, false, false]
        );
        // Every required word common: none is marked.
        assert_eq!(
            common("icloud photos not working", &[0.3, 0.5, 0.0, 0.3]),
            [false, false, false, false]
        );
        // Not a problem told: nothing is marked.
        assert_eq!(common("photos sync", &[0.5, 0.2]), [false, false]);
    }

    #[test]
    fn words_most_items_hold_are_optional_beside_a_rarer_one() {
        let shares = [
            ("icloud", 0.3),
            ("photos", 0.5),
            ("paused", 0.08),
            ("sync", 0.2),
        ];
        let words = |pairs: &[(&str, bool)]| -> Vec<(String, bool)> {
            pairs.iter().map(|&(t, o)| (t.to_string(), o)).collect()
        };
        assert_eq!(
            relaxed("icloud paused", &shares),
            words(&[("icloud", true), ("paused", false)])
        );
        // A word no item holds (being typed, or misspelt) counts as rare.
        assert_eq!(
            relaxed("my photos pau", &shares),
            words(&[("my", true), ("photos", true), ("pau", false)])
        );
        // Alone, or beside a word about as common, a word is required.
        assert_eq!(relaxed("photos", &shares), words(&[("photos", false)]));
        assert_eq!(
            relaxed("icloud sync", &shares),
            words(&[("icloud", false), ("sync", false)])
        );
        // A problem told in words ranks by relevance: nothing is relaxed.
        assert_eq!(
            relaxed("photos stuck paused", &shares),
            words(&[("photos", false), ("stuck", false), ("paused", false)])
        );
    }

    #[test]
    fn dashes_ellipses_and_commas_between_words_part_them() {
        let parts = ["icloud", "photos", "stuck"];
        for query in [
            "icloud—photos—stuck",
            "icloud–photos…stuck",
            "icloud...photos,stuck",
            "icloud; photos|stuck",
        ] {
            assert_eq!(texts(query), parts, "{query}");
        }
        assert_eq!(texts("wi-fi icloud.com"), ["wi-fi", "icloud.com"]);
        assert_eq!(texts(",,,"), [",,,"], "punctuation alone is kept as typed");
    }

    #[test]
    fn trouble_words_make_a_problem() {
        assert!(Query::parse("is icloud down").problem);
        assert!(Query::parse("duplicates").problem);
        assert!(!Query::parse("full resolution").problem);
    }

    #[test]
    fn budget_grows_with_word_length() {
        let budgets: Vec<u8> = Query::parse("to sync uplaod photolibrary")
            .words
            .iter()
            .map(|w| w.budget)
            .collect();
        assert_eq!(budgets, [0, 1, 1, 2]);
    }

    #[test]
    fn narrowing_needs_same_words_and_same_budget() {
        let narrows = |prev: &str, new: &str| Query::parse(new).narrows(&Query::parse(prev));
        assert!(!narrows("wai", "wait"), "budget grows from 0 to 1");
        assert!(narrows("wait", "waiti"));
        assert!(narrows("waiting", "waiting t"));
        assert!(narrows("waiting to", "waiting to upload"));
        assert!(narrows("upload", "upload?"));
        assert!(!narrows("uploadi", "uploadin"), "budget grows from 1 to 2");
        assert!(narrows("uploadin", "uploading"));
        assert!(!narrows("waiting", "waitin"));
        assert!(!narrows("", "w"));
        assert!(!narrows("to upload", "too upload"));
        assert!(!narrows("my", "my photos"), "`my` becomes optional");
        assert!(!narrows("photos wh", "photos why"), "`why` is optional");
        assert!(narrows("photos my", "photos mys"), "`mys` is required");
    }
}
