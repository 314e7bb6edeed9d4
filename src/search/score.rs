//! How well a query matches one item: where each word matched, and how the
//! words' matches add up to one score.

use std::sync::Arc;

use fuzzy_matcher::skim::SkimMatcherV2;

use super::haystack::Haystack;
use super::query::{Query, Word, bare};
use super::typo::{Near, Vocabulary};

/// Where a word matched, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tier {
    /// A near spelling of one of the body's words.
    BodyTypo,
    /// The word as typed, inside the body text.
    Body,
    /// A near spelling of one of the title's words.
    TitleTypo,
    /// The word's letters, in order, in the title (fuzzy).
    Title,
}

/// Scores of different classes never overlap: the class decides the order,
/// the rest only orders items of one class.
const CLASS: i64 = 1_000_000;
/// The class of a status message whose text is the query.
const EXACT_STATUS: i64 = 4;

/// The matcher both scoring and highlighting use: haystacks and queries are
/// folded already, and very long titles are matched without the full
/// score matrix.
pub(crate) fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default()
        .respect_case()
        .element_limit(1 << 20)
}

fn word(
    matcher: &SkimMatcherV2,
    hay: &Haystack,
    word: &Word,
    near: Option<&Near>,
) -> Option<(Tier, i64)> {
    let chars = i64::try_from(word.bare.chars().count()).unwrap_or(i64::MAX / 4);
    if let Some(score) = matcher.fuzzy(&hay.title, &word.text, false).map(|(s, _)| s) {
        return Some((Tier::Title, score));
    }
    if let Some((d, _)) = near.and_then(|n| n.best(&hay.title_words)) {
        return Some((Tier::TitleTypo, 12 * chars - 16 * i64::from(d)));
    }
    if let Some(at) = hay.body.find(&word.text) {
        let starts_word = hay.body[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        return Some((Tier::Body, 4 * chars + if starts_word { 8 } else { 0 }));
    }
    let (d, _) = near.and_then(|n| n.best(&hay.body_words))?;
    Some((Tier::BodyTypo, (2 * chars - 4 * i64::from(d)).max(1)))
}

/// The item's score for `query`, or None when some word matches nowhere.
/// `nears[i]` holds the near spellings of word `i` when it has a typo budget.
pub(crate) fn item(
    matcher: &SkimMatcherV2,
    hay: &Haystack,
    query: &Query,
    key: &str,
    nears: &[Option<Arc<Near>>],
) -> Option<i64> {
    let mut class = Tier::Title;
    let mut sum: i64 = 0;
    for (w, near) in query.words.iter().zip(nears) {
        let (tier, score) = word(matcher, hay, w, near.as_deref())?;
        class = class.min(tier);
        sum = sum.saturating_add(score);
    }
    let class = if hay.status_key.as_deref() == Some(key) {
        EXACT_STATUS
    } else {
        class as i64
    };
    let shorter_first = i64::try_from(hay.title_chars.min(800) / 8).unwrap_or(0);
    let within = (sum - shorter_first).clamp(-CLASS / 2 + 1, CLASS / 2 - 1);
    Some(class * CLASS + within)
}

/// The char indices of the title that the query's words matched: the
/// fuzzy match of each word, or the near-spelled title word it stands for.
pub(crate) fn positions(
    matcher: &SkimMatcherV2,
    vocabulary: &Vocabulary,
    hay: &Haystack,
    query: &Query,
    nears: &[Option<Arc<Near>>],
) -> Vec<usize> {
    let mut positions = Vec::new();
    for (w, near) in query.words.iter().zip(nears) {
        if let Some((_, found)) = matcher.fuzzy(&hay.title, &w.text, true) {
            positions.extend(found);
        } else if let Some((_, id)) = near.as_deref().and_then(|n| n.best(&hay.title_words)) {
            highlight_word(&hay.title, vocabulary.word(id), &mut positions);
        }
    }
    positions.sort_unstable();
    positions.dedup();
    positions
}

/// Push the letters and digits of each title word whose bare form is `target`.
fn highlight_word(title: &str, target: &str, positions: &mut Vec<usize>) {
    let mut start = 0;
    let chars: Vec<char> = title.chars().collect();
    while start < chars.len() {
        let end = chars[start..]
            .iter()
            .position(|c| c.is_whitespace())
            .map_or(chars.len(), |n| start + n);
        let token: String = chars[start..end].iter().collect();
        if bare(&token) == target {
            positions.extend((start..end).filter(|&i| chars[i].is_alphanumeric()));
        }
        start = end + 1;
    }
}
