//! The README stays true: its key table is the interface's key table, and it
//! gives a newcomer exactly the two commands of the set-up.

use syncfix::tui::KEYS;

const README: &str = include_str!("../README.md");

#[test]
fn every_key_in_the_key_table_is_in_the_readme() {
    let missing: Vec<String> = KEYS
        .iter()
        .map(|row| format!("| {} | {} |", row.keys, row.does))
        .filter(|line| !README.lines().any(|l| l == line))
        .collect();
    assert_eq!(missing, Vec::<String>::new(), "rows missing from README.md");
}

#[test]
fn the_readme_documents_no_key_the_interface_lacks() {
    let documented: Vec<&str> = README
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| keys |"))
        .filter(|l| !l.contains('`'))
        .collect();
    let extra: Vec<&&str> = documented
        .iter()
        .filter(|line| {
            !KEYS
                .iter()
                .any(|row| **line == format!("| {} | {} |", row.keys, row.does))
        })
        .collect();
    assert_eq!(extra, Vec::<&&str>::new());
}

#[test]
fn the_two_set_up_commands() {
    let start = README
        .find("## Get started")
        .expect("a Get started section");
    let section = &README[start..];
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a shell block");
    let commands: Vec<&str> = block
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .collect();
    assert_eq!(commands, ["cargo run --release", "cargo test"]);
}
