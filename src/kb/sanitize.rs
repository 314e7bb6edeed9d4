//! Knowledge-base text must never reach a terminal as a control sequence.
//! Every string is cleaned once, when the knowledge base is loaded:
//! control characters become visible symbols, and tabs and line breaks
//! become spaces (text is wrapped by whoever draws it).

use std::borrow::Cow;

use super::{
    Answer, Fix, KnowledgeBase, Note, Place, Platform, Question, StatusMessage, Step, Symptom, Tier,
};

/// `text` with every control character made visible: ESC becomes `␛`,
/// other C0 controls their control picture (U+2400 to U+241F), DEL `␡`,
/// C1 controls (including the one-byte CSI, U+009B) `�`. Tab, carriage
/// return, newline and the Unicode line and paragraph separators become
/// a space.
pub fn printable(text: &str) -> Cow<'_, str> {
    if is_clean(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(replacement).collect())
}

fn replacement(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => ' ',
        '\u{7f}' => '\u{2421}',
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{80}'..='\u{9f}' => '\u{FFFD}',
        c => c,
    }
}

/// Whether `text` needs no cleaning; a byte scan, since nearly all text is clean.
fn is_clean(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.iter().enumerate().any(|(i, &b)| match b {
        0x00..=0x1f | 0x7f => true,
        // U+0080 to U+009F are encoded as C2 80 to C2 9F.
        0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
        0xe2 => bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9)),
        _ => false,
    })
}

fn clean(text: &mut String) {
    if let Cow::Owned(cleaned) = printable(text) {
        *text = cleaned;
    }
}

fn clean_all(texts: &mut [String]) {
    texts.iter_mut().for_each(clean);
}

/// Cleans every string in `kb`. The patterns name every field, so a field
/// added to the schema cannot be forgotten here.
pub(super) fn knowledge_base(kb: &mut KnowledgeBase) {
    let KnowledgeBase {
        id,
        title,
        summary,
        platforms,
        tiers,
        steps,
        fixes,
        symptoms,
        statuses,
        notes,
        questions,
        retired,
        synonyms,
        lookup: _,
    } = kb;
    [id, title, summary].into_iter().for_each(clean);
    for Platform { id, name } in platforms {
        [id, name].into_iter().for_each(clean);
    }
    for Tier { id, name } in tiers {
        [id, name].into_iter().for_each(clean);
    }
    steps.iter_mut().for_each(step);
    fixes.iter_mut().for_each(fix);
    symptoms.iter_mut().for_each(symptom);
    statuses.iter_mut().for_each(status);
    notes.iter_mut().for_each(note);
    questions.iter_mut().for_each(question);
    clean_all(retired);
    synonyms.iter_mut().for_each(|group| clean_all(group));
}

fn step(step: &mut Step) {
    let Step {
        id,
        text,
        platforms,
        caution,
        replaces,
        words,
    } = step;
    [id, text]
        .into_iter()
        .chain(caution.as_mut())
        .for_each(clean);
    [platforms, replaces, words]
        .into_iter()
        .for_each(|l| clean_all(l));
}

fn fix(fix: &mut Fix) {
    let Fix {
        id,
        title,
        summary,
        tier,
        steps,
        words,
    } = fix;
    [id, title, summary, tier].into_iter().for_each(clean);
    [steps, words].into_iter().for_each(|l| clean_all(l));
}

fn symptom(symptom: &mut Symptom) {
    let Symptom {
        id,
        title,
        platforms,
        where_to_look,
        quick_fix,
        fixes,
        statuses,
        notes,
        words,
    } = symptom;
    [id, title, quick_fix].into_iter().for_each(clean);
    [platforms, fixes, statuses, notes, words]
        .into_iter()
        .for_each(|l| clean_all(l));
    for Place { platform, place } in where_to_look {
        [platform, place].into_iter().for_each(clean);
    }
}

fn status(status: &mut StatusMessage) {
    let StatusMessage {
        id,
        text,
        meaning,
        action,
        platforms,
        fixes,
        notes,
        words,
    } = status;
    [id, text, meaning, action].into_iter().for_each(clean);
    [platforms, fixes, notes, words]
        .into_iter()
        .for_each(|l| clean_all(l));
}

fn note(note: &mut Note) {
    let Note {
        id,
        title,
        summary,
        points,
        collect,
        words,
    } = note;
    [id, title, summary].into_iter().for_each(clean);
    [points, collect, words]
        .into_iter()
        .for_each(|l| clean_all(l));
}

fn question(question: &mut Question) {
    let Question { id, text, answers } = question;
    [id, text].into_iter().for_each(clean);
    for Answer {
        text,
        platform,
        next,
    } in answers
    {
        [text, next]
            .into_iter()
            .chain(platform.as_mut())
            .for_each(clean);
    }
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(printable("\u{1b}[31mred"), "\u{241b}[31mred");
        assert_eq!(printable("bell\u{7}"), "bell\u{2407}");
        assert_eq!(printable("nul\u{0}"), "nul\u{2400}");
        assert_eq!(printable("csi\u{9b}2J"), "csi\u{FFFD}2J");
        assert_eq!(printable("next\u{85}line"), "next\u{FFFD}line");
        assert_eq!(printable("del\u{7f}"), "del\u{2421}");
    }

    #[test]
    fn line_breaks_and_tabs_become_spaces() {
        assert_eq!(printable("a\tb\nc\r\nd\u{2028}e"), "a b c  d e");
    }

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        let text = "Waiting To Upload — 待上传 ✓ ©";
        assert!(matches!(printable(text), std::borrow::Cow::Borrowed(t) if t == text));
    }
}
