//! What to say about an id the guide does not have, or one of another kind
//! than the command wants: the nearest ids, and the steps behind a symptom,
//! status message or fix.

use crate::kb::{Item, Kind, KnowledgeBase, Step, printable};
use crate::plan::{self, Plan, Problem};

/// How many ids a "did you mean" names.
pub const SUGGESTIONS: usize = 3;

/// Ids close to `id`, nearest first by edit distance; at equal distance
/// those of the kind listed first in `kinds`, then in the guide's order.
/// An id that contains what was typed, or every word of it in order
/// (`windows-explorer` in `windows-find-explorer-entry`), counts as one
/// slip away. Ids further off than a slip of the keyboard are left out, so
/// a word that is no id gets no suggestion at all.
///
/// The work is bounded by the distance allowed, not by what was typed: an
/// id whose length differs by more is passed over unmeasured (so one far
/// longer than every id costs a length comparison per id), and a distance
/// is given up as soon as it is past the bound.
pub fn nearest(kb: &KnowledgeBase, id: &str, kinds: &[Kind]) -> Vec<String> {
    let typed = id.to_lowercase();
    let chars: Vec<char> = typed.chars().collect();
    let allowed = (chars.len() / 3).max(2);
    let typed_words: Vec<&str> = typed.split('-').filter(|w| !w.is_empty()).collect();
    let mut close: Vec<(usize, usize, usize, &str)> = kb
        .items()
        .enumerate()
        .filter_map(|(order, item)| {
            let rank = kinds.iter().position(|k| *k == item.kind())?;
            let candidate: Vec<char> = item.id().chars().collect();
            // What was typed, whole inside an id, is the surest sign.
            let contains = chars.len() >= 3
                && chars.len() <= candidate.len()
                && (item.id().contains(typed.as_str()) || words_in_order(&typed_words, item.id()));
            let distance = match contains {
                true => distance_within(&chars, &candidate, 1).unwrap_or(1),
                false => distance_within(&chars, &candidate, allowed)?,
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

/// Whether the id `id` holds each of two or more `words`, whole and in
/// order, among its own (the parts between its hyphens).
fn words_in_order(words: &[&str], id: &str) -> bool {
    let mut own = id.split('-');
    words.len() >= 2 && words.iter().all(|w| own.any(|o| o == *w))
}

/// What was typed as an id, as words to search for: the hyphens between
/// its words made spaces (`windows-explorer`: `windows explorer`), since
/// search reads a hyphenated word as one (`wi-fi`).
pub fn id_as_words(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let between = i > 0
                && chars[i - 1].is_alphanumeric()
                && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
            if c == '-' && between { ' ' } else { c }
        })
        .collect()
}

/// The edit distance between `a` and `b`, counting insertions, deletions,
/// substitutions and swaps of neighbours (as `strsim::osa_distance` does),
/// if it is at most `bound`; None as soon as it is certain to be more.
/// Two rows of the table are kept, and a row is only begun while the
/// previous one holds a cell within the bound (no later cell is less).
fn distance_within(a: &[char], b: &[char], bound: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut cell = (previous[j - 1] + cost)
                .min(previous[j] + 1)
                .min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cell = cell.min(before[j - 2] + 1);
            }
            row[j] = cell;
        }
        if row.iter().min().is_some_and(|&least| least > bound) {
            return None;
        }
        before = std::mem::replace(&mut previous, std::mem::take(&mut row));
        row = vec![0; b.len() + 1];
    }
    Some(previous[b.len()]).filter(|&distance| distance <= bound)
}

/// `text` quoted so that a shell reads it back as it was typed: in double
/// quotes when nothing in it is special there, else in single quotes.
/// None when it holds characters that are printed made visible (control
/// and invisible ones): what is shown could not be typed back.
pub fn shell_quoted(text: &str) -> Option<String> {
    if printable(text) != text {
        return None;
    }
    match text.contains(['"', '$', '`', '\\', '!']) {
        false => Some(format!("\"{text}\"")),
        true => Some(format!("'{}'", text.replace('\'', r"'\''"))),
    }
}

/// The `syncfix search` command that looks for `query`, as it can be typed
/// back: after `--` when it starts with `-`, which would else be read as an
/// option. None when the query cannot be typed as shown ([`shell_quoted`]).
pub fn search_command(query: &str) -> Option<String> {
    let quoted = shell_quoted(query)?;
    match query.starts_with('-') {
        true => Some(format!("syncfix search -- {quoted}")),
        false => Some(format!("syncfix search {quoted}")),
    }
}

/// The steps behind an item, in its plan's order, for `platform` (None:
/// all); None for a step or a note.
pub fn steps_of<'k>(
    kb: &'k KnowledgeBase,
    item: &Item<'k>,
    platform: Option<&str>,
) -> Option<Vec<&'k Step>> {
    let plan = match (item, Problem::of(*item)) {
        (_, Some(problem)) if problem.is_for(platform) => plan::plan(kb, problem, platform),
        (_, Some(_)) => Plan::default(),
        (Item::Fix(fix), None) => plan::fix_plan(kb, fix, platform),
        _ => return None,
    };
    Some(plan.steps.into_iter().map(|s| s.step).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn within(a: &str, b: &str, bound: usize) -> Option<usize> {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        distance_within(&a, &b, bound)
    }

    #[test]
    fn the_distance_is_strsims_within_the_bound_and_none_past_it() {
        let pairs = [
            ("same-acount", "same-account"),
            ("waiting-to-uplod", "waiting-to-upload"),
            ("wiaitng", "waiting"),
            ("ca", "abc"),
            ("", "abc"),
            ("abc", ""),
            ("status-pasued", "status-paused"),
            ("iphone-toggle-airplane", "iphone-airplane-toggle"),
            ("ünïcödé", "unicode"),
        ];
        for (a, b) in pairs {
            let full = strsim::osa_distance(a, b);
            for bound in 0..full + 3 {
                let expected = (full <= bound).then_some(full);
                assert_eq!(within(a, b, bound), expected, "{a} / {b} within {bound}");
            }
        }
    }

    #[test]
    fn a_distance_is_given_up_at_the_first_row_past_the_bound() {
        // Lengths equal, so only the rows can stop it: the whole table
        // would be ten billion cells, three rows are 300,000.
        let (a, b) = ("a".repeat(100_000), "b".repeat(100_000));
        assert_eq!(within(&a, &b, 2), None);
    }

    #[test]
    fn what_is_quoted_reads_back_as_typed_and_the_untypable_is_not_quoted() {
        assert_eq!(shell_quoted("nope").as_deref(), Some("\"nope\""));
        assert_eq!(shell_quoted("it's").as_deref(), Some("\"it's\""));
        assert_eq!(shell_quoted("$(x)").as_deref(), Some("'$(x)'"));
        assert_eq!(shell_quoted("a\"b'c").as_deref(), Some(r#"'a"b'\''c'"#));
        assert_eq!(shell_quoted("\u{1b}[31mx\u{7}"), None);
        assert_eq!(shell_quoted("a\u{200b}b"), None);
        assert_eq!(shell_quoted("a\tb"), None);
    }

    #[test]
    fn a_search_for_what_starts_with_a_dash_is_offered_after_two_dashes() {
        assert_eq!(
            search_command("-x").as_deref(),
            Some("syncfix search -- \"-x\"")
        );
        assert_eq!(
            search_command("--all").as_deref(),
            Some("syncfix search -- \"--all\"")
        );
        assert_eq!(
            search_command("x-y").as_deref(),
            Some("syncfix search \"x-y\"")
        );
        assert_eq!(search_command("-\u{7}"), None);
    }

    #[test]
    fn an_id_holding_every_word_typed_in_order_is_suggested() {
        let kb = crate::kb::load(None).expect("the built-in guide").0;
        let near = nearest(&kb, "windows-explorer", &[Kind::Step]);
        assert_eq!(
            near.first().map(String::as_str),
            Some("windows-find-explorer-entry")
        );
        // Out of order, or one word alone, is no sign.
        assert_eq!(
            nearest(&kb, "explorer-windows", &[Kind::Step]),
            Vec::<String>::new()
        );
        assert!(!words_in_order(
            &["explorer"],
            "windows-find-explorer-entry"
        ));
    }

    #[test]
    fn an_id_is_searched_for_by_its_words() {
        assert_eq!(id_as_words("windows-explorer"), "windows explorer");
        assert_eq!(id_as_words("-x"), "-x");
        assert_eq!(id_as_words("a--b-"), "a--b-");
        assert_eq!(id_as_words("wi-fi-2"), "wi fi 2");
    }

    #[test]
    fn an_id_far_longer_than_any_in_the_guide_is_not_measured() {
        // 120 KB typed against 120 KB: the lengths alone rule it out.
        let typed = "a".repeat(120_000);
        assert_eq!(within(&typed, "same-account", 40_000), None);
        let kb = crate::kb::load(None).expect("the built-in guide").0;
        assert_eq!(nearest(&kb, &typed, &[Kind::Step]), Vec::<String>::new());
    }
}
