//! `syncfix plan ID`: the plan for a symptom or status message, as text or
//! JSON, each step with its state from the progress store.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::{Context, Error};
use crate::kb::Kind;
use crate::plan::{self, Problem};
use crate::progress::{State, Store};

#[derive(Serialize)]
struct Json<'a> {
    item: &'a str,
    platform: Option<&'a str>,
    steps: Vec<JsonStep<'a>>,
}

#[derive(Serialize)]
struct JsonStep<'a> {
    id: &'a str,
    text: &'a str,
    fix: &'a str,
    tier: &'a str,
    caution: Option<&'a str>,
    state: &'static str,
}

/// The word for a step's state: `todo` when it has none.
pub(super) fn state_key(state: Option<State>) -> &'static str {
    state.map_or("todo", State::key)
}

/// The symptom or status message `id` names; else what it is instead (a
/// step, a fix: the problems that use it), or that no item has it.
pub(super) fn problem<'k>(ctx: &'k Context, id: &str) -> Result<Problem<'k>, Error> {
    match ctx.kb.item(id) {
        Some(item) => Problem::of(item).ok_or_else(|| Error::NotAProblem {
            id: id.to_string(),
            kind: item.kind(),
            suggestions: users(&ctx.kb, id),
        }),
        None => {
            let kinds = [Kind::Symptom, Kind::Status];
            let what = "symptom or status message";
            Err(super::unknown_id(ctx, what, id, &kinds))
        }
    }
}

/// The symptom or status message `id` names, as [`problem`] finds it, on
/// the chosen platform: one that is not for that platform is refused, as no
/// plan for it there makes sense.
pub(super) fn problem_on<'k>(ctx: &'k Context, id: &str) -> Result<Problem<'k>, Error> {
    let problem = problem(ctx, id)?;
    let platform = ctx.platform.as_deref();
    match (platform, problem.is_for(platform)) {
        (Some(platform), false) => {
            let name = |id: &str| ctx.kb.platform(id).map_or(id, |p| &p.name).to_string();
            Err(Error::NotForPlatform {
                id: id.to_string(),
                platform: platform.to_string(),
                name: name(platform),
                platforms: problem.platforms.iter().map(|p| name(p)).collect(),
            })
        }
        _ => Ok(problem),
    }
}

pub fn run(ctx: &Context, state: Option<&Path>, id: &str, json: bool) -> Result<ExitCode, Error> {
    let id = id.trim();
    let problem = problem_on(ctx, id)?;
    let store = super::progress::open_read_only(ctx, state);
    super::progress::warn(&store);
    let platform = ctx.platform.as_deref();
    let plan = plan::plan(&ctx.kb, problem, platform);
    let mut out = std::io::stdout().lock();
    if json {
        let steps = plan
            .steps
            .iter()
            .map(|s| JsonStep {
                id: &s.step.id,
                text: &s.step.text,
                fix: &s.fix.id,
                tier: &s.tier.id,
                caution: s.step.caution.as_deref(),
                state: state_key(store.state(&s.step.id)),
            })
            .collect();
        let json = Json {
            item: id,
            platform,
            steps,
        };
        let text = serde_json::to_string_pretty(&json).map_err(std::io::Error::other)?;
        writeln!(out, "{text}")?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{}",
        plan_text(&ctx.kb, &store, problem, platform, &plan)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Up to three symptoms or status messages whose plans hold `id` (a fix or
/// a step).
fn users(kb: &crate::kb::KnowledgeBase, id: &str) -> Vec<String> {
    let problems = kb.items().filter_map(Problem::of);
    let uses = |p: &Problem| {
        p.fixes
            .iter()
            .filter_map(|f| kb.fix(f))
            .any(|f| f.id == id || f.steps.iter().any(|s| s == id))
    };
    problems
        .filter(uses)
        .map(|p| p.item.id().to_string())
        .collect()
}

fn plan_text(
    kb: &crate::kb::KnowledgeBase,
    store: &Store,
    problem: Problem,
    platform: Option<&str>,
    plan: &plan::Plan,
) -> String {
    let on = platform
        .and_then(|p| kb.platform(p))
        .map_or("all platforms", |p| p.name.as_str());
    let mut text = format!(
        "{} ({} {}) on {on}: {} {}",
        problem.item.title(),
        problem.item.kind(),
        problem.item.id(),
        plan.len(),
        if plan.len() == 1 { "step" } else { "steps" }
    );
    if problem.normal() {
        text.push('\n');
        text.push_str(plan::NORMAL);
    }
    let mut n = 0;
    for (tier, steps) in plan.by_tier() {
        text.push_str(&format!("\n\n{}", tier.name));
        for s in steps {
            n += 1;
            let mark = State::mark(store.state(&s.step.id));
            text.push_str(&format!("\n{n:>3}. {mark} {} ({})", s.step.text, s.step.id));
            if let Some(caution) = &s.step.caution {
                text.push_str(&format!("\n       ! Caution: {caution}"));
            }
        }
    }
    text
}
