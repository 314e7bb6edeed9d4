//! A second table of people's own phrasings (tests/search_phrasings_heldout.tsv),
//! gathered from other pages before the vocabulary and ranking were tuned
//! on the main table, and never tuned on: it measures how well search
//! generalizes to wording nobody tuned for.

mod phrasings;

const TABLE: &str = include_str!("search_phrasings_heldout.tsv");

/// The share found in the top three when the table was last measured;
/// never lower it for the same rows. Round eleven added 60 rows from new
/// pages (the table's second block): 43 of them were in the top three
/// before that round's changes and 44 after, and 39 of the first 46 are;
/// the floor is the whole table's measure, 83 of 106. Round twelve
/// added 40 rows (the third block), 33 of them in the top three before
/// that round's changes and 33 after: 116 of 146. Round thirteen: 120 of
/// those 146, and 40 new rows (the fourth block), 18 of them in the top
/// three before its changes and 24 after: 144 of 186.
const AT_LEAST: f64 = 0.77;

#[test]
fn held_out_phrasings_find_their_problem_in_the_top_three() {
    phrasings::assert_top_three("search_phrasings_heldout.tsv", TABLE, AT_LEAST, 40);
}
