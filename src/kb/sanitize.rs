//! Knowledge-base text must never reach a terminal as a control sequence.
//! Every string is cleaned once, when the knowledge base is loaded:
//! control characters become visible symbols, and tabs and line breaks
//! become spaces (text is wrapped by whoever draws it).

use std::borrow::Cow;

use super::{
    Answer, Fix, KnowledgeBase, Note, Place, Platform, Question, StatusMessage, Step, Symptom, Tier,
};

/// The Unicode format characters (general category Cf, Unicode 16), and
/// the whole tag block: they draw as nothing, yet reorder text (bidi marks,
/// embeddings, overrides and isolates), join or split it (zero-width
/// spaces and joiners, word joiner, invisible operators), or carry hidden
/// text (tag characters). Sorted, for a binary search. The soft hyphen
/// (U+00AD) is Cf too, but only a hint where a word may break: it is
/// dropped (see [`shown`]), not listed here.
const FORMAT: &[(char, char)] = &[
    ('\u{0600}', '\u{0605}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{06DD}', '\u{06DD}'),
    ('\u{070F}', '\u{070F}'),
    ('\u{0890}', '\u{0891}'),
    ('\u{08E2}', '\u{08E2}'),
    ('\u{180E}', '\u{180E}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFF9}', '\u{FFFB}'),
    ('\u{110BD}', '\u{110BD}'),
    ('\u{110CD}', '\u{110CD}'),
    ('\u{13430}', '\u{1343F}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0000}', '\u{E007F}'),
];

fn is_format(c: char) -> bool {
    FORMAT
        .binary_search_by(|&(first, last)| match (first > c, last < c) {
            (true, _) => std::cmp::Ordering::Greater,
            (_, true) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Equal,
        })
        .is_ok()
}

/// How one character is printed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shown {
    /// As it is.
    Itself,
    /// As another character: a control picture, a space.
    As(char),
    /// By its code point, `<U+202E>`: a format character.
    CodePoint,
    /// Not at all: the soft hyphen.
    Dropped,
}

/// The one rule for every character: see [`printable`].
fn shown(c: char) -> Shown {
    match c {
        '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => Shown::As(' '),
        '\u{7f}' => Shown::As('\u{2421}'),
        '\u{0}'..='\u{1f}' => Shown::As(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
        '\u{80}'..='\u{9f}' => Shown::As('\u{FFFD}'),
        '\u{ad}' => Shown::Dropped,
        c if is_format(c) => Shown::CodePoint,
        _ => Shown::Itself,
    }
}

/// `text` with every control character made visible: ESC becomes `␛`,
/// other C0 controls their control picture (U+2400 to U+241F), DEL `␡`,
/// C1 controls (including the one-byte CSI, U+009B) `�`. Tab, carriage
/// return, newline and the Unicode line and paragraph separators become
/// a space. Format characters, which reorder or hide text (bidirectional
/// marks, overrides and isolates, zero-width spaces and joiners, the byte
/// order mark, tag characters: [`FORMAT`]), are shown by their code point:
/// `<U+202E>`. A soft hyphen, a mere hint, is dropped, and so is a
/// zero-width joiner between two emoji (👨‍👩‍👧 is drawn 👨👩👧): terminals
/// disagree on how wide a joined emoji is, and each emoji alone is drawn
/// alike everywhere.
pub fn printable(text: &str) -> Cow<'_, str> {
    if is_clean(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    // Whether the last character drawn, variation selectors aside, is an
    // emoji.
    let mut after_emoji = false;
    while let Some(c) = chars.next() {
        let joins_emoji =
            c == ZERO_WIDTH_JOINER && after_emoji && chars.peek().copied().is_some_and(is_emoji);
        match shown(c) {
            _ if joins_emoji => {}
            Shown::Itself => out.push(c),
            Shown::As(other) => out.push(other),
            Shown::CodePoint => out.push_str(&format!("<U+{:04X}>", u32::from(c))),
            Shown::Dropped => {}
        }
        if c != EMOJI_STYLE {
            after_emoji = is_emoji(c);
        }
    }
    Cow::Owned(out)
}

const ZERO_WIDTH_JOINER: char = '\u{200D}';
/// Variation selector 16: "draw the character before as an emoji".
const EMOJI_STYLE: char = '\u{FE0F}';

/// Whether `c` is in the blocks emoji are drawn from: symbols and dingbats
/// (❤, ☀), and the pictographs, emoticons, transport, skin tones and the
/// rest of plane 1's emoji blocks.
fn is_emoji(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// Whether `c` is printed as itself (see [`printable`]): what a line
/// typed in the interface keeps.
pub fn is_plain(c: char) -> bool {
    shown(c) == Shown::Itself
}

/// Whether `text` needs no cleaning: printable ASCII is checked a byte at
/// a time, since nearly all text is that.
fn is_clean(text: &str) -> bool {
    match text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        true => true,
        false => text.chars().all(|c| shown(c) == Shown::Itself),
    }
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
pub(crate) fn knowledge_base(kb: &mut KnowledgeBase) {
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
    self::platforms(platforms);
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

pub(crate) fn platforms(platforms: &mut [Platform]) {
    for Platform { id, name } in platforms {
        [id, name].into_iter().for_each(clean);
    }
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
    fn reordering_and_invisible_characters_become_visible() {
        assert_eq!(printable("a\u{202e}b"), "a<U+202E>b");
        assert_eq!(printable("\u{2066}x\u{2069}"), "<U+2066>x<U+2069>");
        assert_eq!(
            printable("zero\u{200b}width\u{200d}"),
            "zero<U+200B>width<U+200D>"
        );
        assert_eq!(printable("\u{feff}bom"), "<U+FEFF>bom");
        // Between emoji a joiner is dropped, each emoji kept; elsewhere it
        // is shown.
        assert_eq!(printable("👨\u{200d}👩\u{200d}👧"), "👨👩👧");
        assert_eq!(printable("❤\u{fe0f}\u{200d}🔥"), "❤\u{fe0f}🔥");
        assert_eq!(printable("a\u{200d}👩"), "a<U+200D>👩");
        assert_eq!(printable("👩\u{200d}b"), "👩<U+200D>b");
        assert_eq!(printable("👩\u{200d}"), "👩<U+200D>");
        assert_eq!(printable("\u{202a}\u{1b}"), "<U+202A>\u{241b}");
    }

    #[test]
    fn every_format_character_is_shown_by_its_code_point() {
        let format = [
            '\u{200e}',
            '\u{200f}',
            '\u{061c}',
            '\u{2060}',
            '\u{2064}',
            '\u{206f}',
            '\u{fff9}',
            '\u{fffb}',
            '\u{e0000}',
            '\u{e0001}',
            '\u{e0041}',
            '\u{e007f}',
            '\u{180e}',
            '\u{0600}',
            '\u{0605}',
            '\u{06dd}',
            '\u{070f}',
            '\u{0890}',
            '\u{08e2}',
            '\u{110bd}',
            '\u{110cd}',
            '\u{13430}',
            '\u{1343f}',
            '\u{1bca0}',
            '\u{1d173}',
            '\u{1d17a}',
        ];
        for c in format {
            let text = format!("a{c}b");
            assert_eq!(
                printable(&text),
                format!("a<U+{:04X}>b", u32::from(c)),
                "U+{:04X}",
                u32::from(c)
            );
        }
        // Hidden text in tag characters is seen for what it is.
        assert_eq!(printable("ok\u{e0068}\u{e0069}"), "ok<U+E0068><U+E0069>");
    }

    #[test]
    fn a_soft_hyphen_is_dropped_and_neighbours_of_the_list_are_kept() {
        assert_eq!(printable("up\u{ad}load"), "upload");
        for c in [
            '\u{05ff}',
            '\u{0606}',
            '\u{2065}',
            '\u{fffc}',
            '\u{e0080}',
            '\u{1d172}',
        ] {
            let text = format!("a{c}b");
            assert_eq!(printable(&text), text, "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        let text = "Waiting To Upload — 待上传 ✓ ©";
        assert!(matches!(printable(text), std::borrow::Cow::Borrowed(t) if t == text));
    }
}
