//! Everything a person can ask the interface to do, named by intent. Keys
//! and mouse events map to these through the key table; `App::update` is the
//! only place they change state.

/// One user intent (or an outside event the app must hear about).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Move the selection up one row in the focused pane.
    Up,
    /// Move the selection down one row in the focused pane.
    Down,
    /// Move up by one screenful.
    PageUp,
    /// Move down by one screenful.
    PageDown,
    /// Jump to the first row.
    Top,
    /// Jump to the last row.
    Bottom,
    /// Focus the pane to the left (stops at the edge).
    FocusLeft,
    /// Focus the pane to the right (stops at the edge).
    FocusRight,
    /// Focus the next pane, wrapping around.
    FocusNext,
    /// Focus the previous pane, wrapping around.
    FocusPrev,
    /// Open the selection: choose a platform, show an item, or jump to a search hit.
    Open,
    /// Tick or untick the selected step.
    ToggleTick,
    /// Record what came of the selected step, then move to the next open one.
    Mark(crate::progress::State),
    /// Move to the next step with no outcome yet.
    NextOpen,
    /// Move to the previous step with no outcome yet.
    PrevOpen,
    /// Open the search line.
    StartSearch,
    /// Ask "What do you see?" from the first question.
    AskQuestions,
    /// Work the symptom or status message shown as a case, on the
    /// platform chosen.
    StartCase,
    /// Take the answer shown at this position (0 is the first).
    Answer(usize),
    /// Go back to the question before, to answer it again.
    PreviousQuestion,
    /// Show the guide's advice on getting help for the case.
    OpenHelpNote,
    /// Write the report for support to a file and copy it.
    WriteReport,
    /// Write a note for the selected step.
    EditNote,
    /// Fill in the details support asks for (device, OS, library, since).
    EditDetails,
    /// Keep what was typed: a note, the details.
    Save,
    /// Choose a platform by position: 0 is All, 1 the first platform, ...
    ChoosePlatform(usize),
    /// Ask to clear the ticks of the selected fix.
    ResetFix,
    /// Answer yes to the question on screen.
    Confirm,
    /// Show or hide the key help.
    ToggleHelp,
    /// Close the overlay or search, or step back one pane.
    Back,
    /// Leave syncfix.
    Quit,
    /// Type a character into the search line.
    Insert(char),
    /// Text pasted into the terminal: typed into the search line, never
    /// taken as keys.
    Paste(String),
    /// Give the terminal back and stop (Ctrl-Z); `fg` brings syncfix back.
    Suspend,
    /// Delete the character before the search cursor.
    DeleteBack,
    /// Delete the word before the search cursor.
    DeleteWord,
    /// Delete everything before the search cursor.
    DeleteToStart,
    /// Move the search cursor to the start of the line.
    CursorStart,
    /// Move the search cursor to the end of the line.
    CursorEnd,
    /// Move the search cursor one character left.
    CursorLeft,
    /// Move the search cursor one character right.
    CursorRight,
    /// A mouse click at a screen cell.
    Click { column: u16, row: u16 },
    /// The mouse wheel turned up over a screen cell.
    ScrollUp { column: u16, row: u16 },
    /// The mouse wheel turned down over a screen cell.
    ScrollDown { column: u16, row: u16 },
    /// The terminal now has this size.
    Resize { width: u16, height: u16 },
    /// Saving progress failed; show why.
    SaveFailed(String),
    /// Every change is saved now.
    Saved,
    /// Something about progress worth knowing (found when it was read).
    Warning(String),
    /// The progress file now holds these outcomes (another syncfix may
    /// have saved some since we started).
    MarksChanged(super::detail::Marks),
    /// The report was written to `path`, and copied to the clipboard
    /// when `copied`.
    ReportWritten { path: String, copied: bool },
    /// The progress file's open case, or its last case, is now this.
    CaseChanged(Option<crate::progress::Case>),
    /// A search came back (kept only if it answers the latest request).
    Found(super::finder::Answer),
    /// The latest search is taking a while: say so.
    StillSearching,
}

impl Action {
    /// Whether this is news from the event loop or the terminal (a new
    /// size) rather than something the person did.
    pub fn is_news(&self) -> bool {
        matches!(
            self,
            Action::Resize { .. }
                | Action::Saved
                | Action::MarksChanged(_)
                | Action::CaseChanged(_)
                | Action::ReportWritten { .. }
                | Action::Found(_)
                | Action::StillSearching
        )
    }
}

/// What the event loop must do after an update: the app itself does no I/O.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    /// Quit without waiting for a change not saved, as asked a second time.
    Leave,
    /// Persist a tick (true) or untick (false) of one step.
    SaveTick {
        step: String,
        ticked: bool,
    },
    /// Persist what came of a step, keeping its note, and close the case
    /// it `solves` (a "fixed it" in the open case's plan).
    SaveMark {
        step: String,
        state: crate::progress::State,
        note: Option<String>,
        solves: Option<u64>,
    },
    /// Write the report for support beside the progress file, and copy it
    /// to the clipboard.
    WriteReport,
    /// Open a case (closing any open one) on a symptom or status message,
    /// with the triage's (question, answer) pairs.
    OpenCase {
        problem: String,
        platform: Option<String>,
        answers: Vec<(String, String)>,
    },
    /// Move the open case to this platform (None: all).
    MoveCase {
        platform: Option<String>,
    },
    /// Persist a step's note with its outcome.
    SaveNote {
        step: String,
        state: crate::progress::State,
        note: Option<String>,
    },
    /// Persist these details of the open case (an empty value removes one).
    SaveDetails(Vec<(crate::case::Field, String)>),
    /// Persist clearing these steps' ticks.
    SaveReset {
        steps: Vec<String>,
    },
    /// Stop until continued (Ctrl-Z), then draw everything again.
    Suspend,
    Quit,
}
