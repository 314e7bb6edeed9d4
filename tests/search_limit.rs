//! A limited search skips exact scores for items that cannot make the cut;
//! its hits must still be exactly the first hits of an unlimited search,
//! with the same count of matches, typed a key at a time or from scratch.

use proptest::prelude::*;
use syncfix::kb::{self, KnowledgeBase};
use syncfix::search::Index;

fn guide() -> KnowledgeBase {
    kb::load(None).expect("the built-in guide loads").0
}

fn assert_head_of_full(kb: &KnowledgeBase, typed: &mut Index, query: &str, limit: usize) {
    let mut full = Index::new(kb);
    let all = full.search(query, None, usize::MAX);
    let matched = all.hits.len();
    let all = all.hits;
    let limited = typed.search(query, None, limit);
    let count = limited.matched;
    let limited = limited.hits;
    let head = &all[..limit.min(all.len())];
    assert_eq!(limited, head, "{query:?} with limit {limit}");
    assert_eq!(count, matched, "{query:?}: count of matches");
}

#[test]
fn limited_hits_are_the_head_of_all_hits_for_every_prefix() {
    let kb = guide();
    let queries = [
        "s",
        "st",
        "photos",
        "wating to uplaod",
        "icloud photo library",
        "mac",
        "sync",
        "e",
        "turn off",
    ];
    for limit in [0, 1, 3, 10, 40] {
        for query in queries {
            let mut typed = Index::new(&kb);
            for end in 1..=query.len() {
                assert_head_of_full(&kb, &mut typed, &query[..end], limit);
            }
        }
    }
}

proptest! {
    #[test]
    fn limited_hits_are_the_head_of_all_hits(query in "[a-z ]{1,12}", limit in 0usize..60) {
        let kb = guide();
        let mut typed = Index::new(&kb);
        assert_head_of_full(&kb, &mut typed, &query, limit);
    }
}
