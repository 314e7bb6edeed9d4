//! `syncfix man`: the manual page, made from the same clap definition as
//! `--help`, so the two cannot disagree. One page holds every command and
//! its arguments, so `man syncfix` is all there is to install.

use std::io::{self, Write};

use clap::{Arg, Command, CommandFactory};

use crate::cli::Cli;

/// Write the page, in roff, to `out`.
pub fn render(out: &mut dyn Write) -> io::Result<()> {
    let mut cli = Cli::command();
    cli.build();
    let man = clap_mangen::Man::new(cli.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    writeln!(out, ".SH COMMANDS")?;
    let commands = cli.get_subcommands();
    for command in commands.filter(|c| !c.is_hide_set() && c.get_name() != "help") {
        command_section(out, command)?;
    }
    man.render_version_section(out)
}

/// One command: its usage, what it does, and its own arguments (the
/// global ones are in OPTIONS).
fn command_section(out: &mut dyn Write, command: &Command) -> io::Result<()> {
    let mut usage = format!("syncfix {}", command.get_name());
    let own: Vec<&Arg> = command
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_global_set())
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        .collect();
    for arg in own.iter().filter(|a| a.is_positional()) {
        match arg.is_required_set() {
            true => usage.push_str(&format!(" {}", value_names(arg))),
            false => usage.push_str(&format!(" [{}]", value_names(arg))),
        }
    }
    writeln!(out, ".SS \"{}\"", escape(&usage))?;
    if let Some(about) = command.get_long_about().or(command.get_about()) {
        writeln!(out, "{}", escape(&about.to_string()))?;
    }
    for arg in own {
        writeln!(out, ".TP")?;
        let name = match arg.get_long() {
            Some(long) if arg.get_action().takes_values() => {
                format!(
                    "\\fB\\-\\-{}\\fR \\fI{}\\fR",
                    escape(long),
                    value_names(arg)
                )
            }
            Some(long) => format!("\\fB\\-\\-{}\\fR", escape(long)),
            None => format!("\\fI{}\\fR", escape(&value_names(arg))),
        };
        writeln!(out, "{name}")?;
        if let Some(help) = arg.get_long_help().or(arg.get_help()) {
            writeln!(out, "{}", escape(&help.to_string()))?;
        }
    }
    Ok(())
}

fn value_names(arg: &Arg) -> String {
    match arg.get_value_names() {
        Some(names) => names
            .iter()
            .map(|n| n.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        None => arg.get_id().as_str().to_uppercase(),
    }
}

/// Text as roff reads it literally: backslashes, hyphens and apostrophes
/// escaped as clap_mangen does, and no line starting with a control
/// character.
fn escape(text: &str) -> String {
    text.replace('\\', "\\e")
        .replace('-', "\\-")
        .replace('\'', "\\*(Aq")
        .lines()
        .map(|line| match line.starts_with('.') {
            true => format!("\\&{line}"),
            false => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}
