//! An item's page as blocks: what it says and in what order, once. The
//! detail pane, `show` and `report` each render these blocks their own way.

use crate::kb::{Item, Kind, KnowledgeBase, applies};
use crate::plan::{self, Plan, Problem};

/// One block of a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Block<'a> {
    Heading(&'static str),
    /// A paragraph.
    Text(&'a str),
    /// A paragraph led by a label, such as a platform's name.
    Labelled(&'a str, &'a str),
    Bullets(&'a [String]),
    /// A warning the guide gives.
    Caution(&'a str),
    /// A checklist: the plan, grouped by tier when `tiers` is set.
    Checklist {
        plan: Plan<'a>,
        tiers: bool,
    },
    /// Other items to read, by kind, id and title.
    Links(Vec<Item<'a>>),
}

/// An item laid out for a platform.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<'a> {
    pub item: Item<'a>,
    /// The title as a person reads it (a status message in quotes).
    pub title: String,
    /// The platforms the item is for, by name; empty means all.
    pub platforms: Vec<&'a str>,
    pub blocks: Vec<Block<'a>>,
}

/// The page of `item` on `platform` (None = all platforms).
pub fn page<'a>(kb: &'a KnowledgeBase, item: Item<'a>, platform: Option<&str>) -> Page<'a> {
    let mut blocks = Vec::new();
    let (title, platforms) = match item {
        Item::Symptom(s) => {
            let places: Vec<Block> = s
                .where_to_look
                .iter()
                .filter(|p| platform.is_none_or(|wanted| p.platform == wanted))
                .map(|p| {
                    let name = kb
                        .platform(&p.platform)
                        .map_or(p.platform.as_str(), |p| &p.name);
                    Block::Labelled(name, &p.place)
                })
                .collect();
            if !places.is_empty() {
                blocks.push(Block::Heading("Where to look"));
                blocks.extend(places);
            }
            blocks.push(Block::Heading("Quick fix"));
            blocks.push(Block::Text(&s.quick_fix));
            problem_blocks(kb, item, platform, &s.statuses, &s.notes, &mut blocks);
            (s.title.clone(), names(kb, &s.platforms))
        }
        Item::Status(s) => {
            blocks.push(Block::Heading("What it means"));
            blocks.push(Block::Text(&s.meaning));
            blocks.push(Block::Heading("What to do"));
            blocks.push(Block::Text(&s.action));
            problem_blocks(kb, item, platform, &[], &s.notes, &mut blocks);
            (format!("“{}”", s.text), names(kb, &s.platforms))
        }
        Item::Fix(f) => {
            blocks.push(Block::Text(&f.summary));
            let plan = plan::fix_plan(kb, f, platform);
            blocks.push(Block::Checklist { plan, tiers: false });
            (f.title.clone(), names(kb, &kb.fix_platforms(f)))
        }
        Item::Step(s) => {
            if let Some(caution) = &s.caution {
                blocks.push(Block::Caution(caution));
            }
            let fixes: Vec<Item> = kb
                .fixes
                .iter()
                .filter(|f| f.steps.contains(&s.id))
                .map(Item::Fix)
                .collect();
            if !fixes.is_empty() {
                blocks.push(Block::Heading("Part of"));
                blocks.push(Block::Links(fixes));
            }
            (s.text.clone(), names(kb, &s.platforms))
        }
        Item::Note(n) => {
            blocks.push(Block::Text(&n.summary));
            blocks.push(Block::Bullets(&n.points));
            if !n.collect.is_empty() {
                blocks.push(Block::Heading("What to collect before contacting support"));
                blocks.push(Block::Bullets(&n.collect));
            }
            (n.title.clone(), Vec::new())
        }
    };
    Page {
        item,
        title,
        platforms,
        blocks,
    }
}

/// The plan, or word that there is nothing to fix; then the linked status
/// messages and notes.
fn problem_blocks<'a>(
    kb: &'a KnowledgeBase,
    item: Item<'a>,
    platform: Option<&str>,
    statuses: &'a [String],
    notes: &'a [String],
    blocks: &mut Vec<Block<'a>>,
) {
    let Some(problem) = Problem::of(item) else {
        return;
    };
    blocks.push(Block::Heading("Plan, quickest and safest first"));
    let plan = plan::plan(kb, problem, platform);
    if problem.normal() {
        blocks.push(Block::Text(plan::NORMAL));
    } else if plan.is_empty() {
        blocks.push(Block::Text("No steps for this platform."));
    } else {
        blocks.push(Block::Checklist { plan, tiers: true });
    }
    let statuses: Vec<Item> = statuses
        .iter()
        .filter_map(|id| kb.status(id))
        .filter(|s| applies(&s.platforms, platform))
        .map(Item::Status)
        .collect();
    if !statuses.is_empty() {
        blocks.push(Block::Heading("Status messages that go with it"));
        blocks.push(Block::Links(statuses));
    }
    let notes: Vec<Item> = notes
        .iter()
        .filter_map(|id| kb.note(id))
        .map(Item::Note)
        .collect();
    if !notes.is_empty() {
        blocks.push(Block::Heading("Read also"));
        blocks.push(Block::Links(notes));
    }
}

/// The names of the platforms `ids` names, in the guide's order.
fn names<'a>(kb: &'a KnowledgeBase, ids: &[impl AsRef<str>]) -> Vec<&'a str> {
    let named = |p: &&crate::kb::Platform| ids.iter().any(|id| id.as_ref() == p.id);
    kb.platforms
        .iter()
        .filter(named)
        .map(|p| p.name.as_str())
        .collect()
}

/// What a kind is called on a page.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Symptom => "Symptom",
        Kind::Fix => "Fix",
        Kind::Step => "Step",
        Kind::Status => "Status message",
        Kind::Note => "Note",
    }
}
