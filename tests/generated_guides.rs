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
