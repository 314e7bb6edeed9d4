//! Properties of search over any input: no panics, results ordered by
//! score, highlight positions that index the title.

use proptest::prelude::*;
use syncfix::kb::{self, KnowledgeBase};
use syncfix::search::{Bytes, Hit, Index};

fn guide() -> KnowledgeBase {
    kb::load(None).expect("the built-in guide loads").0
}

fn assert_well_formed(index: &Index, hits: &[Hit], limit: usize) {
    assert!(hits.len() <= limit);
    for pair in hits.windows(2) {
        assert!(
            pair[0].score > pair[1].score
                || (pair[0].score == pair[1].score && pair[0].entry < pair[1].entry),
            "not best first: {pair:?}"
        );
    }
    for hit in hits {
        let title_chars = index.entry(hit.entry).title.chars().count();
        assert!(
            hit.positions.windows(2).all(|p| p[0] < p[1]),
            "positions not strictly increasing: {:?}",
            hit.positions
        );
        assert!(
            hit.positions.iter().all(|&p| p < title_chars),
            "position past the title's {title_chars} chars: {:?}",
            hit.positions
        );
    }
}

fn platform() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        prop::sample::select(vec!["iphone", "mac", "windows"]).prop_map(|p| Some(p.to_string())),
        any::<String>().prop_map(Some),
    ]
}

/// The guide's index and rows as bytes, with `changes` applied (position
/// in the two end to end, new byte), as a damaged cache file the hash
/// check missed would hold them.
fn damaged_index(changes: &[(usize, u8)]) -> Option<Index> {
    let built = Index::new(&guide());
    let rows = built.rows_bytes().expect("built rows are bytes");
    let mut bytes = [built.as_bytes(), rows].concat();
    for &(at, byte) in changes {
        let at = at % bytes.len();
        bytes[at] = byte;
    }
    let (index, rows) = bytes.split_at(built.as_bytes().len());
    Index::from_bytes(Bytes::copied(index), Bytes::copied(rows))
}

#[test]
fn an_index_reads_back_from_its_bytes() {
    let mut index = damaged_index(&[]).expect("undamaged bytes are an index");
    let hits = index.search("wating to uplaod", None, 5).hits;
    assert_eq!(index.entry(hits[0].entry).id, "status-waiting-to-upload");
    assert_eq!(index.len(), Index::new(&guide()).len());
}

proptest! {
    /// Bytes that are not what was written never panic: they are no index,
    /// or an index whose searches give some well-formed answer.
    #[test]
    fn a_damaged_index_never_panics(
        changes in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8),
        query in prop::sample::select(vec!["", "photos", "wating uplaod", "icloud storage full mac", "zqxj"]),
    ) {
        if let Some(mut index) = damaged_index(&changes) {
            for end in 0..=query.len() {
                let hits = index.search(&query[..end], Some("mac"), 20).hits;
                for hit in &hits {
                    index.get(hit.entry);
                }
            }
        }
    }

    #[test]
    fn any_unicode_query_gives_well_formed_results(
        query in any::<String>(),
        platform in platform(),
        limit in prop_oneof![Just(usize::MAX), 0usize..20],
    ) {
        let kb = guide();
        let mut index = Index::new(&kb);
        let hits = index.search(&query, platform.as_deref(), limit).hits;
        assert_well_formed(&index, &hits, limit);
    }

    #[test]
    fn queries_of_guide_like_text_give_well_formed_results(
        query in "[a-zA-Z0-9 >'\"/.-]{0,40}",
        limit in prop_oneof![Just(usize::MAX), 1usize..10],
    ) {
        let kb = guide();
        let mut index = Index::new(&kb);
        let hits = index.search(&query, None, limit).hits;
        assert_well_formed(&index, &hits, limit);
        let all = index.search(&query, None, usize::MAX).hits;
        prop_assert_eq!(&all[..hits.len()], &hits[..], "a limit keeps the best hits");
    }
}

#[test]
fn an_empty_query_lists_every_item_in_guide_order() {
    let kb = guide();
    let mut index = Index::new(&kb);
    let ids: Vec<String> = index
        .search("  ", None, usize::MAX)
        .hits
        .iter()
        .map(|h| index.entry(h.entry).id.to_string())
        .collect();
    let expected: Vec<String> = kb.items().map(|i| i.id().to_string()).collect();
    assert_eq!(ids, expected);
}

#[test]
fn a_platform_keeps_its_items_and_those_for_all() {
    let kb = guide();
    let mut index = Index::new(&kb);
    let hits = index.search("", Some("windows"), usize::MAX).hits;
    let ids: Vec<&str> = hits.iter().map(|h| index.entry(h.entry).id).collect();
    assert!(
        ids.contains(&"windows-thumbnails-missing"),
        "a Windows symptom"
    );
    assert!(ids.contains(&"windows-tips"), "a fix with Windows steps");
    assert!(ids.contains(&"fast-checks"), "a fix for every platform");
    assert!(ids.contains(&"get-help"), "notes are for everyone");
    assert!(!ids.contains(&"mac-show-status-bar"), "a Mac step");
    assert!(
        !ids.contains(&"repair-library"),
        "a fix with only Mac steps"
    );
    assert!(ids.len() < index.len());
}

#[test]
fn positions_highlight_the_matched_letters() {
    let kb = guide();
    let mut index = Index::new(&kb);
    let title_letters = |index: &Index, hit: &Hit| -> String {
        let chars: Vec<char> = index.entry(hit.entry).title.chars().collect();
        hit.positions.iter().map(|&p| chars[p]).collect()
    };
    let hits = index.search("upload waiting", None, 1).hits;
    assert_eq!(index.entry(hits[0].entry).id, "status-waiting-to-upload");
    assert_eq!(title_letters(&index, &hits[0]), "WaitingUpload");

    let hits = index.search("wating to uplaod", None, 1).hits;
    assert_eq!(
        title_letters(&index, &hits[0]),
        "WatingToUpload",
        "a near word is highlighted whole"
    );

    let hits = index.search("contact apple", None, 1).hits;
    assert_eq!(index.entry(hits[0].entry).id, "get-help");
    assert_eq!(
        title_letters(&index, &hits[0]),
        "Apple",
        "body matches add no positions"
    );
}

#[test]
fn a_status_message_typed_exactly_comes_first() {
    let kb = guide();
    let mut index = Index::new(&kb);
    for status in &kb.statuses {
        for typed in [
            status.text.clone(),
            status.text.to_uppercase(),
            format!("  {}. ", status.text),
        ] {
            let hits = index.search(&typed, None, 1).hits;
            assert_eq!(index.entry(hits[0].entry).id, status.id, "typing {typed:?}");
        }
    }
}

#[test]
fn title_matches_rank_above_body_matches() {
    let kb = guide();
    let mut index = Index::new(&kb);
    for word in [
        "storage",
        "finder",
        "repair",
        "battery",
        "hidden",
        "overnight",
    ] {
        let hits = index.search(word, None, usize::MAX).hits;
        let in_title: Vec<bool> = hits
            .iter()
            .map(|h| index.entry(h.entry).title.to_lowercase().contains(word))
            .collect();
        let body_only = in_title.iter().position(|t| !t);
        assert!(
            body_only.is_some(),
            "`{word}` is in some body: the test needs one"
        );
        assert!(
            in_title.iter().skip_while(|t| **t).all(|t| !t),
            "`{word}`: a title match ranks below a body match: {in_title:?}"
        );
    }
    let hits = index.search("encrypted", None, usize::MAX).hits;
    assert_eq!(
        index.entry(hits[0].entry).id,
        "security-privacy",
        "found by its body text"
    );
    assert!(
        hits[0].positions.is_empty(),
        "a body match is not highlighted"
    );
}
