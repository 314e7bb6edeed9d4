//! The plan: for a symptom or status message on a platform, the steps of its
//! fixes that apply there, each action once, in the guide's order of
//! escalation. Computed here and nowhere else; every front end renders it.
//!
//! Order: the fix's tier on the ladder, then the item's own likelihood order
//! (its `fixes` list), then the step's place in its fix. A step shared by
//! several fixes stands at its earliest place.

use std::collections::HashSet;

use crate::kb::{Fix, Item, KnowledgeBase, Step, Tier, applies};

/// A problem a plan is made for: a symptom or a status message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Problem<'a> {
    pub item: Item<'a>,
    /// Fix ids, most likely first.
    pub fixes: &'a [String],
    /// The platforms the problem concerns; empty means every platform.
    pub platforms: &'a [String],
}

impl<'a> Problem<'a> {
    /// The problem an item stands for, if it is a symptom or status message.
    pub fn of(item: Item<'a>) -> Option<Problem<'a>> {
        let (fixes, platforms) = match item {
            Item::Symptom(s) => (&s.fixes, &s.platforms),
            Item::Status(s) => (&s.fixes, &s.platforms),
            _ => return None,
        };
        Some(Problem {
            item,
            fixes,
            platforms,
        })
    }

    /// Normal activity, not a problem: a status message the guide gives no
    /// fix for ("Syncing With iCloud"). Its plan is empty by design.
    pub fn normal(&self) -> bool {
        self.fixes.is_empty()
    }

    /// Whether the problem is one a person on `platform` (None = all) can
    /// have: a plan is made for it there only then.
    pub fn is_for(&self, platform: Option<&str>) -> bool {
        applies(self.platforms, platform)
    }
}

/// What to say of a problem that is normal activity.
pub const NORMAL: &str = "Nothing to fix: this is normal activity.";

/// One step of a plan, with the fix and tier that put it there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanStep<'a> {
    pub step: &'a Step,
    pub fix: &'a Fix,
    pub tier: &'a Tier,
}

/// The ordered steps for one problem on one platform.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan<'a> {
    pub steps: Vec<PlanStep<'a>>,
}

impl<'a> Plan<'a> {
    /// The steps grouped by tier, in order; a tier with no step is left out.
    pub fn by_tier(&self) -> Vec<(&'a Tier, &[PlanStep<'a>])> {
        let mut groups = Vec::new();
        let mut rest = self.steps.as_slice();
        while let Some(first) = rest.first() {
            let len = rest
                .iter()
                .take_while(|s| std::ptr::eq(s.tier, first.tier))
                .count();
            let (group, tail) = rest.split_at(len);
            groups.push((first.tier, group));
            rest = tail;
        }
        groups
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Where `step_id` stands in the plan.
    pub fn position(&self, step_id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.step.id == step_id)
    }
}

/// Whether a step belongs in a plan for `problem` on `platform`; under all
/// platforms (None), only the problem's own platforms count.
pub fn in_scope(step: &Step, problem_platforms: &[String], platform: Option<&str>) -> bool {
    match platform {
        Some(_) => applies(&step.platforms, platform),
        None => {
            step.platforms.is_empty()
                || problem_platforms.is_empty()
                || step.platforms.iter().any(|p| problem_platforms.contains(p))
        }
    }
}

/// The plan for `problem` on `platform` (None = all platforms).
pub fn plan<'a>(kb: &'a KnowledgeBase, problem: Problem<'a>, platform: Option<&str>) -> Plan<'a> {
    let mut ranked: Vec<(usize, usize, usize, PlanStep<'a>)> = Vec::new();
    for (likelihood, fix) in problem.fixes.iter().filter_map(|id| kb.fix(id)).enumerate() {
        let Some((rung, tier)) = kb.tier(&fix.tier) else {
            continue;
        };
        for (order, step) in kb.steps_of(fix).enumerate() {
            if in_scope(step, problem.platforms, platform) {
                ranked.push((rung, likelihood, order, PlanStep { step, fix, tier }));
            }
        }
    }
    ranked.sort_by_key(|&(rung, likelihood, order, _)| (rung, likelihood, order));
    let mut seen = HashSet::new();
    let steps = ranked
        .into_iter()
        .map(|(.., step)| step)
        .filter(|s| seen.insert(s.step.id.as_str()))
        .collect();
    Plan { steps }
}

/// A fix's own steps on `platform`, as a plan of one fix.
pub fn fix_plan<'a>(kb: &'a KnowledgeBase, fix: &'a Fix, platform: Option<&str>) -> Plan<'a> {
    let Some((_, tier)) = kb.tier(&fix.tier) else {
        return Plan::default();
    };
    let steps = kb
        .steps_of(fix)
        .filter(|step| applies(&step.platforms, platform))
        .map(|step| PlanStep { step, fix, tier })
        .collect();
    Plan { steps }
}

/// Whether a fix has a step for `platform` (None = all).
pub fn fix_applies(kb: &KnowledgeBase, fix: &Fix, platform: Option<&str>) -> bool {
    kb.steps_of(fix).any(|s| applies(&s.platforms, platform))
}

/// (tried, total) steps of the whole guide on `platform`: each step counts
/// once, however many fixes share it.
pub fn guide_progress(
    kb: &KnowledgeBase,
    platform: Option<&str>,
    tried: impl Fn(&str) -> bool,
) -> (usize, usize) {
    let shown = kb.steps.iter().filter(|s| applies(&s.platforms, platform));
    shown.fold((0, 0), |(done, total), s| {
        (done + usize::from(tried(&s.id)), total + 1)
    })
}

/// Whether `guide_progress` counts step `id` on `platform`: a change to
/// its mark changes the count by one, with no need to count again.
pub fn in_guide_progress(kb: &KnowledgeBase, id: &str, platform: Option<&str>) -> bool {
    match kb.item(id) {
        Some(Item::Step(step)) => applies(&step.platforms, platform),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> KnowledgeBase {
        crate::kb::parse("test.ron", include_bytes!("../tests/fixtures/plan.ron")).unwrap()
    }

    fn ids<'a>(plan: &'a Plan<'a>) -> Vec<&'a str> {
        plan.steps.iter().map(|s| s.step.id.as_str()).collect()
    }

    #[test]
    fn orders_by_tier_then_likelihood_then_step_order_each_step_once() {
        let kb = kb();
        let problem = Problem::of(kb.item("stuck").unwrap()).unwrap();
        let plan = plan(&kb, problem, Some("phone"));
        assert_eq!(ids(&plan), ["look", "nudge", "toggle", "sign-out"]);
        let tiers: Vec<&str> = plan.by_tier().iter().map(|(t, _)| t.id.as_str()).collect();
        assert_eq!(tiers, ["quick", "reset", "last"]);
    }

    #[test]
    fn platform_filters_and_all_keeps_only_the_problems_platforms() {
        let kb = kb();
        let problem = Problem::of(kb.item("stuck").unwrap()).unwrap();
        assert_eq!(
            ids(&plan(&kb, problem, Some("computer"))),
            ["look", "sign-out"]
        );
        let phone_only = Problem::of(kb.item("phone-only").unwrap()).unwrap();
        assert_eq!(ids(&plan(&kb, phone_only, None)), ["look", "nudge"]);
    }
}
