//! `syncfix case start|show|info|close`, `mark` and `next`: working a case
//! from scripts. What a command is for goes to stdout; confirmations and
//! warnings to stderr, one line each.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::progress::{local, open, read, say, unknown_step, warn, warn_except};
use super::{Context, Error};
use crate::case::{self, Field};
use crate::cli::{FieldArg, OutcomeArg};
use crate::kb::{KnowledgeBase, printable};
use crate::plan::{Plan, PlanStep};
use crate::progress::{Case, Outcomes, State, Store};

impl From<OutcomeArg> for State {
    fn from(arg: OutcomeArg) -> State {
        match arg {
            OutcomeArg::Done => State::Done,
            OutcomeArg::DidntHelp => State::DidntHelp,
            OutcomeArg::Skipped => State::Skipped,
            OutcomeArg::FixedIt => State::FixedIt,
        }
    }
}

impl From<FieldArg> for Field {
    fn from(arg: FieldArg) -> Field {
        match arg {
            FieldArg::Device => Field::Device,
            FieldArg::Os => Field::Os,
            FieldArg::Library => Field::Library,
            FieldArg::Since => Field::Since,
        }
    }
}

fn no_case() -> Error {
    Error::NoCase
}

fn open_case(store: &Store) -> Result<Case, Error> {
    store.guide().open_case().cloned().ok_or_else(no_case)
}

/// The open case, to change: with the store's warnings told when there is
/// none, or when the file cannot be read (then that is the error).
fn case_to_change(store: &Store) -> Result<Case, Error> {
    if let Some(e) = store.unreadable() {
        warn_except(store, Some(&e));
        return Err(e.into());
    }
    open_case(store).inspect_err(|_| warn(store))
}

/// `syncfix case start ID`: open a case on a symptom or status message.
/// The case open on that problem and platform already stays as it is; a
/// case open on another is closed, unsolved.
pub fn start(ctx: &Context, state: Option<&Path>, id: &str) -> Result<ExitCode, Error> {
    let id = id.trim();
    let problem = super::plan::problem_on(ctx, id)?;
    let mut store = open(ctx, state);
    let before = store.guide().open_case().cloned();
    let platform = case::opens_on(&problem, ctx.platform.as_deref(), before.as_ref());
    // With no platform chosen, the case open on the problem stays where it is.
    let kept = |c: &&Case| c.is_on(id, platform) || (platform.is_none() && c.problem == id);
    if let Some(open) = before.as_ref().filter(kept) {
        warn(&store);
        say(format_args!(
            "a case on {} is already open, since {}",
            named(&ctx.kb, open),
            local(open.started)
        ));
        tell_next(&ctx.kb, &store, open);
        return Ok(ExitCode::SUCCESS);
    }
    // The same problem on another platform is the same case, moved there.
    if let Some(open) = before.as_ref().filter(|c| c.problem == id) {
        let result = store.move_case(platform);
        warn_except(&store, result.as_ref().err());
        result?;
        let moved = store
            .guide()
            .open_case()
            .cloned()
            .unwrap_or_else(|| open.clone());
        say(format_args!(
            "moved the case on {} to {}: what was tried, the answers and the details stay with it",
            printable(&case::problem_title(&ctx.kb, &moved)),
            platform_name(&ctx.kb, &moved)
        ));
        tell_next(&ctx.kb, &store, &moved);
        return Ok(ExitCode::SUCCESS);
    }
    let result = store.open_case(id, platform, Vec::new()).cloned();
    warn_except(&store, result.as_ref().err());
    let case = result?;
    // The case this one closed, as saved: another syncfix may have opened
    // one since `before` was read.
    if let Some(old) = case::went_on_from(&store.guide().cases, &case) {
        say(format_args!(
            "closed the case on {}, unsolved",
            named(&ctx.kb, old)
        ));
    }
    say(format_args!("opened a case on {}", named(&ctx.kb, &case)));
    tell_next(&ctx.kb, &store, &case);
    Ok(ExitCode::SUCCESS)
}

/// A case as messages name it: its problem's title and its platform,
/// `“Paused” (iPhone/iPad)`.
fn named(kb: &KnowledgeBase, case: &Case) -> String {
    let title = printable(&case::problem_title(kb, case)).into_owned();
    format!("{title} ({})", platform_name(kb, case))
}

fn platform_name(kb: &KnowledgeBase, case: &Case) -> String {
    printable(&case::platform_name(kb, case)).into_owned()
}

/// On stderr: the next step, or that the plan is exhausted.
fn tell_next(kb: &KnowledgeBase, store: &Store, case: &Case) {
    if case.closed.is_some() {
        return say(format_args!("the case is closed"));
    }
    let plan = case::plan_of(kb, case);
    match case::next_step(&plan, store.outcomes()) {
        Some(next) => say(format_args!(
            "next: {} — {}",
            next.step.id,
            printable(&next.step.text)
        )),
        None => say(format_args!(
            "{}",
            exhausted_line(kb, case, &plan, store.outcomes())
        )),
    }
}

/// What to do when the plan has no step left: all tried, or none at all.
fn exhausted_line(kb: &KnowledgeBase, case: &Case, plan: &Plan, outcomes: &Outcomes) -> String {
    if case::normal(kb, case) {
        return case::no_steps(kb, case);
    }
    let help = match case::help_note(kb, case) {
        Some(note) => format!(" (`syncfix show {}`)", note.id),
        None => String::new(),
    };
    // A problem whose plan goes past this one's last rung, for a person
    // still stuck.
    let further = case::further(kb, case, outcomes).map_or(String::new(), |(problem, n)| {
        format!(
            "`syncfix case start {}` goes on with {n} more {} ({}), or ",
            problem.item.id(),
            if n == 1 { "step" } else { "steps" },
            printable(problem.item.title()),
        )
    });
    let (why, then) = match case::exhausted(plan, outcomes) {
        None => (case::no_steps(kb, case), format!(": {further}get help")),
        Some(word) if word.skipped > 0 => {
            let show = format!("`syncfix plan {}` marks them [~]", case.problem);
            (
                format!("{word} ({show})"),
                format!(": try those, or {further}get help"),
            )
        }
        Some(word) => (word.to_string(), format!(": {further}get help")),
    };
    let details = case::missing_phrase(case).map_or(String::new(), |missing| {
        format!(", add {missing} (`syncfix case info`)")
    });
    format!("{why}{then}{help}{details} and hand support `syncfix report`")
}

/// `syncfix case show [--json]`: the open case, or the last one.
pub fn show(ctx: &Context, state: Option<&Path>, json: bool) -> Result<ExitCode, Error> {
    let store = read(ctx, state)?;
    let case = store.guide().last_case().cloned().ok_or_else(no_case)?;
    let plan = case::plan_of(&ctx.kb, &case);
    let mut out = std::io::stdout().lock();
    match json {
        true => writeln!(out, "{:#}", case_json(&ctx.kb, &store, &case, &plan))?,
        false => out.write_all(case_text(&ctx.kb, &store, &case, &plan).as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// A plan step as JSON, as `syncfix plan` gives it.
fn step_json(s: &PlanStep) -> serde_json::Value {
    json!({
        "id": s.step.id,
        "text": s.step.text,
        "fix": s.fix.id,
        "tier": s.tier.id,
        "caution": s.step.caution,
    })
}

fn state_key(state: Option<State>) -> &'static str {
    state.map_or("todo", State::key)
}

fn case_json(kb: &KnowledgeBase, store: &Store, case: &Case, plan: &Plan) -> serde_json::Value {
    let steps: Vec<_> = plan
        .steps
        .iter()
        .map(|s| {
            let outcome = store.outcome(&s.step.id);
            let mut value = step_json(s);
            value["state"] = state_key(outcome.map(|o| o.state)).into();
            value["at"] = outcome.map(|o| o.at.to_string()).into();
            value["note"] = outcome.and_then(|o| o.note.clone()).into();
            value
        })
        .collect();
    let answers: Vec<_> = case
        .answers
        .iter()
        .map(|(q, a)| json!({"question": q, "answer": a}))
        .collect();
    let next = case::next_in(case, plan, store.outcomes()).map(|s| s.step.id.clone());
    json!({
        "problem": case.problem,
        "title": case::problem_title(kb, case),
        "platform": case.platform,
        "started": case.started.to_string(),
        "closed": case.closed.as_ref().map(|c| json!({
            "at": c.at.to_string(),
            "solved_by": c.solved_by,
        })),
        "answers": answers,
        "details": case.details,
        "missing": case::missing_details(case).iter().map(|f| f.key()).collect::<Vec<_>>(),
        "steps": steps,
        "next": next,
        "exhausted": case.closed.is_none() && case::exhausted(plan, store.outcomes()).is_some(),
    })
}

fn case_text(kb: &KnowledgeBase, store: &Store, case: &Case, plan: &Plan) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let title = printable(&case::problem_title(kb, case)).into_owned();
    let _ = writeln!(out, "Case: {title} ({})", printable(&case.problem));
    let _ = writeln!(out, "Platform: {}", platform_name(kb, case));
    let _ = writeln!(out, "Started: {}", local(case.started));
    match &case.closed {
        None => {
            let _ = writeln!(out, "Open");
        }
        Some(closed) => {
            let by = match &closed.solved_by {
                Some(step) => format!(", solved by {}", printable(step)),
                None => ", unsolved".to_string(),
            };
            let _ = writeln!(out, "Closed: {}{by}", local(closed.at));
        }
    }
    for (question, answer) in &case.answers {
        let _ = writeln!(out, "  {} {}", printable(question), printable(answer));
    }
    let (tried, total) = case::progress(plan, store.outcomes());
    match total {
        0 => {
            let none = printable(&case::no_steps(kb, case)).into_owned();
            let _ = writeln!(out, "\nPlan: none; {none}");
        }
        _ => {
            let _ = writeln!(out, "\nPlan: {tried} of {total} steps tried");
        }
    }
    let next = case::next_in(case, plan, store.outcomes()).map(|s| s.step.id.as_str());
    for (tier, steps) in plan.by_tier() {
        let _ = writeln!(out, "  {}", printable(&tier.name));
        for s in steps {
            let outcome = store.outcome(&s.step.id);
            let mark = State::mark(outcome.map(|o| o.state));
            let arrow = if next == Some(s.step.id.as_str()) {
                "→"
            } else {
                " "
            };
            let _ = write!(
                out,
                "  {arrow} {mark} {}  {}",
                s.step.id,
                printable(&s.step.text)
            );
            if let Some(note) = outcome.and_then(|o| o.note.as_deref()) {
                let _ = write!(out, " — note: {}", printable(note));
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "\nDetails for support:");
    for field in Field::ALL {
        let value = case
            .details
            .get(field.key())
            .map(|v| printable(v).into_owned());
        // Details are given to the open case only.
        let value = value.unwrap_or_else(|| match case.closed {
            None => format!("missing (`syncfix case info {} ...`)", field.key()),
            Some(_) => "missing".to_string(),
        });
        let _ = writeln!(out, "  {}: {value}", field.label());
    }
    out
}

/// `syncfix case info FIELD VALUE`.
pub fn info(
    ctx: &Context,
    state: Option<&Path>,
    field: Field,
    value: &str,
) -> Result<ExitCode, Error> {
    let mut store = open(ctx, state);
    case_to_change(&store)?;
    let result = store.set_detail(field.key(), value);
    warn_except(&store, result.as_ref().err());
    result?;
    match value.trim().is_empty() {
        true => say(format_args!("cleared {}", field.label().to_lowercase())),
        false => say(format_args!(
            "{}: {}",
            field.label(),
            printable(value.trim())
        )),
    }
    Ok(ExitCode::SUCCESS)
}

/// `syncfix case close [--solved STEP]`: solved by a step marks it "fixed it".
pub fn close(ctx: &Context, state: Option<&Path>, solved: Option<&str>) -> Result<ExitCode, Error> {
    if let Some(step) = solved
        && ctx.kb.step(step).is_none()
    {
        return Err(unknown_step(ctx, step, true));
    }
    let mut store = open(ctx, state);
    let case = case_to_change(&store)?;
    // Asked for by name: solved by the step given, in the plan or not.
    let result = match solved {
        Some(step) => store.solve(step, None, case.id),
        None => store.close_case(None),
    };
    warn_except(&store, result.as_ref().err());
    result?;
    let title = printable(&case::problem_title(&ctx.kb, &case)).into_owned();
    match solved {
        Some(step) => {
            outside_the_plan(ctx, &case, step);
            say(format_args!("closed the case on {title}: solved by {step}"));
        }
        None => say(format_args!("closed the case on {title}, unsolved")),
    }
    Ok(ExitCode::SUCCESS)
}

/// Say so on stderr when `step` is not in `case`'s plan: marking it is
/// allowed (a person may try more than the plan), but may be a slip.
/// Whether it was said.
fn outside_the_plan(ctx: &Context, case: &Case, step: &str) -> bool {
    let outside = !case::in_plan(&ctx.kb, case, step);
    if outside {
        say(format_args!(
            "note: {step} is not in the plan for {} on {}",
            printable(&case::problem_title(&ctx.kb, case)),
            platform_name(&ctx.kb, case)
        ));
    }
    outside
}

/// `syncfix mark STEP OUTCOME [--note TEXT]`.
pub fn mark(
    ctx: &Context,
    state: Option<&Path>,
    step: &str,
    outcome: State,
    note: Option<&str>,
) -> Result<ExitCode, Error> {
    if ctx.kb.step(step).is_none() {
        return Err(unknown_step(ctx, step, true));
    }
    let mut store = open(ctx, state);
    let case = store.guide().open_case().cloned();
    let last = super::progress::last_case(&store);
    let note = note
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(String::from);
    // "fixed it" closes the open case as solved.
    let solves = case
        .as_ref()
        .filter(|_| outcome == State::FixedIt)
        .map(|case| case.id);
    let result = match solves {
        Some(case) => store.solve(step, note, case),
        None => store.mark(step, outcome, note),
    };
    warn_except(&store, result.as_ref().err());
    result?;
    say(format_args!("{step}: {}", outcome.label()));
    super::progress::tell_reopened(ctx, last.as_ref(), &store);
    let Some(case) = case else {
        return Ok(ExitCode::SUCCESS);
    };
    let outside = outside_the_plan(ctx, &case, step);
    if solves.is_some() {
        let slip = match outside {
            false => String::new(),
            true => format!(" (`syncfix untick {step}` takes it back and reopens the case)"),
        };
        say(format_args!("closed the case: solved by {step}{slip}"));
        return Ok(ExitCode::SUCCESS);
    }
    let case = store.guide().last_case().cloned().unwrap_or(case);
    tell_next(&ctx.kb, &store, &case);
    Ok(ExitCode::SUCCESS)
}

/// `syncfix next [--json]`: the open case's next step on stdout.
pub fn next(ctx: &Context, state: Option<&Path>, json: bool) -> Result<ExitCode, Error> {
    let store = read(ctx, state)?;
    let mut out = std::io::stdout().lock();
    // A script asking in a loop gets an answer once the case is closed
    // too: no case, no step.
    if json && store.guide().open_case().is_none() {
        let value = json!({"case": null, "step": null, "tried": 0, "total": 0});
        writeln!(out, "{value:#}")?;
        say(format_args!("{}", no_case()));
        return Ok(ExitCode::SUCCESS);
    }
    let case = open_case(&store)?;
    let plan = case::plan_of(&ctx.kb, &case);
    let next = case::next_step(&plan, store.outcomes());
    let (tried, total) = case::progress(&plan, store.outcomes());
    if json {
        let step = next.map(step_json);
        let value = json!({"case": case.problem, "step": step, "tried": tried, "total": total});
        writeln!(out, "{value:#}")?;
        return Ok(ExitCode::SUCCESS);
    }
    match next {
        Some(s) => {
            writeln!(out, "{}  {}", s.step.id, printable(&s.step.text))?;
            if let Some(caution) = &s.step.caution {
                writeln!(out, "caution: {}", printable(caution))?;
            }
            say(format_args!(
                "{tried} of {total} steps tried; this one is in {}",
                printable(&s.tier.name)
            ));
        }
        None => say(format_args!(
            "{}",
            exhausted_line(&ctx.kb, &case, &plan, store.outcomes())
        )),
    }
    Ok(ExitCode::SUCCESS)
}
