//! The text of one item for `syncfix show`: headings, wrapped paragraphs
//! with hanging indents, and checklists marked from the progress store.

use jiff::fmt::strtime;
use jiff::tz::TimeZone;
use textwrap::{Options, WordSplitter};

use crate::kb::{Fix, Item, KnowledgeBase, Note, StatusMessage, Step, Symptom, applies};
use crate::progress::Store;

pub(super) fn render(
    kb: &KnowledgeBase,
    store: &Store,
    platform: Option<&str>,
    width: usize,
    item: Item<'_>,
) -> String {
    let mut page = Page {
        kb,
        store,
        platform,
        width,
        out: String::new(),
    };
    match item {
        Item::Symptom(s) => page.symptom(s),
        Item::Fix(f) => page.fix(f),
        Item::Step(f, s) => page.step(f, s),
        Item::Status(s) => page.status(s),
        Item::Note(n) => page.note(n),
    }
    page.out
}

struct Page<'a> {
    kb: &'a KnowledgeBase,
    store: &'a Store,
    platform: Option<&'a str>,
    width: usize,
    out: String,
}

impl Page<'_> {
    fn symptom(&mut self, s: &Symptom) {
        self.header(&s.title, "symptom", &s.id, &s.platforms, None);
        self.heading("Where to look");
        let places: Vec<_> = s
            .where_to_look
            .iter()
            .filter(|p| self.platform.is_none_or(|wanted| p.platform == wanted))
            .collect();
        for place in &places {
            let line = format!("{}: {}", self.platform_name(&place.platform), place.place);
            self.wrap("  ", "    ", &line);
        }
        if places.is_empty() {
            self.wrap(
                "  ",
                "  ",
                &format!("Nothing listed for {}.", self.chosen()),
            );
        }
        self.heading("Quick fix");
        self.wrap("  ", "  ", &s.quick_fix);
        self.fixes("Fixes, most likely first", &s.fixes, &s.platforms);
    }

    fn status(&mut self, s: &StatusMessage) {
        self.header(&s.text, "status", &s.id, &s.platforms, None);
        self.heading("What it means");
        self.wrap("  ", "  ", &s.meaning);
        self.heading("What to do");
        self.wrap("  ", "  ", &s.action);
        self.fixes("Fixes", &s.fixes, &s.platforms);
    }

    fn fix(&mut self, f: &Fix) {
        let (done, total) = self.progress(f);
        let platforms = self.fix_platforms(f);
        let status = format!("{done}/{total} steps done");
        self.header(&f.title, "fix", &f.id, &platforms, Some(&status));
        self.blank();
        self.wrap("  ", "  ", &f.summary);
        self.heading("Steps");
        self.steps(f, "  ", None, &platforms);
    }

    fn step(&mut self, f: &Fix, s: &Step) {
        let status = match self.store.ticked(&s.id) {
            Some(when) => {
                let local = when.to_zoned_datetime(TimeZone::system());
                match strtime::format("%Y-%m-%d %H:%M", &local) {
                    Ok(when) => format!("done {when}"),
                    Err(_) => "done".to_string(),
                }
            }
            None => "not done".to_string(),
        };
        self.header(&s.text, "step", &s.id, &s.platforms, Some(&status));
        let number = f
            .steps
            .iter()
            .position(|x| x.id == s.id)
            .map_or(0, |n| n + 1);
        let of = format!(
            "Step {number} of {} in {} ({})",
            f.steps.len(),
            f.title,
            f.id
        );
        self.heading(&of);
        let platforms = self.fix_platforms(f);
        self.steps(f, "  ", Some(&s.id), &platforms);
    }

    fn note(&mut self, n: &Note) {
        self.header(&n.title, "note", &n.id, &[], None);
        self.blank();
        self.wrap("  ", "  ", &n.summary);
        self.blank();
        for point in &n.points {
            self.wrap("  - ", "    ", point);
        }
        if !n.collect.is_empty() {
            self.heading("What to collect");
            for thing in &n.collect {
                self.wrap("  - ", "    ", thing);
            }
        }
    }

    /// Title, then kind, id, platforms and progress on one line.
    fn header(
        &mut self,
        title: &str,
        kind: &str,
        id: &str,
        platforms: &[String],
        status: Option<&str>,
    ) {
        self.wrap("", "", title);
        let names = if platforms.is_empty() {
            "all platforms".to_string()
        } else {
            let names: Vec<&str> = platforms.iter().map(|p| self.platform_name(p)).collect();
            names.join(", ")
        };
        // With --platform, the page is for that platform: say so, and say
        // when the item is not for it at all.
        let names = match self.platform {
            Some(chosen) if applies(platforms, Some(chosen)) => self.chosen().to_string(),
            Some(_) => format!("{names}, not {}", self.chosen()),
            None => names,
        };
        let status = status.map(|s| format!(" · {s}")).unwrap_or_default();
        self.wrap("", "", &format!("{kind} {id} · {names}{status}"));
    }

    /// The fixes `ids` names, numbered, each with its checklist; those with
    /// no step for the chosen platform are counted, not shown.
    fn fixes(&mut self, heading: &str, ids: &[String], context: &[String]) {
        self.heading(heading);
        let mut hidden = 0;
        let mut number = 0;
        for id in ids {
            let Some(fix) = self.kb.fix(id) else {
                continue;
            };
            if !KnowledgeBase::fix_applies(fix, self.platform) {
                hidden += 1;
                continue;
            }
            number += 1;
            let (done, total) = self.progress(fix);
            let title = format!("{} ({}) · {done}/{total} done", fix.title, fix.id);
            self.blank();
            self.wrap(&format!("{number}. "), "   ", &title);
            self.wrap("   ", "   ", &fix.summary);
            self.steps(fix, "   ", None, context);
        }
        if hidden > 0 {
            let fixes = if hidden == 1 { "fix" } else { "fixes" };
            self.blank();
            self.wrap(
                "",
                "",
                &format!("({hidden} {fixes} for other platforms hidden)"),
            );
        }
    }

    /// A checklist of the fix's steps for the chosen platform; `current`
    /// marks one step with `>` (it is shown whatever the platform).
    /// Steps tagged with exactly the `context` platforms (those of the item
    /// shown) are not tagged again.
    fn steps(&mut self, fix: &Fix, indent: &str, current: Option<&str>, context: &[String]) {
        let mut hidden = 0;
        for step in &fix.steps {
            let is_current = current == Some(step.id.as_str());
            if !is_current && !applies(&step.platforms, self.platform) {
                hidden += 1;
                continue;
            }
            let mark = if self.store.ticked(&step.id).is_some() {
                'x'
            } else {
                ' '
            };
            let lead = match (is_current, indent.len()) {
                (true, 2..) => format!(">{}", &indent[1..]),
                _ => indent.to_string(),
            };
            let rest = format!("{indent}    ");
            let tags = if step.platforms.is_empty()
                || self.platform.is_some()
                || step.platforms == context
            {
                String::new()
            } else {
                let names: Vec<&str> = step
                    .platforms
                    .iter()
                    .map(|p| self.platform_name(p))
                    .collect();
                format!(" [{}]", names.join(", "))
            };
            let line = format!("{}{tags} ({})", step.text, step.id);
            self.wrap(&format!("{lead}[{mark}] "), &rest, &line);
            if let Some(caution) = &step.caution {
                self.wrap(&format!("{rest}! Caution: "), &format!("{rest}  "), caution);
            }
        }
        if hidden > 0 {
            let steps = if hidden == 1 { "step" } else { "steps" };
            let line = format!("({hidden} {steps} for other platforms hidden)");
            self.wrap(indent, indent, &line);
        }
    }

    /// Ticked and shown steps of a fix.
    fn progress(&self, fix: &Fix) -> (usize, usize) {
        let shown: Vec<&Step> = fix
            .steps
            .iter()
            .filter(|s| applies(&s.platforms, self.platform))
            .collect();
        let done = shown
            .iter()
            .filter(|s| self.store.ticked(&s.id).is_some())
            .count();
        (done, shown.len())
    }

    /// The platforms a fix's steps are for, in the guide's order; empty
    /// when some step is for all.
    fn fix_platforms(&self, fix: &Fix) -> Vec<String> {
        if fix.steps.iter().any(|s| s.platforms.is_empty()) {
            return Vec::new();
        }
        self.kb
            .platforms
            .iter()
            .filter(|p| fix.steps.iter().any(|s| s.platforms.contains(&p.id)))
            .map(|p| p.id.clone())
            .collect()
    }

    fn platform_name<'p>(&'p self, id: &'p str) -> &'p str {
        self.kb.platform(id).map_or(id, |p| p.name.as_str())
    }

    fn chosen(&self) -> &str {
        self.platform
            .map_or("all platforms", |p| self.platform_name(p))
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
