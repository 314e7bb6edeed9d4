//! The Markdown report for a support request: what was tried and when, what
//! is left, the cautions met, and what to collect. Pure: the caller passes
//! the time.

mod text;

use std::fmt::Write as _;

use jiff::{Timestamp, ZonedDateTime};

use crate::kb::{self, Fix, KnowledgeBase, Step, Symptom};
use crate::progress::Store;
use text::{code, date_time, md};

/// The report for guide `kb` with the ticks in `store`, for `platform`
/// (None = all), dated `now`; tick times are shown in `now`'s time zone.
pub fn render(
    kb: &KnowledgeBase,
    store: &Store,
    platform: Option<&str>,
    now: &ZonedDateTime,
) -> String {
    let report = Report {
        kb,
        store,
        platform,
        now,
    };
    let mut out = String::new();
    report.header(&mut out);
    report.tried(&mut out);
    report.not_started(&mut out);
    report.cautions(&mut out);
    report.orphans(&mut out);
    report.collect(&mut out);
    out
}

struct Report<'a> {
    kb: &'a KnowledgeBase,
    store: &'a Store,
    platform: Option<&'a str>,
    now: &'a ZonedDateTime,
}

/// A fix's steps as the report shows them, with their ticks.
struct Checklist<'a> {
    fix: &'a Fix,
    steps: Vec<(&'a Step, Option<Timestamp>)>,
}

impl Checklist<'_> {
    fn done(&self) -> usize {
        self.steps.iter().filter(|(_, t)| t.is_some()).count()
    }

    fn last(&self) -> Option<Timestamp> {
        self.steps.iter().filter_map(|(_, t)| *t).max()
    }

    fn summary(&self) -> String {
        format!("{} of {} steps done", self.done(), self.steps.len())
    }
}

impl<'a> Report<'a> {
    /// The fix's steps for the platform, and any ticked step whatever its
    /// platform: what was done is always reported.
    fn checklist(&self, fix: &'a Fix) -> Checklist<'a> {
        let steps = self
            .kb
            .steps_of(fix)
            .map(|step| (step, self.store.ticked(&step.id)))
            .filter(|(step, when)| when.is_some() || kb::applies(&step.platforms, self.platform))
            .collect();
        Checklist { fix, steps }
    }

    fn fixes(&self) -> impl Iterator<Item = Checklist<'a>> {
        self.kb
            .fixes
            .iter()
            .map(|fix| self.checklist(fix))
            .filter(|list| !list.steps.is_empty())
    }

    fn symptoms(&self) -> impl Iterator<Item = &'a Symptom> {
        self.kb
            .symptoms
            .iter()
            .filter(|s| kb::applies(&s.platforms, self.platform))
    }

    fn symptom_tried(&self, symptom: &Symptom) -> bool {
        symptom
            .fixes
            .iter()
            .filter_map(|id| self.kb.fix(id))
            .any(|fix| self.checklist(fix).done() > 0)
    }

    fn when(&self, t: Timestamp) -> String {
        date_time(&t.to_zoned_datetime(self.now.time_zone().clone()))
    }

    fn header(&self, out: &mut String) {
        let platform = match self.platform.and_then(|p| self.kb.platform(p)) {
            Some(p) => md(&p.name),
            None => "All platforms".to_string(),
        };
        let zone = match self.now.time_zone().iana_name() {
            Some(name) => format!(" ({name})"),
            None => String::new(),
        };
        let lists: Vec<Checklist> = self.fixes().collect();
        let steps: usize = lists.iter().map(|l| l.steps.len()).sum();
        let done: usize = lists.iter().map(Checklist::done).sum();
        let tried = lists.iter().filter(|l| l.done() > 0).count();
        let _ = writeln!(out, "# Troubleshooting report: {}\n", md(&self.kb.title));
        let _ = writeln!(
            out,
            "- **Date:** {}{zone}",
            text::date_time_offset(self.now)
        );
        let _ = writeln!(out, "- **Platform:** {platform}");
        let _ = writeln!(out, "- **Guide:** {}", code(&self.kb.id));
        let _ = writeln!(
            out,
            "- **Progress:** {done} of {steps} steps done, in {tried} of {} fixes",
            lists.len()
        );
    }

    fn tried(&self, out: &mut String) {
        let symptoms: Vec<&Symptom> = self.symptoms().filter(|s| self.symptom_tried(s)).collect();
        let fixes: Vec<Checklist> = self.fixes().filter(|l| l.done() > 0).collect();
        if fixes.is_empty() {
            let _ = writeln!(out, "\n## What was tried\n\nNothing has been ticked yet.");
            return;
        }
        if !symptoms.is_empty() {
            let _ = writeln!(out, "\n## Symptoms worked on");
            for symptom in symptoms {
                let _ = writeln!(out, "\n### {}\n", md(&symptom.title));
                for fix in symptom.fixes.iter().filter_map(|id| self.kb.fix(id)) {
                    let list = self.checklist(fix);
                    let status = match (list.done(), list.last()) {
                        (0, _) | (_, None) => "not started".to_string(),
                        (_, Some(last)) => {
                            format!("{}, last on {}", list.summary(), self.when(last))
                        }
                    };
                    let _ = writeln!(out, "- {}: {status}", md(&fix.title));
                }
            }
        }
        let _ = writeln!(out, "\n## Fixes tried");
        for list in fixes {
            let _ = writeln!(out, "\n### {} ({})\n", md(&list.fix.title), list.summary());
            for (step, when) in &list.steps {
                let line = match when {
                    Some(t) => format!("- [x] {} (done {})", md(&step.text), self.when(*t)),
                    None => format!("- [ ] {}", md(&step.text)),
                };
                let _ = writeln!(out, "{line}");
            }
        }
    }

    fn not_started(&self, out: &mut String) {
        let symptoms: Vec<String> = self
            .symptoms()
            .filter(|s| !self.symptom_tried(s))
            .map(|s| md(&s.title))
            .collect();
        let fixes: Vec<String> = self
            .fixes()
            .filter(|l| l.done() == 0)
            .map(|l| md(&l.fix.title))
            .collect();
        if symptoms.is_empty() && fixes.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n## Not started");
        for (label, titles) in [("Symptoms", symptoms), ("Fixes", fixes)] {
            if !titles.is_empty() {
                let _ = writeln!(out, "\n{label}:\n");
                titles.iter().for_each(|t| {
                    let _ = writeln!(out, "- {t}");
                });
            }
        }
    }

    fn cautions(&self, out: &mut String) {
        let met: Vec<(&Step, &String)> = self
            .kb
            .steps
            .iter()
            .filter(|s| self.store.ticked(&s.id).is_some())
            .filter_map(|s| s.caution.as_ref().map(|c| (s, c)))
            .collect();
        if met.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n## Cautions met\n");
        for (step, caution) in met {
            let _ = writeln!(out, "- **{}** {}", md(&step.text), md(caution));
        }
    }

    /// Ticks for steps this guide no longer has: kept, and shown.
    fn orphans(&self, out: &mut String) {
        let known = |id: &str| self.kb.step(id).is_some();
        let orphans: Vec<String> = self
            .store
            .outcomes()
            .iter()
            .filter(|(id, _)| !known(id))
            .map(|(id, o)| format!("{} ({})", code(id), self.when(o.at)))
            .collect();
        if !orphans.is_empty() {
            let _ = writeln!(
                out,
                "\n## Steps no longer in this guide\n\nTicked earlier: {}.",
                orphans.join(", ")
            );
        }
    }

    fn collect(&self, out: &mut String) {
        let mut items: Vec<&str> = Vec::new();
        for item in self.kb.notes.iter().flat_map(|n| &n.collect) {
            if !items.contains(&item.as_str()) {
                items.push(item);
            }
        }
        if items.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n## Before contacting support, collect\n");
        items.iter().for_each(|item| {
            let _ = writeln!(out, "- [ ] {}", md(item));
        });
    }
}
