//! A large, valid knowledge base of realistic, varied text, for benchmarks:
//! `cargo run --release --example gen_kb -- N > big.ron` writes about N
//! searchable items (symptoms, fixes and their steps, status messages,
//! notes). The same N always gives the same file.

#[path = "gen_kb/generate.rs"]
mod generate;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let arg = std::env::args().nth(1);
    let Some(n) = arg.as_deref().and_then(|a| a.parse::<usize>().ok()) else {
        eprintln!("usage: gen_kb N > big.ron   (N: about how many searchable items)");
        return ExitCode::from(2);
    };
    let text = match generate::to_ron(&generate::generate(n)) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("gen_kb: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_kb: {e}");
            ExitCode::FAILURE
        }
    }
}
