//! The detail pane's document: an item laid out as wrapped lines, with the
//! checklist steps marked so the app can move between and tick them. Built
//! from state; drawing only paints it.

use std::collections::HashSet;

use crate::kb::{Item, KnowledgeBase};
use crate::page::{Block, page};
use crate::plan::Plan;

/// What the detail pane is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    Symptom(usize),
    Fix(usize),
    Status(usize),
    Note(usize),
}

/// How a piece of text should look; the theme turns these into styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Title,
    Heading,
    Body,
    Label,
    Muted,
    Caution,
    Done,
    Todo,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub tone: Tone,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocLine {
    pub pieces: Vec<Piece>,
    /// The checklist step this line belongs to, as an index into `Doc::steps`.
    pub step: Option<usize>,
}

/// A checklist step as laid out: which lines it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocStep {
    pub id: String,
    /// Index of the fix in the knowledge base.
    pub fix: usize,
    pub first_line: usize,
    pub last_line: usize,
    /// True for the first step shown of its tier (its heading sits just above).
    pub opens_fix: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    pub lines: Vec<DocLine>,
    pub steps: Vec<DocStep>,
}

impl Subject {
    /// The item this subject shows.
    pub fn item(self, kb: &KnowledgeBase) -> Item<'_> {
        match self {
            Subject::Symptom(i) => Item::Symptom(&kb.symptoms[i]),
            Subject::Fix(i) => Item::Fix(&kb.fixes[i]),
            Subject::Status(i) => Item::Status(&kb.statuses[i]),
            Subject::Note(i) => Item::Note(&kb.notes[i]),
        }
    }
}

/// Lay out `subject` for `platform` (None = all) at `width` columns.
pub fn build(
    kb: &KnowledgeBase,
    subject: Subject,
    platform: Option<&str>,
    ticked: &HashSet<String>,
    width: u16,
) -> Doc {
    let mut doc = Writer {
        doc: Doc::default(),
        width: usize::from(width.max(8)),
    };
    let page = page(kb, subject.item(kb), platform);
    doc.para("", "", Tone::Title, &page.title, Tone::Title);
    for block in &page.blocks {
        match block {
            Block::Heading(text) => {
                doc.blank();
                doc.heading(text);
            }
            Block::Text(text) => doc.para("  ", "  ", Tone::Body, text, Tone::Body),
            Block::Labelled(label, text) => doc.labelled(label, text),
            Block::Bullets(points) => {
                for point in points.iter() {
                    doc.para("  • ", "    ", Tone::Label, point, Tone::Body);
                }
            }
            Block::Caution(text) => {
                doc.para("  ! Caution: ", "    ", Tone::Caution, text, Tone::Caution)
            }
            Block::Checklist { plan, tiers } => doc.checklist(kb, plan, *tiers, ticked),
            Block::Links(items) => {
                for item in items {
                    doc.para("  → ", "    ", Tone::Muted, item.title(), Tone::Body);
                }
            }
        }
    }
    doc.doc
}

/// (tried, total) steps of a plan.
pub fn progress(plan: &Plan, ticked: &HashSet<String>) -> (usize, usize) {
    let done = plan
        .steps
        .iter()
        .filter(|s| ticked.contains(&s.step.id))
        .count();
    (done, plan.len())
}

struct Writer {
    doc: Doc,
    width: usize,
}

impl Writer {
    fn push(&mut self, pieces: Vec<Piece>, step: Option<usize>) {
        self.doc.lines.push(DocLine { pieces, step });
    }

    fn blank(&mut self) {
        self.push(Vec::new(), None);
    }

    fn heading(&mut self, text: &str) {
        self.push(
            vec![Piece {
                text: text.to_uppercase(),
                tone: Tone::Heading,
            }],
            None,
        );
    }

    /// A wrapped paragraph: `first` before its first line, `rest` before the others.
    fn para(&mut self, first: &str, rest: &str, prefix_tone: Tone, text: &str, tone: Tone) {
        self.para_for_step(first, rest, prefix_tone, text, tone, None);
    }

    fn para_for_step(
        &mut self,
        first: &str,
        rest: &str,
        prefix_tone: Tone,
        text: &str,
        tone: Tone,
        step: Option<usize>,
    ) {
        let options = textwrap::Options::new(self.width)
            .initial_indent(first)
            .subsequent_indent(rest);
        for (n, line) in textwrap::wrap(text, options).into_iter().enumerate() {
            let prefix = if n == 0 { first } else { rest };
            let body = line.strip_prefix(prefix).unwrap_or(&line).to_string();
            self.push(
                vec![
                    Piece {
                        text: prefix.to_string(),
                        tone: prefix_tone,
                    },
                    Piece { text: body, tone },
                ],
                step,
            );
        }
    }

    fn labelled(&mut self, label: &str, text: &str) {
        self.para(
            &format!("  {label}: "),
            "    ",
            Tone::Label,
            text,
            Tone::Body,
        );
    }

    fn checklist(
        &mut self,
        kb: &KnowledgeBase,
        plan: &Plan,
        tiers: bool,
        ticked: &HashSet<String>,
    ) {
        let (done, total) = progress(plan, ticked);
        for (tier, steps) in plan.by_tier() {
            if tiers {
                self.blank();
                self.para("  ", "  ", Tone::Heading, &tier.name, Tone::Heading);
            }
            let indent = if tiers { "  " } else { "" };
            let mut first = true;
            for s in steps {
                let step = s.step;
                let n = self.doc.steps.len();
                let first_line = self.doc.lines.len();
                let (mark, tone) = match ticked.contains(&step.id) {
                    true => ("[x] ", Tone::Done),
                    false => ("[ ] ", Tone::Todo),
                };
                let rest = format!("{indent}    ");
                self.para_for_step(
                    &format!("{indent}{mark}"),
                    &rest,
                    tone,
                    &step.text,
                    Tone::Body,
                    Some(n),
                );
                if let Some(caution) = &step.caution {
                    self.para_for_step(
                        &format!("{rest}! Caution: "),
                        &format!("{rest}  "),
                        Tone::Caution,
                        caution,
                        Tone::Caution,
                        Some(n),
                    );
                }
                let fix = kb.fixes.iter().position(|f| std::ptr::eq(f, s.fix));
                self.doc.steps.push(DocStep {
                    id: step.id.clone(),
                    fix: fix.unwrap_or(0),
                    first_line,
                    last_line: self.doc.lines.len() - 1,
                    opens_fix: first,
                });
                first = false;
            }
        }
        self.blank();
        self.para(
            "  ",
            "  ",
            Tone::Muted,
            &format!("{done}/{total} steps tried"),
            Tone::Muted,
        );
    }
}
