//! The session state machine: inputs in, events out.
//!
//! A front end (window, terminal, test) sends `Input`s and renders the `SessionEvent`s it
//! gets back. Randomness comes only from the seed and time only from `Input::Elapsed`, so
//! the same scenario, seed and inputs replay the same session, byte for byte.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::feedback;
use super::scenario::{Condition, Locale, Outcome, Scenario};
use super::scoring::{
    CompiledRubric, Dimension, Evidence, EvidenceKind, ReplyContext, ReplyScore, score_reply,
    weighted,
};

/// What the trainee (or the clock) does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Start the conversation; the first input of every session.
    Begin,
    /// Pick the offered option with this number (1-based, as shown).
    Choose(usize),
    /// A typed reply.
    Reply(String),
    /// Time spent on the current turn since the last input.
    Elapsed(Duration),
}

/// What the front end should show.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum SessionEvent {
    Started {
        scenario: String,
        title: String,
        customer: String,
        traits: Vec<String>,
        mood: i32,
        patience: u32,
        seed: u64,
    },
    CustomerSays {
        node: String,
        text: String,
    },
    OptionsOffered {
        node: String,
        options: Vec<OfferedOption>,
        time_limit: Option<u32>,
    },
    AwaitingReply {
        node: String,
        time_limit: Option<u32>,
    },
    TimeRanOut {
        node: String,
        patience: u32,
    },
    TurnScored(Turn),
    MoodChanged {
        from: i32,
        to: i32,
        patience: u32,
    },
    Ended(Debrief),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferedOption {
    pub number: usize,
    pub text: String,
}

/// Scores of one turn; `None` where the turn did not test a dimension.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TurnScores {
    pub empathy: Option<u8>,
    pub accuracy: Option<u8>,
    pub resolution: Option<u8>,
    pub overall: Option<f64>,
}

/// One exchange, as the debrief shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Turn {
    pub node: String,
    pub customer: String,
    pub reply: String,
    /// The option number picked, for choice turns.
    pub choice: Option<usize>,
    pub scores: TurnScores,
    pub evidence: Vec<Evidence>,
    pub feedback: Vec<String>,
    /// The customer's mood after this turn.
    pub mood: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_fail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SessionScores {
    pub empathy: Option<f64>,
    pub accuracy: Option<f64>,
    pub resolution: Option<f64>,
    pub overall: Option<f64>,
}

/// A better reply for a turn, for the debrief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BetterReply {
    pub node: String,
    pub reply: String,
}

/// The end of a session: outcome, scores and the whole transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Debrief {
    pub scenario: String,
    pub seed: u64,
    pub customer: String,
    pub outcome: Outcome,
    pub ending: String,
    pub passed: bool,
    pub pass_mark: u8,
    pub auto_fail: Vec<String>,
    pub scores: SessionScores,
    pub turns: Vec<Turn>,
    pub better_replies: Vec<BetterReply>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("the session has not begun; send Begin first")]
    NotStarted,
    #[error("the session has already begun")]
    AlreadyStarted,
    #[error("the session is over")]
    Finished,
    #[error("there is no option {given}; pick a number from 1 to {offered}")]
    NoSuchOption { given: usize, offered: usize },
    #[error("this turn asks for a typed reply, not an option number")]
    ExpectedReply,
    #[error("this turn asks you to pick an option, not to type a reply")]
    ExpectedChoice,
    #[error("the reply is empty")]
    EmptyReply,
    #[error(
        "the scenario refers to `{0}`, which is neither a node nor an ending (run `frontline validate`)"
    )]
    BrokenLink(String),
}

/// What the session waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Awaiting {
    Begin,
    Choice { options: usize },
    Reply,
    Nothing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Node(usize),
    Ending(usize),
}

#[derive(Debug, Clone)]
enum State {
    NotStarted,
    /// At a node: the line said, the choice indices offered in display order, time waited.
    At {
        node: usize,
        line: String,
        offered: Vec<usize>,
        waited: Duration,
    },
    Ended,
}

/// Mood lost to a time-out; a slow answer irritates.
const TIMEOUT_MOOD: i32 = -10;
/// Extra mood lost when a reply contains penalised wording.
const PENALTY_MOOD: i32 = -10;
/// No customer stays forever: after this many turns they leave, so a script with a
/// loop still ends.
pub const MAX_TURNS: usize = 100;

/// One trainee's run through one scenario.
#[derive(Debug, Clone)]
pub struct Session {
    scenario: Arc<Scenario>,
    ids: HashMap<String, Target>,
    rubrics: HashMap<usize, CompiledRubric>,
    rng: ChaCha8Rng,
    seed: u64,
    customer: String,
    mood: i32,
    patience: u32,
    flags: BTreeSet<String>,
    state: State,
    turns: Vec<Turn>,
    auto_fail: Vec<String>,
    wrong_facts: BTreeSet<String>,
    debrief: Option<Debrief>,
}

impl Session {
    pub fn new(scenario: &Scenario, seed: u64) -> Session {
        Session::from_arc(Arc::new(scenario.clone()), seed)
    }

    pub fn from_arc(scenario: Arc<Scenario>, seed: u64) -> Session {
        let mut ids = HashMap::new();
        for (i, e) in scenario.endings.iter().enumerate() {
            ids.entry(e.id.clone()).or_insert(Target::Ending(i));
        }
        for (i, n) in scenario.nodes.iter().enumerate() {
            // As in `Graph::build`: the first node with an id wins over duplicates and endings.
            let slot = ids.entry(n.id.clone()).or_insert(Target::Node(i));
            if matches!(slot, Target::Ending(_)) {
                *slot = Target::Node(i);
            }
        }
        let rubrics = scenario
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                n.free_text
                    .as_ref()
                    .map(|r| (i, CompiledRubric::new(&scenario, r)))
            })
            .collect();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let customer = pick(&mut rng, &scenario.persona.names)
            .cloned()
            .unwrap_or_default();
        Session {
            mood: scenario.persona.mood.clamp(0, 100),
            patience: scenario.persona.patience,
            scenario,
            ids,
            rubrics,
            rng,
            seed,
            customer,
            flags: BTreeSet::new(),
            state: State::NotStarted,
            turns: Vec::new(),
            auto_fail: Vec::new(),
            wrong_facts: BTreeSet::new(),
            debrief: None,
        }
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn customer(&self) -> &str {
        &self.customer
    }

    pub fn mood(&self) -> i32 {
        self.mood
    }

    pub fn patience(&self) -> u32 {
        self.patience
    }

    pub fn is_finished(&self) -> bool {
        matches!(self.state, State::Ended)
    }

    pub fn debrief(&self) -> Option<&Debrief> {
        self.debrief.as_ref()
    }

    /// The current node's id, while a turn is open.
    pub fn current_node(&self) -> Option<&str> {
        match &self.state {
            State::At { node, .. } => Some(&self.scenario.nodes[*node].id),
            _ => None,
        }
    }

    pub fn awaiting(&self) -> Awaiting {
        match &self.state {
            State::NotStarted => Awaiting::Begin,
            State::At { node, offered, .. } => {
                if self.scenario.nodes[*node].free_text.is_some() {
                    Awaiting::Reply
                } else {
                    Awaiting::Choice {
                        options: offered.len(),
                    }
                }
            }
            State::Ended => Awaiting::Nothing,
        }
    }

    /// Apply one input and return what happened, in order.
    pub fn advance(&mut self, input: Input) -> Result<Vec<SessionEvent>, SessionError> {
        let mut events = Vec::new();
        match (&self.state, input) {
            (State::Ended, _) => return Err(SessionError::Finished),
            (State::NotStarted, Input::Begin) => {
                let s = &self.scenario;
                events.push(SessionEvent::Started {
                    scenario: s.id.clone(),
                    title: s.title.clone(),
                    customer: self.customer.clone(),
                    traits: s.persona.traits.clone(),
                    mood: self.mood,
                    patience: self.patience,
                    seed: self.seed,
                });
                let start = s.start.clone();
                self.go(&start, &mut events)?;
            }
            (State::NotStarted, _) => return Err(SessionError::NotStarted),
            (State::At { .. }, Input::Begin) => return Err(SessionError::AlreadyStarted),
            (State::At { .. }, Input::Elapsed(d)) => self.elapse(d, &mut events)?,
            (
                State::At {
                    node,
                    line,
                    offered,
                    ..
                },
                Input::Choose(n),
            ) => {
                let (node, line, offered) = (*node, line.clone(), offered.clone());
                if self.scenario.nodes[node].free_text.is_some() {
                    return Err(SessionError::ExpectedReply);
                }
                let Some(&ci) = n.checked_sub(1).and_then(|i| offered.get(i)) else {
                    return Err(SessionError::NoSuchOption {
                        given: n,
                        offered: offered.len(),
                    });
                };
                self.choose(node, line, n, ci, &mut events)?;
            }
            (State::At { node, line, .. }, Input::Reply(text)) => {
                let (node, line) = (*node, line.clone());
                if self.scenario.nodes[node].free_text.is_none() {
                    return Err(SessionError::ExpectedChoice);
                }
                if text.trim().is_empty() {
                    return Err(SessionError::EmptyReply);
                }
                self.reply(node, line, text, &mut events)?;
            }
        }
        Ok(events)
    }

    fn choose(
        &mut self,
        node: usize,
        line: String,
        number: usize,
        ci: usize,
        events: &mut Vec<SessionEvent>,
    ) -> Result<(), SessionError> {
        let scenario = Arc::clone(&self.scenario);
        let n = &scenario.nodes[node];
        let c = &n.choices[ci];
        let scores = TurnScores {
            empathy: c.scores.empathy,
            accuracy: c.scores.accuracy,
            resolution: c.scores.resolution,
            overall: weighted(
                [c.scores.empathy, c.scores.accuracy, c.scores.resolution],
                &scenario.scoring.weights,
            )
            .map(round1),
        };
        if let Some(reason) = &c.auto_fail {
            self.auto_fail.push(reason.clone());
        }
        self.flags.extend(c.set.iter().cloned());
        let mut evidence = Vec::new();
        for (d, s) in [
            (Dimension::Empathy, c.scores.empathy),
            (Dimension::Accuracy, c.scores.accuracy),
            (Dimension::Resolution, c.scores.resolution),
        ] {
            if let Some(s) = s {
                evidence.push(Evidence {
                    dimension: d,
                    kind: EvidenceKind::Found,
                    item: "choice".into(),
                    quote: Some(c.text.as_str().into()),
                    at: None,
                    points: i32::from(s),
                });
            }
        }
        let feedback = if c.feedback.is_empty() {
            Vec::new()
        } else {
            vec![c.feedback.clone()]
        };
        let turn = Turn {
            node: n.id.clone(),
            customer: line,
            reply: self.fill(&c.text),
            choice: Some(number),
            scores,
            evidence,
            feedback,
            mood: (self.mood + c.mood).clamp(0, 100),
            auto_fail: c.auto_fail.clone(),
        };
        events.push(SessionEvent::TurnScored(turn.clone()));
        self.turns.push(turn);
        self.change_mood(c.mood, events);
        if self.out_of_patience() {
            return self.leave(events);
        }
        let next = c
            .routes
            .iter()
            .find(|r| self.holds(&r.when, None))
            .map_or(c.next.as_str(), |r| r.next.as_str());
        self.go(next, events)
    }

    fn reply(
        &mut self,
        node: usize,
        line: String,
        text: String,
        events: &mut Vec<SessionEvent>,
    ) -> Result<(), SessionError> {
        let scenario = Arc::clone(&self.scenario);
        let n = &scenario.nodes[node];
        let Some(rubric) = n.free_text.as_ref() else {
            return Err(SessionError::ExpectedChoice);
        };
        let ctx = ReplyContext {
            customer_name: Some(&self.customer),
            customer_line: Some(&line),
        };
        let score = score_reply(scenario.locale, self.rubrics.get(&node), &text, &ctx);
        let overall = score.overall(&scenario.scoring.weights);
        self.wrong_facts
            .extend(score.achieved.wrong.iter().cloned());
        if let Some(reason) = &score.auto_fail {
            self.auto_fail.push(reason.clone());
        }
        self.flags.extend(rubric.set.iter().cloned());
        let mut delta = match overall {
            Some(o) if o >= 70.0 => rubric.mood.good,
            Some(o) if o < 50.0 => rubric.mood.poor,
            _ => 0,
        };
        if score.penalised() {
            delta += PENALTY_MOOD;
        }
        let mut feedback = score.feedback_lines();
        if let Some(extra) = &rubric.feedback {
            feedback.push(extra.clone());
        }
        let turn = Turn {
            node: n.id.clone(),
            customer: line,
            reply: text,
            choice: None,
            scores: TurnScores {
                empathy: score.empathy,
                accuracy: score.accuracy,
                resolution: score.resolution,
                overall: overall.map(round1),
            },
            evidence: score.evidence.clone(),
            feedback,
            mood: (self.mood + delta).clamp(0, 100),
            auto_fail: score.auto_fail.clone(),
        };
        events.push(SessionEvent::TurnScored(turn.clone()));
        self.turns.push(turn);
        self.change_mood(delta, events);
        if self.out_of_patience() {
            return self.leave(events);
        }
        let next = rubric
            .routes
            .iter()
            .find(|r| self.holds(&r.when, Some(&score)))
            .map_or(rubric.next.as_str(), |r| r.next.as_str());
        self.go(next, events)
    }

    fn elapse(&mut self, d: Duration, events: &mut Vec<SessionEvent>) -> Result<(), SessionError> {
        let State::At { node, waited, .. } = &mut self.state else {
            return Ok(());
        };
        let node = *node;
        let Some(limit) = self.scenario.nodes[node].time_limit.filter(|l| *l > 0) else {
            return Ok(());
        };
        let limit = Duration::from_secs(u64::from(limit));
        *waited += d;
        while let State::At { waited, .. } = &mut self.state
            && *waited >= limit
        {
            *waited -= limit;
            self.patience = self.patience.saturating_sub(1);
            events.push(SessionEvent::TimeRanOut {
                node: self.scenario.nodes[node].id.clone(),
                patience: self.patience,
            });
            events.push(SessionEvent::CustomerSays {
                node: self.scenario.nodes[node].id.clone(),
                text: feedback::timed_out(self.scenario.locale),
            });
            let before = self.patience;
            self.change_mood(TIMEOUT_MOOD, events);
            // change_mood costs patience for a mood drop; a time-out costs it once.
            self.patience = before;
            if self.out_of_patience() {
                return self.leave(events);
            }
        }
        Ok(())
    }

    /// Move the mood; a drop costs one unit of patience.
    fn change_mood(&mut self, delta: i32, events: &mut Vec<SessionEvent>) {
        let from = self.mood;
        self.mood = (self.mood + delta).clamp(0, 100);
        if delta < 0 {
            self.patience = self.patience.saturating_sub(1);
        }
        if self.mood != from || delta < 0 {
            events.push(SessionEvent::MoodChanged {
                from,
                to: self.mood,
                patience: self.patience,
            });
        }
    }

    fn out_of_patience(&self) -> bool {
        self.patience == 0 || self.mood == 0 || self.turns.len() >= MAX_TURNS
    }

    fn holds(&self, c: &Condition, reply: Option<&ReplyScore>) -> bool {
        let mood_ok = c.mood_at_least.is_none_or(|m| self.mood >= m)
            && c.mood_below.is_none_or(|m| self.mood < m);
        let flags_ok = c.flags.iter().all(|f| self.flags.contains(f))
            && !c.not_flags.iter().any(|f| self.flags.contains(f));
        if !(mood_ok && flags_ok) {
            return false;
        }
        if !c.reads_reply() {
            return true;
        }
        let Some(r) = reply else { return false };
        let at_least =
            |want: Option<u8>, got: Option<u8>| want.is_none_or(|w| got.is_some_and(|g| g >= w));
        c.stated.iter().all(|f| r.achieved.stated.contains(f))
            && c.steps.iter().all(|s| r.achieved.steps.contains(s))
            && c.wrong_fact
                .is_none_or(|w| w != r.achieved.wrong.is_empty())
            && at_least(c.empathy_at_least, r.empathy)
            && at_least(c.accuracy_at_least, r.accuracy)
            && at_least(c.resolution_at_least, r.resolution)
    }

    fn go(&mut self, id: &str, events: &mut Vec<SessionEvent>) -> Result<(), SessionError> {
        let scenario = Arc::clone(&self.scenario);
        match self.ids.get(id).copied() {
            None => Err(SessionError::BrokenLink(id.to_string())),
            Some(Target::Ending(e)) => {
                let ending = &scenario.endings[e];
                let text = pick(&mut self.rng, &ending.text)
                    .map(|t| self.fill(t))
                    .unwrap_or_default();
                self.finish(ending.outcome, text, events);
                Ok(())
            }
            Some(Target::Node(i)) => {
                let n = &scenario.nodes[i];
                let line = pick(&mut self.rng, &n.customer)
                    .map(|t| self.fill(t))
                    .unwrap_or_default();
                let mut offered: Vec<usize> = (0..n.choices.len())
                    .filter(|&ci| {
                        n.choices[ci]
                            .when
                            .as_ref()
                            .is_none_or(|w| self.holds(w, None))
                    })
                    .collect();
                if n.shuffle {
                    offered.shuffle(&mut self.rng);
                }
                events.push(SessionEvent::CustomerSays {
                    node: n.id.clone(),
                    text: line.clone(),
                });
                if n.free_text.is_some() {
                    events.push(SessionEvent::AwaitingReply {
                        node: n.id.clone(),
                        time_limit: n.time_limit,
                    });
                } else {
                    events.push(SessionEvent::OptionsOffered {
                        node: n.id.clone(),
                        options: offered
                            .iter()
                            .enumerate()
                            .map(|(k, &ci)| OfferedOption {
                                number: k + 1,
                                text: self.fill(&n.choices[ci].text),
                            })
                            .collect(),
                        time_limit: n.time_limit,
                    });
                }
                self.state = State::At {
                    node: i,
                    line,
                    offered,
                    waited: Duration::ZERO,
                };
                Ok(())
            }
        }
    }

    fn leave(&mut self, events: &mut Vec<SessionEvent>) -> Result<(), SessionError> {
        let scenario = Arc::clone(&self.scenario);
        // The scenario's own "customer left" ending, if it has one, else the built-in line.
        let text = scenario
            .endings
            .iter()
            .find(|e| e.outcome == Outcome::CustomerLeft)
            .and_then(|e| pick(&mut self.rng, &e.text))
            .map(|t| self.fill(t))
            .unwrap_or_else(|| feedback::customer_left(scenario.locale));
        self.finish(Outcome::CustomerLeft, text, events);
        Ok(())
    }

    fn finish(&mut self, outcome: Outcome, ending: String, events: &mut Vec<SessionEvent>) {
        let s = Arc::clone(&self.scenario);
        for rule in &s.scoring.auto_fail {
            let hit = match rule {
                super::scenario::AutoFail::Outcome { outcome: o, .. } => *o == outcome,
                super::scenario::AutoFail::Flag { flag, .. } => self.flags.contains(flag),
                super::scenario::AutoFail::WrongFact { fact, .. } => {
                    self.wrong_facts.contains(fact)
                }
            };
            if hit && !self.auto_fail.iter().any(|r| r == rule.reason()) {
                self.auto_fail.push(rule.reason().to_string());
            }
        }
        let scores = session_scores(&self.turns, &s);
        let passed = self.auto_fail.is_empty()
            && scores
                .overall
                .is_some_and(|o| o >= f64::from(s.scoring.pass_mark));
        let debrief = Debrief {
            scenario: s.id.clone(),
            seed: self.seed,
            customer: self.customer.clone(),
            outcome,
            ending,
            passed,
            pass_mark: s.scoring.pass_mark,
            auto_fail: self.auto_fail.clone(),
            scores,
            better_replies: better_replies(&self.turns, &s, |t| self.fill(t)),
            turns: self.turns.clone(),
        };
        events.push(SessionEvent::Ended(debrief.clone()));
        self.debrief = Some(debrief);
        self.state = State::Ended;
    }

    /// Put the persona's name into a line.
    fn fill(&self, text: &str) -> String {
        text.replace("{name}", &self.customer)
    }

    pub fn locale(&self) -> Locale {
        self.scenario.locale
    }
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> Option<&'a T> {
    match items.len() {
        0 => None,
        1 => items.first(),
        n => items.get(rng.random_range(0..n)),
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The session score: per dimension the mean over turns that tested it; overall the
/// weighted mean of every tested (turn, dimension) score. `explore` bounds this same rule.
pub fn session_scores(turns: &[Turn], s: &Scenario) -> SessionScores {
    let w = &s.scoring.weights;
    let ws = [
        f64::from(w.empathy),
        f64::from(w.accuracy),
        f64::from(w.resolution),
    ];
    let mut sum = [0.0f64; 3];
    let mut count = [0.0f64; 3];
    for t in turns {
        for (d, v) in [t.scores.empathy, t.scores.accuracy, t.scores.resolution]
            .into_iter()
            .enumerate()
        {
            if let Some(v) = v {
                sum[d] += f64::from(v);
                count[d] += 1.0;
            }
        }
    }
    let mean = |d: usize| (count[d] > 0.0).then(|| round1(sum[d] / count[d]));
    let num: f64 = (0..3).map(|d| ws[d] * sum[d]).sum();
    let den: f64 = (0..3).map(|d| ws[d] * count[d]).sum();
    SessionScores {
        empathy: mean(0),
        accuracy: mean(1),
        resolution: mean(2),
        overall: (den > 0.0).then(|| round1(num / den)),
    }
}

/// For each turn that was not already the best: the node's model reply, or the best
/// scripted option.
fn better_replies(turns: &[Turn], s: &Scenario, fill: impl Fn(&str) -> String) -> Vec<BetterReply> {
    let w = &s.scoring.weights;
    let mut out = Vec::new();
    for t in turns {
        let Some(n) = s.node(&t.node) else { continue };
        let best_choice = n
            .choices
            .iter()
            .filter_map(|c| {
                weighted(
                    [c.scores.empathy, c.scores.accuracy, c.scores.resolution],
                    w,
                )
                .map(|v| (v, c))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let better = match (&n.model_reply, best_choice) {
            (Some(m), _) => Some(m.clone()),
            (None, Some((v, c))) if t.scores.overall.is_none_or(|o| o < round1(v)) => {
                Some(c.text.clone())
            }
            _ => None,
        };
        if let Some(reply) = better {
            let reply = fill(&reply);
            if reply != t.reply && t.scores.overall.is_none_or(|o| o < 100.0) {
                out.push(BetterReply {
                    node: t.node.clone(),
                    reply,
                });
            }
        }
    }
    out
}
