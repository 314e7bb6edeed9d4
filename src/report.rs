//! The Markdown report for a support request. (Stub: the progress issue
//! writes it.)

use crate::kb::KnowledgeBase;
use crate::progress::Store;

pub fn render(
    kb: &KnowledgeBase,
    _store: &Store,
    _platform: Option<&str>,
    _now: &jiff::ZonedDateTime,
) -> String {
    format!("# {}\n", kb.title)
}
