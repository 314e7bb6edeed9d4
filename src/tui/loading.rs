//! Loading the guide beside the interface: the loader runs on a thread and
//! posts its progress to the loop's channel; a big guide shows that
//! progress from the first frame, and q quits while it loads.

use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::Event;

use super::keymap::{Context, action_for_key};
use super::sources::Message;
use super::ui::theme::Theme;
use super::{Action, Error, Guide, terminal, ui};
use crate::cache::{Phase, Unwritten, Writes};
use crate::search::Index;

/// A guide loaded within this long opens without a loading screen (and
/// what is wrong with it prints before the terminal is touched).
pub(super) const QUICK: Duration = Duration::from_millis(50);

/// What a loader gives: the search index, and the copy for the cache of
/// a guide read afresh, to write once the index is in use.
pub type Loaded = (Index, Option<Unwritten>);

/// Run `load` on its own thread, posting how it goes and what it gives,
/// then writing its copy for the cache among `writes`; a loader that
/// panics says so, so that nothing waits for it.
pub(super) fn spawn<E: From<Error> + Send + 'static>(
    load: impl FnOnce(&mut dyn FnMut(Phase), &mut dyn FnMut(Guide)) -> Result<Loaded, E>
    + Send
    + 'static,
    post: Sender<Message<E>>,
    writes: Writes,
) {
    std::thread::spawn(move || {
        let (told, ready) = (post.clone(), post.clone());
        let loaded = std::panic::catch_unwind(AssertUnwindSafe(|| {
            load(
                &mut |phase| {
                    let _ = told.send(Message::Loading(phase));
                },
                &mut |guide| {
                    let _ = ready.send(Message::Ready(Box::new(guide)));
                },
            )
        }));
        let (index, unwritten) = match loaded {
            Ok(Ok((index, unwritten))) => (Ok(index), unwritten),
            Ok(Err(e)) => (Err(e), None),
            Err(_) => (Err(Error::Loading.into()), None),
        };
        let _ = post.send(Message::Loaded(Box::new(index)));
        // Only now: search opens without waiting for the copy.
        if let Some(unwritten) = unwritten {
            unwritten.write(&writes);
        }
    });
}

/// The guide, once loaded, waiting at most `timeout` (None: as long as it
/// takes); None when the time passed first or the loader said it will
/// take long (`Phase::long`), with the loader's latest news in `phase`.
/// Only loading news is taken from `inbox`: nothing else posts there yet.
pub(super) fn wait<E: From<Error>>(
    inbox: &Receiver<Message<E>>,
    timeout: Option<Duration>,
    phase: &mut Option<Phase>,
) -> Result<Option<Guide>, E> {
    let deadline = timeout.map(|t| Instant::now() + t);
    loop {
        let message = match deadline {
            Some(deadline) => {
                match inbox.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                    Ok(message) => message,
                    Err(RecvTimeoutError::Timeout) => return Ok(None),
                    // Every sender gone: nothing will come.
                    Err(RecvTimeoutError::Disconnected) => return Err(Error::Loading.into()),
                }
            }
            None => match inbox.recv() {
                Ok(message) => message,
                Err(_) => return Err(Error::Loading.into()),
            },
        };
        match message {
            Message::Ready(guide) => return Ok(Some(*guide)),
            Message::Loaded(loaded) => return Err(failed(*loaded)),
            Message::Loading(now) => {
                *phase = Some(now);
                if now.long() {
                    return Ok(None);
                }
            }
            Message::Terminal(_) | Message::Found(_) | Message::Stop(_) => {}
        }
    }
}

/// Why loading ended without handing over the guide.
fn failed<E: From<Error>>(loaded: Result<Index, E>) -> E {
    // An index with no guide before it: the loader broke its word.
    loaded.err().unwrap_or_else(|| Error::Loading.into())
}

/// Show how loading goes, from `phase`, until the guide is there (Some),
/// the person quits (None), or loading fails or a signal stops it.
pub(super) fn show<B: Backend, E: From<Error>>(
    terminal: &mut Terminal<B>,
    inbox: &Receiver<Message<E>>,
    theme: &Theme,
    mut phase: Option<Phase>,
) -> Result<Option<Guide>, E> {
    let mut dirty = true;
    loop {
        if terminal::resumed() {
            let _ = terminal.clear();
            dirty = true;
        }
        if dirty {
            // A frame that cannot be drawn is no reason to stop loading.
            let _ = terminal.draw(|frame| ui::loading::draw(frame, phase, theme));
        }
        dirty = true;
        let Ok(message) = inbox.recv() else {
            // Every sender gone: the loader died without a word.
            return Ok(None);
        };
        match message {
            Message::Loading(now) => phase = Some(now),
            Message::Ready(guide) => return Ok(Some(*guide)),
            Message::Loaded(loaded) => return Err(failed(*loaded)),
            Message::Terminal(Ok(events)) => {
                for event in events {
                    let Event::Key(key) = event else {
                        continue;
                    };
                    match action_for_key(key, Context::Browse) {
                        Some(Action::Quit) => return Ok(None),
                        Some(Action::Suspend) => terminal::suspend(),
                        _ => {}
                    }
                }
            }
            Message::Terminal(Err(_)) => return Ok(None),
            // Nothing to save yet.
            Message::Stop(signal) => return Err(Error::Stopped { signal, lost: None }.into()),
            Message::Found(_) => dirty = false,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;

    /// What a loader's failure says, in these tests.
    #[derive(Debug, PartialEq)]
    struct Failed(String);

    impl From<Error> for Failed {
        fn from(e: Error) -> Failed {
            Failed(e.to_string())
        }
    }

    #[test]
    fn a_loader_that_panics_is_an_error_not_a_wait() {
        let (post, inbox) = mpsc::channel::<Message<Failed>>();
        spawn(
            |_, _| panic!("a bug in the loader"),
            post,
            Writes::default(),
        );
        let waited = wait(&inbox, None, &mut None);
        assert_eq!(waited.err(), Some(Failed(Error::Loading.to_string())));
    }

    fn guide() -> Guide {
        let (kb, _) = crate::kb::load(None).expect("the built-in guide loads");
        Guide {
            kb: kb.into(),
            platform: None,
        }
    }

    /// What a loader of the built-in guide ends with: the guide handed to
    /// `ready`, its index returned, no copy to write.
    fn hand_over(ready: &mut dyn FnMut(Guide)) -> Loaded {
        let guide = guide();
        let index = Index::new(&guide.kb);
        ready(guide);
        (index, None)
    }

    fn screen(terminal: &Terminal<TestBackend>) -> String {
        terminal.backend().to_string()
    }

    #[test]
    fn a_slow_load_shows_its_progress_then_gives_the_guide() {
        let (post, inbox) = mpsc::channel::<Message<Failed>>();
        let (go, gate) = mpsc::channel::<()>();
        // A loader held at validating until the test lets it go on.
        spawn(
            move |watch, ready| {
                watch(Phase::Checking(1.0));
                watch(Phase::Validating);
                gate.recv().map_err(|e| Failed(e.to_string()))?;
                Ok(hand_over(ready))
            },
            post,
            Writes::default(),
        );
        assert!(
            matches!(inbox.recv(), Ok(Message::Loading(Phase::Checking(_)))),
            "the loader tells where it is"
        );
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
        let theme = Theme::new(true);
        // Held: only its progress can be shown. Draw what is there, then
        // let it go on and take the guide.
        let drawn = &mut terminal;
        let (shown, inbox) = std::thread::scope(|scope| {
            let looping = scope.spawn(move || (show(drawn, &inbox, &theme, None), inbox));
            go.send(()).expect("the loader waits");
            looping.join().expect("no panic")
        });
        // The guide opens before its index, which comes next for the
        // search worker.
        let index = match inbox.recv() {
            Ok(Message::Loaded(loaded)) => (*loaded).ok(),
            _ => None,
        };
        assert!(index.is_some_and(|i| !i.is_empty()));
        let guide = shown.expect("loads").expect("not quit");
        assert_eq!(
            guide.kb.title,
            crate::kb::load(None).expect("loads").0.title
        );
        let text = screen(&terminal);
        assert!(text.contains("Validating"), "{text}");
        assert!(text.contains("q quit"), "{text}");
    }

    #[test]
    fn a_large_cached_copy_shows_progress_at_once_and_a_small_one_is_waited_for() {
        let (post, inbox) = mpsc::channel::<Message<Failed>>();
        // A loader that says it reads a 448 MB copy (a million items),
        // then fails: the wait ends at the news, before the failure.
        spawn(
            |watch, _| {
                watch(Phase::FromCache(448 << 20));
                Err(Failed("read on".into()))
            },
            post,
            Writes::default(),
        );
        let mut phase = None;
        let waited = wait(&inbox, None, &mut phase);
        assert!(matches!(waited, Ok(None)), "not waited for");
        assert_eq!(phase, Some(Phase::FromCache(448 << 20)));

        let (post, inbox) = mpsc::channel::<Message<Failed>>();
        spawn(
            |watch, ready| {
                watch(Phase::FromCache(4 << 20));
                Ok(hand_over(ready))
            },
            post,
            Writes::default(),
        );
        let waited = wait(&inbox, None, &mut None);
        assert!(matches!(waited, Ok(Some(_))), "a small copy opens at once");
    }

    #[test]
    fn q_quits_while_loading_and_a_failure_is_told() {
        let (post, inbox) = mpsc::channel::<Message<Failed>>();
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        post.send(Message::Loading(Phase::Indexing)).expect("open");
        post.send(Message::Terminal(Ok(vec![Event::Key(q)])))
            .expect("open");
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
        let shown = show(&mut terminal, &inbox, &Theme::new(true), None);
        assert!(matches!(shown, Ok(None)), "q quits");
        assert!(screen(&terminal).contains("Indexing for search"));

        let failed = Failed("big.ron:3:7: expected `(`".into());
        post.send(Message::Loaded(Box::new(Err(failed))))
            .expect("open");
        let shown = show(&mut terminal, &inbox, &Theme::new(true), None);
        assert_eq!(
            shown.err(),
            Some(Failed("big.ron:3:7: expected `(`".into()))
        );

        post.send(Message::Ready(Box::new(guide()))).expect("open");
        assert!(matches!(wait(&inbox, None, &mut None), Ok(Some(_))));
    }
}
