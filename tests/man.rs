//! `syncfix man` and `--help` come from one clap definition: every command,
//! argument and sentence of the help is in the manual page, word for word.

use assert_cmd::cargo::cargo_bin_cmd;
use clap::CommandFactory;
use syncfix::cli::Cli;

fn stdout(args: &[&str]) -> String {
    let output = cargo_bin_cmd!("syncfix")
        .args(args)
        .env("COLUMNS", "200")
        .output()
        .expect("syncfix runs");
    assert!(output.status.success(), "syncfix {args:?} failed");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// Words separated by single spaces, roff's escapes and fonts undone.
fn plain(text: &str) -> String {
    let text = ["\\fB", "\\fI", "\\fR", "\\&"]
        .into_iter()
        .fold(text.to_string(), |t, code| t.replace(code, ""));
    let text = text
        .replace("\\-", "-")
        .replace("\\*(Aq", "'")
        .replace("\\e", "\\");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_page_is_roff_for_section_one() {
    let page = stdout(&["man"]);
    assert!(page.contains("\n.TH syncfix 1 "), "{page}");
    assert!(page.contains("\n.SH COMMANDS\n"));
    assert!(page.contains("\n.SS \"syncfix show ID\"\n"));
    assert!(page.contains("\n.SS \"syncfix reset [FIX_ID]\"\n"));
    assert!(
        !page.contains("syncfix help"),
        "no page for clap's help command"
    );
}

#[test]
fn every_command_and_argument_in_help_is_in_the_page() {
    let page = plain(&stdout(&["man"]));
    let mut cli = Cli::command();
    cli.build();
    let top_help = plain(&stdout(&["--help"]));
    let ours = |arg: &&clap::Arg| !matches!(arg.get_id().as_str(), "help" | "version");
    for arg in cli.get_arguments().filter(ours) {
        let help = plain(
            &arg.get_help()
                .expect("every option says what it does")
                .to_string(),
        );
        assert!(top_help.contains(&help), "--help lacks {help:?}");
        assert!(page.contains(&help), "the page lacks {help:?}");
    }
    for command in cli.get_subcommands().filter(|c| c.get_name() != "help") {
        let name = command.get_name();
        let about = plain(&command.get_about().expect("an about").to_string());
        assert!(top_help.contains(&about), "--help lacks {about:?}");
        assert!(
            page.contains(&format!("syncfix {name}")),
            "no {name} in the page"
        );
        assert!(page.contains(&about), "the page lacks {about:?}");
        let help = plain(&stdout(&[name, "--help"]));
        for arg in command
            .get_arguments()
            .filter(|a| !a.is_global_set())
            .filter(ours)
        {
            let Some(text) = arg.get_long_help().or(arg.get_help()) else {
                continue;
            };
            let text = plain(&text.to_string());
            assert!(help.contains(&text), "{name} --help lacks {text:?}");
            assert!(page.contains(&text), "the page lacks {name}'s {text:?}");
            if let Some(long) = arg.get_long() {
                assert!(
                    page.contains(&format!("--{long}")),
                    "no --{long} for {name}"
                );
            }
        }
    }
}
