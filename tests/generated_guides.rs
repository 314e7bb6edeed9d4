//! The guides the benchmarks and scripts generate are valid knowledge
//! bases: a benchmark of a guide that does not load measures nothing.

#[path = "../examples/gen_kb/generate.rs"]
#[allow(dead_code)]
mod generate;

#[test]
fn a_generated_guide_loads_and_validates() {
    for n in [100, 5_000] {
        let kb = generate::generate(n);
        let text = generate::to_ron(&kb).expect("serializes");
        let read = syncfix::kb::parse("generated.ron", text.as_bytes())
            .unwrap_or_else(|e| panic!("{n} items: {e}"));
        assert_eq!(read.steps.len(), kb.steps.len());
    }
}

/// Every fix has a step for every platform, so no problem of a generated
/// guide, whatever platforms it names, opens on an empty plan (`check`
/// refuses such a guide).
#[test]
fn every_generated_fix_has_a_step_for_every_platform() {
    let kb = generate::generate(100_000);
    let everywhere: std::collections::HashSet<&String> = kb
        .steps
        .iter()
        .filter(|s| s.platforms.is_empty())
        .map(|s| &s.id)
        .collect();
    let fix = kb
        .fixes
        .iter()
        .find(|f| !f.steps.iter().any(|id| everywhere.contains(id)));
    assert!(fix.is_none(), "{fix:?}");
}
