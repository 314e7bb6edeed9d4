//! The detail pane's document: an item laid out as wrapped lines, with the
//! checklist steps marked so the app can move between and tick them. Built
//! from state; drawing only paints it.

use std::collections::HashSet;

use crate::kb::{Fix, KnowledgeBase, applies};

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
    /// True for the first step shown of its fix (its heading sits just above).
    pub opens_fix: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    pub lines: Vec<DocLine>,
    pub steps: Vec<DocStep>,
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
        blocks: 0,
    };
    match subject {
        Subject::Symptom(i) => {
            let symptom = &kb.symptoms[i];
            doc.para("", "", Tone::Title, &symptom.title, Tone::Title);
            doc.blank();
            let places: Vec<_> = symptom
                .where_to_look
                .iter()
                .filter(|p| platform.is_none_or(|id| p.platform == id))
                .collect();
            if !places.is_empty() {
                doc.heading("Where to look");
                for place in places {
                    let name = kb
                        .platform(&place.platform)
                        .map_or(place.platform.as_str(), |p| &p.name);
                    doc.labelled(name, &place.place);
                }
                doc.blank();
            }
            doc.heading("Quick fix");
            doc.para("  ", "  ", Tone::Body, &symptom.quick_fix, Tone::Body);
            doc.fixes(
                kb,
                &symptom.fixes,
                platform,
                ticked,
                "Fixes, most likely first",
            );
        }
        Subject::Fix(i) => {
            let fix = &kb.fixes[i];
            doc.fix(i, fix, None, platform, ticked);
        }
        Subject::Status(i) => {
            let status = &kb.statuses[i];
            doc.para(
                "",
                "",
                Tone::Title,
                &format!("Status: \"{}\"", status.text),
                Tone::Title,
            );
            doc.blank();
            doc.heading("What it means");
            doc.para("  ", "  ", Tone::Body, &status.meaning, Tone::Body);
            doc.blank();
            doc.heading("What to do");
            doc.para("  ", "  ", Tone::Body, &status.action, Tone::Body);
            doc.fixes(kb, &status.fixes, platform, ticked, "Fixes that apply");
        }
        Subject::Note(i) => {
            let note = &kb.notes[i];
            doc.para("", "", Tone::Title, &note.title, Tone::Title);
            doc.blank();
            doc.para("", "", Tone::Body, &note.summary, Tone::Body);
            doc.blank();
            for point in &note.points {
                doc.para("  • ", "    ", Tone::Label, point, Tone::Body);
            }
            if !note.collect.is_empty() {
                doc.blank();
                doc.heading("What to collect before contacting support");
                for item in &note.collect {
                    doc.para("  • ", "    ", Tone::Label, item, Tone::Body);
                }
            }
        }
    }
    doc.doc
}

/// (ticked, total) steps of these fixes for `platform`.
pub fn progress<'a>(
    fixes: impl IntoIterator<Item = &'a Fix>,
    platform: Option<&str>,
    ticked: &HashSet<String>,
) -> (usize, usize) {
    fixes
        .into_iter()
        .flat_map(|fix| &fix.steps)
        .filter(|step| applies(&step.platforms, platform))
        .fold((0, 0), |(done, total), step| {
            (done + usize::from(ticked.contains(&step.id)), total + 1)
        })
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

    fn heading(&mut self, text: &str) {
        let block = self.next_block();
        self.push(
            vec![Piece {
                text: text.to_uppercase(),
                tone: Tone::Heading,
            }],
            None,
            block,
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

    fn labelled(&mut self, label: &str, text: &str) {
        self.para(
            &format!("  {label}: "),
            "    ",
            Tone::Label,
            text,
            Tone::Body,
        );
    }

    fn fixes(
        &mut self,
        kb: &KnowledgeBase,
        ids: &[String],
        platform: Option<&str>,
        ticked: &HashSet<String>,
        heading: &str,
    ) {
        let fixes: Vec<(usize, &Fix)> = ids
            .iter()
            .filter_map(|id| kb.fixes.iter().enumerate().find(|(_, f)| &f.id == id))
            .filter(|(_, fix)| KnowledgeBase::fix_applies(fix, platform))
            .collect();
        if fixes.is_empty() {
            return;
        }
        self.blank();
        self.heading(heading);
        for (n, (i, fix)) in fixes.into_iter().enumerate() {
            self.blank();
            self.fix(i, fix, Some(n + 1), platform, ticked);
        }
    }

    fn fix(
        &mut self,
        index: usize,
        fix: &Fix,
        number: Option<usize>,
        platform: Option<&str>,
        ticked: &HashSet<String>,
    ) {
        let (done, total) = progress([fix], platform, ticked);
        let title = match number {
            Some(n) => format!("{n}. {}", fix.title),
            None => fix.title.clone(),
        };
        let tone = if number.is_some() {
            Tone::Heading
        } else {
            Tone::Title
        };
        self.para("", "   ", tone, &title, tone);
        if let Some(last) = self.doc.lines.last_mut() {
            last.pieces.push(Piece {
                text: format!("  {done}/{total}"),
                tone: Tone::Muted,
            });
        }
        let indent = if number.is_some() { "   " } else { "" };
        self.para(indent, indent, Tone::Muted, &fix.summary, Tone::Muted);
        let mut hidden = 0;
        let mut first = true;
        for step in &fix.steps {
            if !applies(&step.platforms, platform) {
                hidden += 1;
                continue;
            }
            let done = ticked.contains(&step.id);
            let n = self.doc.steps.len();
            let first_line = self.doc.lines.len();
            let (mark, tone) = if done {
                ("[x] ", Tone::Done)
            } else {
                ("[ ] ", Tone::Todo)
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
            self.doc.steps.push(DocStep {
                id: step.id.clone(),
                fix: index,
                first_line,
                last_line: self.doc.lines.len() - 1,
                opens_fix: first,
            });
            first = false;
        }
        if hidden > 0 {
            let what = if hidden == 1 { "step" } else { "steps" };
            self.para(
                indent,
                indent,
                Tone::Muted,
                &format!("({hidden} {what} for other platforms hidden)"),
                Tone::Muted,
            );
        }
    }
}
