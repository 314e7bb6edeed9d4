//! A one-line text field with the readline keys fingers know.

use unicode_segmentation::UnicodeSegmentation as _;

/// The longest line kept unless a line says otherwise: as long as a note
/// or a detail may be, and a huge paste then costs no more than a short one.
pub const MAX_CHARS: usize = crate::progress::MAX_TEXT;

/// A line of text and a cursor counted in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    cursor: usize,
    /// The most characters it holds; what is typed past them is dropped.
    limit: usize,
}

impl Default for LineEdit {
    fn default() -> LineEdit {
        LineEdit::limited(MAX_CHARS)
    }
}

impl LineEdit {
    /// An empty line that holds at most `limit` characters.
    pub fn limited(limit: usize) -> LineEdit {
        LineEdit {
            text: String::new(),
            cursor: 0,
            limit,
        }
    }

    /// A line holding `text` (cleaned as a paste is), the cursor at its end.
    pub fn with_text(text: &str) -> LineEdit {
        let mut line = LineEdit::default();
        line.insert_str(text);
        line
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor as a character index.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(b, _)| b)
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Insert a typed char at the cursor; false when the line is full and
    /// it was dropped.
    pub fn insert(&mut self, c: char) -> bool {
        self.insert_str(c.encode_utf8(&mut [0; 4]))
    }

    /// Insert pasted text at the cursor: line breaks and tabs become
    /// spaces; other control characters, and format characters, which
    /// draw as nothing yet reorder or hide text (`kb::printable`), are
    /// dropped, but for the zero-width joiner and non-joiner, which join
    /// emoji and shape letters of some scripts; and the line stops at its
    /// limit. False when some of it was dropped for that.
    pub fn insert_str(&mut self, text: &str) -> bool {
        let room = self.limit.saturating_sub(self.text.chars().count());
        let mut text = text
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .filter(|&c| crate::kb::is_plain(c) || matches!(c, '\u{200c}' | '\u{200d}'));
        let kept: String = text.by_ref().take(room).collect();
        let at = self.byte(self.cursor);
        self.text.insert_str(at, &kept);
        self.cursor += kept.chars().count();
        text.next().is_none()
    }

    /// Backspace: delete the character before the cursor, as a person
    /// sees it (a whole emoji, flag or letter with its accents).
    pub fn delete_back(&mut self) {
        let start = self.before(self.cursor);
        let (from, to) = (self.byte(start), self.byte(self.cursor));
        self.text.replace_range(from..to, "");
        self.cursor = start;
    }

    /// The char index where the grapheme cluster before char `at` starts
    /// (0 at the start): the cursor moves and deletes a cluster at a time,
    /// never into one.
    fn before(&self, at: usize) -> usize {
        let starts = self.cluster_starts();
        starts.take_while(|&start| start < at).last().unwrap_or(0)
    }

    /// The char index where the cluster after char `at` ends.
    fn after(&self, at: usize) -> usize {
        let mut ends = self
            .cluster_starts()
            .skip(1)
            .chain([self.text.chars().count()]);
        ends.find(|&end| end > at).unwrap_or(at)
    }

    /// The char index where each grapheme cluster of the text starts.
    fn cluster_starts(&self) -> impl Iterator<Item = usize> + '_ {
        self.text.graphemes(true).scan(0, |chars, cluster| {
            let start = *chars;
            *chars += cluster.chars().count();
            Some(start)
        })
    }

    /// Ctrl-W: delete the word before the cursor and the spaces after it.
    pub fn delete_word(&mut self) {
        let chars: Vec<char> = self.text.chars().take(self.cursor).collect();
        let mut start = chars.len();
        while start > 0 && chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !chars[start - 1].is_whitespace() {
            start -= 1;
        }
        let (from, to) = (self.byte(start), self.byte(self.cursor));
        self.text.replace_range(from..to, "");
        self.cursor = start;
    }

    /// Ctrl-U: delete everything before the cursor.
    pub fn delete_to_start(&mut self) {
        let to = self.byte(self.cursor);
        self.text.replace_range(..to, "");
        self.cursor = 0;
    }

    pub fn start(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }

    pub fn left(&mut self) {
        self.cursor = self.before(self.cursor);
    }

    pub fn right(&mut self) {
        self.cursor = self.after(self.cursor);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> LineEdit {
        let mut line = LineEdit::default();
        s.chars().for_each(|c| {
            line.insert(c);
        });
        line
    }

    #[test]
    fn readline_editing() {
        let mut line = typed("waiting to upload");
        line.delete_word();
        assert_eq!((line.text(), line.cursor()), ("waiting to ", 11));
        line.delete_word();
        assert_eq!(line.text(), "waiting ");
        line.start();
        line.insert('>');
        assert_eq!((line.text(), line.cursor()), (">waiting ", 1));
        line.end();
        line.left();
        line.left();
        line.delete_to_start();
        assert_eq!((line.text(), line.cursor()), ("g ", 0));
        line.delete_back();
        assert_eq!(line.text(), "g ");
        line.right();
        line.right();
        line.right();
        assert_eq!(line.cursor(), 2);
    }

    #[test]
    fn a_paste_is_text_and_the_line_is_bounded() {
        let mut line = typed("ab");
        line.left();
        line.insert_str("x\ny\tz\u{1b}");
        assert_eq!((line.text(), line.cursor()), ("ax y zb", 6));
        // Format characters draw as nothing, yet reorder or hide text: a
        // right-to-left override, an isolate, a zero-width space, a tag.
        line.insert_str("\u{202e}c\u{2066}d\u{200b}e\u{E0041}\u{ad}");
        assert_eq!((line.text(), line.cursor()), ("ax y zcdeb", 9));
        assert!(!line.insert_str(&"w".repeat(100_000)));
        assert_eq!(line.text().chars().count(), MAX_CHARS);
        assert!(!line.insert('v'));
        assert_eq!(line.text().chars().count(), MAX_CHARS);
        line.delete_back();
        assert!(line.insert('v'));
    }

    #[test]
    fn a_line_holds_its_own_limit() {
        let mut line = LineEdit::limited(3);
        assert!(line.insert_str("abc"));
        assert!(!line.insert('d'));
        assert_eq!(line.text(), "abc");
    }

    #[test]
    fn characters_edit_as_a_person_sees_them() {
        // 写真, a space, a cloud with its emoji selector, e and its accent.
        let mut line = typed("\u{5199}\u{771f} \u{2601}\u{fe0f}e\u{301}");
        line.delete_back();
        assert_eq!(
            line.text(),
            "\u{5199}\u{771f} \u{2601}\u{fe0f}",
            "e with its accent"
        );
        line.left();
        assert_eq!(line.cursor(), 3, "before the cloud, not inside it");
        line.delete_back();
        assert_eq!(
            (line.text(), line.cursor()),
            ("\u{5199}\u{771f}\u{2601}\u{fe0f}", 2)
        );
        line.right();
        assert_eq!(line.cursor(), 4, "past the cloud and its selector");
        line.start();
        line.right();
        assert_eq!(line.cursor(), 1);
        line.end();
        line.delete_word();
        assert_eq!((line.text(), line.cursor()), ("", 0));
        // A family, four people joined: one cluster, one Backspace.
        let mut family = typed("a\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}");
        family.left();
        assert_eq!(family.cursor(), 1);
        family.end();
        family.delete_back();
        assert_eq!((family.text(), family.cursor()), ("a", 1));
    }
}
