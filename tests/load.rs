//! Loading as a whole: the built-in guide round-trips, text is made safe
//! for the terminal, and no input whatever makes `parse` panic.

use proptest::prelude::*;
use ron::Value;
use syncfix::kb::{
    self, Answer, Fix, KnowledgeBase, LoadError, Note, Place, Platform, Question, StatusMessage,
    Step, Symptom, Tier,
};

#[test]
fn the_built_in_guide_round_trips_through_ron() {
    let (kb, _) = kb::load(None).unwrap_or_else(|e| panic!("{e}"));
    let config = ron::ser::PrettyConfig::new().struct_names(true);
    let text = ron::ser::to_string_pretty(&kb, config).unwrap_or_else(|e| panic!("{e}"));
    let again = kb::parse("again.ron", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again, kb);
}

fn is_control(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

/// Every string in a serialized value.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Seq(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Map(map) => map.values().for_each(|v| strings(v, out)),
        Value::Option(Some(v)) => strings(v, out),
        _ => {}
    }
}

fn all_strings(kb: &KnowledgeBase) -> Vec<String> {
    let text = ron::to_string(kb).unwrap_or_else(|e| panic!("{e}"));
    let value: Value = ron::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    strings(&value, &mut out);
    out
}

/// A knowledge base with `t` in every string field; ids stay valid.
fn laced(t: &str) -> KnowledgeBase {
    let s = |text: &str| format!("{text}{t}");
    KnowledgeBase {
        id: "laced".into(),
        title: s("title"),
        summary: s("summary"),
        platforms: vec![Platform {
            id: "p".into(),
            name: s("name"),
        }],
        tiers: vec![Tier {
            id: "t".into(),
            name: s("name"),
        }],
        steps: vec![Step {
            id: "step".into(),
            text: s("text"),
            platforms: vec!["p".into()],
            caution: Some(s("caution")),
            replaces: vec!["old".into()],
            words: vec![s("word")],
        }],
        symptoms: vec![Symptom {
            id: "sym".into(),
            title: s("title"),
            platforms: vec!["p".into()],
            where_to_look: vec![Place {
                platform: "p".into(),
                place: s("place"),
            }],
            quick_fix: s("quick"),
            fixes: vec!["fix".into()],
            statuses: vec!["status".into()],
            notes: vec!["note".into()],
            words: vec![s("word")],
        }],
        fixes: vec![Fix {
            id: "fix".into(),
            title: s("title"),
            summary: s("summary"),
            tier: "t".into(),
            steps: vec!["step".into()],
            words: vec![s("word")],
        }],
        statuses: vec![StatusMessage {
            id: "status".into(),
            text: s("text"),
            meaning: s("meaning"),
            action: s("action"),
            platforms: vec!["p".into()],
            fixes: vec!["fix".into()],
            notes: vec![],
            words: vec![s("word")],
        }],
        notes: vec![Note {
            id: "note".into(),
            title: s("title"),
            summary: s("summary"),
            points: vec![s("point")],
            collect: vec![s("collect")],
            words: vec![s("word")],
        }],
        questions: vec![Question {
            id: "q".into(),
            text: s("text"),
            answers: vec![
                Answer {
                    text: s("text"),
                    platform: Some("p".into()),
                    next: "sym".into(),
                },
                Answer {
                    text: s("another text"),
                    platform: None,
                    next: "status".into(),
                },
            ],
        }],
        retired: vec![],
        synonyms: vec![vec![s("a"), s("b")]],
        lookup: Default::default(),
    }
}

#[test]
fn every_string_field_is_made_printable_at_load() {
    let hostile = "\u{1b}[2J\u{7}\u{9b}31m\u{7f}\u{0}\t\n";
    let text = ron::to_string(&laced(hostile)).unwrap_or_else(|e| panic!("{e}"));
    let kb = kb::parse("laced.ron", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let laced = |s: &String| s.contains('\u{1b}') || s.contains('\u{241b}');
    let texts: Vec<String> = all_strings(&kb).into_iter().filter(laced).collect();
    // Every string field but the ids and references, each cleaned.
    assert_eq!(texts.len(), 28, "{texts:?}");
    for text in texts {
        assert!(
            text.ends_with("\u{241b}[2J\u{2407}\u{FFFD}31m\u{2421}\u{2400}  "),
            "{text:?}"
        );
    }
}

#[test]
fn the_control_character_fixture_loads_cleaned() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/control-chars.ron"
    );
    let kb = kb::load(Some(std::path::Path::new(path))).map(|(kb, _)| kb);
    let kb = kb.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(kb.title, "A \u{241b}[2J\u{241b}]0;pwned\u{2407}tiny guide");
    let steps = &kb.steps;
    assert_eq!(steps[0].text, "Check the account.\u{FFFD}31m\u{2421}");
    assert_eq!(
        steps[1].caution.as_deref(),
        Some("Back up\u{2400} first.\u{FFFD}")
    );
    assert!(!all_strings(&kb).iter().any(|s| s.chars().any(is_control)));
}

/// Checks what `parse` says about `bytes`: a clean knowledge base, or
/// problems that are well formed and safe to print.
fn well_behaved(bytes: &[u8]) -> Result<(), TestCaseError> {
    match kb::parse("fuzz.ron", bytes) {
        Ok(kb) => {
            let dirty = all_strings(&kb)
                .into_iter()
                .find(|s| s.chars().any(is_control));
            prop_assert!(dirty.is_none(), "control character in {dirty:?}");
        }
        Err(LoadError::Invalid { problems, .. }) => {
            prop_assert!(!problems.is_empty());
            let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
            for p in &problems {
                prop_assert!(p.line >= 1 && p.line <= lines && p.column >= 1, "{p}");
                prop_assert!(
                    !p.message.is_empty() && !p.message.chars().any(is_control),
                    "{p}"
                );
            }
        }
        Err(other) => prop_assert!(false, "unexpected error {other}"),
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Replace(usize, u8),
    Repeat(usize, usize),
}

fn apply(text: &mut Vec<u8>, edit: &Edit) {
    let at = |i: usize, text: &Vec<u8>| i % (text.len() + 1);
    match edit {
        Edit::Delete(i, n) => {
            let start = at(*i, text);
            let end = (start + n).min(text.len());
            text.drain(start..end);
        }
        Edit::Insert(i, bytes) => {
            let start = at(*i, text);
            text.splice(start..start, bytes.iter().copied());
        }
        Edit::Replace(i, b) => {
            if !text.is_empty() {
                let i = i % text.len();
                text[i] = *b;
            }
        }
        Edit::Repeat(i, n) => {
            let start = at(*i, text);
            let end = (start + n).min(text.len());
            let copy = text[start..end].to_vec();
            text.splice(start..start, copy);
        }
    }
}

fn edit() -> impl Strategy<Value = Edit> {
    let syntax = prop::sample::select(b"()[]{},:\"'#/*\\r \n\x1b\xff".to_vec());
    prop_oneof![
        (any::<usize>(), 1..40usize).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<usize>(), prop::collection::vec(syntax.clone(), 1..4))
            .prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<usize>(), syntax).prop_map(|(i, b)| Edit::Replace(i, b)),
        (any::<usize>(), 1..200usize).prop_map(|(i, n)| Edit::Repeat(i, n)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        well_behaved(&bytes)?;
    }

    #[test]
    fn parse_never_panics_on_a_mangled_guide(edits in prop::collection::vec(edit(), 1..6)) {
        let mut text = kb::BUILT_IN.as_bytes().to_vec();
        for e in &edits {
            apply(&mut text, e);
        }
        well_behaved(&text)?;
    }
}
