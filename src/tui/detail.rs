//! The detail pane's document: an item laid out as wrapped lines, with the
//! checklist steps marked so the app can move between and tick them. Built
//! from state; drawing only paints it.

use std::collections::HashSet;

use crate::kb::{Item, Kind, KnowledgeBase};
use crate::page::{Block, page};
use crate::plan::Plan;
use crate::progress::{Outcomes, State};

/// What came of each step, as the interface shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks(pub Outcomes);

impl Marks {
    pub fn state(&self, step: &str) -> Option<State> {
        self.0.get(step).map(|o| o.state)
    }

    /// Whether the step has an outcome.
    pub fn contains(&self, step: &str) -> bool {
        self.0.contains_key(step)
    }

    /// Whether the step was tried (see `case::tried`).
    pub fn tried(&self, step: &str) -> bool {
        crate::case::tried(&self.0, step)
    }
}

impl From<Outcomes> for Marks {
    fn from(outcomes: Outcomes) -> Marks {
        Marks(outcomes)
    }
}

/// Ticked steps, each "done" (at the start of time: the interface shows no
/// times).
impl From<HashSet<String>> for Marks {
    fn from(ticked: HashSet<String>) -> Marks {
        let done = |id| {
            let at = jiff::Timestamp::UNIX_EPOCH;
            let outcome = crate::progress::Outcome {
                state: State::Done,
                at,
                note: None,
            };
            (id, outcome)
        };
        Marks(ticked.into_iter().map(done).collect())
    }
}

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
    /// The paragraph (heading, blank) this line belongs to, counted from the
    /// top: the same at any width, so a new layout can return to it.
    pub block: usize,
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
    /// The first and last line of the case's word below the plan, if it
    /// has one.
    pub word: Option<(usize, usize)>,
}

impl Subject {
    /// The subject for the `i`th item of `kind`; steps are shown in a fix.
    pub fn at(kind: Kind, i: usize) -> Option<Subject> {
        match kind {
            Kind::Symptom => Some(Subject::Symptom(i)),
            Kind::Fix => Some(Subject::Fix(i)),
            Kind::Status => Some(Subject::Status(i)),
            Kind::Note => Some(Subject::Note(i)),
            Kind::Step => None,
        }
    }

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

/// Lay out `subject` for `platform` (None = all) at `width` columns, with
/// `after_plan` (the case's word on its plan) below the checklist.
pub fn build(
    kb: &KnowledgeBase,
    subject: Subject,
    platform: Option<&str>,
    marks: &Marks,
    width: u16,
    after_plan: Option<&str>,
) -> Doc {
    let mut doc = Writer {
        doc: Doc::default(),
        width: usize::from(width.max(8)),
        blocks: 0,
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
            Block::Checklist { plan, tiers } => {
                doc.checklist(kb, plan, *tiers, marks);
                if let Some(word) = after_plan {
                    doc.blank();
                    let start = doc.doc.lines.len();
                    doc.para("  » ", "    ", Tone::Caution, word, Tone::Caution);
                    doc.doc.word = Some((start, doc.doc.lines.len() - 1));
                }
            }
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
pub fn progress(plan: &Plan, marks: &Marks) -> (usize, usize) {
    crate::case::progress(plan, &marks.0)
}

struct Writer {
    doc: Doc,
    width: usize,
    blocks: usize,
}

impl Writer {
    /// A line of the paragraph `block`.
    fn push(&mut self, pieces: Vec<Piece>, step: Option<usize>, block: usize) {
        self.doc.lines.push(DocLine {
            pieces,
            step,
            block,
        });
    }

    fn next_block(&mut self) -> usize {
        self.blocks += 1;
        self.blocks - 1
    }

    fn blank(&mut self) {
        let block = self.next_block();
        self.push(Vec::new(), None, block);
    }

    /// A heading, in capitals, wrapped as a paragraph is: a long one
    /// ("What to collect before contacting support") is never cut.
    fn heading(&mut self, text: &str) {
        let text = text.to_uppercase();
        self.para("", "", Tone::Heading, &text, Tone::Heading);
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
        let block = self.next_block();
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
                block,
            );
        }
    }

    /// A paragraph under step `step`'s text, led by a label: its caution,
    /// the person's note.
    fn aside(&mut self, rest: &str, label: (Tone, &str), text: &str, tone: Tone, step: usize) {
        let (label_tone, label) = label;
        let first = format!("{rest}{label}");
        let next = format!("{rest}  ");
        self.para_for_step(&first, &next, label_tone, text, tone, Some(step));
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

    fn checklist(&mut self, kb: &KnowledgeBase, plan: &Plan, tiers: bool, marks: &Marks) {
        let (done, total) = progress(plan, marks);
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
                let state = marks.state(&step.id);
                let tone = match state {
                    None => Tone::Todo,
                    Some(State::Done | State::FixedIt) => Tone::Done,
                    Some(State::DidntHelp | State::Skipped) => Tone::Muted,
                };
                let mark = format!("{} ", State::mark(state));
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
                    let label = (Tone::Caution, "! Caution: ");
                    self.aside(&rest, label, caution, Tone::Caution, n);
                }
                if let Some(note) = marks.0.get(&step.id).and_then(|o| o.note.as_deref()) {
                    // A note from the file, as any script may have written it.
                    let note = crate::kb::printable(note);
                    self.aside(&rest, (Tone::Label, "Note: "), &note, Tone::Muted, n);
                }
                let fix = kb.position(&s.fix.id).map(|(_, i)| i);
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
