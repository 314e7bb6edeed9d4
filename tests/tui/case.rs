//! Working a case in the interface: outcome keys, the cursor moving on to
//! the next step still to try, and the word when none is left.

use syncfix::progress::State;
use syncfix::tui::{Action, App, Ask, Effect, Mode, Notice, Pane};

use super::{app, mini, screen};

/// Whether some line of the detail reads `text`.
fn shows(app: &App, text: &str) -> bool {
    let line =
        |l: &syncfix::tui::DocLine| l.pieces.iter().map(|p| p.text.as_str()).collect::<String>();
    app.doc.lines.iter().any(|l| line(l).contains(text))
}

fn cursor_step(app: &App) -> &str {
    app.selected_step().map_or("", |s| s.id.as_str())
}

#[test]
fn a_whole_plan_marked_one_key_at_a_time() {
    let mut app = app(mini(), 120, 40);
    assert!(app.go_to("not-on-mac", true), "the problem is in the list");
    app.update(Action::ChoosePlatform(1));
    assert_eq!(app.focus, Pane::Detail);
    assert_eq!(cursor_step(&app), "on-iphone");

    let effect = app.update(Action::Mark(State::DidntHelp));
    let step = "on-iphone".to_string();
    assert_eq!(
        effect,
        Effect::SaveMark {
            step,
            state: State::DidntHelp,
            note: None,
            solves: None,
        }
    );
    assert_eq!(app.marks.state("on-iphone"), Some(State::DidntHelp));
    assert_eq!(
        cursor_step(&app),
        "toggle-sync",
        "moved to the next open step"
    );
    assert!(shows(&app, "[-] Turn Sync This iPhone on."));

    app.update(Action::Mark(State::Skipped));
    assert_eq!(cursor_step(&app), "sign-out");
    app.update(Action::PrevOpen);
    assert_eq!(cursor_step(&app), "sign-out", "the only step left");

    app.update(Action::Mark(State::Done));
    // The skipped step is still to try, not tried.
    assert!(shows(&app, "2/3 steps tried"));
    let Some(Notice::Info(said)) = &app.notice else {
        panic!("says the plan is exhausted");
    };
    assert!(said.contains("Every step here has been tried"), "{said}");
    assert!(said.contains("syncfix report"), "{said}");
    assert!(said.contains("R writes the report"), "{said}");

    // `]` with none left says the skipped step is still to try, as `next`
    // does, not that nothing is.
    app.update(Action::NextOpen);
    let Some(Notice::Info(said)) = &app.notice else {
        panic!("says what is left");
    };
    assert!(said.contains("1 skipped ([~]) still to try"), "{said}");
}

#[test]
fn fixed_it_is_saved_and_says_so() {
    let mut app = app(mini(), 120, 40);
    app.go_to("status-waiting", true);
    assert_eq!(cursor_step(&app), "toggle-sync");
    let effect = app.update(Action::Mark(State::FixedIt));
    let step = "toggle-sync".to_string();
    assert_eq!(
        effect,
        Effect::SaveMark {
            step,
            state: State::FixedIt,
            note: None,
            solves: None,
        }
    );
    assert!(matches!(&app.notice, Some(Notice::Info(s)) if s.starts_with("Fixed")));
    assert!(shows(&app, "[✓] Toggle sync off"));
}

#[test]
fn the_view_remembers_platform_and_item() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::ChoosePlatform(2));
    app.go_to("status-waiting", false);
    let view = app.view();
    assert_eq!(view.platform.as_deref(), Some("mac"));
    assert_eq!(view.item.as_deref(), Some("status-waiting"));
}

/// Open a case on "Waiting To Upload" on the iPhone, as the questions do.
fn waiting_on_iphone(width: u16, height: u16) -> App {
    let mut app = app(mini(), width, height);
    app.update(Action::AskQuestions);
    app.update(Action::Answer(0));
    app.update(Action::Answer(2));
    app
}

#[test]
fn an_exhausted_case_says_so_and_offers_help_and_the_report() {
    let mut app = waiting_on_iphone(120, 40);
    app.update(Action::Mark(State::DidntHelp));
    assert!(!shows(&app, "Every step of the plan has been tried"));
    app.update(Action::Mark(State::Skipped));
    assert!(shows(&app, "Every step of the plan has been tried"));
    assert!(shows(&app, "H opens “When to get") || shows(&app, "H opens"));
    let Some(Notice::Info(said)) = &app.notice else {
        panic!("says the plan is exhausted");
    };
    assert!(said.contains("H for help, R for the report"), "{said}");
    assert!(app.open_case().is_some(), "an exhausted case stays open");

    assert_eq!(app.update(Action::WriteReport), Effect::WriteReport);
    app.update(Action::ReportWritten {
        path: "/s/syncfix-report-20261105-143209.md".into(),
        copied: true,
    });
    assert!(
        screen(&app).contains("Report syncfix-report-20261105-143209.md (copied) in /s "),
        "says where the report went"
    );

    app.update(Action::OpenHelpNote);
    assert_eq!(app.view().item.as_deref(), Some("get-help"));
    assert_eq!(app.focus, Pane::Detail);
}

#[test]
fn fixed_it_closes_the_case_naming_the_step() {
    let mut app = waiting_on_iphone(120, 40);
    app.update(Action::Mark(State::FixedIt));
    let case = app.case.as_ref().expect("the case is kept");
    let closed = case.closed.as_ref().expect("closed");
    assert_eq!(closed.solved_by.as_deref(), Some("toggle-sync"));
    assert!(app.open_case().is_none());
    let Some(Notice::Info(said)) = &app.notice else {
        panic!("says it is fixed");
    };
    assert!(said.starts_with("Fixed it: the case is closed"), "{said}");
    assert!(shows(&app, "Fixed: the case is closed as solved"));
}

fn typed(app: &mut App, text: &str) {
    text.chars().for_each(|c| {
        app.update(Action::Insert(c));
        super::settle(app);
    });
}

#[test]
fn a_whole_case_from_the_questions_to_the_report() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::AskQuestions);
    app.update(Action::Answer(2));
    let opened = app.update(Action::Answer(0));
    assert!(matches!(opened, Effect::OpenCase { ref problem, .. } if problem == "not-on-mac"));
    assert_eq!(cursor_step(&app), "on-iphone");

    app.update(Action::Mark(State::DidntHelp));
    app.update(Action::Mark(State::Skipped));
    app.update(Action::Mark(State::Done));
    assert_eq!(
        cursor_step(&app),
        "toggle-sync",
        "three outcomes, then the next"
    );

    // N right after d: the note is for the step just marked, not for
    // the next one, still untried, that the cursor moved on to.
    app.update(Action::EditNote);
    assert!(matches!(app.mode, Mode::Note(ref n) if n.step == "on-windows" && n.just_marked));
    typed(&mut app, "waited a minute");
    let saved = app.update(Action::Save);
    assert_eq!(
        saved,
        Effect::SaveNote {
            step: "on-windows".into(),
            state: State::Done,
            note: Some("waited a minute".into()),
        },
    );
    assert_eq!(cursor_step(&app), "toggle-sync", "the cursor stays put");

    // On a step with no outcome, the editor opens all the same (words
    // typed never turn into keys), says that saving marks it done, and
    // does so, moving on as d does.
    app.update(Action::EditNote);
    assert!(matches!(app.mode, Mode::Note(ref n) if n.step == "toggle-sync" && n.marks_it));
    typed(&mut app, "toggled twice");
    assert_eq!(
        app.update(Action::Save),
        Effect::SaveNote {
            step: "toggle-sync".into(),
            state: State::Done,
            note: Some("toggled twice".into()),
        },
    );
    assert!(matches!(&app.notice, Some(Notice::Info(s)) if s == "Marked done, with its note."));
    assert_eq!(cursor_step(&app), "sign-out", "on to the next, as with d");
    app.update(Action::Up);

    let open = app.open_case().map(|case| case.id);
    assert!(open.is_some());
    let fixed = app.update(Action::Mark(State::FixedIt));
    assert_eq!(
        fixed,
        Effect::SaveMark {
            step: "toggle-sync".into(),
            state: State::FixedIt,
            note: Some("toggled twice".into()),
            solves: open,
        },
    );
    // The step fixed it and the cursor stays on it: N is for it.
    app.update(Action::EditNote);
    assert!(matches!(app.mode, Mode::Note(ref n) if n.step == "toggle-sync" && !n.just_marked));
    app.update(Action::Back);
    app.update(Action::Up);
    app.update(Action::Up);
    assert!(shows(&app, "Note: waited a minute"));
    assert!(app.open_case().is_none(), "fixed it closes the case");
    assert_eq!(app.update(Action::WriteReport), Effect::WriteReport);
}

#[test]
fn the_details_form_saves_what_changed_and_esc_cancels() {
    use syncfix::case::Field;
    let mut app = app(mini(), 120, 40);
    app.update(Action::EditDetails);
    assert_eq!(app.mode, Mode::Browse, "no case, no form");
    assert!(matches!(&app.notice, Some(Notice::Info(s)) if s.contains("No case is open")));

    let mut app = waiting_on_iphone(120, 40);
    app.update(Action::EditDetails);
    typed(&mut app, "iPhone 15");
    app.update(Action::FocusNext);
    app.update(Action::FocusNext);
    typed(&mut app, "40,000 items");
    app.update(Action::Up);
    typed(&mut app, "iOS 18.3");
    let saved = app.update(Action::Save);
    assert_eq!(
        saved,
        Effect::SaveDetails(vec![
            (Field::Device, "iPhone 15".into()),
            (Field::Os, "iOS 18.3".into()),
            (Field::Library, "40,000 items".into()),
        ])
    );
    let case = app.open_case().expect("open");
    assert_eq!(case.details.get("os").map(String::as_str), Some("iOS 18.3"));

    app.update(Action::EditDetails);
    app.update(Action::Insert('!'));
    app.update(Action::Back);
    assert_eq!(app.mode, Mode::Browse);
    app.update(Action::EditDetails);
    assert_eq!(app.update(Action::Save), Effect::None, "nothing changed");
}

/// A note or a detail saved from the command line may hold line breaks,
/// which a line shows as spaces: Enter on a line left as it opened keeps
/// the text as it was, line breaks and all.
#[test]
fn enter_on_a_line_left_as_it_opened_keeps_the_text_as_it_was() {
    let mut app = waiting_on_iphone(120, 40);
    let step = cursor_step(&app).to_string();
    let note = "first line\nsecond line".to_string();
    let mut outcome = app
        .marks
        .0
        .get(&step)
        .cloned()
        .unwrap_or(syncfix::progress::Outcome {
            state: State::DidntHelp,
            at: jiff::Timestamp::now(),
            note: None,
        });
    outcome.note = Some(note.clone());
    app.marks.0.insert(step.clone(), outcome);
    app.update(Action::EditNote);
    assert_eq!(app.update(Action::Save), Effect::None);
    assert!(matches!(&app.notice, Some(Notice::Info(s)) if s == "Note unchanged."));
    assert_eq!(app.marks.0[&step].note.as_deref(), Some(note.as_str()));

    let case = app.case.as_mut().expect("a case is open");
    case.details
        .insert("library".into(), "40,000 items\nmostly video".into());
    app.update(Action::EditDetails);
    typed(&mut app, "iPhone 15");
    assert_eq!(
        app.update(Action::Save),
        Effect::SaveDetails(vec![(syncfix::case::Field::Device, "iPhone 15".into())]),
        "only the line typed in"
    );
    let case = app.open_case().expect("open");
    assert_eq!(
        case.details.get("library").map(String::as_str),
        Some("40,000 items\nmostly video")
    );
}

/// Asking again while a case is open never closes it unasked: answers
/// that lead to another problem ask first, as `c` does, and no keeps the
/// case; answers that lead to its own problem go on with it.
#[test]
fn asking_again_during_a_case_asks_before_closing_it() {
    let mut app = waiting_on_iphone(120, 40);
    let open = app.open_case().expect("a case is open").clone();
    app.update(Action::AskQuestions);
    app.update(Action::Answer(0));
    assert_eq!(app.update(Action::Answer(0)), Effect::None);
    let answers: Vec<(String, String)> = [
        ("Which device has the problem?", "iPhone or iPad"),
        ("What do you notice?", "A photo never shows up on the Mac"),
    ]
    .map(|(q, a)| (q.to_string(), a.to_string()))
    .to_vec();
    assert_eq!(
        app.mode,
        Mode::Confirm(Ask::NewCase {
            answers: answers.clone()
        })
    );
    assert_eq!(app.open_case(), Some(&open), "still open while asked");
    app.update(Action::Back);
    assert_eq!(app.open_case(), Some(&open), "no keeps it");

    app.update(Action::AskQuestions);
    app.update(Action::Answer(0));
    assert_eq!(app.update(Action::Answer(2)), Effect::None);
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(app.open_case(), Some(&open), "its own problem goes on");

    app.update(Action::AskQuestions);
    app.update(Action::Answer(0));
    app.update(Action::Answer(0));
    let opened = app.update(Action::Confirm);
    assert_eq!(
        opened,
        Effect::OpenCase {
            problem: "not-on-mac".into(),
            platform: Some("iphone".into()),
            answers,
        }
    );
}

/// A note is what was learnt trying a step: Space asks before it goes.
#[test]
fn space_on_a_step_with_a_note_asks_first() {
    let mut app = app(mini(), 120, 40);
    assert!(app.go_to("not-on-mac", true), "the problem is in the list");
    app.update(Action::ChoosePlatform(1));
    app.update(Action::Mark(State::DidntHelp));
    app.update(Action::Up);
    app.update(Action::EditNote);
    typed(&mut app, "hotel wifi has a portal");
    app.update(Action::Save);
    assert_eq!(cursor_step(&app), "on-iphone");

    assert_eq!(app.update(Action::ToggleTick), Effect::None);
    assert_eq!(
        app.mode,
        Mode::Confirm(Ask::Clear {
            step: "on-iphone".into()
        })
    );
    assert_eq!(app.update(Action::Back), Effect::None, "no keeps it");
    assert_eq!(app.marks.state("on-iphone"), Some(State::DidntHelp));

    app.update(Action::ToggleTick);
    let effect = app.update(Action::Confirm);
    assert_eq!(
        effect,
        Effect::SaveTick {
            step: "on-iphone".into(),
            ticked: false
        }
    );
    assert_eq!(app.marks.state("on-iphone"), None);
    assert!(matches!(&app.notice, Some(Notice::Info(s)) if s.contains("and its note")));

    // Cleared by another syncfix while the question is up: yes ticks
    // nothing.
    app.update(Action::Mark(State::DidntHelp));
    app.update(Action::Up);
    app.update(Action::EditNote);
    typed(&mut app, "again");
    app.update(Action::Save);
    app.update(Action::ToggleTick);
    assert!(
        matches!(app.mode, Mode::Confirm(Ask::Clear { .. })),
        "asked"
    );
    app.marks.0.remove("on-iphone");
    assert_eq!(app.update(Action::Confirm), Effect::None);
    assert_eq!(app.marks.state("on-iphone"), None);
}

#[test]
fn space_on_another_outcome_clears_it_and_says_what_went() {
    let mut app = app(mini(), 120, 40);
    assert!(app.go_to("not-on-mac", true), "the problem is in the list");
    app.update(Action::ChoosePlatform(1));
    assert_eq!(cursor_step(&app), "on-iphone");
    app.update(Action::Mark(State::DidntHelp));
    app.update(Action::Up);
    assert_eq!(cursor_step(&app), "on-iphone");
    let effect = app.update(Action::ToggleTick);
    assert_eq!(
        effect,
        Effect::SaveTick {
            step: "on-iphone".into(),
            ticked: false
        }
    );
    let Some(Notice::Info(said)) = &app.notice else {
        panic!("nothing said: {:?}", app.notice);
    };
    assert_eq!(
        said,
        "Cleared “didn't help”; Space again marks the step done."
    );
}

#[test]
fn c_works_the_symptom_shown_as_a_case_on_the_platform_chosen() {
    let mut app = app(mini(), 120, 40);
    assert!(app.go_to("not-on-mac", true), "the problem is in the list");
    app.update(Action::ChoosePlatform(1));
    let effect = app.update(Action::StartCase);
    assert_eq!(
        effect,
        Effect::OpenCase {
            problem: "not-on-mac".into(),
            platform: Some("iphone".into()),
            answers: Vec::new(),
        }
    );
    let case = app.open_case().expect("the case is open");
    assert_eq!(
        (case.problem.as_str(), case.platform.as_deref()),
        ("not-on-mac", Some("iphone"))
    );
    assert_eq!(cursor_step(&app), "on-iphone", "on the first step to try");

    // Again: nothing new.
    assert_eq!(app.update(Action::StartCase), Effect::None);
    assert!(matches!(&app.notice, Some(Notice::Info(s)) if s.contains("open already")));

    // Another problem asks first: no leaves the case open.
    assert!(app.go_to("status-waiting", true));
    assert_eq!(app.update(Action::StartCase), Effect::None);
    assert_eq!(
        app.mode,
        Mode::Confirm(Ask::NewCase {
            answers: Vec::new()
        })
    );
    let question = app.closing_question().expect("a question");
    assert!(
        question.starts_with("Close the case on ")
            && question.contains("(0 of ")
            && question.contains("as unsolved, and open one on “"),
        "{question}"
    );
    assert_eq!(app.update(Action::Back), Effect::None);
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(
        app.open_case().map(|c| c.problem.as_str()),
        Some("not-on-mac"),
        "no leaves the open case as it was"
    );

    // Yes closes this one, and says so.
    app.update(Action::StartCase);
    assert!(matches!(
        app.update(Action::Confirm),
        Effect::OpenCase { .. }
    ));
    let Some(Notice::Info(said)) = &app.notice else {
        panic!("nothing said");
    };
    assert!(
        said.starts_with("New case open (") && said.contains("is closed, unsolved."),
        "{said}"
    );
    assert_eq!(
        app.open_case().map(|c| c.problem.as_str()),
        Some("status-waiting")
    );
}

#[test]
fn c_on_a_fix_opens_nothing_and_says_why() {
    let mut app = app(mini(), 120, 40);
    let fix = app.kb.fixes[0].id.clone();
    assert!(app.go_to(&fix, true));
    assert_eq!(app.update(Action::StartCase), Effect::None);
    assert!(matches!(&app.notice, Some(Notice::Info(s)) if s.starts_with("Show a symptom")));
    assert!(app.open_case().is_none());
}

#[test]
fn next_step_with_none_left_here_goes_back_to_the_open_case() {
    let mut app = app(mini(), 120, 40);
    assert!(app.go_to("not-on-mac", true));
    app.update(Action::ChoosePlatform(1));
    app.update(Action::StartCase);
    app.update(Action::Mark(State::DidntHelp));
    let next = cursor_step(&app).to_string();
    assert_ne!(next, "on-iphone", "moved on");

    // Off to read a note, which has no steps; then `]`.
    assert!(app.go_to("get-help", false));
    app.update(Action::ChoosePlatform(0));
    app.update(Action::NextOpen);
    let shown = app.subject.map(|s| s.item(&app.kb).id().to_string());
    assert_eq!(shown.as_deref(), Some("not-on-mac"), "the case's problem");
    assert_eq!(app.platform_id(), Some("iphone"), "on the case's platform");
    assert_eq!(cursor_step(&app), next, "at its next step");
    assert!(matches!(&app.notice, Some(Notice::Info(s)) if s.contains("back to the open case")));
}

/// `c` on the open case's problem, with another platform chosen, asks to
/// move the case there; yes keeps what it holds.
#[test]
fn c_on_the_cases_problem_elsewhere_moves_the_case_after_asking() {
    let mut app = waiting_on_iphone(120, 40);
    let case = app.case.as_mut().expect("a case is open");
    case.details.insert("device".into(), "iPhone 15".into());
    let (started, answers) = (case.started, case.answers.clone());
    app.update(Action::ChoosePlatform(2));
    assert_eq!(app.update(Action::StartCase), Effect::None);
    assert_eq!(app.mode, Mode::Confirm(Ask::MoveCase));
    let question = app.moving_question().expect("asked");
    assert!(
        question.starts_with("Move the case on “Waiting To Upload” from iPhone/iPad to Mac?"),
        "{question}"
    );
    assert_eq!(
        app.update(Action::Confirm),
        Effect::MoveCase {
            platform: Some("mac".into())
        }
    );
    let case = app.open_case().expect("still open");
    assert_eq!(case.platform.as_deref(), Some("mac"));
    assert_eq!((case.started, &case.answers), (started, &answers));
    assert_eq!(
        case.details.get("device").map(String::as_str),
        Some("iPhone 15")
    );
    assert!(
        matches!(&app.notice, Some(Notice::Info(s)) if s == "Case moved to Mac: outcomes, answers and details kept.")
    );
}

/// The open case closed by another syncfix (a script marking a step fixed
/// it) is said, with the step, since the title just loses the case.
#[test]
fn a_case_closed_elsewhere_is_said() {
    let mut app = waiting_on_iphone(120, 40);
    let step = cursor_step(&app).to_string();
    let mut closed = app.open_case().expect("open").clone();
    closed.closed = Some(syncfix::progress::Closed {
        at: jiff::Timestamp::now(),
        solved_by: Some(step),
    });
    app.update(Action::CaseChanged(Some(closed.clone())));
    assert!(app.open_case().is_none());
    let Some(Notice::Info(said)) = &app.notice else {
        panic!("nothing said: {:?}", app.notice);
    };
    assert!(
        said.starts_with("Another syncfix closed the case on “Waiting To Upload”, solved by “"),
        "{said}"
    );
    // Told again what it holds already, it says nothing more.
    app.notice = None;
    app.update(Action::CaseChanged(Some(closed)));
    assert_eq!(app.notice, None);
}

/// The count of details said after the form is saved follows the case as
/// the file has it, when another syncfix adds one meanwhile.
#[test]
fn the_details_count_follows_the_case_as_saved() {
    let mut app = waiting_on_iphone(120, 40);
    app.update(Action::EditDetails);
    typed(&mut app, "iPhone 15");
    app.update(Action::Save);
    assert_eq!(app.notice, Some(Notice::DetailsGiven));
    assert!(screen(&app).contains("Details for support: 1 of 4 given"));
    let mut merged = app.open_case().expect("open").clone();
    merged.details.insert("os".into(), "iOS 18.3".into());
    app.update(Action::CaseChanged(Some(merged)));
    assert!(screen(&app).contains("Details for support: 2 of 4 given"));
}

/// A note from the file, as any script may have written it, is drawn with
/// its controls and hidden characters made visible, as the command line
/// shows them: never an escape sequence, never a tag character.
#[test]
fn a_note_from_the_file_is_drawn_made_visible() {
    let mut app = app(mini(), 120, 40);
    assert!(app.go_to("not-on-mac", true), "the problem is in the list");
    app.update(Action::ChoosePlatform(1));
    app.update(Action::Mark(State::DidntHelp));
    let mut marks = app.marks.clone();
    let outcome = marks.0.get_mut("on-iphone").expect("marked");
    outcome.note = Some("NOTE\u{1b}]2;PWN\u{7}A\u{202e}B\u{E0041}".into());
    app.update(Action::MarksChanged(marks));
    assert!(shows(&app, "Note: NOTE␛]2;PWN␇A<U+202E>B<U+E0041>"));
    let drawn = screen(&app);
    assert!(
        !drawn.contains(['\u{1b}', '\u{202e}', '\u{E0041}']),
        "{drawn}"
    );
}

/// A step under the cursor that another syncfix (a script) marks is left
/// for the next still to try, as a mark made here leaves it; a mark of
/// another step leaves the cursor where it is.
#[test]
fn a_step_marked_elsewhere_under_the_cursor_is_left_for_the_next() {
    let mut app = app(mini(), 120, 40);
    assert!(app.go_to("not-on-mac", true), "the problem is in the list");
    app.update(Action::ChoosePlatform(1));
    assert_eq!(cursor_step(&app), "on-iphone");
    let mark = |app: &App, id: &str| {
        let mut marks = app.marks.clone();
        marks.0.insert(
            id.to_string(),
            syncfix::progress::Outcome {
                state: State::DidntHelp,
                at: jiff::Timestamp::now(),
                note: None,
            },
        );
        marks
    };
    let elsewhere = mark(&app, "sign-out");
    app.update(Action::MarksChanged(elsewhere));
    assert_eq!(
        cursor_step(&app),
        "on-iphone",
        "another step: the cursor stays"
    );
    let here = mark(&app, "on-iphone");
    app.update(Action::MarksChanged(here));
    assert_eq!(cursor_step(&app), "toggle-sync");
}

/// A plan run out low on the guide's ladder points to the problem whose
/// plan goes on past it, and how to work it.
#[test]
fn a_plan_run_out_says_where_to_go_on() {
    let mut app = app(super::guide(), 120, 40);
    assert!(app.go_to("nothing-syncs-anywhere", true));
    app.update(Action::ChoosePlatform(2));
    assert!(matches!(
        app.update(Action::StartCase),
        Effect::OpenCase { .. }
    ));
    for _ in 0..9 {
        app.update(Action::Mark(State::DidntHelp));
    }
    assert!(
        shows(&app, "Still stuck? “Errors persist"),
        "{:?}",
        app.doc.word
    );
    assert!(shows(&app, "7 more steps"));
    assert!(shows(&app, "press c to work it as a case"));
}

/// "Fixed it" on another problem's step (its page opened while a case is
/// open) asks before it closes the case as solved by that step: it may be
/// a slip, and the report would name a step its plan never held. No
/// leaves everything as it was; yes marks it and closes the case.
#[test]
fn fixed_it_outside_the_case_plan_asks_first() {
    let mut app = app(super::guide(), 120, 40);
    assert!(app.go_to("waiting-to-upload", true));
    app.update(Action::ChoosePlatform(2));
    assert!(matches!(
        app.update(Action::StartCase),
        Effect::OpenCase { .. }
    ));
    let case = app.open_case().expect("a case is open").clone();
    assert!(app.go_to("shared-album-items-missing", true));
    app.update(Action::FocusRight);
    let step = cursor_step(&app).to_string();
    assert!(!syncfix::case::in_plan(&app.kb, &case, &step), "{step}");
    assert_eq!(app.update(Action::Mark(State::FixedIt)), Effect::None);
    assert_eq!(app.mode, Mode::Confirm(Ask::Solve { step: step.clone() }));
    assert_eq!(
        app.solving_question().as_deref(),
        Some(
            "This step is not in the plan of the case on Items say “Waiting To Upload” \
             (Mac). Mark it “fixed it” and close that case as solved by it?"
        )
    );
    assert_eq!(app.update(Action::Back), Effect::None);
    assert_eq!(app.marks.state(&step), None, "no leaves it unmarked");
    assert_eq!(app.open_case().map(|c| c.id), Some(case.id));

    app.update(Action::Mark(State::FixedIt));
    assert_eq!(
        app.update(Action::Confirm),
        Effect::SaveMark {
            step: step.clone(),
            state: State::FixedIt,
            note: None,
            solves: Some(case.id),
        }
    );
    assert_eq!(app.marks.state(&step), Some(State::FixedIt));
    assert!(app.open_case().is_none(), "closed as solved");

    // Asked while another syncfix closes the case: the question goes,
    // and y then marks nothing.
    let mut reopened = case.clone();
    reopened.id += 1;
    app.update(Action::CaseChanged(Some(reopened.clone())));
    assert_eq!(app.update(Action::Mark(State::FixedIt)), Effect::None);
    assert!(matches!(app.mode, Mode::Confirm(Ask::Solve { .. })));
    let mut closed = reopened;
    closed.closed = Some(syncfix::progress::Closed {
        at: jiff::Timestamp::now(),
        solved_by: None,
    });
    app.update(Action::CaseChanged(Some(closed)));
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(app.update(Action::Confirm), Effect::None);
}

#[test]
fn c_on_all_platforms_opens_a_problem_of_one_platform_on_it() {
    // The shipped guide: moving to a new phone is for iPhone/iPad alone.
    let mut app = app(super::guide(), 120, 40);
    assert!(app.go_to("moving-to-new-phone", true));
    assert_eq!(app.platform_id(), None, "on All");
    let effect = app.update(Action::StartCase);
    assert_eq!(
        effect,
        Effect::OpenCase {
            problem: "moving-to-new-phone".into(),
            platform: Some("iphone".into()),
            answers: Vec::new(),
        }
    );
}

/// A heading longer than the detail is wide wraps as text does: the help
/// note's "What to collect before contacting support" was cut at 80
/// columns, losing the word that says what it is for.
#[test]
fn a_long_heading_wraps_and_is_never_cut() {
    let mut app = app(super::guide(), 80, 24);
    assert!(app.go_to("get-help", true));
    let lines: Vec<String> = app
        .doc
        .lines
        .iter()
        .map(|l| l.pieces.iter().map(|p| p.text.as_str()).collect())
        .collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("WHAT TO COLLECT"))
        .expect("the heading");
    let heading = format!("{} {}", lines[at].trim_end(), lines[at + 1].trim());
    assert_eq!(
        heading, "WHAT TO COLLECT BEFORE CONTACTING SUPPORT",
        "{lines:#?}"
    );
}

/// Reopened on a case whose plan has run out, syncfix lands on the plan
/// as it left it: the skipped step (still to try) under the cursor and the
/// plan's end said again, not the symptom list and bare hints.
#[test]
fn reopening_a_run_out_case_lands_on_its_skipped_step_and_says_so() {
    let mut first = app(super::guide(), 120, 40);
    assert!(first.go_to("status-paused", true));
    first.update(Action::ChoosePlatform(1));
    assert!(matches!(
        first.update(Action::StartCase),
        Effect::OpenCase { .. }
    ));
    assert!(first.open_case().is_some());
    assert_eq!(cursor_step(&first), "charge-the-device");
    first.update(Action::Mark(State::Skipped));
    first.update(Action::Mark(State::DidntHelp));

    let mut again = App::new(
        super::guide(),
        Some("iphone"),
        first.marks.clone(),
        ratatui::layout::Rect::new(0, 0, 120, 40),
    );
    again.update(Action::CaseChanged(first.case.clone()));
    assert!(again.go_to("status-paused", true));
    assert_eq!(again.focus, Pane::Detail);
    assert_eq!(cursor_step(&again), "charge-the-device", "the skipped step");
    let Some(Notice::Info(said)) = &again.notice else {
        panic!("nothing said: {:?}", again.notice);
    };
    assert_eq!(
        said,
        "Every step of the plan has been tried except 1 skipped ([~]), still to try. H for \
         help, R for the report."
    );
}
