//! The one key table: key events become actions here, and the help overlay
//! and the status-bar hints are printed from the same rows.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use unicode_width::UnicodeWidthStr;

use super::action::Action;
use crate::progress::State;

/// Which keys are live: each mode of the app listens to its own rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Browse,
    Questions,
    Search,
    /// Typing a note or the details for support.
    Edit,
    /// The details form: its keys, and those of `Edit`.
    Details,
    Help,
    Confirm,
}

impl Context {
    /// Whether keys listed under this context work in `now`: the details
    /// form takes every key of a note too (and the help lists the form's
    /// own keys under the note's heading, as `Edit` serves `Details`).
    fn serves(self, now: Context) -> bool {
        self == now || (self == Context::Edit && now == Context::Details)
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Browse => "Browsing",
            Context::Questions => "What do you see?",
            Context::Edit | Context::Details => "A note, the details for support",
            Context::Search => "Searching",
            Context::Help => "This help",
            Context::Confirm => "Questions",
        }
    }
}

/// One row of the key table: what the person reads, and the keys it binds.
pub struct KeyRow {
    pub context: Context,
    /// The keys as shown in help, e.g. "↑ ↓ / j k".
    pub keys: &'static str,
    /// What they do, as shown in help.
    pub does: &'static str,
    /// A one-word hint for the status bar, if this row earns a place there.
    pub hint: Option<Hint>,
    pub bindings: &'static [(KeyCode, KeyModifiers, Action)],
}

/// A row's word in the status bar, and how long it stays there when the bar
/// is too narrow for every hint: the lowest `keep` gives way first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub word: &'static str,
    pub keep: u8,
}

/// Hints that never give way: how to get help and how to get out.
pub const ALWAYS: u8 = u8::MAX;

const fn hint(word: &'static str, keep: u8) -> Option<Hint> {
    Some(Hint { word, keep })
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

use Context::{Browse, Confirm, Details, Edit, Help, Questions, Search};
use KeyCode::{
    BackTab, Backspace, Char, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

/// Digits choose a platform by its number in the Platform pane: 1 is all
/// platforms, then the guide's own, in its order. A number past the
/// guide's platforms does nothing.
#[rustfmt::skip]
const PLATFORM_KEYS: &[(KeyCode, KeyModifiers, Action)] = &[
    (Char('1'), NONE, Action::ChoosePlatform(0)), (Char('2'), NONE, Action::ChoosePlatform(1)),
    (Char('3'), NONE, Action::ChoosePlatform(2)), (Char('4'), NONE, Action::ChoosePlatform(3)),
    (Char('5'), NONE, Action::ChoosePlatform(4)), (Char('6'), NONE, Action::ChoosePlatform(5)),
    (Char('7'), NONE, Action::ChoosePlatform(6)), (Char('8'), NONE, Action::ChoosePlatform(7)),
    (Char('9'), NONE, Action::ChoosePlatform(8)),
];

/// The readline keys of every line that takes typing.
#[rustfmt::skip]
const CURSOR: &[(KeyCode, KeyModifiers, Action)] = &[(Left, NONE, Action::CursorLeft), (Right, NONE, Action::CursorRight), (Char('a'), CTRL, Action::CursorStart), (Char('e'), CTRL, Action::CursorEnd), (Home, NONE, Action::CursorStart), (End, NONE, Action::CursorEnd)];
#[rustfmt::skip]
const DELETE: &[(KeyCode, KeyModifiers, Action)] = &[(Backspace, NONE, Action::DeleteBack), (Char('h'), CTRL, Action::DeleteBack), (Char('w'), CTRL, Action::DeleteWord), (Backspace, KeyModifiers::ALT, Action::DeleteWord), (Char('u'), CTRL, Action::DeleteToStart)];

#[rustfmt::skip]
pub const KEYS: &[KeyRow] = &[
    KeyRow { context: Browse, keys: "↑ ↓ / j k", does: "move in the focused pane", hint: hint("move", 6),
        bindings: &[(Up, NONE, Action::Up), (Down, NONE, Action::Down), (Char('k'), NONE, Action::Up), (Char('j'), NONE, Action::Down)] },
    KeyRow { context: Browse, keys: "← → / h l", does: "move between panes", hint: hint("pane", 1),
        bindings: &[(Left, NONE, Action::FocusLeft), (Right, NONE, Action::FocusRight), (Char('h'), NONE, Action::FocusLeft), (Char('l'), NONE, Action::FocusRight)] },
    KeyRow { context: Browse, keys: "Tab / Shift-Tab", does: "next / previous pane", hint: None,
        bindings: &[(Tab, NONE, Action::FocusNext), (BackTab, SHIFT, Action::FocusPrev), (BackTab, NONE, Action::FocusPrev)] },
    KeyRow { context: Browse, keys: "Enter", does: "open the selection", hint: hint("open", 4),
        bindings: &[(Enter, NONE, Action::Open)] },
    KeyRow { context: Browse, keys: "Space / x", does: "tick or untick the selected step (asks before a note goes)", hint: hint("tick", 3),
        bindings: &[(Char(' '), NONE, Action::ToggleTick), (Char('x'), NONE, Action::ToggleTick)] },
    KeyRow { context: Browse, keys: "d n s f", does: "the selected step: done, didn't help, skipped, fixed it", hint: hint("mark", 2),
        bindings: &[(Char('d'), NONE, Action::Mark(State::Done)), (Char('n'), NONE, Action::Mark(State::DidntHelp)), (Char('s'), NONE, Action::Mark(State::Skipped)), (Char('f'), NONE, Action::Mark(State::FixedIt))] },
    KeyRow { context: Browse, keys: "] / [", does: "next / previous step still to try (none left here: back to the open case)", hint: None,
        bindings: &[(Char(']'), NONE, Action::NextOpen), (Char('['), NONE, Action::PrevOpen)] },
    KeyRow { context: Browse, keys: "N", does: "a note on the step just marked, else the one selected (marked done if untried)", hint: None,
        bindings: &[(Char('N'), SHIFT, Action::EditNote), (Char('N'), NONE, Action::EditNote)] },
    KeyRow { context: Browse, keys: "i", does: "details for support: devices, OS versions, library size, since when", hint: None,
        bindings: &[(Char('i'), NONE, Action::EditDetails)] },
    KeyRow { context: Browse, keys: "H", does: "the guide's advice on getting help (for the case)", hint: None,
        bindings: &[(Char('H'), SHIFT, Action::OpenHelpNote), (Char('H'), NONE, Action::OpenHelpNote)] },
    KeyRow { context: Browse, keys: "R", does: "write the report for support beside the progress file, and copy it", hint: None,
        bindings: &[(Char('R'), SHIFT, Action::WriteReport), (Char('R'), NONE, Action::WriteReport)] },
    KeyRow { context: Browse, keys: "/", does: "search everything", hint: hint("search", 5),
        bindings: &[(Char('/'), NONE, Action::StartSearch)] },
    KeyRow { context: Browse, keys: "w", does: "what do you see? (the questions that open a case)", hint: hint("ask", 0),
        bindings: &[(Char('w'), NONE, Action::AskQuestions)] },
    KeyRow { context: Browse, keys: "c", does: "work the symptom or status message shown as a case, on the platform chosen (asks before closing an open case, or moving it to the platform chosen)", hint: None,
        bindings: &[(Char('c'), NONE, Action::StartCase)] },
    KeyRow { context: Browse, keys: "1–9", does: "platform, as numbered in the Platform pane (1 is All)", hint: hint("platform", 2),
        bindings: PLATFORM_KEYS },
    KeyRow { context: Browse, keys: "g / G, Home / End", does: "top / bottom", hint: None,
        bindings: &[(Char('g'), NONE, Action::Top), (Char('G'), SHIFT, Action::Bottom), (Char('G'), NONE, Action::Bottom), (Home, NONE, Action::Top), (End, NONE, Action::Bottom)] },
    KeyRow { context: Browse, keys: "PgUp / PgDn", does: "page up / down", hint: None,
        bindings: &[(PageUp, NONE, Action::PageUp), (PageDown, NONE, Action::PageDown)] },
    KeyRow { context: Browse, keys: "r", does: "reset the ticks of the selected fix (asks first)", hint: None,
        bindings: &[(Char('r'), NONE, Action::ResetFix)] },
    KeyRow { context: Browse, keys: "?", does: "this help", hint: hint("help", ALWAYS),
        bindings: &[(Char('?'), NONE, Action::ToggleHelp), (Char('?'), SHIFT, Action::ToggleHelp)] },
    KeyRow { context: Browse, keys: "Esc", does: "step back a pane", hint: None,
        bindings: &[(Esc, NONE, Action::Back)] },
    KeyRow { context: Browse, keys: "q, Ctrl-C", does: "quit", hint: hint("quit", ALWAYS),
        bindings: &[(Char('q'), NONE, Action::Quit), (Char('c'), CTRL, Action::Quit)] },
    KeyRow { context: Browse, keys: "Ctrl-Z", does: "suspend (fg brings syncfix back)", hint: None,
        bindings: &[(Char('z'), CTRL, Action::Suspend)] },
    KeyRow { context: Questions, keys: "1–9", does: "answer", hint: hint("answer", ALWAYS),
        bindings: &[(Char('1'), NONE, Action::Answer(0)), (Char('2'), NONE, Action::Answer(1)), (Char('3'), NONE, Action::Answer(2)), (Char('4'), NONE, Action::Answer(3)), (Char('5'), NONE, Action::Answer(4)), (Char('6'), NONE, Action::Answer(5)), (Char('7'), NONE, Action::Answer(6)), (Char('8'), NONE, Action::Answer(7)), (Char('9'), NONE, Action::Answer(8))] },
    KeyRow { context: Questions, keys: "↑ ↓ / j k, Enter", does: "move, and take the highlighted answer", hint: None,
        bindings: &[(Up, NONE, Action::Up), (Down, NONE, Action::Down), (Char('k'), NONE, Action::Up), (Char('j'), NONE, Action::Down), (Enter, NONE, Action::Open)] },
    KeyRow { context: Questions, keys: "Backspace", does: "back one question", hint: hint("back", 2),
        bindings: &[(Backspace, NONE, Action::PreviousQuestion)] },
    KeyRow { context: Questions, keys: "Esc / b", does: "leave the questions for the panes", hint: hint("panes", 3),
        bindings: &[(Esc, NONE, Action::Back), (Char('b'), NONE, Action::Back)] },
    KeyRow { context: Questions, keys: "/", does: "search everything", hint: hint("search", 1),
        bindings: &[(Char('/'), NONE, Action::StartSearch)] },
    KeyRow { context: Questions, keys: "?", does: "this help; Esc comes back to the question", hint: hint("help", ALWAYS),
        bindings: &[(Char('?'), NONE, Action::ToggleHelp), (Char('?'), SHIFT, Action::ToggleHelp)] },
    KeyRow { context: Questions, keys: "q, Ctrl-C", does: "quit", hint: hint("quit", ALWAYS),
        bindings: &[(Char('q'), NONE, Action::Quit), (Char('c'), CTRL, Action::Quit)] },
    KeyRow { context: Questions, keys: "Ctrl-Z", does: "suspend", hint: None,
        bindings: &[(Char('z'), CTRL, Action::Suspend)] },
    KeyRow { context: Search, keys: "type", does: "filter as you type (words in any order, typos forgiven)", hint: None,
        bindings: &[] },
    KeyRow { context: Search, keys: "↑ ↓, Ctrl-P / Ctrl-N", does: "move in the results", hint: hint("move", 1),
        bindings: &[(Up, NONE, Action::Up), (Down, NONE, Action::Down), (Char('p'), CTRL, Action::Up), (Char('n'), CTRL, Action::Down), (PageUp, NONE, Action::PageUp), (PageDown, NONE, Action::PageDown)] },
    KeyRow { context: Search, keys: "Enter", does: "jump to the result", hint: hint("jump", 2),
        bindings: &[(Enter, NONE, Action::Open)] },
    KeyRow { context: Search, keys: "Esc", does: "cancel and go back to where you were", hint: hint("cancel", ALWAYS),
        bindings: &[(Esc, NONE, Action::Back)] },
    KeyRow { context: Search, keys: "← →, Ctrl-A / Ctrl-E", does: "move the cursor; start / end of line", hint: None,
        bindings: CURSOR },
    KeyRow { context: Search, keys: "Backspace, Ctrl-W, Ctrl-U", does: "delete a character, a word, to the start", hint: None,
        bindings: DELETE },
    KeyRow { context: Search, keys: "Ctrl-C", does: "quit", hint: hint("quit", ALWAYS),
        bindings: &[(Char('c'), CTRL, Action::Quit)] },
    KeyRow { context: Search, keys: "Ctrl-Z", does: "suspend", hint: None,
        bindings: &[(Char('z'), CTRL, Action::Suspend)] },
    KeyRow { context: Edit, keys: "type", does: "write the note or the field", hint: None,
        bindings: &[] },
    KeyRow { context: Edit, keys: "Enter", does: "save", hint: hint("save", ALWAYS),
        bindings: &[(Enter, NONE, Action::Save)] },
    KeyRow { context: Edit, keys: "Esc", does: "cancel, leaving everything as it was", hint: hint("cancel", ALWAYS),
        bindings: &[(Esc, NONE, Action::Back)] },
    KeyRow { context: Details, keys: "Tab / ↑ ↓", does: "next / previous field of the details", hint: hint("field", 1),
        bindings: &[(Tab, NONE, Action::FocusNext), (BackTab, SHIFT, Action::FocusPrev), (BackTab, NONE, Action::FocusPrev), (Down, NONE, Action::Down), (Up, NONE, Action::Up)] },
    KeyRow { context: Edit, keys: "← →, Ctrl-A / Ctrl-E", does: "move the cursor; start / end of line", hint: None,
        bindings: CURSOR },
    KeyRow { context: Edit, keys: "Backspace, Ctrl-W, Ctrl-U", does: "delete a character, a word, to the start", hint: None,
        bindings: DELETE },
    KeyRow { context: Edit, keys: "Ctrl-C", does: "quit", hint: hint("quit", ALWAYS),
        bindings: &[(Char('c'), CTRL, Action::Quit)] },
    KeyRow { context: Help, keys: "↑ ↓ / j k", does: "scroll", hint: hint("scroll", 1),
        bindings: &[(Up, NONE, Action::Up), (Down, NONE, Action::Down), (Char('k'), NONE, Action::Up), (Char('j'), NONE, Action::Down), (PageUp, NONE, Action::PageUp), (PageDown, NONE, Action::PageDown)] },
    KeyRow { context: Help, keys: "? / Esc / q", does: "close the help", hint: hint("close", ALWAYS),
        bindings: &[(Char('?'), NONE, Action::ToggleHelp), (Char('?'), SHIFT, Action::ToggleHelp), (Esc, NONE, Action::Back), (Char('q'), NONE, Action::Back), (Char('c'), CTRL, Action::Quit)] },
    KeyRow { context: Confirm, keys: "y / Enter", does: "yes", hint: hint("yes", ALWAYS),
        bindings: &[(Char('y'), NONE, Action::Confirm), (Char('Y'), SHIFT, Action::Confirm), (Enter, NONE, Action::Confirm)] },
    KeyRow { context: Confirm, keys: "n / Esc", does: "no", hint: hint("no", ALWAYS),
        bindings: &[(Char('n'), NONE, Action::Back), (Esc, NONE, Action::Back), (Char('q'), NONE, Action::Back), (Char('c'), CTRL, Action::Quit)] },
];

/// The action for a key event in a context; key releases and repeats of
/// non-movement keys are ignored.
pub fn action_for_key(key: KeyEvent, context: Context) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let found = KEYS
        .iter()
        .filter(|row| row.context.serves(context))
        .flat_map(|row| row.bindings)
        .find(|(code, mods, _)| *code == key.code && *mods == key.modifiers)
        .map(|(_, _, action)| action.clone());
    if found.is_some() || !matches!(context, Context::Search | Context::Edit | Context::Details) {
        return found;
    }
    match key.code {
        Char(c) if !key.modifiers.intersects(CTRL | KeyModifiers::ALT) && !c.is_control() => {
            Some(Action::Insert(c))
        }
        _ => None,
    }
}

/// The action for a mouse event: left click selects, the wheel scrolls.
pub fn action_for_mouse(mouse: MouseEvent) -> Option<Action> {
    let (column, row) = (mouse.column, mouse.row);
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
        MouseEventKind::ScrollUp => Some(Action::ScrollUp { column, row }),
        MouseEventKind::ScrollDown => Some(Action::ScrollDown { column, row }),
        _ => None,
    }
}

/// One line of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    Heading(&'static str),
    Blank,
    /// Keys (empty on continuation lines) and what they do.
    Key {
        keys: &'static str,
        does: String,
    },
}

/// The help text laid out for `width` columns: a key column and a wrapped
/// "does" column, or, when that leaves too little room, keys above their text.
pub fn help_lines(width: u16) -> Vec<HelpLine> {
    let keys_width = KEYS.iter().map(|row| row.keys.width()).max().unwrap_or(0);
    let room = usize::from(width).saturating_sub(keys_width + 4);
    let stacked = room < 20;
    let room = if stacked {
        usize::from(width).saturating_sub(4).max(8)
    } else {
        room
    };
    let mut lines = Vec::new();
    for context in [
        Context::Browse,
        Context::Questions,
        Context::Search,
        Context::Edit,
        Context::Help,
        Context::Confirm,
    ] {
        if !lines.is_empty() {
            lines.push(HelpLine::Blank);
        }
        lines.push(HelpLine::Heading(context.title()));
        for row in KEYS.iter().filter(|row| context.serves(row.context)) {
            let mut wrapped = textwrap::wrap(row.does, room)
                .into_iter()
                .map(|l| l.into_owned());
            if stacked {
                lines.push(HelpLine::Key {
                    keys: row.keys,
                    does: String::new(),
                });
            } else {
                let first = wrapped.next().unwrap_or_default();
                lines.push(HelpLine::Key {
                    keys: row.keys,
                    does: first,
                });
            }
            lines.extend(wrapped.map(|does| HelpLine::Key { keys: "", does }));
        }
    }
    lines
}

/// The status-bar hints for a context that fit in `width` columns, as
/// (keys, word) pairs in table order. When not all fit, the keys are written
/// closer ("↑↓"), then hints give way, lowest `keep` first; those kept
/// `ALWAYS` stay whatever the width.
pub fn hints(context: Context, width: usize) -> Vec<(String, &'static str)> {
    let mut shown: Vec<(&'static str, Hint)> = KEYS
        .iter()
        .filter(|row| row.context.serves(context))
        .filter_map(|row| row.hint.map(|hint| (short_keys(row.keys), hint)))
        .collect();
    let full = spelled(&shown, false);
    if hints_width(&full) <= width {
        return full;
    }
    loop {
        let compact = spelled(&shown, true);
        let weakest = shown
            .iter()
            .enumerate()
            .filter(|(_, (_, hint))| hint.keep != ALWAYS)
            .min_by_key(|(i, (_, hint))| (hint.keep, usize::MAX - i))
            .map(|(i, _)| i);
        match weakest {
            Some(i) if hints_width(&compact) > width => {
                shown.remove(i);
            }
            _ => return compact,
        }
    }
}

fn spelled(shown: &[(&'static str, Hint)], compact: bool) -> Vec<(String, &'static str)> {
    shown
        .iter()
        .map(|(keys, hint)| {
            let keys = if compact {
                keys.replace("↑ ↓", "↑↓").replace("← →", "←→")
            } else {
                (*keys).to_string()
            };
            (keys, hint.word)
        })
        .collect()
}

/// Columns the hints take as drawn: a leading space, then "keys word"
/// pairs two spaces apart.
pub fn hints_width(hints: &[(String, &str)]) -> usize {
    let pairs: usize = hints
        .iter()
        .map(|(keys, word)| keys.width() + 1 + word.width())
        .sum();
    1 + pairs + 2 * hints.len().saturating_sub(1)
}

/// The first key of a row's label: "↑ ↓ / j k" -> "↑ ↓".
fn short_keys(keys: &'static str) -> &'static str {
    let end = [keys.find(", "), keys.find(" / ")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(keys.len());
    &keys[..end]
}
