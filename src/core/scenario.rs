//! The scenario model: what a trainer writes in a `.ron` file, as Rust types.
//!
//! Every struct denies unknown fields so that a trainer's typo is an error, not a
//! silently ignored line. Optional values use RON's `implicit_some`, so a trainer writes
//! `time_limit: 45`, never `time_limit: Some(45)`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One scripted practice conversation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub locale: Locale,
    pub channel: Channel,
    pub duty: Duty,
    pub tier: u8,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub objectives: Vec<String>,
    #[serde(default)]
    pub knowledge: Vec<Fact>,
    pub persona: Persona,
    pub start: String,
    pub nodes: Vec<Node>,
    pub endings: Vec<Ending>,
    #[serde(default)]
    pub scoring: Scoring,
}

/// The language a scenario is written in; it also picks the built-in lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Locale {
    En,
    Id,
}

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Id => "id",
        }
    }

    pub fn parse(s: &str) -> Option<Locale> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Locale::En),
            "id" => Some(Locale::Id),
            _ => None,
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How the customer reaches the trainee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Chat,
    Email,
    FaceToFace,
    Social,
}

/// The six duties of a customer-service officer named in the source documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Duty {
    AnswerQuestion,
    Complaint,
    TechSupport,
    Order,
    Feedback,
    Relationship,
}

macro_rules! snake_names {
    ($ty:ty { $($variant:ident => $name:literal),* $(,)? }) => {
        impl $ty {
            pub fn name(self) -> &'static str {
                match self { $(Self::$variant => $name),* }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

snake_names!(Channel {
    Phone => "phone", Chat => "chat", Email => "email", FaceToFace => "face_to_face", Social => "social",
});
snake_names!(Duty {
    AnswerQuestion => "answer_question", Complaint => "complaint", TechSupport => "tech_support",
    Order => "order", Feedback => "feedback", Relationship => "relationship",
});
snake_names!(Outcome {
    Resolved => "resolved", PartiallyResolved => "partially_resolved",
    EscalatedCorrectly => "escalated_correctly", EscalatedNeedlessly => "escalated_needlessly",
    CustomerLeft => "customer_left", Unresolved => "unresolved",
});

/// A fact the trainee must state correctly: a price, a refund window, opening hours.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub id: String,
    pub label: String,
    /// Ways of stating it correctly. Amounts and durations are compared by value, so
    /// "Rp 150.000" also accepts "150rb" and "14 days" also accepts "two weeks".
    pub accepted: Vec<String>,
    /// Values trainees often get wrong; stating one is reported as a wrong fact.
    #[serde(default)]
    pub wrong: Vec<String>,
}

/// The simulated customer. The seed picks one name from the pool.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    pub names: Vec<String>,
    /// 0 (furious) to 100 (delighted).
    pub mood: i32,
    /// How many poor replies or time-outs the customer tolerates before leaving.
    pub patience: u32,
    #[serde(default)]
    pub traits: Vec<String>,
}

/// One customer turn: what the customer says, then how the trainee may answer.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    /// Variants of the customer's line; the seed picks one. `{name}` is the persona's name.
    pub customer: Vec<String>,
    #[serde(default)]
    pub choices: Vec<Choice>,
    #[serde(default)]
    pub free_text: Option<Rubric>,
    /// Seconds the trainee has to answer before the customer loses patience.
    #[serde(default)]
    pub time_limit: Option<u32>,
    /// Present the choices in a seeded random order.
    #[serde(default)]
    pub shuffle: bool,
    /// What a strong reply looks like, shown in the debrief.
    #[serde(default)]
    pub model_reply: Option<String>,
}

/// A scripted reply the trainee can pick.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: String,
    #[serde(default)]
    pub scores: Scores,
    #[serde(default)]
    pub feedback: String,
    /// Added to the customer's mood when picked (negative calms nobody).
    #[serde(default)]
    pub mood: i32,
    #[serde(default)]
    pub set: Vec<String>,
    #[serde(default)]
    pub when: Option<Condition>,
    pub next: String,
    #[serde(default)]
    pub routes: Vec<Route>,
    /// Picking this choice fails the session, with this reason.
    #[serde(default)]
    pub auto_fail: Option<String>,
}

/// Scores of a scripted choice, 0–100; a missing dimension is not tested by the choice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scores {
    #[serde(default)]
    pub empathy: Option<u8>,
    #[serde(default)]
    pub accuracy: Option<u8>,
    #[serde(default)]
    pub resolution: Option<u8>,
}

/// How a typed reply is judged and where the conversation goes next.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// Ids of facts from `knowledge` the reply must state correctly.
    #[serde(default)]
    pub facts: Vec<String>,
    /// Built-in empathy moves the reply should make.
    #[serde(default)]
    pub empathy: Vec<EmpathyMove>,
    /// Extra phrases that count as empathy here, beyond the built-in lexicon.
    #[serde(default)]
    pub empathy_phrases: Vec<String>,
    /// Built-in resolution moves the reply should make.
    #[serde(default)]
    pub resolution: Vec<ResolutionMove>,
    /// Scenario-specific steps toward a resolution.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Phrases that must not appear; each costs empathy and mood.
    #[serde(default)]
    pub forbidden: Vec<Forbidden>,
    /// Mood change for a strong reply (turn score ≥ 70) and a poor one (< 50).
    #[serde(default)]
    pub mood: MoodSwing,
    #[serde(default)]
    pub set: Vec<String>,
    #[serde(default)]
    pub routes: Vec<Route>,
    pub next: String,
    #[serde(default)]
    pub feedback: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MoodSwing {
    pub good: i32,
    pub poor: i32,
}

impl Default for MoodSwing {
    fn default() -> Self {
        MoodSwing {
            good: 10,
            poor: -15,
        }
    }
}

/// A resolution step specific to this scenario, recognised by its phrases.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub label: String,
    pub phrases: Vec<String>,
    #[serde(default = "one")]
    pub weight: u32,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Forbidden {
    pub phrases: Vec<String>,
    pub reason: String,
    #[serde(default)]
    pub auto_fail: bool,
}

/// The empathy moves of the built-in lexicons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmpathyMove {
    Acknowledge,
    Apologise,
    Understand,
    Thank,
    Personalise,
    Explore,
    Reassure,
}

/// The resolution moves of the built-in lexicons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResolutionMove {
    Ownership,
    NextStep,
    TimeFrame,
    Confirm,
    AnythingElse,
}

snake_names!(EmpathyMove {
    Acknowledge => "acknowledge", Apologise => "apologise", Understand => "understand",
    Thank => "thank", Personalise => "personalise", Explore => "explore",
    Reassure => "reassure",
});
snake_names!(ResolutionMove {
    Ownership => "ownership", NextStep => "next_step", TimeFrame => "time_frame",
    Confirm => "confirm", AnythingElse => "anything_else",
});

/// A conditional jump: the first route whose condition holds wins, else `next`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    pub when: Condition,
    pub next: String,
}

/// A test on the session's state and, for typed replies, on what the reply achieved.
/// Every field that is given must hold.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(default)]
    pub mood_at_least: Option<i32>,
    #[serde(default)]
    pub mood_below: Option<i32>,
    #[serde(default)]
    pub flags: Vec<String>,
    #[serde(default)]
    pub not_flags: Vec<String>,
    /// Typed replies only: these facts were stated correctly.
    #[serde(default)]
    pub stated: Vec<String>,
    /// Typed replies only: at least one fact was stated wrongly.
    #[serde(default)]
    pub wrong_fact: Option<bool>,
    /// Typed replies only: these steps were taken.
    #[serde(default)]
    pub steps: Vec<String>,
    #[serde(default)]
    pub empathy_at_least: Option<u8>,
    #[serde(default)]
    pub accuracy_at_least: Option<u8>,
    #[serde(default)]
    pub resolution_at_least: Option<u8>,
}

impl Condition {
    /// True when the condition tests what a typed reply achieved.
    pub fn reads_reply(&self) -> bool {
        !self.stated.is_empty()
            || self.wrong_fact.is_some()
            || !self.steps.is_empty()
            || self.empathy_at_least.is_some()
            || self.accuracy_at_least.is_some()
            || self.resolution_at_least.is_some()
    }
}

/// How a conversation can end.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    pub id: String,
    pub outcome: Outcome,
    /// Variants of the closing line; the seed picks one.
    pub text: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Resolved,
    PartiallyResolved,
    EscalatedCorrectly,
    EscalatedNeedlessly,
    CustomerLeft,
    Unresolved,
}

/// How the session score is made.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    #[serde(default)]
    pub weights: Weights,
    #[serde(default = "default_pass_mark")]
    pub pass_mark: u8,
    #[serde(default)]
    pub auto_fail: Vec<AutoFail>,
}

fn default_pass_mark() -> u8 {
    70
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            weights: Weights::default(),
            pass_mark: default_pass_mark(),
            auto_fail: Vec::new(),
        }
    }
}

/// Weights of the three dimensions in the session score; they must add up to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub empathy: u32,
    pub accuracy: u32,
    pub resolution: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            empathy: 30,
            accuracy: 35,
            resolution: 35,
        }
    }
}

/// A rule that fails the session whatever its score.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum AutoFail {
    /// The session ended with this outcome.
    Outcome { outcome: Outcome, reason: String },
    /// A choice or reply set this flag.
    Flag { flag: String, reason: String },
    /// A typed reply stated this fact wrongly.
    WrongFact { fact: String, reason: String },
}

impl AutoFail {
    pub fn reason(&self) -> &str {
        match self {
            AutoFail::Outcome { reason, .. }
            | AutoFail::Flag { reason, .. }
            | AutoFail::WrongFact { reason, .. } => reason,
        }
    }
}

impl Ending {
    /// A customer-left ending is also where a session goes when patience runs out, so it
    /// counts as reachable even when no choice leads to it.
    pub fn reached_when_patience_runs_out(&self) -> bool {
        self.outcome == Outcome::CustomerLeft
    }
}

impl Scenario {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    pub fn ending(&self, id: &str) -> Option<&Ending> {
        self.endings.iter().find(|e| e.id == id)
    }

    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.knowledge.iter().find(|f| f.id == id)
    }
}
