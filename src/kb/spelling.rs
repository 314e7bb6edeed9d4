//! Ids as people type them: the kebab-case rule, and "did you mean".

/// Lowercase ASCII letters and digits, in words joined by single hyphens.
pub(super) fn is_kebab(id: &str) -> bool {
    let mut after_word = false;
    for b in id.bytes() {
        after_word = match b {
            b'a'..=b'z' | b'0'..=b'9' => true,
            b'-' if after_word => false,
            _ => return false,
        };
    }
    after_word
}

/// `id` in kebab case, as a suggestion: `Fast_Checks` becomes `fast-checks`.
pub(super) fn kebab(id: &str) -> String {
    let lower = id.to_lowercase();
    let words = lower.split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()));
    words
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The candidate closest in spelling to `id`, if it is close enough to be
/// what was meant.
pub(super) fn closest<'b>(id: &str, candidates: impl Iterator<Item = &'b str>) -> Option<&'b str> {
    let id = id.to_lowercase();
    candidates
        .map(|c| (strsim::jaro_winkler(&id, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case_is_lowercase_words_joined_by_single_hyphens() {
        for good in ["a", "fast-checks", "ios-17-photos"] {
            assert!(is_kebab(good), "{good}");
        }
        for bad in ["", "-a", "a-", "a--b", "Fast", "a_b", "a b", "é"] {
            assert!(!is_kebab(bad), "{bad}");
        }
        assert_eq!(kebab("Fast_Checks now!"), "fast-checks-now");
    }

    #[test]
    fn a_suggestion_must_be_close() {
        let ids = ["fast-checks", "storage", "network"];
        assert_eq!(closest("fast-chek", ids.into_iter()), Some("fast-checks"));
        assert_eq!(closest("STORAGE", ids.into_iter()), Some("storage"));
        assert_eq!(closest("reinstall", ids.into_iter()), None);
    }
}
