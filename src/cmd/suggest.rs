//! What to say about an id the guide does not have, or one of another kind
//! than the command wants: the nearest ids, and the steps behind a symptom,
//! status message or fix.

use crate::kb::{Item, Kind, KnowledgeBase, Step};
use crate::plan::{self, Problem};

/// How many ids a "did you mean" names.
pub const SUGGESTIONS: usize = 3;

/// Ids close to `id`, nearest first by edit distance; at equal distance
/// those of the kind listed first in `kinds`, then in the guide's order.
/// An id that contains what was typed counts as one slip away. Ids
/// further off than a slip of the keyboard are left out, so a word that
/// is no id gets no suggestion at all.
pub fn nearest(kb: &KnowledgeBase, id: &str, kinds: &[Kind]) -> Vec<String> {
    let typed = id.to_lowercase();
    let allowed = (typed.chars().count() / 3).max(2);
    let mut close: Vec<(usize, usize, usize, &str)> = kb
        .items()
        .enumerate()
        .filter_map(|(order, item)| {
            let rank = kinds.iter().position(|k| *k == item.kind())?;
            let distance = strsim::damerau_levenshtein(&typed, item.id());
            let contains = typed.chars().count() >= 3 && item.id().contains(typed.as_str());
            // What was typed, whole inside an id, is the surest sign.
            let distance = match distance {
                d if contains => d.min(1),
                d if d <= allowed => d,
                _ => return None,
            };
            Some((distance, rank, order, item.id()))
        })
        .collect();
    close.sort_unstable();
    close
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(.., id)| id.to_string())
        .collect()
}

/// The steps behind an item, in its plan's order, for `platform` (None:
/// all); None for a step or a note.
pub fn steps_of<'k>(
    kb: &'k KnowledgeBase,
    item: &Item<'k>,
    platform: Option<&str>,
) -> Option<Vec<&'k Step>> {
    let plan = match (item, Problem::of(*item)) {
        (_, Some(problem)) => plan::plan(kb, problem, platform),
        (Item::Fix(fix), None) => plan::fix_plan(kb, fix, platform),
        _ => return None,
    };
    Some(plan.steps.into_iter().map(|s| s.step).collect())
}
