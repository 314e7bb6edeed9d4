//! Text for the report: knowledge-base text made safe to print, and times.

use jiff::ZonedDateTime;

/// Knowledge-base text on one line, with control characters made visible,
/// so no text can reach a terminal as an escape sequence.
pub(super) fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            '\u{80}'..='\u{9f}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(clean("a\u{1b}[31mb\u{7}"), "a\u{241b}[31mb\u{2407}");
        assert_eq!(clean("x\u{9b}y\u{7f}"), "x\u{fffd}y\u{2421}");
        assert_eq!(clean("two\nlines\tand tab"), "two lines and tab");
        assert_eq!(clean("Café 写真 📷"), "Café 写真 📷");
    }
}
