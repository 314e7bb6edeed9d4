//! "What do you see?": the questions one at a time, each answer one key,
//! until the case opens with the cursor on the plan's first step.

use syncfix::tui::{Action, App, Effect, Mode, Notice, Pane};

use super::{app, guide, mini};

fn question(app: &App) -> &str {
    match &app.mode {
        Mode::Questions(triage) => &triage.asked(&app.kb).text,
        other => panic!("no question on screen: {other:?}"),
    }
}

fn shown(app: &App) -> Vec<String> {
    let Mode::Questions(triage) = &app.mode else {
        panic!("no question on screen");
    };
    let question = triage.asked(&app.kb);
    let shown = triage.shown(&app.kb).into_iter();
    shown.map(|a| question.answers[a].text.clone()).collect()
}

#[test]
fn two_answers_open_the_case_on_the_first_step() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::AskQuestions);
    assert_eq!(question(&app), "Which device has the problem?");
    assert_eq!(app.update(Action::Answer(0)), Effect::None);
    assert_eq!(question(&app), "What do you notice?");

    let effect = app.update(Action::Answer(2));
    let answers = vec![
        (
            "Which device has the problem?".into(),
            "iPhone or iPad".into(),
        ),
        (
            "What do you notice?".into(),
            "Items say Waiting To Upload".into(),
        ),
    ];
    assert_eq!(
        effect,
        Effect::OpenCase {
            problem: "status-waiting".into(),
            platform: Some("iphone".into()),
            answers,
        }
    );
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!(app.platform_id(), Some("iphone"));
    assert_eq!(app.focus, Pane::Detail);
    assert_eq!(
        app.selected_step().map(|s| s.id.as_str()),
        Some("toggle-sync")
    );
    let case = app.open_case().expect("the case is open");
    assert_eq!(case.problem, "status-waiting");
}

#[test]
fn answers_for_another_platform_are_hidden_and_backspace_goes_back() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::AskQuestions);
    app.update(Action::Answer(1));
    assert_eq!(
        shown(&app),
        [
            "A photo never shows up on the Mac",
            "Items say Waiting To Upload"
        ],
        "the phone-only symptom is not asked about on a Mac"
    );
    app.update(Action::PreviousQuestion);
    assert_eq!(question(&app), "Which device has the problem?");
    let Mode::Questions(triage) = &app.mode else {
        panic!("still asking");
    };
    assert_eq!(triage.cursor, 1, "the answer given is highlighted");
    app.update(Action::Down);
    app.update(Action::Open);
    assert_eq!(shown(&app).len(), 3, "not sure: every answer");
    assert_eq!(
        app.update(Action::Answer(7)),
        Effect::None,
        "no such answer"
    );
    let effect = app.update(Action::Answer(1));
    assert!(matches!(effect, Effect::OpenCase { platform: None, .. }));
    assert_eq!(app.platform_id(), None);
}

/// The shipped guide: after "Mac", the answer that chooses Windows is
/// not offered; not sure of the device, it is.
#[test]
fn an_answer_that_chooses_another_platform_is_hidden() {
    let windows = "Something on a Windows PC";
    let mut app = app(guide(), 120, 40);
    app.update(Action::AskQuestions);
    app.update(Action::Answer(1));
    assert_eq!(question(&app), "What does the status line in Photos say?");
    let other = shown(&app).len() - 1;
    app.update(Action::Answer(other));
    assert_eq!(question(&app), "What do you notice?");
    assert!(
        !shown(&app).iter().any(|a| a == windows),
        "{:?}",
        shown(&app)
    );

    app.update(Action::PreviousQuestion);
    app.update(Action::PreviousQuestion);
    app.update(Action::Answer(3));
    let other = shown(&app).len() - 1;
    app.update(Action::Answer(other));
    assert!(
        shown(&app).iter().any(|a| a == windows),
        "{:?}",
        shown(&app)
    );
}

#[test]
fn esc_leaves_for_the_panes_search_is_one_key_away_and_w_asks_again() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::AskQuestions);
    app.update(Action::Back);
    assert_eq!(app.mode, Mode::Browse);
    assert!(app.open_case().is_none());
    app.update(Action::AskQuestions);
    app.update(Action::Answer(0));
    app.update(Action::StartSearch);
    assert!(matches!(app.mode, Mode::Search(_)));
    app.update(Action::Back);
    assert_eq!(app.mode, Mode::Browse);
    app.update(Action::AskQuestions);
    assert_eq!(
        question(&app),
        "Which device has the problem?",
        "asked afresh"
    );
}

/// `?` on a question shows the key help; closing it comes back to the same
/// question with the answers given so far.
#[test]
fn help_from_a_question_comes_back_to_it() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::AskQuestions);
    app.update(Action::Answer(0));
    assert_eq!(question(&app), "What do you notice?");
    let before = app.mode.clone();
    app.update(Action::ToggleHelp);
    assert!(matches!(app.mode, Mode::Help { .. }), "{:?}", app.mode);
    app.update(Action::Down);
    app.update(Action::Back);
    assert_eq!(app.mode, before, "the same question and answers");
    app.update(Action::Answer(0));
    assert!(!matches!(app.mode, Mode::Questions(_)), "answering goes on");
}

#[test]
fn an_answer_of_normal_activity_shows_it_and_opens_no_case() {
    let mut app = app(guide(), 120, 40);
    app.update(Action::AskQuestions);
    app.update(Action::Answer(0));
    assert_eq!(question(&app), "What does the status line in Photos say?");
    let syncing = shown(&app)
        .iter()
        .position(|a| a == "Syncing With iCloud")
        .expect("the answer is offered");
    assert_eq!(app.update(Action::Answer(syncing)), Effect::None);
    assert_eq!(app.mode, Mode::Browse);
    assert!(app.open_case().is_none(), "no case for normal activity");
    assert_eq!(app.platform_id(), Some("iphone"));
    let Some(Notice::Info(said)) = &app.notice else {
        panic!("nothing said: {:?}", app.notice);
    };
    assert_eq!(
        said,
        "“Syncing With iCloud” is normal activity: nothing to fix, no case opened. Something \
         else wrong? / finds it in your words; w asks again."
    );
}
