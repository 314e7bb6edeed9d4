//! Problems in people's own words, gathered from public questions, bug
//! reports and help pages (the source of each is in the table's third
//! column), against the built-in guide: the item a person needs should be
//! among the first three hits. The table is tests/search_phrasings.tsv; its
//! second column lists one to three acceptable ids.

mod phrasings;

const TABLE: &str = include_str!("search_phrasings.tsv");

/// The share of phrasings whose item is in the top three; raise it when
/// search gets better, never lower it. (Lowered once, from 0.93: a new
/// symptom of the guide, photos that never reach a Windows PC, shifted
/// the weights of `never`, `show` and `new` enough to turn a near tie,
/// 6 points in 2,400, on `old photos sync but new ones dont`.)
const AT_LEAST: f64 = 0.92;

#[test]
fn peoples_own_words_find_their_problem_in_the_top_three() {
    phrasings::assert_top_three("search_phrasings.tsv", TABLE, AT_LEAST, 60);
}
