//! Every style in one place. Colors are the terminal's own named ANSI
//! colors, so they follow its palette on dark and light backgrounds; with
//! `NO_COLOR` only bold, dim, underline and reverse remain.

use ratatui::style::{Color, Modifier, Style};

use crate::tui::detail::Tone;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// Color unless `NO_COLOR` is set to a non-empty value.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    pub fn new(color: bool) -> Theme {
        Theme { color }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn title_bar(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::DarkGray)
        }
    }

    /// The selected row: reversed where the keyboard is, underlined elsewhere.
    pub fn selected(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn group(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }

    pub fn badge(&self, done: bool) -> Style {
        if done {
            self.fg(Color::Green)
        } else {
            self.fg(Color::DarkGray).add_modifier(Modifier::DIM)
        }
    }

    pub fn kind(&self) -> Style {
        self.fg(Color::Blue).add_modifier(Modifier::DIM)
    }

    /// Characters of a title that matched the query.
    pub fn matched(&self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn muted(&self) -> Style {
        self.fg(Color::DarkGray).add_modifier(Modifier::DIM)
    }

    pub fn problem(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn tone(&self, tone: Tone) -> Style {
        match tone {
            Tone::Title => Style::new().add_modifier(Modifier::BOLD),
            Tone::Heading => self.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            Tone::Body => Style::new(),
            Tone::Label => self.fg(Color::Cyan),
            Tone::Muted => self.muted(),
            Tone::Caution => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Tone::Done => self.fg(Color::Green).add_modifier(Modifier::BOLD),
            Tone::Todo => Style::new(),
        }
    }
}
