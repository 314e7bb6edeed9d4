//! Times as the report writes them.

use jiff::ZonedDateTime;

/// `2025-03-14 09:30`.
pub(super) fn date_time(zoned: &ZonedDateTime) -> String {
    format(zoned, "%Y-%m-%d %H:%M")
}

/// `2025-03-14 09:30 +01:00`.
pub(super) fn date_time_offset(zoned: &ZonedDateTime) -> String {
    format(zoned, "%Y-%m-%d %H:%M %:z")
}

fn format(zoned: &ZonedDateTime, spec: &str) -> String {
    jiff::fmt::strtime::format(spec, zoned).unwrap_or_else(|_| zoned.timestamp().to_string())
}

/// Text from the guide or the person, safe in Markdown: control characters
/// made visible, and every character Markdown could read as markup
/// escaped with a backslash.
pub(super) fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in crate::kb::printable(text).chars().enumerate() {
        // `>` is markup only where a line starts (a quote); `<` is escaped.
        let quote = c == '>' && i == 0;
        if quote
            || matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '#' | '|' | '~' | '!'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
