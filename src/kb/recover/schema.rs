//! How each struct of the knowledge base is read field by field. The
//! field lists follow the serde types in `kb.rs`.

use super::{Reader, Schema};
use crate::kb::locate::Value;
use crate::kb::validate::ItemRef;
use crate::kb::{Fix, KnowledgeBase, Note, Platform, StatusMessage, Step, Symptom};

const KNOWLEDGE_BASE: Schema = Schema {
    name: "KnowledgeBase",
    fields: &[
        "id",
        "title",
        "summary",
        "platforms",
        "symptoms",
        "fixes",
        "statuses",
        "notes",
    ],
    optional: &[],
};
const PLATFORM: Schema = Schema {
    name: "Platform",
    fields: &["id", "name"],
    optional: &[],
};
const SYMPTOM: Schema = Schema {
    name: "Symptom",
    fields: &[
        "id",
        "title",
        "platforms",
        "where_to_look",
        "quick_fix",
        "fixes",
    ],
    optional: &["platforms"],
};
const FIX: Schema = Schema {
    name: "Fix",
    fields: &["id", "title", "summary", "steps"],
    optional: &[],
};
const STEP: Schema = Schema {
    name: "Step",
    fields: &["id", "text", "platforms", "caution"],
    optional: &["platforms", "caution"],
};
const STATUS: Schema = Schema {
    name: "StatusMessage",
    fields: &["id", "text", "meaning", "action", "platforms", "fixes"],
    optional: &["platforms"],
};
const NOTE: Schema = Schema {
    name: "Note",
    fields: &["id", "title", "summary", "points", "collect"],
    optional: &["collect"],
};

impl Reader<'_> {
    pub(super) fn knowledge_base(&mut self, root: Value) -> KnowledgeBase {
        let mut kb = KnowledgeBase {
            id: String::new(),
            title: String::new(),
            summary: String::new(),
            platforms: Vec::new(),
            symptoms: Vec::new(),
            fixes: Vec::new(),
            statuses: Vec::new(),
            notes: Vec::new(),
        };
        self.fields(
            ItemRef::Root,
            root,
            &KNOWLEDGE_BASE,
            |r, field, v| match field {
                "id" => r.parse(&v).map(|x| kb.id = x),
                "title" => r.parse(&v).map(|x| kb.title = x),
                "summary" => r.parse(&v).map(|x| kb.summary = x),
                "platforms" => r.list(v, Self::platform).map(|x| kb.platforms = x),
                "symptoms" => r.list(v, Self::symptom).map(|x| kb.symptoms = x),
                "fixes" => r.list(v, Self::fix).map(|x| kb.fixes = x),
                "statuses" => r.list(v, Self::status).map(|x| kb.statuses = x),
                _ => r.list(v, Self::note).map(|x| kb.notes = x),
            },
        );
        kb
    }

    fn platform(&mut self, i: usize, value: Value) -> Platform {
        let partial = Platform {
            id: String::new(),
            name: String::new(),
        };
        self.item(value, partial, |r, p, value| {
            r.fields(
                ItemRef::Platform(i),
                value,
                &PLATFORM,
                |r, field, v| match field {
                    "id" => r.parse(&v).map(|x| p.id = x),
                    _ => r.parse(&v).map(|x| p.name = x),
                },
            )
        })
    }

    fn symptom(&mut self, i: usize, value: Value) -> Symptom {
        let partial = Symptom {
            id: String::new(),
            title: String::new(),
            platforms: Vec::new(),
            where_to_look: Vec::new(),
            quick_fix: String::new(),
            fixes: Vec::new(),
        };
        self.item(value, partial, |r, s, value| {
            r.fields(
                ItemRef::Symptom(i),
                value,
                &SYMPTOM,
                |r, field, v| match field {
                    "id" => r.parse(&v).map(|x| s.id = x),
                    "title" => r.parse(&v).map(|x| s.title = x),
                    "platforms" => r.parse(&v).map(|x| s.platforms = x),
                    "where_to_look" => r.parse(&v).map(|x| s.where_to_look = x),
                    "quick_fix" => r.parse(&v).map(|x| s.quick_fix = x),
                    _ => r.parse(&v).map(|x| s.fixes = x),
                },
            )
        })
    }

    fn fix(&mut self, i: usize, value: Value) -> Fix {
        let partial = Fix {
            id: String::new(),
            title: String::new(),
            summary: String::new(),
            steps: Vec::new(),
        };
        self.item(value, partial, |r, f, value| {
            r.fields(ItemRef::Fix(i), value, &FIX, |r, field, v| match field {
                "id" => r.parse(&v).map(|x| f.id = x),
                "title" => r.parse(&v).map(|x| f.title = x),
                "summary" => r.parse(&v).map(|x| f.summary = x),
                _ => {
                    let step = |r: &mut Self, j, v| r.step(i, j, v);
                    r.list(v, step).map(|x| f.steps = x)
                }
            })
        })
    }

    fn step(&mut self, fix: usize, j: usize, value: Value) -> Step {
        let partial = Step {
            id: String::new(),
            text: String::new(),
            platforms: Vec::new(),
            caution: None,
        };
        self.item(value, partial, |r, s, value| {
            r.fields(
                ItemRef::Step(fix, j),
                value,
                &STEP,
                |r, field, v| match field {
                    "id" => r.parse(&v).map(|x| s.id = x),
                    "text" => r.parse(&v).map(|x| s.text = x),
                    "platforms" => r.parse(&v).map(|x| s.platforms = x),
                    _ => r.parse(&v).map(|x| s.caution = x),
                },
            )
        })
    }

    fn status(&mut self, i: usize, value: Value) -> StatusMessage {
        let partial = StatusMessage {
            id: String::new(),
            text: String::new(),
            meaning: String::new(),
            action: String::new(),
            platforms: Vec::new(),
            fixes: Vec::new(),
        };
        self.item(value, partial, |r, s, value| {
            r.fields(
                ItemRef::Status(i),
                value,
                &STATUS,
                |r, field, v| match field {
                    "id" => r.parse(&v).map(|x| s.id = x),
                    "text" => r.parse(&v).map(|x| s.text = x),
                    "meaning" => r.parse(&v).map(|x| s.meaning = x),
                    "action" => r.parse(&v).map(|x| s.action = x),
                    "platforms" => r.parse(&v).map(|x| s.platforms = x),
                    _ => r.parse(&v).map(|x| s.fixes = x),
                },
            )
        })
    }

    fn note(&mut self, i: usize, value: Value) -> Note {
        let partial = Note {
            id: String::new(),
            title: String::new(),
            summary: String::new(),
            points: Vec::new(),
            collect: Vec::new(),
        };
        self.item(value, partial, |r, n, value| {
            r.fields(ItemRef::Note(i), value, &NOTE, |r, field, v| match field {
                "id" => r.parse(&v).map(|x| n.id = x),
                "title" => r.parse(&v).map(|x| n.title = x),
                "summary" => r.parse(&v).map(|x| n.summary = x),
                "points" => r.parse(&v).map(|x| n.points = x),
                _ => r.parse(&v).map(|x| n.collect = x),
            })
        })
    }
}
