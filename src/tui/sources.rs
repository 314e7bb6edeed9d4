//! Where the event loop's input comes from: a thread reading the terminal
//! (all the events that came in together, as one batch), the search
//! worker, and while the guide loads, the loader; all heard on one
//! channel, so the loop never polls.

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};

use super::Guide;
use super::finder::{Answer, Request, Worker};
use crate::cache::Phase;
use crate::search::Index;

/// What the loop hears.
#[derive(Debug)]
pub enum Input {
    Terminal(Event),
    Found(Answer),
    /// A signal asked syncfix to end (SIGTERM, SIGHUP...).
    Stop(i32),
}

/// Where the loop's input comes from and its searches go: the terminal
/// and the search worker, or whatever a test puts in their place.
pub trait Sources {
    /// All the input there is, waiting up to `timeout` (None: for as long
    /// as it takes) for the first; empty when the time passed first.
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Vec<Input>>;
    /// Hand a search to the worker; its answer comes back through `next`.
    fn search(&mut self, request: Request);
}

/// What the threads beside the loop send it; `E` is what a failed load
/// of the guide says.
pub(super) enum Message<E> {
    /// Terminal events that came in together.
    Terminal(io::Result<Vec<Event>>),
    Found(Answer),
    /// A signal asked syncfix to end.
    Stop(i32),
    /// How loading the guide is going.
    Loading(Phase),
    /// The guide: browsing can open.
    Ready(Box<Guide>),
    /// Its search index, or why the guide could not be loaded.
    Loaded(Box<Result<Index, E>>),
}

/// The real terminal and search worker, each on its own thread, both
/// heard through one channel.
pub(super) struct Live<E> {
    pub(super) inbox: Receiver<Message<E>>,
    worker: Worker,
    index: Sender<Index>,
}

impl<E: Send + 'static> Live<E> {
    /// Start reading the terminal and the search worker; both post to
    /// `post`, which `inbox` receives (the loader posts there too).
    pub(super) fn start(post: Sender<Message<E>>, inbox: Receiver<Message<E>>) -> Live<E> {
        let terminal = post.clone();
        std::thread::spawn(move || {
            loop {
                let batch = read_batch();
                let failed = batch.is_err();
                if terminal.send(Message::Terminal(batch)).is_err() || failed {
                    return;
                }
            }
        });
        let (index, waiting) = mpsc::channel();
        let worker = Worker::spawn(waiting, move |answer| {
            post.send(Message::Found(answer)).is_ok()
        });
        Live {
            inbox,
            worker,
            index,
        }
    }

    /// The search index, for the worker to search from now on.
    fn index(&self, index: Index) {
        let _ = self.index.send(index);
    }
}

/// The next terminal event and all that came in with it.
fn read_batch() -> io::Result<Vec<Event>> {
    let mut batch = vec![event::read()?];
    while event::poll(Duration::ZERO)? {
        batch.push(event::read()?);
    }
    Ok(batch)
}

impl<E: Send + 'static> Sources for Live<E> {
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Vec<Input>> {
        let first = match timeout {
            Some(timeout) => match self.inbox.recv_timeout(timeout) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => return Ok(Vec::new()),
                Err(RecvTimeoutError::Disconnected) => return Err(gone()),
            },
            None => self.inbox.recv().map_err(|_| gone())?,
        };
        let mut inputs = Vec::new();
        for message in std::iter::once(first).chain(self.inbox.try_iter()) {
            match message {
                Message::Terminal(events) => {
                    inputs.extend(events?.into_iter().map(Input::Terminal))
                }
                Message::Found(answer) => inputs.push(Input::Found(answer)),
                Message::Stop(signal) => inputs.push(Input::Stop(signal)),
                // The index can come after the guide: search from now on.
                Message::Loaded(loaded) => {
                    if let Ok(index) = *loaded {
                        self.index(index);
                    }
                }
                Message::Loading(_) | Message::Ready(_) => {}
            }
        }
        Ok(inputs)
    }

    fn search(&mut self, request: Request) {
        self.worker.ask(request);
    }
}

fn gone() -> io::Error {
    io::Error::other("the terminal's event reader stopped")
}
