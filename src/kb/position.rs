//! Byte offsets to lines and columns and back. Lines and columns count
//! from 1, and a column counts characters, as ron and editors do.

use std::collections::HashMap;

/// The 1-based line and character column of each byte offset, in one pass.
pub(super) fn line_columns(text: &str, offsets: &[usize]) -> HashMap<usize, (usize, usize)> {
    let mut sorted: Vec<usize> = offsets.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut found = HashMap::with_capacity(sorted.len());
    let mut wanted = sorted.into_iter().peekable();
    let (mut line, mut column) = (1, 1);
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '\0')))
    {
        while let Some(&offset) = wanted.peek().filter(|&&o| o <= at) {
            found.insert(offset, (line, column));
            wanted.next();
        }
        if wanted.peek().is_none() {
            break;
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    found
}

/// The byte offset of a 1-based line and character column in `text`.
pub(super) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut at = 0;
    for _ in 1..line {
        match text[at..].find('\n') {
            Some(i) => at += i + 1,
            None => return text.len(),
        }
    }
    text[at..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_agree() {
        let text = "ab\nçd✓e\n\nx";
        let offsets = [0, 1, 3, 5, 6, 9, 11, 12, text.len()];
        let found = line_columns(text, &offsets);
        let positions: Vec<_> = offsets.iter().map(|o| found[o]).collect();
        assert_eq!(
            positions,
            [
                (1, 1),
                (1, 2),
                (2, 1),
                (2, 2),
                (2, 3),
                (2, 4),
                (3, 1),
                (4, 1),
                (4, 2)
            ]
        );
        for (offset, (line, column)) in offsets.iter().zip(positions) {
            assert_eq!(offset_of(text, line, column), *offset);
        }
    }
}
