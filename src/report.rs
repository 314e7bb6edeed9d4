//! The case record for support, as Markdown: the problem, platform, when it
//! started, the answers given, every step tried in order with when, outcome
//! and note, what is left of the plan, the details support asks for, and
//! (unless solved) the guide's advice on getting help. Nothing about
//! problems the person never had. Pure: the caller passes the time.

mod text;

use std::fmt::Write as _;

use jiff::{Timestamp, ZonedDateTime};

use crate::case::{self, Field};
use crate::kb::{KnowledgeBase, Step};
use crate::plan::{Plan, PlanStep};
use crate::progress::{Case, Outcome, State, Store};
use text::{code, date_time, md, utc_offset};

/// The record of the open case (or the last one) in `store`, dated `now`;
/// times are shown in `now`'s time zone. With no case, says so and lists
/// any outcomes recorded.
pub fn render(kb: &KnowledgeBase, store: &Store, now: &ZonedDateTime) -> String {
    let mut out = String::new();
    match store.guide().last_case() {
        Some(case) => {
            let plan = case::plan_of(kb, case);
            let record = Record {
                kb,
                store,
                now,
                case,
                plan,
                earlier: case::earlier(&store.guide().cases, case),
            };
            record.write(&mut out);
        }
        None => no_case(kb, store, now, &mut out),
    }
    out
}

/// How many of the cases a case goes on from its header names.
const CHAIN_SHOWN: usize = 3;

struct Record<'a> {
    kb: &'a KnowledgeBase,
    store: &'a Store,
    now: &'a ZonedDateTime,
    case: &'a Case,
    plan: Plan<'a>,
    /// The cases this one goes on from.
    earlier: Vec<&'a Case>,
}

fn when(now: &ZonedDateTime, t: Timestamp) -> String {
    date_time(&t.to_zoned_datetime(now.time_zone().clone()))
}

/// A step's text, or its bare id when the guide no longer has it.
fn step_text(kb: &KnowledgeBase, id: &str) -> String {
    match kb.step(id) {
        Some(Step { text, .. }) => md(text),
        None => code(id),
    }
}

impl Record<'_> {
    fn write(&self, out: &mut String) {
        self.header(out);
        self.answers(out);
        self.tried(out);
        self.left(out);
        self.details(out);
        self.help(out);
    }

    fn header(&self, out: &mut String) {
        let (kb, case) = (self.kb, self.case);
        let problem = md(&case::problem_title(kb, case));
        let platform = match case.platform.as_deref().and_then(|p| kb.platform(p)) {
            Some(p) => md(&p.name),
            None => md(&upper_first(&case::platform_name(kb, case))),
        };
        let status = match &case.closed {
            None => "open".to_string(),
            Some(closed) => match &closed.solved_by {
                Some(step) => format!(
                    "solved on {} by: {}",
                    when(self.now, closed.at),
                    step_text(kb, step)
                ),
                None => format!("closed unsolved on {}", when(self.now, closed.at)),
            },
        };
        let _ = writeln!(out, "# Support record: {problem}\n");
        let kind = match kb.item(&case.problem) {
            Some(item) => crate::page::kind_name(item.kind()).to_lowercase(),
            None => "no longer in the guide".to_string(),
        };
        let _ = writeln!(out, "- **Problem:** {problem} ({kind})");
        let _ = writeln!(out, "- **Platform:** {platform}");
        let _ = writeln!(out, "- **Started:** {}", when(self.now, case.started));
        let _ = writeln!(out, "- **Case:** {status}");
        // The cases whose plans ran out before this one, latest first: the
        // last few, so the record stays short.
        let cases = &self.store.guide().cases;
        let went_on = |c: &Case| case::went_on_from(cases, c);
        let mut chain: Vec<String> = std::iter::successors(went_on(case), |c| went_on(c))
            .take(CHAIN_SHOWN + 1)
            .map(|c| {
                let title = md(&case::problem_title(kb, c));
                format!("{title} ({})", md(&case::platform_name(kb, c)))
            })
            .collect();
        if chain.len() > CHAIN_SHOWN {
            chain[CHAIN_SHOWN] = "earlier cases".to_string();
        }
        if !chain.is_empty() {
            let _ = writeln!(out, "- **Goes on from:** {}", chain.join("; before that, "));
        }
        let _ = writeln!(out, "- **Guide:** {}", md(&kb.title));
        let _ = writeln!(
            out,
            "- **Report written:** {}; every time here is UTC{}",
            date_time(self.now),
            utc_offset(self.now)
        );
    }

    /// The answers given, or, for a case opened without, those given for
    /// the case it goes on from.
    fn answers(&self, out: &mut String) {
        let (answers, whose) = match self.case.answers.is_empty() {
            false => (&self.case.answers, String::new()),
            true => match case::went_on_from(&self.store.guide().cases, self.case) {
                Some(from) => (
                    &from.answers,
                    format!(" (for {})", md(&case::problem_title(self.kb, from))),
                ),
                None => return,
            },
        };
        if answers.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n## Answers{whose}\n");
        for (question, answer) in answers {
            let _ = writeln!(out, "- {} {}", md(question), md(answer));
        }
    }

    /// Steps with an outcome: those of the plan, whenever they were tried,
    /// any other step tried since the case started, and those tried while
    /// a case it goes on from was open (on the same problem, as on another
    /// platform before switching; or the problem whose plan ran out before
    /// this one was opened); oldest first.
    fn tried(&self, out: &mut String) {
        let outcomes = self.store.outcomes();
        let in_plan = |id: &str| self.plan.position(id).is_some();
        let earlier = |at: &jiff::Timestamp| self.earlier_case(at).is_some();
        let mut tried: Vec<(&String, &Outcome)> = outcomes
            .iter()
            .filter(|(id, o)| in_plan(id) || o.at >= self.case.started || earlier(&o.at))
            .collect();
        // At the same time, in plan order, and steps outside it after.
        let place = |id: &str| self.plan.position(id).unwrap_or(usize::MAX);
        tried.sort_by_key(|(id, o)| (o.at, place(id)));
        let (done, total) = case::progress(&self.plan, outcomes);
        let skipped = match case::skipped(&self.plan, outcomes).count() {
            0 => String::new(),
            n => format!("; {n} skipped"),
        };
        match total {
            0 => {
                let _ = writeln!(out, "\n## Outcomes\n");
            }
            _ => {
                let _ = writeln!(
                    out,
                    "\n## Outcomes ({done} of {total} steps of the plan tried{skipped})\n"
                );
            }
        }
        if tried.is_empty() {
            let _ = writeln!(out, "Nothing yet.");
        }
        for (i, (id, outcome)) in tried.iter().enumerate() {
            let before = outcome.at < self.case.started;
            let outside = match (
                self.earlier_case(&outcome.at).filter(|_| before),
                in_plan(id),
            ) {
                (Some(case), _) if case.problem == self.case.problem => format!(
                    " *(in an earlier case on this problem, on {})*",
                    md(&case::platform_name(self.kb, case))
                ),
                (Some(case), _) => format!(
                    " *(in the case on {}, on {})*",
                    md(&case::problem_title(self.kb, case)),
                    md(&case::platform_name(self.kb, case))
                ),
                (None, false) => " *(not in the plan)*".to_string(),
                (None, true) if before => " *(before this case)*".to_string(),
                (None, true) => String::new(),
            };
            let _ = writeln!(
                out,
                "{}. {} **{}** ({}): {}{outside}",
                i + 1,
                State::mark(Some(outcome.state)),
                outcome.state.label(),
                when(self.now, outcome.at),
                step_text(self.kb, id)
            );
            if let Some(note) = &outcome.note {
                // Indented as far as the item's text, so that it belongs
                // to the item (`10. ` is four wide).
                let indent = (i + 1).to_string().len() + 2;
                let _ = writeln!(out, "{:indent$}Note: {}", "", md(note));
            }
        }
    }

    /// The case this one goes on from ([`case::earlier`]) that was open
    /// at `at`.
    fn earlier_case(&self, at: &jiff::Timestamp) -> Option<&Case> {
        self.earlier
            .iter()
            .copied()
            .find(|c| c.started <= *at && c.closed.as_ref().is_some_and(|closed| *at <= closed.at))
    }

    /// The steps of the plan with no outcome, then those skipped: a step
    /// skipped is still to try.
    fn left(&self, out: &mut String) {
        let outcomes = self.store.outcomes();
        let open = self
            .plan
            .steps
            .iter()
            .filter(|s| !outcomes.contains_key(&s.step.id));
        let skipped = case::skipped(&self.plan, outcomes);
        let left: Vec<(&PlanStep, &str)> = open
            .map(|s| (s, ""))
            .chain(skipped.map(|s| (s, "; skipped")))
            .collect();
        let solved = self
            .case
            .closed
            .as_ref()
            .is_some_and(|c| c.solved_by.is_some());
        let _ = writeln!(out, "\n## Left to try\n");
        if self.plan.is_empty() {
            let none = case::no_steps(self.kb, self.case);
            let _ = writeln!(out, "Nothing: {}.", md(&none));
            return;
        }
        if left.is_empty() {
            let _ = writeln!(out, "Nothing: every step of the plan has been tried.");
            return;
        }
        if solved {
            let steps = if left.len() == 1 { "step" } else { "steps" };
            let n = left.len();
            let _ = writeln!(
                out,
                "None needed: solved, with {n} {steps} of the plan not tried."
            );
            return;
        }
        for (s, skipped) in left {
            let (text, tier) = (md(&s.step.text), md(&s.tier.name));
            let _ = writeln!(out, "- {text} *({tier}{skipped})*");
        }
    }

    fn details(&self, out: &mut String) {
        let _ = writeln!(out, "\n## Details for support\n");
        for field in Field::ALL {
            let value = match self.case.details.get(field.key()) {
                Some(value) => md(value),
                None => "*not given yet*".to_string(),
            };
            let _ = writeln!(out, "- **{}:** {value}", field.label());
        }
    }

    /// The guide's advice on getting help, for a case not solved: for one
    /// solved it is only noise to whoever reads the record.
    fn help(&self, out: &mut String) {
        let solved = self
            .case
            .closed
            .as_ref()
            .is_some_and(|c| c.solved_by.is_some());
        let Some(note) = case::help_note(self.kb, self.case).filter(|_| !solved) else {
            return;
        };
        let _ = writeln!(out, "\n## {}\n", md(&note.title));
        let _ = writeln!(out, "{}", md(&note.summary));
        if !note.points.is_empty() {
            out.push('\n');
        }
        for point in &note.points {
            let _ = writeln!(out, "- {}", md(point));
        }
        // What support asks for beyond the details above, such as
        // screenshots, is said here too.
        if !note.collect.is_empty() {
            let items: Vec<String> = note.collect.iter().map(|c| md(c)).collect();
            let _ = writeln!(out, "\n**Have ready for support:** {}.", items.join("; "));
        }
    }
}

/// With no case: say so, and list the outcomes recorded.
fn no_case(kb: &KnowledgeBase, store: &Store, now: &ZonedDateTime, out: &mut String) {
    let _ = writeln!(out, "# Support record: {}\n", md(&kb.title));
    let _ = writeln!(
        out,
        "No case has been opened. Start one in `syncfix` (“What do you see?”) \
         or with `syncfix case start ID`."
    );
    let mut outcomes: Vec<_> = store.outcomes().iter().collect();
    if outcomes.is_empty() {
        return;
    }
    outcomes.sort_by_key(|(_, o)| o.at);
    let _ = writeln!(out, "\n## Outcomes recorded\n");
    for (id, outcome) in outcomes {
        let _ = writeln!(
            out,
            "- {} **{}** ({}): {}",
            State::mark(Some(outcome.state)),
            outcome.state.label(),
            when(now, outcome.at),
            step_text(kb, id)
        );
    }
}

/// `text` with its first letter a capital, as a field's value starts.
fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
