//! `syncfix completions SHELL` prints a script that knows every command.

use assert_cmd::Command;

const SUBCOMMANDS: &[&str] = &[
    "search",
    "show",
    "check",
    "report",
    "tick",
    "untick",
    "reset",
    "paths",
    "completions",
];

#[test]
fn bash_zsh_and_fish_scripts_name_every_subcommand() {
    for shell in ["bash", "zsh", "fish"] {
        let output = Command::cargo_bin("syncfix")
            .expect("the syncfix binary is built")
            .args(["completions", shell])
            .output()
            .expect("syncfix runs");
        assert!(output.status.success(), "{shell}: {:?}", output.status);
        let script = String::from_utf8(output.stdout).expect("a UTF-8 script");
        assert!(script.len() > 200, "{shell}: a short script:\n{script}");
        assert!(
            script.contains("syncfix"),
            "{shell}: no `syncfix` in the script"
        );
        for name in SUBCOMMANDS {
            assert!(script.contains(name), "{shell}: no `{name}` in the script");
        }
        assert!(
            script.contains("platform"),
            "{shell}: no `--platform` option"
        );
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    Command::cargo_bin("syncfix")
        .expect("the syncfix binary is built")
        .args(["completions", "tcsh"])
        .assert()
        .failure()
        .code(2);
}
