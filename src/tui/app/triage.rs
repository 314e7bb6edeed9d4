//! "What do you see?": the guide's questions one at a time, each answer one
//! key, until an answer names a symptom or status message; then the case
//! opens on it, on the platform the answers chose.

use super::{App, Ask, Effect, Mode, Notice};
use crate::case;
use crate::kb::{KnowledgeBase, Question};
use crate::plan::Problem;
use crate::progress::Case;
use crate::tui::action::Action;

/// At most this many answers are offered, one digit each.
pub const MAX_ANSWERS: usize = 9;

/// Where the questions are: the one on screen and the answers given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triage {
    /// The question on screen, as an index into `kb.questions`.
    pub question: usize,
    /// The answers given so far, as (question, answer) indices.
    pub given: Vec<(usize, usize)>,
    /// The highlighted answer, among those shown.
    pub cursor: usize,
}

impl Triage {
    fn new() -> Triage {
        Triage {
            question: 0,
            given: Vec::new(),
            cursor: 0,
        }
    }

    /// The platform the answers chose: the last answer that chose one.
    pub fn platform<'a>(&self, kb: &'a KnowledgeBase) -> Option<&'a str> {
        self.given
            .iter()
            .rev()
            .find_map(|&(q, a)| kb.questions[q].answers[a].platform.as_deref())
    }

    pub fn asked<'a>(&self, kb: &'a KnowledgeBase) -> &'a Question {
        &kb.questions[self.question]
    }

    /// The answers shown (indices into the question's answers): those
    /// offered on the platform chosen so far ([`Answer::offered`]).
    ///
    /// [`Answer::offered`]: crate::kb::Answer::offered
    pub fn shown(&self, kb: &KnowledgeBase) -> Vec<usize> {
        let platform = self.platform(kb);
        let answers = self.asked(kb).answers.iter().enumerate();
        answers
            .filter(|(_, answer)| answer.offered(kb, platform))
            .map(|(i, _)| i)
            .take(MAX_ANSWERS)
            .collect()
    }

    /// The (question text, answer text) pairs given so far.
    fn pairs(&self, kb: &KnowledgeBase) -> Vec<(String, String)> {
        let pair = |&(q, a): &(usize, usize)| {
            let question = &kb.questions[q];
            (question.text.clone(), question.answers[a].text.clone())
        };
        self.given.iter().map(pair).collect()
    }
}

/// Why normal activity titled `title` opens no case: one would only say
/// "get help".
fn no_case_for(title: &str) -> String {
    format!("“{title}” is normal activity: nothing to fix, no case opened.")
}

fn question_index(kb: &KnowledgeBase, id: &str) -> Option<usize> {
    kb.questions.iter().position(|q| q.id == id)
}

impl App {
    /// Put the first question on screen (when the guide has questions).
    pub(super) fn ask(&mut self) {
        if self.kb.questions.is_empty() {
            self.notice = Some(Notice::Info("This guide asks no questions.".into()));
            return;
        }
        self.mode = Mode::Questions(Box::new(Triage::new()));
    }

    pub(super) fn questions(&mut self, action: Action) -> Effect {
        let Mode::Questions(triage) = &mut self.mode else {
            return Effect::None;
        };
        let shown = triage.shown(&self.kb).len();
        let cursor = triage.cursor;
        match action {
            Action::Up => triage.cursor = triage.cursor.saturating_sub(1),
            Action::Down => triage.cursor = (triage.cursor + 1).min(shown.saturating_sub(1)),
            Action::Open => return self.answer(cursor),
            Action::Answer(n) => return self.answer(n),
            Action::PreviousQuestion => match triage.given.pop() {
                Some((question, answer)) => {
                    triage.question = question;
                    let shown = triage.shown(&self.kb);
                    triage.cursor = shown.iter().position(|&a| a == answer).unwrap_or(0);
                }
                None => {
                    self.notice = Some(Notice::Info(
                        "This is the first question; Esc leaves the questions.".into(),
                    ));
                }
            },
            Action::Back => self.mode = Mode::Browse,
            Action::StartSearch => self.start_search(),
            Action::ToggleHelp => {
                if let Mode::Questions(triage) = std::mem::replace(&mut self.mode, Mode::Browse) {
                    self.mode = Mode::Help {
                        scroll: 0,
                        questions: Some(triage),
                    };
                }
            }
            _ => {}
        }
        Effect::None
    }

    /// Take the `n`th answer shown: the next question, or the case.
    fn answer(&mut self, n: usize) -> Effect {
        let Mode::Questions(triage) = &mut self.mode else {
            return Effect::None;
        };
        let Some(&answer) = triage.shown(&self.kb).get(n) else {
            return Effect::None;
        };
        triage.given.push((triage.question, answer));
        let next = &triage.asked(&self.kb).answers[answer].next;
        if let Some(question) = question_index(&self.kb, next) {
            triage.question = question;
            triage.cursor = 0;
            return Effect::None;
        }
        let problem = next.clone();
        let platform = triage.platform(&self.kb).map(str::to_string);
        let answers = triage.pairs(&self.kb);
        self.mode = Mode::Browse;
        let normal = self.kb.item(&problem).and_then(Problem::of);
        if let Some(normal) = normal.filter(Problem::normal) {
            let said = format!(
                "{} Something else wrong? / finds it in your words; w asks again.",
                no_case_for(normal.item.title())
            );
            self.show_on(&problem, platform.as_deref());
            self.notice = Some(Notice::Info(said));
            return Effect::None;
        }
        // With a case open, the answers lead to the problem shown, and
        // what becomes of that case is asked, as `c` asks it.
        let ask = match self.open_case() {
            None => return self.start_case(problem, platform, answers),
            Some(open) if open.is_on(&problem, platform.as_deref()) => None,
            Some(open) if open.problem == problem => Some(Ask::MoveCase),
            Some(_) => Some(Ask::NewCase { answers }),
        };
        self.show_on(&problem, platform.as_deref());
        match ask {
            Some(ask) => self.mode = Mode::Confirm(ask),
            None => {
                self.notice = Some(Notice::Info(
                    "The case on this problem is open already: it goes on here.".into(),
                ));
            }
        }
        Effect::None
    }

    /// c: work the symptom or status message shown as a case, on the
    /// platform chosen, as if the questions had led there (no answers).
    /// A case open on anything else is closed, unsolved, and said to be.
    pub(super) fn case_from_detail(&mut self) -> Effect {
        let item = self.subject.map(|s| s.item(&self.kb));
        let Some(problem) = item.and_then(Problem::of) else {
            let say = "Show a symptom or status message to work it as a case (c).";
            self.notice = Some(Notice::Info(say.into()));
            return Effect::None;
        };
        let title = problem.item.title().to_string();
        let id = problem.item.id().to_string();
        let platform = case::opens_on(&problem, self.platform_id(), None).map(str::to_string);
        let said = if problem.normal() {
            Some(no_case_for(&title))
        } else if !problem.is_for(platform.as_deref()) {
            Some(format!(
                "“{title}” is not for {}: choose one of its platforms (1–9) first.",
                self.platform_name()
            ))
        } else if self
            .open_case()
            .is_some_and(|c| c.is_on(&id, platform.as_deref()))
        {
            Some(format!("The case on “{title}” is open already."))
        } else {
            None
        };
        if let Some(said) = said {
            self.notice = Some(Notice::Info(said));
            return Effect::None;
        }
        let ask = match self.open_case() {
            None => return self.open_shown_case(Vec::new()),
            Some(open) if open.problem == id => Ask::MoveCase,
            Some(_) => Ask::NewCase {
                answers: Vec::new(),
            },
        };
        self.mode = Mode::Confirm(ask);
        Effect::None
    }

    /// What `c` asks before it moves the open case to the platform chosen.
    pub fn moving_question(&self) -> Option<String> {
        let case = self.open_case()?;
        Some(format!(
            "Move the case on {} from {} to {}? What was tried, the answers and the \
             details stay with it.",
            case::problem_title(&self.kb, case),
            case::platform_name(&self.kb, case),
            self.platform_name()
        ))
    }

    /// The open case moved to the platform chosen (asked by
    /// `case_from_detail`), its plan shown there.
    pub(super) fn move_case(&mut self) -> Effect {
        let platform = self.platform_id().map(str::to_string);
        let Some(case) = self.case.as_mut().filter(|c| c.closed.is_none()) else {
            return Effect::None;
        };
        case.platform.clone_from(&platform);
        let problem = case.problem.clone();
        self.show_on(&problem, platform.as_deref());
        self.notice = Some(Notice::Info(format!(
            "Case moved to {}: outcomes, answers and details kept.",
            self.platform_name()
        )));
        Effect::MoveCase { platform }
    }

    /// What `c` asks before it closes the open case: the case, and what
    /// was tried of its plan.
    pub fn closing_question(&self) -> Option<String> {
        let case = self.open_case()?;
        let plan = case::plan_of(&self.kb, case);
        let (tried, total) = case::progress(&plan, &self.marks.0);
        let item = self.subject.map(|s| s.item(&self.kb))?;
        Some(format!(
            "Close the case on {} ({tried} of {total} steps tried) as unsolved, and open one on “{}”?",
            case::problem_title(&self.kb, case),
            item.title()
        ))
    }

    /// What `f` asks on a step the open case's plan does not hold.
    pub fn solving_question(&self) -> Option<String> {
        let case = self.open_case()?;
        Some(format!(
            "This step is not in the plan of the case on {} ({}). Mark it “fixed it” and close \
             that case as solved by it?",
            case::problem_title(&self.kb, case),
            case::platform_name(&self.kb, case)
        ))
    }

    /// A case on the problem shown, on the platform chosen, with the
    /// answers that led there, closing the open one (checked and asked by
    /// `case_from_detail` or the questions).
    pub(super) fn open_shown_case(&mut self, answers: Vec<(String, String)>) -> Effect {
        let Some(problem) = self.subject.map(|s| s.item(&self.kb)).and_then(Problem::of) else {
            return Effect::None;
        };
        let id = problem.item.id().to_string();
        let platform = case::opens_on(&problem, self.platform_id(), None).map(str::to_string);
        let closed = self.open_case().map(|c| case::problem_title(&self.kb, c));
        let effect = self.start_case(id, platform, answers);
        if let Some(closed) = closed {
            self.notice = Some(Notice::Info(format!(
                "New case open (d done · n didn't help · s skipped · f fixed it); the one on \
                 {closed} is closed, unsolved."
            )));
        }
        effect
    }

    /// Show `problem` on `platform` (All when none), in the detail.
    pub(super) fn show_on(&mut self, problem: &str, platform: Option<&str>) {
        let n = platform
            .and_then(|id| self.kb.platforms.iter().position(|p| p.id == id))
            .map_or(0, |i| i + 1);
        self.choose_platform(n);
        self.go_to(problem, true);
        self.refresh_doc();
    }

    /// Open a case on `problem`: show it on its platform with the cursor on
    /// the first step still to try, and have the loop save it.
    fn start_case(
        &mut self,
        problem: String,
        platform: Option<String>,
        answers: Vec<(String, String)>,
    ) -> Effect {
        self.case = Some(Case::new(
            problem.clone(),
            platform.clone(),
            answers.clone(),
            jiff::Timestamp::now(),
        ));
        self.show_on(&problem, platform.as_deref());
        let keys = "Case open: d done · n didn't help · s skipped · f fixed it";
        self.notice = Some(Notice::Info(keys.into()));
        Effect::OpenCase {
            problem,
            platform,
            answers,
        }
    }
}
