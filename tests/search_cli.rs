//! `syncfix search` against the built-in guide: golden output, JSON, no
//! results, and no escape sequences in piped output.

use assert_cmd::Command;

fn syncfix(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("syncfix")
        .expect("the syncfix binary is built")
        .env_remove("SYNCFIX_STATE")
        .env("NO_COLOR", "1")
        .args(args)
        .assert()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).expect("stderr is UTF-8")
}

#[test]
fn plain_hits_are_aligned_kind_id_title_lines() {
    let run = syncfix(&["search", "upload waiting"]).success();
    insta::assert_snapshot!("search_upload_waiting", stdout(&run));
}

#[test]
fn typos_still_find_the_status_message() {
    let run = syncfix(&["search", "wating to uplaod", "--limit", "3"]).success();
    let out = stdout(&run);
    let first = out.lines().next().unwrap_or_default();
    assert_eq!(
        first.split_whitespace().take(2).collect::<Vec<_>>(),
        ["status", "status-waiting-to-upload"]
    );
    let second = out.lines().nth(1).unwrap_or_default();
    assert_eq!(
        second.split_whitespace().take(2).collect::<Vec<_>>(),
        ["symptom", "waiting-to-upload"],
        "the two items that have all three words come first: {out}"
    );
}

#[test]
fn json_hits_carry_kind_id_title_score_and_positions() {
    let run = syncfix(&["search", "wating to uplaod", "--json"]).success();
    insta::assert_snapshot!("search_typos_json", stdout(&run));
    let hits: serde_json::Value = serde_json::from_str(&stdout(&run)).expect("valid JSON");
    let first = &hits[0];
    assert_eq!(first["kind"], "status");
    assert_eq!(first["id"], "status-waiting-to-upload");
    assert_eq!(first["title"], "Waiting To Upload");
    assert!(first["score"].is_i64());
    assert!(first["positions"].is_array());
}

#[test]
fn a_platform_narrows_the_hits() {
    let run = syncfix(&["--platform", "windows", "search", "thumbnails"]).success();
    insta::assert_snapshot!("search_thumbnails_windows", stdout(&run));
    let mac = stdout(&syncfix(&["--platform", "Mac", "search", "thumbnails"]).success());
    assert!(!mac.contains("windows-thumbnails-missing"), "{mac}");
    assert!(mac.contains("thumbnails-blurry"), "{mac}");
}

#[test]
fn an_empty_query_lists_items_in_guide_order() {
    let run = syncfix(&["search", "", "--limit", "6"]).success();
    insta::assert_snapshot!("search_empty_limit_6", stdout(&run));
}

#[test]
fn no_results_is_success_with_a_note_on_stderr() {
    let run = syncfix(&["search", "zqxj"]).success();
    assert_eq!(stdout(&run), "");
    assert_eq!(stderr(&run), "syncfix: nothing matches `zqxj`\n");

    let run = syncfix(&["--platform", "windows", "search", "zqxj"]).success();
    assert_eq!(stderr(&run), "syncfix: nothing matches `zqxj` on Windows\n");

    let run = syncfix(&["search", "zqxj", "--json"]).success();
    assert_eq!(stdout(&run), "[]\n");
    assert_eq!(stderr(&run), "");
}

#[test]
fn piped_output_has_no_escape_sequences() {
    for args in [
        &["search", "sync"][..],
        &["search", "sync", "--json"],
        &["search", "\u{1b}[31mred\u{7}"],
    ] {
        let run = syncfix(args).success();
        let output = run.get_output();
        for stream in [&output.stdout, &output.stderr] {
            assert!(
                !stream.iter().any(|&b| b == 0x1b || b == 0x07),
                "{args:?} printed a control character: {:?}",
                String::from_utf8_lossy(stream)
            );
        }
    }
}

#[test]
fn an_unknown_platform_is_a_usage_error() {
    let run = syncfix(&["--platform", "android", "search", "sync"])
        .failure()
        .code(2);
    assert!(
        stderr(&run).contains("unknown platform `android`"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_platform_is_named_by_id_name_or_a_word_of_its_name() {
    let first = |args: &[&str]| {
        stdout(&syncfix(args).success())
            .lines()
            .next()
            .map(String::from)
    };
    let by_id = first(&["--platform", "iphone", "search", "stuck", "--limit", "1"]);
    for name in ["IPHONE", "iPhone/iPad", "ipad", "iPad"] {
        let by_name = first(&["--platform", name, "search", "stuck", "--limit", "1"]);
        assert_eq!(by_name, by_id, "--platform {name}");
    }
    // Part of a word names nothing.
    syncfix(&["--platform", "ip", "search", "stuck"])
        .failure()
        .code(2);
}

#[test]
fn when_no_item_has_every_word_items_with_all_but_one_are_listed_and_said_so() {
    let run = syncfix(&[
        "search",
        "thumbnails not showing on windows",
        "--limit",
        "1",
    ])
    .success();
    assert_eq!(
        stdout(&run),
        "symptom  windows-thumbnails-missing  Thumbnails don't appear on Windows\n"
    );
    assert_eq!(
        stderr(&run),
        "syncfix: nothing has every word of `thumbnails not showing on windows`; \
         these have some of them\n"
    );
}

#[test]
fn two_words_that_match_nothing_together_list_nothing() {
    let run = syncfix(&["search", "zqxj wvvk"]).success();
    assert_eq!(stdout(&run), "");
    assert_eq!(stderr(&run), "syncfix: nothing matches `zqxj wvvk`\n");
}

#[test]
fn a_query_past_the_limit_is_cut_and_says_so() {
    let limit = syncfix::search::QUERY_MAX_CHARS;
    let searched: String = "waiting to upload "
        .repeat(limit)
        .chars()
        .take(limit)
        .collect();
    // Past the cut, a word that matches nothing: were it searched, no
    // item would hold every word.
    let long = format!("{searched} xqzvkjw");
    let cut = syncfix(&["search", &long]).success();
    assert_eq!(
        stderr(&cut),
        format!(
            "syncfix: warning: the query is {} characters long; only its first {limit} are \
             searched for\n",
            long.chars().count()
        )
    );
    let whole = syncfix(&["search", &searched]).success();
    assert_eq!(stderr(&whole), "");
    assert_eq!(stdout(&cut), stdout(&whole));
    assert!(stdout(&cut).contains("status-waiting-to-upload"));
}

#[test]
fn a_word_no_word_of_the_guide_holds_is_said_to_match_only_scattered() {
    let run = syncfix(&["search", "icloudphotos", "--limit", "3"]).success();
    assert_eq!(
        stderr(&run),
        "syncfix: no word of the guide holds `icloudphotos`; \
         these have its letters scattered over their titles\n"
    );
    assert!(
        stdout(&run).contains("In Photos > Settings > iCloud, check the iCloud Photos box."),
        "the hits are still listed"
    );
    // Letters picked here and there from a long title are no match: no
    // title has `printer` over words side by side.
    let run = syncfix(&["search", "printer offline", "--limit", "3"]).success();
    assert_eq!(
        stderr(&run),
        "syncfix: nothing has every word of `printer offline`; these have some of them\n"
    );
    // A word of the guide, or a near spelling of one, is no such word.
    for query in ["offline", "wating uplod"] {
        let run = syncfix(&["search", query, "--limit", "3"]).success();
        assert_eq!(stderr(&run), "", "{query}");
    }
}
