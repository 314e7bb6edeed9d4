//! Times as the report writes them.

use jiff::ZonedDateTime;

/// `2025-03-14 09:30`.
pub(super) fn date_time(zoned: &ZonedDateTime) -> String {
    format(zoned, "%Y-%m-%d %H:%M")
}

/// `+01:00`.
pub(super) fn utc_offset(zoned: &ZonedDateTime) -> String {
    format(zoned, "%:z")
}

fn format(zoned: &ZonedDateTime, spec: &str) -> String {
    jiff::fmt::strtime::format(spec, zoned).unwrap_or_else(|_| zoned.timestamp().to_string())
}

/// Text from a knowledge base as literal Markdown: control and invisible
/// characters made visible, and every character that could start
/// formatting, a link, HTML or an entity (`&` before a letter or `#`)
/// escaped with a backslash. A lone `&` (`Displays & Battery`) is left as
/// it is, to read the same as plain text.
pub(super) fn md(text: &str) -> String {
    let text = crate::kb::printable(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        let entity = c == '&'
            && chars
                .peek()
                .is_some_and(|&(_, n)| n.is_alphanumeric() || n == '#');
        let special = entity
            || matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '|' | '~')
            || (i == 0 && matches!(c, '>' | '#' | '+' | '-' | '='));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An id as a code span; one holding a backtick as escaped text instead.
pub(super) fn code(id: &str) -> String {
    match id.contains('`') {
        true => md(id),
        false => format!("`{}`", crate::kb::printable(id)),
    }
}

#[cfg(test)]
mod tests {
    use super::{code, md};

    #[test]
    fn markdown_is_escaped() {
        assert_eq!(md("a *b* [c](d) <img>"), "a \\*b\\* \\[c\\](d) \\<img>");
        assert_eq!(md("# not a heading"), "\\# not a heading");
        assert_eq!(md("Settings > Photos"), "Settings > Photos");
        assert_eq!(md("Displays & Battery"), "Displays & Battery");
        assert_eq!(md("&amp; &#60; a&b"), "\\&amp; \\&#60; a\\&b");
        assert_eq!(md("x\u{1b}[2J\u{202e}"), "x\u{241b}\\[2J\\<U+202E>");
        assert_eq!(code("a`b"), "a\\`b");
        assert_eq!(code("ab"), "`ab`");
    }
}
