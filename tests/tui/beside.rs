//! The search beside the input: requests carry generations, only the answer
//! to the latest is shown, keys that come in together make one search, and
//! nothing waits for an answer. The event loop is driven with a fake
//! terminal and a worker that answers only when the test says so.

use std::collections::VecDeque;
use std::io;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use syncfix::progress::Store;
use syncfix::search::Index;
use syncfix::tui::{
    Action, App, Input, Mode, Request, Searcher, Sources, Subject, Theme, event_loop,
};

use super::{app, mini, screen};

fn searching(app: &App) -> &syncfix::tui::SearchState {
    match &app.mode {
        Mode::Search(search) => search,
        mode => panic!("not searching: {mode:?}"),
    }
}

fn titles(app: &App) -> Vec<&str> {
    let hits = &searching(app).results.hits;
    hits.iter().map(|h| h.title.as_str()).collect()
}

fn type_in(app: &mut App, text: &str) {
    text.chars().for_each(|c| {
        app.update(Action::Insert(c));
    });
}

#[test]
fn an_answer_to_a_query_typed_past_is_dropped() {
    let mut app = app(mini(), 120, 40);
    let mut searcher = Searcher::new(Index::new(&app.kb));
    app.update(Action::StartSearch);
    app.settle(&mut searcher);
    type_in(&mut app, "sign");
    let first = app.search_request().expect("typing asks for a search");
    type_in(&mut app, " out");
    let second = app.search_request().expect("more typing asks again");
    assert_eq!(first.query, "sign");
    assert_eq!(second.query, "sign out");
    assert!(second.generation > first.generation);
    let (old, new) = (searcher.answer(&first), searcher.answer(&second));
    assert_ne!(
        old.results, new.results,
        "the two queries find different things"
    );
    let before = titles(&app).join("|");

    // Both in flight; the older one comes back first: not shown.
    app.update(Action::Found(old.clone()));
    assert_eq!(
        titles(&app).join("|"),
        before,
        "the stale answer is dropped"
    );
    assert!(app.searching(), "still waiting for the latest");
    assert_eq!(
        searching(&app).line.text(),
        "sign out",
        "the query shows at once"
    );

    app.update(Action::Found(new.clone()));
    assert!(!app.searching());
    let shown: Vec<&str> = new.results.hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(titles(&app), shown);

    // The older one coming back after the latest changes nothing either.
    app.update(Action::Found(old));
    assert_eq!(titles(&app), shown);
}

#[test]
fn a_sentence_is_searched_whole_as_the_command_line_searches_it() {
    let kb = super::guide();
    let mut app = app(kb.clone(), 120, 40);
    let mut searcher = Searcher::new(Index::new(&app.kb));
    app.update(Action::StartSearch);
    app.settle(&mut searcher);
    // Its seventh word is the one that says what is wrong.
    let sentence = "my photos on my phone are blurry";
    type_in(&mut app, sentence);
    let request = app.search_request().expect("typing asks for a search");
    assert_eq!(request.query, sentence);
    app.update(Action::Found(searcher.answer(&request)));
    let first = Index::new(&kb).search(sentence, None, 1).hits[0].entry;
    let expected = Index::new(&kb).entry(first).title.to_string();
    assert_eq!(titles(&app).first().copied(), Some(expected.as_str()));
    assert_eq!(expected, "Thumbnails look blurry, small or soft");
}

#[test]
fn results_stay_on_screen_while_the_next_search_runs() {
    let mut app = app(mini(), 120, 40);
    let mut searcher = Searcher::new(Index::new(&app.kb));
    app.update(Action::StartSearch);
    type_in(&mut app, "waiting");
    app.settle(&mut searcher);
    let shown = titles(&app).join("|");
    assert!(!shown.is_empty());
    app.update(Action::Insert('x'));
    assert!(app.searching());
    assert_eq!(titles(&app).join("|"), shown, "the previous results stay");
    assert!(!searching(&app).slow, "no marker until it takes long");
    assert!(!screen(&app).contains("Searching…"));
    app.update(Action::StillSearching);
    assert!(searching(&app).slow, "then a marker says it is searching");
    let shown_slow = screen(&app);
    assert!(shown_slow.contains("┏ Searching… ·"), "{shown_slow}");
    app.settle(&mut searcher);
    assert!(!searching(&app).slow && !app.searching());
    assert!(!screen(&app).contains("Searching…"));
}

#[test]
fn esc_while_a_search_is_pending_leaves_search_at_once() {
    let mut app = app(mini(), 120, 40);
    app.update(Action::Down);
    let before = (app.subject, app.focus, app.list, app.detail);
    let mut searcher = Searcher::new(Index::new(&app.kb));
    app.update(Action::StartSearch);
    type_in(&mut app, "note");
    let request = app.search_request().expect("a search was asked for");
    app.update(Action::Back);
    assert_eq!(app.mode, Mode::Browse, "no waiting for the answer");
    assert_eq!((app.subject, app.focus, app.list, app.detail), before);
    assert_eq!(app.search_request(), None, "nothing left to search");
    // The answer coming later changes nothing.
    app.update(Action::Found(searcher.answer(&request)));
    assert_eq!(app.mode, Mode::Browse);
    assert_eq!((app.subject, app.focus, app.list, app.detail), before);
}

#[test]
fn an_answer_from_an_earlier_search_session_is_not_taken() {
    let mut app = app(mini(), 120, 40);
    let mut searcher = Searcher::new(Index::new(&app.kb));
    app.update(Action::StartSearch);
    type_in(&mut app, "waiting");
    let old = app.search_request().expect("asked");
    app.update(Action::Back);
    app.update(Action::StartSearch);
    assert!(app.searching());
    app.update(Action::Found(searcher.answer(&old)));
    assert!(titles(&app).is_empty(), "the new search has no answer yet");
    app.settle(&mut searcher);
    assert!(!titles(&app).is_empty(), "the empty query lists every item");
}

#[test]
fn a_platform_change_while_searching_asks_again() {
    let mut app = app(mini(), 120, 40);
    let mut searcher = Searcher::new(Index::new(&app.kb));
    app.update(Action::StartSearch);
    type_in(&mut app, "sign");
    app.settle(&mut searcher);
    app.update(Action::Click { column: 5, row: 4 });
    assert_eq!(app.platform_name(), "Mac", "a click in the platform pane");
    let request = app.search_request().expect("a new platform, a new search");
    assert_eq!(request.query, "sign");
    assert_eq!(request.platform.as_deref(), app.platform_id());
}

/// A terminal whose events are scripted in batches (each batch came in
/// together), and a worker that records what it is asked and answers
/// only the requests the script lets it.
struct Script {
    batches: VecDeque<Vec<Input>>,
    asked: Vec<Request>,
    searcher: Option<Searcher>,
}

impl Sources for Script {
    fn next(&mut self, _timeout: Option<Duration>) -> io::Result<Vec<Input>> {
        // Answer what was asked (if this worker answers at all), then
        // hand over the next batch of events with it.
        let mut inputs: Vec<Input> = match (&mut self.searcher, self.asked.last()) {
            (Some(searcher), Some(request)) => vec![Input::Found(searcher.answer(request))],
            _ => Vec::new(),
        };
        if self.searcher.is_some() {
            self.asked.clear();
        }
        let batch = self.batches.pop_front();
        inputs.extend(batch.ok_or_else(|| io::Error::other("the script ran out"))?);
        Ok(inputs)
    }

    fn search(&mut self, request: Request) {
        self.asked.push(request);
    }
}

fn key(c: char) -> Input {
    Input::Terminal(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

fn keys(text: &str) -> Vec<Input> {
    text.chars().map(key).collect()
}

fn esc() -> Input {
    Input::Terminal(Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)))
}

fn ctrl_c() -> Input {
    Input::Terminal(Event::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )))
}

/// Run the event loop over `script` until it quits; the app as it was left.
fn drive(script: &mut Script) -> App {
    let dir = tempfile::tempdir().expect("temp dir");
    let kb = mini();
    let mut store =
        Store::open_without_waiting(dir.path().join("progress.ron"), &kb.id, kb.replaced_ids());
    let mut app = app(kb, 100, 30);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("test backend");
    event_loop(
        &mut terminal,
        &mut app,
        &mut store,
        &Theme::new(true),
        script,
    )
    .expect("the loop ends on quit");
    app
}

#[test]
fn keys_that_come_in_together_make_one_search() {
    let mut script = Script {
        batches: VecDeque::from([keys("/wai"), keys("ting"), vec![ctrl_c()]]),
        asked: Vec::new(),
        searcher: None,
    };
    let app = drive(&mut script);
    let asked: Vec<&str> = script.asked.iter().map(|r| r.query.as_str()).collect();
    assert_eq!(
        asked,
        ["wai", "waiting"],
        "one search per batch, for its end"
    );
    assert_eq!(searching(&app).line.text(), "waiting");
}

#[test]
fn the_loop_shows_the_latest_answer_and_quits_without_waiting_for_one() {
    let mut script = Script {
        batches: VecDeque::from([keys("/waiting"), vec![], vec![ctrl_c()]]),
        asked: Vec::new(),
        searcher: Some(Searcher::new(Index::new(&mini()))),
    };
    let app = drive(&mut script);
    assert_eq!(
        searching(&app).results.hits.first().map(|h| h.id.as_str()),
        Some("status-waiting")
    );
    assert_eq!(app.subject, Some(Subject::Status(0)), "the preview follows");

    // A worker that never answers: Esc and Ctrl-C still act at once.
    let mut script = Script {
        batches: VecDeque::from([keys("/waiting"), vec![esc()], keys("q")]),
        asked: Vec::new(),
        searcher: None,
    };
    let app = drive(&mut script);
    assert_eq!(app.mode, Mode::Browse);
    assert!(
        script.batches.is_empty(),
        "q quit, with the search unanswered"
    );
}

#[test]
fn the_letters_below_the_screen_come_after_and_the_selection_stays() {
    let mut app = app(super::guide(), 120, 16);
    let mut searcher = Searcher::new(Index::new(&app.kb));
    app.update(Action::StartSearch);
    app.settle(&mut searcher);
    type_in(&mut app, "photos");
    let request = app.search_request().expect("asked");
    assert!(request.shown < 16, "the rows on screen: {}", request.shown);
    app.update(Action::Found(searcher.answer(&request)));
    app.update(Action::Down);
    let cursor = searching(&app).cursor;
    let subject = app.subject;
    let rest = searcher.rest().expect("more hits than rows");
    app.update(Action::Found(rest.clone()));
    assert_eq!(searching(&app).results, rest.results);
    assert_eq!((searching(&app).cursor, app.subject), (cursor, subject));
    assert!(searcher.rest().is_none(), "nothing more to light");
}
