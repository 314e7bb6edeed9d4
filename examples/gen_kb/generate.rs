//! The generator behind `examples/gen_kb.rs`, shared with the benchmarks.

use syncfix::kb::{Fix, KnowledgeBase, Note, Place, Platform, StatusMessage, Step, Symptom, Tier};

const DEVICES: &[&str] = &[
    "iPhone",
    "iPad",
    "Mac",
    "MacBook Air",
    "iMac",
    "Windows PC",
    "Surface laptop",
    "Apple TV",
    "iPad mini",
    "Mac mini",
    "work laptop",
    "old iPhone",
    "new iPhone",
    "family iPad",
];
const THINGS: &[&str] = &[
    "photos",
    "videos",
    "Live Photos",
    "screenshots",
    "RAW files",
    "portrait shots",
    "burst photos",
    "slow-motion videos",
    "edited pictures",
    "HEIC images",
    "shared albums",
    "favorites",
    "hidden album",
    "recently deleted items",
    "memories",
    "panoramas",
    "time-lapse clips",
    "ProRAW photos",
    "4K videos",
    "scanned documents",
    "album covers",
    "keywords",
    "captions",
    "faces and people",
    "location data",
    "thumbnails",
    "originals",
];
const PROBLEMS: &[&str] = &[
    "never show up on",
    "stay stuck uploading to",
    "look blurry on",
    "disappear from",
    "appear twice on",
    "download slowly to",
    "keep saying waiting on",
    "show the wrong date on",
    "lose their edits on",
    "sync only on Wi-Fi to",
    "stop syncing after an update on",
    "fail to export from",
    "take all the storage on",
    "are missing from the library on",
];
const VERBS: &[&str] = &[
    "Open",
    "Check",
    "Turn off",
    "Turn on",
    "Restart",
    "Update",
    "Plug in",
    "Sign out of",
    "Sign in to",
    "Free up space on",
    "Reset",
    "Pause",
    "Resume",
    "Wait for",
    "Connect",
    "Disconnect",
    "Back up",
    "Export",
    "Repair",
    "Rebuild",
    "Select",
    "Uncheck",
    "Recheck",
    "Delete",
    "Move",
    "Rename",
    "Download",
    "Upload",
    "Compare",
    "Note down",
];
const OBJECTS: &[&str] = &[
    "iCloud Photos",
    "the Photos app",
    "Low Power Mode",
    "Low Data Mode",
    "the Wi-Fi router",
    "the VPN profile",
    "Optimize Storage",
    "Download Originals",
    "the system library",
    "the photo library",
    "iCloud for Windows",
    "the Uploads folder",
    "the status bar",
    "Shared Albums",
    "the date and time settings",
    "the Apple ID",
    "two-factor authentication",
    "the storage plan",
    "the external drive",
    "background app refresh",
    "cellular data for Photos",
    "the firewall",
    "the antivirus scanner",
    "the Keychain",
    "Screen Time limits",
    "the power adapter",
    "the sync status",
    "the library repair tool",
    "File Explorer",
    "System Settings",
];
const MODIFIERS: &[&str] = &[
    "and wait a few minutes",
    "overnight",
    "while plugged in",
    "on a fast network",
    "before anything else",
    "then check again",
    "for at least an hour",
    "on every device",
    "and keep the screen on",
    "after making a backup",
    "if the problem persists",
    "from the menu bar",
    "in Settings",
    "with the Option and Command keys held",
    "and compare the counts",
    "and leave it connected",
];
const CAUTIONS: &[&str] = &[
    "Back up the library first: this cannot be undone.",
    "Signing out removes local copies that have not finished uploading.",
    "Deletions sync everywhere, including on other devices.",
    "Repairing a large library can take hours; keep the Mac plugged in.",
    "Turning this off may download or remove gigabytes of data.",
];
const NOTE_TOPICS: &[&str] = &[
    "What not to do",
    "How to prevent it next time",
    "Security basics",
    "Privacy of shared albums",
    "When to contact support",
    "Keeping enough free space",
    "Large libraries",
    "Family Sharing",
];
const STATUS_TEXTS: &[&str] = &[
    "Paused",
    "Waiting To Upload",
    "Updating",
    "Syncing With iCloud",
    "Uploading",
    "Optimizing",
    "Preparing Library",
    "Low Battery",
];
/// Proper names people give albums and devices: the long tail of a real
/// vocabulary.
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ra", "sen", "ta", "vo", "bel", "dor", "fin", "gra", "hal", "jun", "kes",
    "lun", "mar", "nor", "pel", "qui", "ros", "sol", "tem", "ur", "val", "wen", "yor", "zan",
];

/// xorshift64*: small, fast, and the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn name(&mut self) -> String {
        let mut name: String = (0..2 + self.below(2))
            .map(|_| self.pick(SYLLABLES))
            .collect();
        if let Some(first) = name.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        name
    }

    fn platforms(&mut self, percent_tagged: u64) -> Vec<String> {
        if !self.chance(percent_tagged) {
            return Vec::new();
        }
        let all = ["iphone", "mac", "windows"];
        let first = self.below(3);
        let mut tags = vec![all[first].to_string()];
        if self.chance(30) {
            tags.push(all[(first + 1) % 3].to_string());
        }
        tags
    }
}

/// `text` as a kebab-case id prefix: its first three words.
fn slug(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let words = lower.split(|c: char| !c.is_ascii_alphanumeric());
    let words: Vec<&str> = words.filter(|w| !w.is_empty()).take(3).collect();
    words.join("-")
}

fn symptom_title(rng: &mut Rng) -> String {
    let title = format!(
        "{} {} {}",
        rng.pick(THINGS),
        rng.pick(PROBLEMS),
        rng.pick(DEVICES)
    );
    let title = match rng.below(4) {
        0 => format!("{title} in the {} album", rng.name()),
        _ => title,
    };
    let mut chars = title.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn step_text(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => format!(
            "{} {} on the {} named {}",
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(DEVICES),
            rng.name()
        ),
        _ => format!(
            "{} {} {}",
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(MODIFIERS)
        ),
    }
}

/// About `n` searchable items; the same `n` always gives the same guide.
pub fn generate(n: usize) -> KnowledgeBase {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let platforms = [
        ("iphone", "iPhone/iPad"),
        ("mac", "Mac"),
        ("windows", "Windows"),
    ]
    .map(|(id, name)| Platform {
        id: id.to_string(),
        name: name.to_string(),
    })
    .to_vec();
    let n_symptoms = (n / 10).max(1);
    let n_notes = (n / 50).max(1);
    let n_statuses = (n / 500).clamp(STATUS_TEXTS.len().min(n), 1000);
    let mut fixes = Vec::new();
    let mut library = Vec::new();
    let mut fix_items = 0;
    while fix_items + n_symptoms + n_notes + n_statuses < n || fixes.is_empty() {
        let i = fixes.len();
        let device = rng.pick(DEVICES);
        let title = format!("{} {} on {}", rng.pick(VERBS), rng.pick(OBJECTS), device);
        let steps: Vec<Step> = (0..2 + rng.below(7))
            .map(|j| {
                let text = step_text(&mut rng);
                // A fix's first step is for every platform, so a problem on
                // any platform has a plan there (drawn all the same, so the
                // rest of the guide comes out as before).
                let tags = rng.platforms(40);
                Step {
                    id: format!("{}-{i}-{j}", slug(&text)),
                    text,
                    platforms: if j == 0 { Vec::new() } else { tags },
                    caution: rng.chance(8).then(|| rng.pick(CAUTIONS).to_string()),
                    replaces: Vec::new(),
                    words: Vec::new(),
                }
            })
            .collect();
        fix_items += 1 + steps.len();
        let first_step = steps[0].text.to_lowercase();
        let step_ids = steps.iter().map(|s| s.id.clone()).collect();
        library.extend(steps);
        fixes.push(Fix {
            id: format!("{}-{i}", slug(&title)),
            summary: format!(
                "When {} {} {}, this usually helps: {} first.",
                rng.pick(THINGS),
                rng.pick(PROBLEMS),
                device,
                first_step
            ),
            title,
            tier: TIERS[rng.below(TIERS.len())].0.to_string(),
            steps: step_ids,
            words: Vec::new(),
        });
    }
    let fix_refs = |rng: &mut Rng| -> Vec<String> {
        let mut refs: Vec<String> = (0..1 + rng.below(5))
            .map(|_| fixes[rng.below(fixes.len())].id.clone())
            .collect();
        // Each fix once: a knowledge base may not list one twice.
        let mut seen = std::collections::HashSet::new();
        refs.retain(|id| seen.insert(id.clone()));
        refs
    };
    let symptoms = (0..n_symptoms)
        .map(|i| {
            let title = symptom_title(&mut rng);
            let platforms = rng.platforms(30);
            let where_to_look = ["iphone", "mac", "windows"]
                .iter()
                .filter(|p| platforms.is_empty() || platforms.iter().any(|t| t == *p))
                .map(|p| Place {
                    platform: p.to_string(),
                    place: format!("{} > {}", rng.pick(OBJECTS), rng.pick(OBJECTS)),
                })
                .collect();
            Symptom {
                id: format!("{}-{i}", slug(&title)),
                title,
                platforms,
                where_to_look,
                quick_fix: format!("{} {}.", rng.pick(VERBS), rng.pick(OBJECTS)),
                fixes: fix_refs(&mut rng),
                statuses: Vec::new(),
                notes: Vec::new(),
                words: Vec::new(),
            }
        })
        .collect();
    let statuses = (0..n_statuses)
        .map(|i| {
            let base = STATUS_TEXTS[i % STATUS_TEXTS.len()];
            let text = match i / STATUS_TEXTS.len() {
                0 => base.to_string(),
                k => format!("{base} {k} Items"),
            };
            StatusMessage {
                id: format!("status-{}-{i}", slug(&text)),
                meaning: format!(
                    "The {} is busy with {}.",
                    rng.pick(DEVICES),
                    rng.pick(THINGS)
                ),
                action: format!("{} {}.", rng.pick(VERBS), rng.pick(OBJECTS)),
                text,
                platforms: rng.platforms(20),
                fixes: fix_refs(&mut rng),
                notes: Vec::new(),
                words: Vec::new(),
            }
        })
        .collect();
    let notes = (0..n_notes)
        .map(|i| {
            let title = format!("{}: {}", rng.pick(NOTE_TOPICS), rng.pick(THINGS));
            Note {
                id: format!("note-{}-{i}", slug(&title)),
                summary: format!("About {} on {}.", rng.pick(OBJECTS), rng.pick(DEVICES)),
                points: (0..1 + rng.below(3)).map(|_| step_text(&mut rng)).collect(),
                collect: Vec::new(),
                words: Vec::new(),
                title,
            }
        })
        .collect();
    KnowledgeBase {
        id: format!("generated-{n}"),
        title: format!("Generated guide with about {n} items"),
        summary: "A large generated knowledge base for benchmarks.".to_string(),
        platforms,
        tiers: TIERS
            .iter()
            .map(|(id, name)| Tier {
                id: id.to_string(),
                name: name.to_string(),
            })
            .collect(),
        steps: library,
        symptoms,
        fixes,
        statuses,
        notes,
        questions: Vec::new(),
        retired: Vec::new(),
        synonyms: Vec::new(),
        lookup: Default::default(),
    }
}

/// The ladder every generated fix stands on.
const TIERS: [(&str, &str); 3] = [
    ("quick-checks", "Quick checks"),
    ("safe-resets", "Safe resets"),
    ("last-resort", "Last resort"),
];

/// The knowledge base as RON text: one item per line.
pub fn to_ron(kb: &KnowledgeBase) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .depth_limit(2);
    ron::ser::to_string_pretty(kb, config)
}
