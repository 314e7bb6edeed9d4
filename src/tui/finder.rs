//! The search beside the input, as fzf and television run it: a thread owns
//! the search index and answers only the latest query it has been asked;
//! the interface keeps drawing (and takes Esc and Ctrl-C) meanwhile.
//!
//! Each request carries a generation number; the app keeps only the answer
//! to the latest one it asked, so results for a query typed past never
//! show. The answer carries everything the list draws (titles, match
//! positions), so the interface needs no access to the index.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

use crate::kb::Kind;
use crate::search::Index;

/// At most this many search results are listed.
pub const SEARCH_LIMIT: usize = 200;

/// A search to run: the latest query, on the chosen platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub generation: u64,
    pub query: String,
    /// None is all platforms.
    pub platform: Option<String>,
    /// How many hits are on screen: theirs are the match positions found
    /// first (the rest follow in a second answer).
    pub shown: usize,
}

/// One result as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub kind: Kind,
    pub id: String,
    /// What the list shows; a step's title is its text.
    pub title: String,
    /// For a step, the id of the fix it belongs to.
    pub fix: Option<String>,
    /// Char indices of `title` the query matched, for highlighting.
    pub positions: Vec<usize>,
}

/// What one search found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Results {
    /// Best first, at most [`SEARCH_LIMIT`].
    pub hits: Vec<Hit>,
    /// How many items matched, of which `hits` are the best.
    pub matched: usize,
    /// No item holds every word of the query; the hits hold some of them.
    pub partial: bool,
    /// Every hit has a word's letters only scattered over its title (see
    /// `search::Results::scattered`).
    pub scattered: bool,
}

/// The answer to the request of `generation`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub generation: u64,
    pub results: Results,
}

/// The index and the search over it, run where it is called: by the
/// worker thread, or by tests that want the answer now.
pub struct Searcher {
    index: Index,
    /// The last search answered, and how many of its hits have their
    /// positions: what `rest` completes.
    last: Option<(u64, crate::search::Results, usize)>,
}

impl Searcher {
    pub fn new(index: Index) -> Searcher {
        Searcher { index, last: None }
    }

    fn rank(&mut self, request: &Request) -> crate::search::Results {
        let platform = request.platform.as_deref();
        self.index.rank(&request.query, platform, SEARCH_LIMIT)
    }

    /// `rank`, given up (None) as soon as `stop` says so.
    fn rank_unless(
        &mut self,
        request: &Request,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<crate::search::Results> {
        let platform = request.platform.as_deref();
        self.index
            .rank_unless(&request.query, platform, SEARCH_LIMIT, stop)
    }

    /// The answer to `request`, with the match positions of the hits on
    /// screen.
    pub fn answer(&mut self, request: &Request) -> Answer {
        let results = self.rank(request);
        let answer = self.shown(request.generation, &results, request.shown);
        self.last = Some((request.generation, results, request.shown));
        answer
    }

    /// The last answer again with the match positions of every hit, if
    /// some had none.
    pub fn rest(&mut self) -> Option<Answer> {
        let (generation, results, lit) = self.last.take()?;
        (results.hits.len() > lit).then(|| self.shown(generation, &results, usize::MAX))
    }

    /// The hits as the list shows them, the first `lit` with their match
    /// positions.
    fn shown(&self, generation: u64, results: &crate::search::Results, lit: usize) -> Answer {
        let index = &self.index;
        let hits = results
            .hits
            .iter()
            .enumerate()
            .filter_map(|(n, hit)| {
                let i = hit.entry;
                let entry = index.get(i)?;
                Some(Hit {
                    kind: entry.kind,
                    id: entry.id.to_string(),
                    title: entry.title.to_string(),
                    fix: entry.fix.map(str::to_string),
                    positions: if n < lit {
                        index.positions(results, i)
                    } else {
                        Vec::new()
                    },
                })
            })
            .collect();
        Answer {
            generation,
            results: Results {
                hits,
                matched: results.matched,
                partial: results.partial,
                scattered: results.scattered.is_some(),
            },
        }
    }
}

/// A [`Searcher`] on its own thread.
pub struct Worker {
    requests: Sender<Request>,
    /// The generation of the latest request asked: a search for an older
    /// one is given up.
    newest: Arc<AtomicU64>,
}

impl Worker {
    /// Start the thread: it waits for the index from `index` (built or
    /// loaded beside the interface), then answers requests through
    /// `answer` until either side hangs up.
    pub fn spawn(
        index: Receiver<Index>,
        answer: impl Fn(Answer) -> bool + Send + 'static,
    ) -> Worker {
        let (requests, inbox) = mpsc::channel::<Request>();
        let newest = Arc::new(AtomicU64::new(0));
        let asked = Arc::clone(&newest);
        std::thread::spawn(move || {
            let Ok(index) = index.recv() else {
                return;
            };
            let mut searcher = Searcher::new(index);
            let mut waiting = None;
            loop {
                let first = match waiting.take() {
                    Some(request) => request,
                    None => match inbox.recv() {
                        Ok(request) => request,
                        Err(_) => return,
                    },
                };
                let Some(request) = latest(first, &inbox) else {
                    return;
                };
                // Keys typed while it runs make it stale: it is given up,
                // or its results dropped, for the newest query.
                let stale = || asked.load(Ordering::Relaxed) != request.generation;
                let Some(results) = searcher.rank_unless(&request, &stale) else {
                    continue;
                };
                waiting = inbox.try_recv().ok();
                if waiting.is_some() {
                    continue;
                }
                let first = searcher.shown(request.generation, &results, request.shown);
                searcher.last = Some((request.generation, results, request.shown));
                if !answer(first) {
                    return;
                }
                // Then the letters of the hits below the screen, unless
                // there is a newer query to search for.
                waiting = inbox.try_recv().ok();
                if waiting.is_some() {
                    continue;
                }
                if let Some(rest) = searcher.rest()
                    && !answer(rest)
                {
                    return;
                }
            }
        });
        Worker { requests, newest }
    }

    /// Ask for a search; an answer to an earlier request may still come.
    pub fn ask(&self, request: Request) {
        // A worker gone (its index never came) leaves searches unanswered;
        // the interface still works.
        self.newest.store(request.generation, Ordering::Relaxed);
        let _ = self.requests.send(request);
    }
}

/// The last of the requests waiting, `first` among them; None when the
/// interface hung up.
fn latest(first: Request, inbox: &Receiver<Request>) -> Option<Request> {
    let mut request = first;
    loop {
        match inbox.try_recv() {
            Ok(next) => request = next,
            Err(TryRecvError::Empty) => return Some(request),
            Err(TryRecvError::Disconnected) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;

    fn request(generation: u64, query: &str) -> Request {
        Request {
            generation,
            query: query.to_string(),
            platform: None,
            shown: 10,
        }
    }

    #[test]
    fn the_worker_answers_the_latest_request_and_waits_for_its_index() {
        let (kb, _) = crate::kb::load(None).expect("the built-in guide loads");
        let (give, index) = mpsc::channel();
        let (post, answers) = mpsc::channel();
        let worker = Worker::spawn(index, move |answer| post.send(answer).is_ok());
        // Asked before the index is there: the requests wait for it.
        worker.ask(request(1, "wait"));
        worker.ask(request(2, "waiting to upload"));
        give.send(Index::new(&kb)).expect("the worker waits");
        let first = answers.recv().expect("an answer comes");
        let expected = Searcher::new(Index::new(&kb)).answer(&request(2, "waiting to upload"));
        assert_eq!(first, expected, "only the latest request is searched");
        let rest = answers.recv().expect("the rest of the positions come next");
        let every = Request {
            shown: usize::MAX,
            ..request(2, "waiting to upload")
        };
        let complete = Searcher::new(Index::new(&kb)).answer(&every);
        assert_eq!(rest, complete, "every hit's letters, in a second answer");
        assert!(first.results.hits.len() > 10);
        let below = |answer: &Answer| {
            answer.results.hits[10..]
                .iter()
                .any(|h| !h.positions.is_empty())
        };
        assert!(!below(&first) && below(&complete));
        // Hanging up ends the worker, with nothing more sent.
        drop(worker);
        assert_eq!(answers.iter().count(), 0);
    }
}
