//! The case: one problem worked through on one platform, from the triage's
//! answers to the fix. Pure: what the case's plan is, which step comes next,
//! whether the plan is exhausted, which details support still needs. The
//! store keeps cases (`progress`); the interface, the command line and the
//! report ask here.

use std::collections::{HashMap, HashSet};
use std::fmt;

use jiff::Timestamp;

use crate::kb::{Item, KnowledgeBase, Note};
use crate::plan::{self, Plan, PlanStep, Problem};
use crate::progress::{Case, Outcomes, State};

/// A detail support asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Device,
    Os,
    Library,
    Since,
}

impl Field {
    pub const ALL: [Field; 4] = [Field::Device, Field::Os, Field::Library, Field::Since];

    /// The word scripts use (`syncfix case info device ...`).
    pub fn key(self) -> &'static str {
        match self {
            Field::Device => "device",
            Field::Os => "os",
            Field::Library => "library",
            Field::Since => "since",
        }
    }

    /// As a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Field::Device => "Device models",
            Field::Os => "OS versions",
            Field::Library => "Library size",
            Field::Since => "Since when",
        }
    }

    /// An example answer, shown where the field is empty.
    pub fn hint(self) -> &'static str {
        match self {
            Field::Device => "iPhone 15, MacBook Air M2",
            Field::Os => "iOS 18.3, macOS 15.3",
            Field::Library => "42,000 items, 310 GB",
            Field::Since => "two days ago, after the update",
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// The case's problem: the symptom or status message it was opened on.
pub fn problem<'a>(kb: &'a KnowledgeBase, case: &Case) -> Option<Problem<'a>> {
    Problem::of(kb.item(&case.problem)?)
}

/// The problem as a person names it: the status text in quotes or the
/// symptom's title; the bare id when the guide no longer has it.
pub fn problem_title(kb: &KnowledgeBase, case: &Case) -> String {
    match kb.item(&case.problem) {
        Some(Item::Status(s)) => format!("“{}”", s.text),
        Some(item) => item.title().to_string(),
        None => case.problem.clone(),
    }
}

/// The case's platform, if the guide has it: a case whose platform the
/// guide does not have (a file edited by hand, a guide changed) is worked
/// on every platform, and said to be.
pub fn platform<'c>(kb: &KnowledgeBase, case: &'c Case) -> Option<&'c str> {
    case.platform
        .as_deref()
        .filter(|&p| kb.platform(p).is_some())
}

/// The name of the case's platform; "all platforms" when it has none, or
/// one the guide does not have (named).
pub fn platform_name(kb: &KnowledgeBase, case: &Case) -> String {
    let id = case.platform.as_deref();
    match (id, id.and_then(|p| kb.platform(p))) {
        (_, Some(p)) => p.name.clone(),
        (Some(unknown), None) => format!("all platforms (this guide has no platform “{unknown}”)"),
        (None, None) => "all platforms".to_string(),
    }
}

/// Whether the case's problem is normal activity (see `Problem::normal`):
/// nothing to fix, and nothing to get help with.
pub fn normal(kb: &KnowledgeBase, case: &Case) -> bool {
    problem(kb, case).is_some_and(|p| p.normal())
}

/// What to say when the case's plan has no steps at all: not that
/// everything was tried; of normal activity, that it is normal.
pub fn no_steps(kb: &KnowledgeBase, case: &Case) -> String {
    if normal(kb, case) {
        return format!(
            "{} is normal activity: nothing to fix; let it finish",
            problem_title(kb, case)
        );
    }
    format!(
        "the guide has no steps for {} on {}",
        problem_title(kb, case),
        platform_name(kb, case)
    )
}

/// The case's plan on its platform (empty when the guide no longer has the
/// problem).
pub fn plan_of<'a>(kb: &'a KnowledgeBase, case: &Case) -> Plan<'a> {
    match problem(kb, case) {
        Some(problem) => plan::plan(kb, problem, platform(kb, case)),
        None => Plan::default(),
    }
}

/// Whether a step is still to be tried.
fn open(outcomes: &Outcomes, step: &PlanStep) -> bool {
    !outcomes.contains_key(&step.step.id)
}

/// The first step of the plan with no outcome yet.
pub fn next_step<'p, 'a>(plan: &'p Plan<'a>, outcomes: &Outcomes) -> Option<&'p PlanStep<'a>> {
    plan.steps.iter().find(|s| open(outcomes, s))
}

/// The case's next step: none once it is closed, however much of its
/// plan is left.
pub fn next_in<'p, 'a>(
    case: &Case,
    plan: &'p Plan<'a>,
    outcomes: &Outcomes,
) -> Option<&'p PlanStep<'a>> {
    match case.closed {
        Some(_) => None,
        None => next_step(plan, outcomes),
    }
}

/// Of `n` steps in plan order, the first still open going forward (or
/// back) from position `from`, wrapping round; `from` itself comes last.
/// The detail pane and the plan both move this way.
pub fn open_around(
    n: usize,
    from: usize,
    forward: bool,
    open: impl Fn(usize) -> bool,
) -> Option<usize> {
    (1..=n)
        .map(|k| match forward {
            true => (from + k) % n,
            false => (from + n * 2 - k) % n,
        })
        .find(|&i| open(i))
}

/// What the plan has come to once no step is left to do next: every step
/// tried, or every one but those skipped, which are still to try (see
/// `skipped`). None while a step is left, and for a plan with no steps.
pub fn exhausted(plan: &Plan, outcomes: &Outcomes) -> Option<Exhausted> {
    let done = !plan.is_empty() && next_step(plan, outcomes).is_none();
    done.then(|| Exhausted {
        skipped: skipped(plan, outcomes).count(),
    })
}

/// A plan with no step left to do next (see `exhausted`). It reads as
/// what it has come to; each front end adds its own ways on (keys,
/// commands).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exhausted {
    /// Steps skipped, still to try.
    pub skipped: usize,
}

impl fmt::Display for Exhausted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("every step of the plan has been tried")?;
        match self.skipped {
            0 => Ok(()),
            n => write!(f, " except {n} skipped"),
        }
    }
}

/// Where a person still stuck goes once the case's plan is exhausted: the
/// problem on the case's platform whose plan goes furthest past this
/// plan's last rung of the guide's ladder (to the highest rung, then with
/// the most steps there), with how many steps of its plan are still
/// untried (the lower rungs' among them: its case starts at its first).
/// None when no problem goes past it.
pub fn further<'a>(
    kb: &'a KnowledgeBase,
    case: &Case,
    outcomes: &Outcomes,
) -> Option<(Problem<'a>, usize)> {
    let rung = |tier: &str| kb.tier(tier).map(|(rung, _)| rung);
    let plan = plan_of(kb, case);
    let top = plan.steps.iter().filter_map(|s| rung(&s.tier.id)).max()?;
    let platform = platform(kb, case);
    // The highest rung its untried steps past the top reach, and how many
    // they are.
    let beyond = |problem: Problem<'a>| {
        let steps = plan::plan(kb, problem, platform).steps;
        let untried = || steps.iter().filter(|s| !outcomes.contains_key(&s.step.id));
        let (highest, past) = untried()
            .filter_map(|s| rung(&s.tier.id).filter(|&r| r > top))
            .fold((0, 0), |(highest, n), r| (highest.max(r), n + 1));
        (past > 0).then(|| (problem, (highest, past), untried().count()))
    };
    let symptoms = kb.symptoms.iter().map(Item::Symptom);
    let candidates = symptoms.filter(|item| item.id() != case.problem);
    let problems = candidates.filter_map(Problem::of);
    let problems = problems.filter(|p| !p.normal() && p.is_for(platform));
    // Only a problem with a fix above the top rung can go past it: the
    // plans of the others are never made.
    let above = |p: &Problem| {
        let fixes = p.fixes.iter().filter_map(|id| kb.fix(id));
        fixes.filter_map(|f| rung(&f.tier)).any(|r| r > top)
    };
    let problems = problems.filter(above);
    // The highest rung, then the most steps past the top; of as many, the
    // first in the guide.
    let best = problems.filter_map(beyond).fold(
        None,
        |best: Option<(Problem<'a>, (usize, usize), usize)>, (p, reach, untried)| match best {
            Some((_, most, _)) if most >= reach => best,
            _ => Some((p, reach, untried)),
        },
    );
    best.map(|(p, _, untried)| (p, untried))
}

/// The steps of the plan that were skipped, in plan order: still to try,
/// though not next.
pub fn skipped<'p, 'a>(
    plan: &'p Plan<'a>,
    outcomes: &'p Outcomes,
) -> impl Iterator<Item = &'p PlanStep<'a>> {
    plan.steps
        .iter()
        .filter(|s| is_skipped(outcomes, &s.step.id))
}

/// Whether step `id` was skipped: still to try, though not next.
pub fn is_skipped(outcomes: &Outcomes, id: &str) -> bool {
    outcomes.get(id).map(|o| o.state) == Some(State::Skipped)
}

/// How many of the steps `ids` have a note: what clearing them takes
/// with them.
pub fn notes<'i>(outcomes: &Outcomes, ids: impl IntoIterator<Item = &'i str>) -> usize {
    let noted = |id: &&str| outcomes.get(*id).is_some_and(|o| o.note.is_some());
    ids.into_iter().filter(noted).count()
}

/// Whether step `id` was tried: it has an outcome, and not skipped (a
/// step skipped is still to try, see `skipped`).
pub fn tried(outcomes: &Outcomes, id: &str) -> bool {
    outcomes.get(id).is_some_and(|o| o.state != State::Skipped)
}

/// (tried, total) steps of the plan: tried and left to try add up.
pub fn progress(plan: &Plan, outcomes: &Outcomes) -> (usize, usize) {
    let tried = plan
        .steps
        .iter()
        .filter(|s| tried(outcomes, &s.step.id))
        .count();
    (tried, plan.len())
}

/// Whether step `step` is in `case`'s plan. "Fixed it" on one that is
/// not (another problem's, from its page or a search) still closes the
/// case, but may be a slip: the command line says so, the interface asks.
pub fn in_plan(kb: &KnowledgeBase, case: &Case, step: &str) -> bool {
    plan_of(kb, case).position(step).is_some()
}

/// The details support asks for that the case lacks, as a command or a
/// key's object says them: "the 2 missing details support asks for".
pub fn missing_phrase(case: &Case) -> Option<String> {
    match missing_details(case).len() {
        0 => None,
        1 => Some("the 1 missing detail support asks for".to_string()),
        n => Some(format!("the {n} missing details support asks for")),
    }
}

/// The platform a case on `problem` opens on: the one chosen, else the
/// problem's own when it is for one platform alone, as its plan is.
/// Else, for a case that goes on from the `open` one, the platform of
/// that one when the problem is for it: the devices are the same.
pub fn opens_on<'a>(
    problem: &Problem<'a>,
    chosen: Option<&'a str>,
    open: Option<&'a Case>,
) -> Option<&'a str> {
    chosen.or(match problem.platforms {
        [only] => Some(only.as_str()),
        _ => open
            .and_then(|case| case.platform.as_deref())
            .filter(|&platform| problem.is_for(Some(platform))),
    })
}

/// The cases in `cases` that `case` goes on from: earlier cases on its
/// problem, and the case its start closed unsolved (a plan run out, gone
/// on with as another problem), and in turn those that one goes on from.
/// Latest first.
pub fn earlier<'c>(cases: &'c [Case], case: &Case) -> Vec<&'c Case> {
    let mut by_problem: HashMap<&str, Vec<&'c Case>> = HashMap::new();
    let mut left_at: HashMap<Timestamp, Vec<&'c Case>> = HashMap::new();
    for c in cases.iter().filter(|c| c.id != case.id) {
        by_problem.entry(c.problem.as_str()).or_default().push(c);
        if let Some(closed) = c.closed.as_ref().filter(|c| c.solved_by.is_none()) {
            left_at.entry(closed.at).or_default().push(c);
        }
    }
    // Each problem's cases are looked through again only from a later
    // start than before: those that began earlier are found already.
    let mut looked: HashMap<&str, Timestamp> = HashMap::new();
    let mut seen: HashSet<u64> = HashSet::new();
    let mut found: Vec<&'c Case> = Vec::new();
    let mut from: Vec<(&str, Timestamp)> = vec![(case.problem.as_str(), case.started)];
    while let Some((problem, started)) = from.pop() {
        let again = looked.get(problem).is_some_and(|&at| at >= started);
        let same = match again {
            true => &[][..],
            false => {
                looked.insert(problem, started);
                by_problem.get(problem).map_or(&[][..], Vec::as_slice)
            }
        };
        let left = left_at.get(&started).map_or(&[][..], Vec::as_slice);
        for &c in same.iter().chain(left) {
            if c.started < started && seen.insert(c.id) {
                found.push(c);
                from.push((c.problem.as_str(), c.started));
            }
        }
    }
    found.sort_by_key(|c| std::cmp::Reverse(c.started));
    found
}

/// The case `case`'s start closed unsolved, if any: the one it goes on
/// from when a plan ran out.
pub fn went_on_from<'c>(cases: &'c [Case], case: &Case) -> Option<&'c Case> {
    cases
        .iter()
        .rev()
        .find(|c| c.id != case.id && left_for(c, case.started))
}

/// Whether case `c` was closed unsolved by a case started at `started`.
fn left_for(c: &Case, started: Timestamp) -> bool {
    c.closed
        .as_ref()
        .is_some_and(|closed| closed.at == started && closed.solved_by.is_none())
}

/// The details support asks for that the case does not have yet.
pub fn missing_details(case: &Case) -> Vec<Field> {
    Field::ALL
        .into_iter()
        .filter(|f| !case.details.contains_key(f.key()))
        .collect()
}

/// The guide's advice on getting help for this problem: the first of its
/// notes that says what to collect for support, else the first such note
/// of the guide.
pub fn help_note<'a>(kb: &'a KnowledgeBase, case: &Case) -> Option<&'a Note> {
    let own = match kb.item(&case.problem) {
        Some(Item::Symptom(s)) => s.notes.as_slice(),
        Some(Item::Status(s)) => s.notes.as_slice(),
        _ => &[],
    };
    let own = own.iter().filter_map(|id| kb.note(id));
    own.chain(kb.notes.iter()).find(|n| !n.collect.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::{Outcome, State};

    fn kb() -> KnowledgeBase {
        crate::kb::parse("test.ron", include_bytes!("../tests/fixtures/plan.ron")).unwrap()
    }

    fn case(problem: &str, platform: &str) -> Case {
        Case::new(
            problem.to_string(),
            Some(platform.to_string()),
            Vec::new(),
            jiff::Timestamp::UNIX_EPOCH,
        )
    }

    fn tried(ids: &[&str]) -> Outcomes {
        let outcome = |id: &&str| {
            let at = jiff::Timestamp::UNIX_EPOCH;
            let o = Outcome {
                state: State::DidntHelp,
                at,
                note: None,
            };
            (id.to_string(), o)
        };
        ids.iter().map(outcome).collect()
    }

    /// A plan that stops low on the guide's ladder points, once run out, to
    /// the problem whose plan goes furthest past its last rung, with the
    /// steps of its plan still untried, on every rung; one that reaches the
    /// top points nowhere.
    #[test]
    fn a_plan_run_out_points_past_its_last_rung() {
        let kb = crate::kb::load(None).expect("the built-in guide loads").0;
        let further = |problem: &str, platform: &str, o: &Outcomes| {
            let found = further(&kb, &case(problem, platform), o);
            found.map(|(p, n)| (p.item.id().to_string(), n))
        };
        let none = tried(&[]);
        let expected = Some(("errors-persist".to_string(), 8));
        assert_eq!(further("nothing-syncs-anywhere", "mac", &none), expected);
        let reset = tried(&["mac-uncheck-icloud-photos"]);
        let expected = Some(("errors-persist".to_string(), 7));
        assert_eq!(further("nothing-syncs-anywhere", "mac", &reset), expected);
        assert_eq!(further("errors-persist", "mac", &none), None);
    }

    #[test]
    fn next_step_is_the_first_without_an_outcome_and_the_plan_runs_out() {
        let kb = kb();
        let case = case("stuck", "phone");
        let plan = plan_of(&kb, &case);
        let next = |o: &Outcomes| next_step(&plan, o).map(|s| s.step.id.as_str());
        assert_eq!(next(&tried(&[])), Some("look"));
        assert_eq!(next(&tried(&["look", "toggle"])), Some("nudge"));
        let around = |o: &Outcomes, from, forward| {
            open_around(plan.len(), from, forward, |i| open(o, &plan.steps[i]))
        };
        assert_eq!(around(&tried(&["look", "toggle"]), 1, true), Some(3));
        assert_eq!(around(&tried(&["look"]), 1, false), Some(3));
        let all = tried(&["look", "nudge", "toggle", "sign-out"]);
        assert_eq!(next(&all), None);
        assert_eq!(exhausted(&plan, &all), Some(Exhausted { skipped: 0 }));
        assert_eq!(progress(&plan, &all), (4, 4));
        assert_eq!(around(&all, 0, true), None);
    }

    #[test]
    fn details_missing_until_given() {
        let mut case = case("stuck", "phone");
        assert_eq!(missing_details(&case), Field::ALL);
        assert_eq!(
            missing_phrase(&case).as_deref(),
            Some("the 4 missing details support asks for")
        );
        case.details.insert("os".into(), "iOS 18".into());
        assert_eq!(
            missing_details(&case),
            [Field::Device, Field::Library, Field::Since]
        );
        for (key, value) in [("device", "iPhone 15"), ("library", "40,000")] {
            case.details.insert(key.into(), value.into());
        }
        assert_eq!(
            missing_phrase(&case).as_deref(),
            Some("the 1 missing detail support asks for")
        );
        case.details.insert("since".into(), "Monday".into());
        assert_eq!(missing_phrase(&case), None);
    }
}
