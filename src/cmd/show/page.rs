//! An item's page ([`crate::page`]) as plain text for `syncfix show`:
//! headings, wrapped paragraphs with hanging indents, and the plan as a
//! checklist marked from the progress store.

use textwrap::{Options, WordSplitter};

use crate::cmd::progress::local;
use crate::kb::{Item, KnowledgeBase, printable};
use crate::page::{Block, page};
use crate::plan::Plan;
use crate::progress::{State, Store};

pub(super) fn render(
    kb: &KnowledgeBase,
    store: &Store,
    platform: Option<&str>,
    width: usize,
    item: Item<'_>,
) -> String {
    let page = page(kb, item, platform);
    let mut out = Text {
        width,
        out: String::new(),
    };
    out.wrap("", "", &page.title);
    let own = match page.platforms.is_empty() {
        true => "all platforms".to_string(),
        false => page.platforms.join(", "),
    };
    let names = match platform.and_then(|p| kb.platform(p)) {
        Some(chosen)
            if page.platforms.is_empty() || page.platforms.contains(&chosen.name.as_str()) =>
        {
            chosen.name.clone()
        }
        Some(chosen) => format!("{own}, not {}", chosen.name),
        None => own,
    };
    let status = match item {
        Item::Step(step) => match store.outcome(&step.id) {
            Some(o) => format!(" · {} {}", o.state.label(), local(o.at)),
            None => " · not done".to_string(),
        },
        _ => String::new(),
    };
    out.wrap(
        "",
        "",
        &format!("{} {} · {names}{status}", item.kind(), item.id()),
    );
    let note = match item {
        Item::Step(step) => store.outcome(&step.id).and_then(|o| o.note.as_deref()),
        _ => None,
    };
    if let Some(note) = note {
        out.wrap("Note: ", "  ", &printable(note));
    }
    for block in &page.blocks {
        match block {
            Block::Heading(text) => out.heading(text),
            Block::Text(text) => {
                out.blank();
                out.wrap("  ", "  ", text);
            }
            Block::Labelled(label, text) => out.wrap("  ", "    ", &format!("{label}: {text}")),
            Block::Bullets(points) => {
                out.blank();
                points.iter().for_each(|p| out.wrap("  - ", "    ", p));
            }
            Block::Caution(text) => {
                out.blank();
                out.wrap("  ! Caution: ", "    ", text);
            }
            Block::Checklist { plan, tiers } => out.checklist(store, plan, *tiers),
            Block::Links(items) => {
                for linked in items {
                    out.wrap(
                        "  - ",
                        "    ",
                        &format!("{} ({})", linked.title(), linked.id()),
                    );
                }
            }
        }
    }
    out.out
}

struct Text {
    width: usize,
    out: String,
}

impl Text {
    fn checklist(&mut self, store: &Store, plan: &Plan, tiers: bool) {
        let done = plan
            .steps
            .iter()
            .filter(|s| store.state(&s.step.id).is_some())
            .count();
        let indent = if tiers { "    " } else { "  " };
        for (tier, steps) in plan.by_tier() {
            if tiers {
                self.blank();
                self.wrap("  ", "  ", &tier.name);
            } else {
                self.blank();
            }
            for s in steps {
                let state = store.state(&s.step.id);
                let mark = State::mark(state);
                let rest = format!("{indent}    ");
                let line = format!("{} ({})", s.step.text, s.step.id);
                self.wrap(&format!("{indent}{mark} "), &rest, &line);
                if let Some(caution) = &s.step.caution {
                    self.wrap(&format!("{rest}! Caution: "), &format!("{rest}  "), caution);
                }
                if let Some(note) = store.outcome(&s.step.id).and_then(|o| o.note.as_deref()) {
                    self.wrap(&format!("{rest}Note: "), &format!("{rest}  "), note);
                }
            }
        }
        self.blank();
        let total = plan.len();
        self.wrap("  ", "  ", &format!("{done}/{total} steps tried"));
    }

    fn heading(&mut self, text: &str) {
        self.blank();
        self.wrap("", "", text);
    }

    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// Wrap `text` to the page width, `first` before its first line and
    /// `rest` before the others. Ids and hyphenated words are never split.
    fn wrap(&mut self, first: &str, rest: &str, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        let options = Options::new(self.width)
            .initial_indent(first)
            .subsequent_indent(rest)
            .word_splitter(WordSplitter::NoHyphenation);
        for line in textwrap::wrap(text, options) {
            self.out.push_str(line.trim_end());
            self.out.push('\n');
        }
    }
}
