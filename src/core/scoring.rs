//! Scoring a typed reply on empathy, accuracy and resolution, with the evidence for each.
//!
//! Every point given or taken is backed by an `Evidence` item naming the phrase, fact or
//! step and where it stands in the reply. The same reply against the same rubric always
//! gets the same result.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;

use compact_str::CompactString;
use rustc_hash::FxHashSet;
use serde::{Serialize, Serializer};

use super::feedback::Advice;
use super::lexicon::{Compiled, Hit, NegativeKind, PhraseSet, Scan, Tag, builtin};
use super::quantity::{Quantity, Unit, extract, extract_into};
use super::scenario::{EmpathyMove, Fact, Locale, ResolutionMove, Rubric, Scenario, Weights};
use super::text::Words;

/// Replies longer than this are cut before scoring; the evidence says so.
pub const MAX_REPLY_CHARS: usize = 4_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Empathy,
    Accuracy,
    Resolution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A required or welcome item was found.
    Found,
    /// A required item is absent.
    Missing,
    /// An item was found but negated ("I can't refund"), so it does not count.
    Negated,
    /// A commitment was found but hedged ("maybe I can refund"), so it does not count.
    Hedged,
    /// A fact was stated with a wrong value.
    Wrong,
    /// Wording that costs points.
    Penalty,
    /// Something worth knowing that changes no points.
    Note,
}

/// One reason behind a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub dimension: Dimension,
    pub kind: EvidenceKind,
    /// The move, fact, step or penalty this is about (`apologise`, `refund_window`, `blame`).
    pub item: Cow<'static, str>,
    /// The words of the reply this rests on, if any. Short quotes are stored inline,
    /// without an allocation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<CompactString>,
    /// Character range of `quote` in the reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<[usize; 2]>,
    /// Points added (positive) or taken (negative) on the dimension.
    pub points: i32,
}

/// What a typed reply achieved, for routing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Achieved {
    pub stated: Vec<String>,
    pub wrong: Vec<String>,
    pub steps: Vec<String>,
}

/// The judgement of one reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplyScore {
    pub empathy: Option<u8>,
    pub accuracy: Option<u8>,
    pub resolution: Option<u8>,
    pub evidence: Vec<Evidence>,
    /// Why this reply fails the session outright, if it does.
    pub auto_fail: Option<String>,
    #[serde(skip)]
    pub achieved: Achieved,
    /// What to tell the trainee; `feedback()` writes it out in the reply's language.
    #[serde(skip)]
    pub advice: Vec<Advice>,
    #[serde(skip)]
    pub locale: Locale,
}

impl ReplyScore {
    pub fn get(&self, d: Dimension) -> Option<u8> {
        match d {
            Dimension::Empathy => self.empathy,
            Dimension::Accuracy => self.accuracy,
            Dimension::Resolution => self.resolution,
        }
    }

    /// Weighted mean of the tested dimensions, or `None` if none was tested.
    pub fn overall(&self, w: &Weights) -> Option<f64> {
        weighted([self.empathy, self.accuracy, self.resolution], w)
    }

    pub fn penalised(&self) -> bool {
        self.evidence
            .iter()
            .any(|e| e.kind == EvidenceKind::Penalty)
    }

    /// The feedback sentences for the trainee, in the reply's language. Each is written
    /// when displayed or serialised (as a list of strings), not when the reply is scored.
    pub fn feedback(&self) -> Feedback<'_> {
        Feedback(self)
    }

    /// The feedback sentences as strings.
    pub fn feedback_lines(&self) -> Vec<String> {
        self.feedback().iter().map(|s| s.to_string()).collect()
    }
}

/// The feedback of one reply; serialises as a list of sentences.
#[derive(Clone, Copy)]
pub struct Feedback<'a>(&'a ReplyScore);

impl<'a> Feedback<'a> {
    pub fn iter(&self) -> impl Iterator<Item = Sentence<'a>> + 'a {
        let score = self.0;
        score
            .advice
            .iter()
            .map(move |advice| Sentence { score, advice })
    }
}

impl Serialize for Feedback<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// One feedback sentence, written out on display.
#[derive(Clone, Copy)]
pub struct Sentence<'a> {
    score: &'a ReplyScore,
    advice: &'a Advice,
}

impl fmt::Display for Sentence<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let evidence = &self.score.evidence;
        let quote = |i: usize| {
            evidence
                .get(i)
                .and_then(|e| e.quote.as_deref())
                .unwrap_or("")
        };
        self.advice.write(f, self.score.locale, &quote)
    }
}

impl Serialize for Sentence<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Weighted mean of present scores.
pub fn weighted(scores: [Option<u8>; 3], w: &Weights) -> Option<f64> {
    let ws = [w.empathy, w.accuracy, w.resolution];
    let (mut num, mut den) = (0.0, 0.0);
    for (s, w) in scores.iter().zip(ws) {
        if let Some(s) = s {
            num += f64::from(*s) * f64::from(w);
            den += f64::from(w);
        }
    }
    (den > 0.0).then(|| num / den)
}

/// Which dimensions a rubric tests: empathy, accuracy, resolution.
pub fn rubric_tests(r: &Rubric) -> [bool; 3] {
    [
        !r.empathy.is_empty() || !r.empathy_phrases.is_empty(),
        !r.facts.is_empty(),
        !r.resolution.is_empty() || !r.steps.is_empty(),
    ]
}

/// What the rubric's own phrases stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RubricTag {
    Empathy,
    Step(usize),
    Forbidden(usize),
}

/// A fact with its accepted and wrong forms read as values or phrases.
#[derive(Debug, Clone)]
struct CompiledFact {
    fact: Fact,
    accepted: Vec<Form>,
    wrong: Vec<Form>,
}

#[derive(Debug, Clone)]
enum Form {
    Value(Quantity),
    Phrase(String),
}

/// A rubric prepared for scoring many replies.
#[derive(Debug, Clone)]
pub struct CompiledRubric {
    pub rubric: Rubric,
    facts: Vec<CompiledFact>,
    phrases: PhraseSet<RubricTag>,
    fact_phrases: PhraseSet<(usize, bool)>,
}

impl CompiledRubric {
    pub fn new(scenario: &Scenario, rubric: &Rubric) -> CompiledRubric {
        let lex = builtin(scenario.locale);
        let read = |s: &String| -> Form {
            let toks = Words::new(s, &lex.norm);
            let qs = extract(&toks);
            match qs.as_slice() {
                [q] if q.unit != Unit::Count || toks.len() == 1 => Form::Value(q.clone()),
                _ => Form::Phrase(s.clone()),
            }
        };
        let facts: Vec<CompiledFact> = rubric
            .facts
            .iter()
            .filter_map(|id| scenario.fact(id))
            .map(|f| CompiledFact {
                fact: f.clone(),
                accepted: f.accepted.iter().map(read).collect(),
                wrong: f.wrong.iter().map(read).collect(),
            })
            .collect();
        let mut fact_phrases = Vec::new();
        for (i, f) in facts.iter().enumerate() {
            for (forms, good) in [(&f.accepted, true), (&f.wrong, false)] {
                for form in forms {
                    if let Form::Phrase(p) = form {
                        fact_phrases.push(((i, good), p.clone()));
                    }
                }
            }
        }
        let mut phrases: Vec<(RubricTag, String)> = Vec::new();
        phrases.extend(
            rubric
                .empathy_phrases
                .iter()
                .map(|p| (RubricTag::Empathy, p.clone())),
        );
        for (i, s) in rubric.steps.iter().enumerate() {
            phrases.extend(s.phrases.iter().map(|p| (RubricTag::Step(i), p.clone())));
        }
        for (i, f) in rubric.forbidden.iter().enumerate() {
            phrases.extend(
                f.phrases
                    .iter()
                    .map(|p| (RubricTag::Forbidden(i), p.clone())),
            );
        }
        CompiledRubric {
            rubric: rubric.clone(),
            facts,
            phrases: PhraseSet::new(phrases, &lex.norm),
            fact_phrases: PhraseSet::new(fact_phrases, &lex.norm),
        }
    }
}

/// Who the reply is addressed to, for personalisation.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReplyContext<'a> {
    pub customer_name: Option<&'a str>,
    /// What the customer just said, to recognise a reply that only copies it.
    pub customer_line: Option<&'a str>,
}

/// A reply longer than this many words starts losing points: it buries the answer, and
/// a wall of text can contain every phrase in the lexicon.
pub const LONG_REPLY_WORDS: usize = 120;
/// Beyond the limit: points lost per started block of extra words, and the most lost.
const LONG_STEP_WORDS: usize = 30;
const LONG_STEP_POINTS: i32 = 10;
const LONG_MAX_POINTS: i32 = 60;
/// Empathy lost for a reply written mostly in capitals.
const SHOUTING_POINTS: i32 = 30;
/// A reply whose words are mostly the customer's own is capped at this on every dimension.
const COPY_SHARE: f64 = 0.6;
const COPY_CAP: u8 = 20;
/// A reply that is mostly empathy phrases, with nothing that addresses the problem.
const STUFFING_SHARE: f64 = 0.6;
const STUFFING_CAP: u8 = 40;

/// Points lost for each kind of wording, once per kind.
fn penalty_points(kind: NegativeKind) -> i32 {
    match kind {
        NegativeKind::Blame | NegativeKind::Dismissal => 30,
        NegativeKind::Rude => 40,
        NegativeKind::Sarcasm => 20,
    }
}
const FORBIDDEN_POINTS: i32 = 40;

/// The buffers one scoring fills, kept per thread so that a stream of replies reuses
/// them instead of allocating words, hits and move lists for every reply.
#[derive(Default)]
struct Work {
    words: Words,
    scan: Scan,
    moves: Moves,
    quantities: Vec<Quantity>,
}

thread_local! {
    static WORK: RefCell<Work> = RefCell::default();
}

/// Score a reply against a rubric, or against the built-in lexicon alone when `rubric`
/// is `None` (then accuracy is not tested).
pub fn score_reply(
    locale: Locale,
    rubric: Option<&CompiledRubric>,
    reply: &str,
    ctx: &ReplyContext<'_>,
) -> ReplyScore {
    let mut out = ReplyScore {
        empathy: None,
        accuracy: None,
        resolution: None,
        evidence: Vec::with_capacity(8),
        auto_fail: None,
        achieved: Achieved::default(),
        advice: Vec::with_capacity(8),
        locale,
    };
    score_reply_into(&mut out, locale, rubric, reply, ctx);
    out
}

/// `score_reply`, into `out`, whose lists are cleared and reused: scoring a stream of
/// replies into one `ReplyScore` allocates nothing once its lists have grown (lexicon
/// items are static names and short quotes are stored inline).
pub fn score_reply_into(
    out: &mut ReplyScore,
    locale: Locale,
    rubric: Option<&CompiledRubric>,
    reply: &str,
    ctx: &ReplyContext<'_>,
) {
    WORK.with(|cell| match cell.try_borrow_mut() {
        Ok(mut work) => score_with(&mut work, out, locale, rubric, reply, ctx),
        // Scoring does not call itself; should that change, fresh buffers stay correct.
        Err(_) => score_with(&mut Work::default(), out, locale, rubric, reply, ctx),
    })
}

/// Evidence and advice as a reply is judged.
struct Report<'a> {
    reply: &'a str,
    words: &'a Words,
    lex: &'a Compiled,
    scan: &'a Scan,
    evidence: Vec<Evidence>,
    advice: Vec<Advice>,
}

impl Report<'_> {
    /// Add an evidence item, quoting the reply's words at token range `at`; returns its
    /// index, for advice that repeats the quote.
    fn add(
        &mut self,
        dimension: Dimension,
        kind: EvidenceKind,
        item: impl Into<Cow<'static, str>>,
        at: Option<&Range<usize>>,
        points: i32,
    ) -> usize {
        let (quote, at) = at.map_or((None, None), |r| self.quote(r));
        self.evidence.push(Evidence {
            dimension,
            kind,
            item: item.into(),
            quote,
            at,
            points,
        });
        self.evidence.len() - 1
    }

    fn quote(&self, r: &Range<usize>) -> (Option<CompactString>, Option<[usize; 2]>) {
        if r.is_empty() || r.end > self.words.len() {
            return (None, None);
        }
        let toks = self.words.tokens();
        let bytes = toks[r.start].span.start..toks[r.end - 1].span.end;
        let chars = [self.char_at(bytes.start), self.char_at(bytes.end)];
        (Some(CompactString::from(&self.reply[bytes])), Some(chars))
    }

    /// Character offset of byte offset `byte` of the reply.
    fn char_at(&self, byte: usize) -> usize {
        if self.words.is_ascii() {
            byte
        } else {
            self.reply[..byte].chars().count()
        }
    }

    fn say(&mut self, advice: Advice) {
        self.advice.push(advice);
    }

    /// An item that was said but does not count: negated, or else hedged.
    fn blocked(&mut self, dimension: Dimension, item: Cow<'static, str>, r: &Range<usize>) {
        if self.scan.is_negated(self.words, r) {
            let i = self.add(dimension, EvidenceKind::Negated, item, Some(r), 0);
            self.say(Advice::Negated(i));
        } else {
            let i = self.add(dimension, EvidenceKind::Hedged, item, Some(r), 0);
            self.say(Advice::Hedged(i));
        }
    }

    /// Judge each required move as found, negated or missing, with evidence and advice;
    /// returns how many were found.
    fn judge_required<M: Copy + PartialEq>(&mut self, req: &Required<'_, M>) -> usize {
        let mut got = 0;
        for &m in req.moves {
            match verdict(&m, req.found, req.negated) {
                Verdict::Found(r) => {
                    got += 1;
                    self.add(
                        req.dimension,
                        EvidenceKind::Found,
                        (req.name)(m),
                        Some(&r),
                        req.points,
                    );
                    self.say((req.said)(m));
                }
                Verdict::Negated(r) => self.blocked(req.dimension, (req.name)(m).into(), &r),
                Verdict::Missing => {
                    self.add(req.dimension, EvidenceKind::Missing, (req.name)(m), None, 0);
                    self.say((req.missing)(m));
                }
            }
        }
        got
    }
}

fn score_with(
    work: &mut Work,
    out: &mut ReplyScore,
    locale: Locale,
    rubric: Option<&CompiledRubric>,
    reply: &str,
    ctx: &ReplyContext<'_>,
) {
    let lex = builtin(locale);
    // A reply of at most that many bytes has at most that many characters.
    let cut = if reply.len() <= MAX_REPLY_CHARS {
        None
    } else {
        reply.char_indices().nth(MAX_REPLY_CHARS).map(|(at, _)| at)
    };
    let reply = cut.map_or(reply, |at| &reply[..at]);
    let Work {
        words,
        scan,
        moves,
        quantities,
    } = work;
    words.fill(reply, &lex.norm);
    let words: &Words = words;
    lex.scan(words, scan);
    drop_nested(&mut scan.hits);
    let scan: &Scan = scan;
    extract_into(words, quantities);
    let quantities: &[Quantity] = quantities;
    moves.clear();
    for h in &scan.hits {
        // A commitment can be blocked by a negation or by a hedge; feelings only by negation.
        let blocked = scan.is_negated(words, &h.tokens)
            || match h.payload {
                Tag::Resolution(m) => {
                    scan.is_hedged(words, &h.tokens, m == ResolutionMove::Ownership)
                }
                _ => false,
            };
        moves.lexicon(h, blocked);
    }
    let mut report = Report {
        reply,
        words,
        lex,
        scan,
        evidence: std::mem::take(&mut out.evidence),
        advice: std::mem::take(&mut out.advice),
    };
    report.evidence.clear();
    report.advice.clear();
    if cut.is_some() {
        report.add(Dimension::Empathy, EvidenceKind::Note, "too_long", None, 0);
    }
    if let Some(name) = ctx.customer_name {
        let name = Words::new(name, &lex.norm);
        if let Some(first) = name.get(0)
            && let Some(i) = words.iter().position(|w| w == first)
        {
            moves
                .empathy_found
                .push((EmpathyMove::Personalise, i..i + 1));
        }
    }
    // A stated duration or clock time is a time frame.
    if let Some(q) = quantities.iter().find(|q| {
        matches!(
            q.unit,
            Unit::Minutes | Unit::Days | Unit::WorkingDays | Unit::TimeOfDay
        )
    }) {
        moves
            .resolution_found
            .push((ResolutionMove::TimeFrame, q.tokens.clone()));
    }
    let moves: &Moves = moves;

    let mut achieved = std::mem::take(&mut out.achieved);
    achieved.stated.clear();
    achieved.wrong.clear();
    achieved.steps.clear();
    let mut auto_fail = None;
    let tests = rubric.map_or([true, false, true], |r| rubric_tests(&r.rubric));
    let mut penalty = 0i32;

    // Negative wording: once per kind, whatever the dimension mix.
    let mut seen_neg = 0u32;
    for &(kind, ref r) in &moves.negatives {
        if seen_neg & kind.flag() == 0 {
            seen_neg |= kind.flag();
            let p = penalty_points(kind);
            penalty += p;
            let i = report.add(
                Dimension::Empathy,
                EvidenceKind::Penalty,
                kind.name(),
                Some(r),
                -p,
            );
            report.say(Advice::Negative(kind, i));
        }
    }

    // Rubric phrases: custom empathy, steps, forbidden wording.
    let mut custom_empathy: Option<Range<usize>> = None;
    let mut steps_found: Vec<Option<Range<usize>>> = Vec::new();
    let mut steps_negated: Vec<Option<Range<usize>>> = Vec::new();
    if let Some(cr) = rubric {
        steps_found = vec![None; cr.rubric.steps.len()];
        steps_negated = vec![None; cr.rubric.steps.len()];
        let mut forbidden_seen = BTreeSet::new();
        for h in cr.phrases.find(words) {
            let negated = scan.is_negated(words, &h.tokens);
            match h.payload {
                RubricTag::Empathy if !negated => {
                    custom_empathy.get_or_insert(h.tokens.clone());
                }
                RubricTag::Step(i) if !negated && !scan.is_hedged(words, &h.tokens, false) => {
                    steps_found[i].get_or_insert(h.tokens.clone());
                }
                RubricTag::Step(i) => {
                    steps_negated[i].get_or_insert(h.tokens.clone());
                }
                RubricTag::Forbidden(i) if forbidden_seen.insert(i) => {
                    let f = &cr.rubric.forbidden[i];
                    penalty += FORBIDDEN_POINTS;
                    let at = report.add(
                        Dimension::Empathy,
                        EvidenceKind::Penalty,
                        "forbidden",
                        Some(&h.tokens),
                        -FORBIDDEN_POINTS,
                    );
                    report.say(Advice::Forbidden {
                        reason: f.reason.clone(),
                        quote: at,
                    });
                    if f.auto_fail && auto_fail.is_none() {
                        auto_fail = Some(f.reason.clone());
                    }
                }
                _ => {}
            }
        }
    }

    // Empathy.
    let empathy_tested = tests[0] || penalty > 0;
    let empathy = if !empathy_tested {
        None
    } else {
        let found = flags(&moves.empathy_found);
        let mut score: i32;
        match rubric.filter(|_| tests[0]) {
            Some(cr) => {
                let required = &cr.rubric.empathy;
                let items = required.len() + usize::from(!cr.rubric.empathy_phrases.is_empty());
                // Each required item's share of the score, shown on its evidence.
                let share = 100usize.checked_div(items).map_or(0, |v| v as i32);
                let mut got = report.judge_required(&Required {
                    moves: required,
                    found: &moves.empathy_found,
                    negated: &moves.empathy_negated,
                    dimension: Dimension::Empathy,
                    points: share,
                    name: EmpathyMove::name,
                    said: Advice::EmpathyFound,
                    missing: Advice::EmpathyMissing,
                });
                if !cr.rubric.empathy_phrases.is_empty() {
                    if let Some(r) = &custom_empathy {
                        got += 1;
                        report.add(
                            Dimension::Empathy,
                            EvidenceKind::Found,
                            "expected_phrase",
                            Some(r),
                            share,
                        );
                    } else {
                        report.add(
                            Dimension::Empathy,
                            EvidenceKind::Missing,
                            "expected_phrase",
                            None,
                            0,
                        );
                        report.say(Advice::PhraseMissing {
                            example: cr.rubric.empathy_phrases[0].clone(),
                        });
                    }
                }
                score = (100 * got).checked_div(items).map_or(100, |v| v as i32);
                // A welcome move that was not required adds up to 10, never past 100;
                // the evidence shows what it really added.
                for (m, r) in first_each(&moves.empathy_found) {
                    if !required.contains(&m) {
                        let bonus = 10.min(100 - score).max(0);
                        report.add(
                            Dimension::Empathy,
                            EvidenceKind::Found,
                            m.name(),
                            Some(&r),
                            bonus,
                        );
                        score += bonus;
                    }
                }
            }
            None => {
                // Lexicon only: each distinct move adds its weight from the lexicon
                // file (an apology weighs most), up to 100; a repeat adds nothing.
                score = 0;
                for (m, r) in first_each(&moves.empathy_found) {
                    let added = (lex.weight(m) as i32).min(100 - score);
                    score += added;
                    report.add(
                        Dimension::Empathy,
                        EvidenceKind::Found,
                        m.name(),
                        Some(&r),
                        added,
                    );
                    report.say(Advice::EmpathyFound(m));
                }
                for (m, r) in first_each(&moves.empathy_negated) {
                    if found & m.flag() == 0 {
                        let i = report.add(
                            Dimension::Empathy,
                            EvidenceKind::Negated,
                            m.name(),
                            Some(&r),
                            0,
                        );
                        report.say(Advice::Negated(i));
                    }
                }
                if found == 0 && penalty == 0 {
                    report.say(Advice::NoEmpathy);
                }
            }
        }
        if rubric.is_some() && !tests[0] {
            // Empathy was not asked for; only the penalties speak.
            score = 100;
        }
        Some((score.min(100) - penalty).clamp(0, 100) as u8)
    };

    // Accuracy.
    let accuracy = rubric.filter(|_| tests[1]).map(|cr| {
        let fact_hits = cr.fact_phrases.find(words);
        let mut correct = 0usize;
        for (i, f) in cr.facts.iter().enumerate() {
            let id = f.fact.id.as_str();
            let stands = |r: &Range<usize>| !scan.is_negated(words, r);
            let right = find_form(&f.accepted, quantities, &fact_hits, i, true, stands);
            let wrong = find_form(&f.wrong, quantities, &fact_hits, i, false, stands);
            let expected = f.fact.accepted.first().map(String::as_str).unwrap_or("");
            match (right, wrong) {
                (_, Some(r)) => {
                    achieved.wrong.push(id.to_string());
                    let at = report.add(
                        Dimension::Accuracy,
                        EvidenceKind::Wrong,
                        id.to_string(),
                        Some(&r),
                        0,
                    );
                    report.say(Advice::FactWrong {
                        label: f.fact.label.clone(),
                        value: expected.to_string(),
                        quote: at,
                    });
                }
                (Some(r), None) => {
                    correct += 1;
                    achieved.stated.push(id.to_string());
                    let pts = (100 / cr.facts.len().max(1)) as i32;
                    report.add(
                        Dimension::Accuracy,
                        EvidenceKind::Found,
                        id.to_string(),
                        Some(&r),
                        pts,
                    );
                    report.say(Advice::FactRight {
                        label: f.fact.label.clone(),
                        value: expected.to_string(),
                    });
                }
                (None, None) => {
                    // A value of the same kind that is neither right nor listed wrong.
                    let unit = f.accepted.iter().find_map(|a| match a {
                        Form::Value(q) => Some(q.unit),
                        Form::Phrase(_) => None,
                    });
                    let other = unit
                        .and_then(|u| quantities.iter().find(|q| q.unit == u && u != Unit::Count));
                    if let Some(q) = other {
                        report.add(
                            Dimension::Accuracy,
                            EvidenceKind::Note,
                            id.to_string(),
                            Some(&q.tokens),
                            0,
                        );
                        report.say(Advice::FactUnverified {
                            label: f.fact.label.clone(),
                            said: q.to_string(),
                            value: expected.to_string(),
                        });
                    } else {
                        report.add(
                            Dimension::Accuracy,
                            EvidenceKind::Missing,
                            id.to_string(),
                            None,
                            0,
                        );
                        report.say(Advice::FactMissing {
                            label: f.fact.label.clone(),
                            value: expected.to_string(),
                        });
                    }
                }
            }
        }
        if cr.facts.is_empty() {
            100
        } else {
            (100 * correct / cr.facts.len()) as u8
        }
    });

    // Resolution.
    let resolution = if !tests[2] {
        None
    } else {
        let found_moves = flags(&moves.resolution_found);
        match rubric {
            Some(cr) => {
                let required = &cr.rubric.resolution;
                let total: u32 =
                    required.len() as u32 + cr.rubric.steps.iter().map(|s| s.weight).sum::<u32>();
                let unit = |w: u32| (100 * w / total.max(1)) as i32;
                let mut got = report.judge_required(&Required {
                    moves: required,
                    found: &moves.resolution_found,
                    negated: &moves.resolution_negated,
                    dimension: Dimension::Resolution,
                    points: unit(1),
                    name: ResolutionMove::name,
                    said: Advice::ResolutionFound,
                    missing: Advice::ResolutionMissing,
                }) as u32;
                for (i, step) in cr.rubric.steps.iter().enumerate() {
                    if let Some(r) = &steps_found[i] {
                        got += step.weight;
                        achieved.steps.push(step.id.clone());
                        report.add(
                            Dimension::Resolution,
                            EvidenceKind::Found,
                            step.id.clone(),
                            Some(r),
                            unit(step.weight),
                        );
                        report.say(Advice::StepFound {
                            label: step.label.clone(),
                        });
                    } else if let Some(r) = &steps_negated[i] {
                        report.blocked(Dimension::Resolution, step.id.clone().into(), r);
                    } else {
                        report.add(
                            Dimension::Resolution,
                            EvidenceKind::Missing,
                            step.id.clone(),
                            None,
                            0,
                        );
                        report.say(Advice::StepMissing {
                            label: step.label.clone(),
                        });
                    }
                }
                Some((100 * got).checked_div(total).map_or(100, |v| v as u8))
            }
            None => {
                let ladder = [40, 70, 90, 100];
                let mut prev = 0;
                for (i, (m, r)) in first_each(&moves.resolution_found).enumerate() {
                    let at = ladder.get(i).copied().unwrap_or(100);
                    report.add(
                        Dimension::Resolution,
                        EvidenceKind::Found,
                        m.name(),
                        Some(&r),
                        at - prev,
                    );
                    report.say(Advice::ResolutionFound(m));
                    prev = at;
                }
                for (m, r) in first_each(&moves.resolution_negated) {
                    if found_moves & m.flag() == 0 {
                        report.blocked(Dimension::Resolution, m.name().into(), &r);
                    }
                }
                if found_moves == 0 {
                    report.say(Advice::NoResolution);
                }
                Some(prev.min(100) as u8)
            }
        }
    };

    let substance = !moves.resolution_found.is_empty()
        || !achieved.stated.is_empty()
        || !achieved.steps.is_empty()
        || !achieved.wrong.is_empty();
    let mut scores = [empathy, accuracy, resolution];
    guard(
        &Guard {
            hits: &scan.hits,
            customer_line: ctx.customer_line,
            substance,
        },
        &mut scores,
        &mut report,
    );
    let [empathy, accuracy, resolution] = scores;

    *out = ReplyScore {
        empathy,
        accuracy,
        resolution,
        evidence: report.evidence,
        auto_fail,
        achieved,
        advice: report.advice,
        locale,
    };
}

/// Drop a hit that is the beginning of a longer hit: "I can imagine" is understanding,
/// not the ownership of "I can". A phrase ending a longer one stands ("saya proses" is
/// ownership and "proses" a next step). `hits` is sorted by token range, so the hits
/// sharing a start are neighbours.
fn drop_nested<T>(hits: &mut Vec<Hit<T>>) {
    let mut kept = 0;
    for i in 0..hits.len() {
        let me = hits[i].tokens.clone();
        let wider = hits[i + 1..]
            .iter()
            .take_while(|h| h.tokens.start == me.start)
            .any(|h| h.tokens.end > me.end);
        if !wider {
            hits.swap(kept, i);
            kept += 1;
        }
    }
    hits.truncate(kept);
}

/// What the gaming checks look at, beyond the reply itself.
struct Guard<'a> {
    hits: &'a [Hit<Tag>],
    customer_line: Option<&'a str>,
    /// The reply does something about the problem: a resolution move, a fact, a step.
    substance: bool,
}

/// Checks that keep a gamed reply from outscoring a short genuine one: a wall of text,
/// shouting, a copy of the customer's words, a string of empathy phrases. Each one that
/// fires says so in the evidence and the feedback.
fn guard(g: &Guard<'_>, scores: &mut [Option<u8>; 3], report: &mut Report<'_>) {
    const DIMS: [Dimension; 3] = [
        Dimension::Empathy,
        Dimension::Accuracy,
        Dimension::Resolution,
    ];
    /// Lower dimension `d` to `to` (never raise it), recording the points lost.
    fn cut(
        scores: &mut [Option<u8>; 3],
        d: usize,
        to: i32,
        item: &'static str,
        report: &mut Report<'_>,
    ) {
        let before = i32::from(scores[d].unwrap_or(100));
        let after = to.clamp(0, before);
        if after < before || scores[d].is_none() {
            scores[d] = Some(after as u8);
            report.add(DIMS[d], EvidenceKind::Penalty, item, None, after - before);
        }
    }
    let words = report.words.len();

    if words > LONG_REPLY_WORDS {
        let blocks = (words - LONG_REPLY_WORDS).div_ceil(LONG_STEP_WORDS) as i32;
        let points = (blocks * LONG_STEP_POINTS).min(LONG_MAX_POINTS);
        for d in [0, 2] {
            if let Some(v) = scores[d] {
                cut(scores, d, i32::from(v) - points, "too_long", report);
            }
        }
        report.say(Advice::TooLong { words });
    }

    let (upper, letters) = report.words.capitals();
    if letters >= 12 && upper * 10 >= letters * 7 {
        // Rudeness is an empathy failure even on a turn that does not otherwise test it.
        let from = i32::from(scores[0].unwrap_or(100));
        cut(scores, 0, from - SHOUTING_POINTS, "shouting", report);
        report.say(Advice::Shouting);
    }

    if let Some(line) = g.customer_line
        && words >= 4
    {
        let line = Words::new(line, &report.lex.norm);
        let theirs: FxHashSet<&str> = line.iter().collect();
        let copied = report.words.iter().filter(|w| theirs.contains(w)).count();
        if copied as f64 >= COPY_SHARE * words as f64 {
            for d in 0..3 {
                if scores[d].is_some() {
                    cut(scores, d, i32::from(COPY_CAP), "copied_customer", report);
                }
            }
            report.say(Advice::Copied);
        }
    }

    if !g.substance && words >= 3 {
        // Words inside empathy phrases; hits are sorted by start, so one sweep merges them.
        let (mut covered, mut reach) = (0usize, 0usize);
        for h in g
            .hits
            .iter()
            .filter(|h| matches!(h.payload, Tag::Empathy(_)))
        {
            let end = h.tokens.end.min(words);
            let start = h.tokens.start.max(reach);
            covered += end.saturating_sub(start);
            reach = reach.max(end);
        }
        let share = covered as f64 / words as f64;
        if share >= STUFFING_SHARE && scores[0].is_some_and(|v| v > STUFFING_CAP) {
            cut(scores, 0, i32::from(STUFFING_CAP), "empathy_only", report);
            report.say(Advice::EmpathyOnly);
        }
    }
}

/// How a required move fared in a reply.
enum Verdict {
    Found(Range<usize>),
    /// Said, but under a negation ("I'm not sorry").
    Negated(Range<usize>),
    Missing,
}

/// Required moves of one dimension, where the reply found them, and how to report them.
struct Required<'a, M> {
    moves: &'a [M],
    found: &'a [(M, Range<usize>)],
    negated: &'a [(M, Range<usize>)],
    dimension: Dimension,
    /// Points each found move is worth.
    points: i32,
    name: fn(M) -> &'static str,
    said: fn(M) -> Advice,
    missing: fn(M) -> Advice,
}

fn verdict<M: PartialEq>(
    m: &M,
    found: &[(M, Range<usize>)],
    negated: &[(M, Range<usize>)],
) -> Verdict {
    let at = |list: &[(M, Range<usize>)]| list.iter().find(|(x, _)| x == m).map(|(_, r)| r.clone());
    match (at(found), at(negated)) {
        (Some(r), _) => Verdict::Found(r),
        (None, Some(r)) => Verdict::Negated(r),
        (None, None) => Verdict::Missing,
    }
}

/// Lexicon hits sorted into moves, negated moves and negatives.
#[derive(Default)]
struct Moves {
    empathy_found: Vec<(EmpathyMove, Range<usize>)>,
    empathy_negated: Vec<(EmpathyMove, Range<usize>)>,
    resolution_found: Vec<(ResolutionMove, Range<usize>)>,
    resolution_negated: Vec<(ResolutionMove, Range<usize>)>,
    negatives: Vec<(NegativeKind, Range<usize>)>,
}

impl Moves {
    fn clear(&mut self) {
        self.empathy_found.clear();
        self.empathy_negated.clear();
        self.resolution_found.clear();
        self.resolution_negated.clear();
        self.negatives.clear();
    }

    fn lexicon(&mut self, h: &Hit<Tag>, negated: bool) {
        let r = h.tokens.clone();
        match (h.payload, negated) {
            (Tag::Empathy(m), false) => self.empathy_found.push((m, r)),
            (Tag::Empathy(m), true) => self.empathy_negated.push((m, r)),
            (Tag::Resolution(m), false) => self.resolution_found.push((m, r)),
            (Tag::Resolution(m), true) => self.resolution_negated.push((m, r)),
            // "It's not your fault" is not blame.
            (Tag::Negative(k), false) => self.negatives.push((k, r)),
            (Tag::Negative(_), true) => {}
            // `Compiled::scan` keeps these apart.
            (Tag::Negator | Tag::Hedge, _) => {}
        }
    }
}

/// A move or kind as one bit, so a set of them needs no allocation.
trait Flag: Copy {
    fn flag(self) -> u32;
}

impl Flag for EmpathyMove {
    fn flag(self) -> u32 {
        1 << self as u32
    }
}

impl Flag for ResolutionMove {
    fn flag(self) -> u32 {
        1 << self as u32
    }
}

impl Flag for NegativeKind {
    fn flag(self) -> u32 {
        1 << self as u32
    }
}

/// The set of moves in `items`.
fn flags<M: Flag>(items: &[(M, Range<usize>)]) -> u32 {
    items.iter().fold(0, |set, (m, _)| set | m.flag())
}

/// The first occurrence of each distinct move, in order of appearance: a phrase
/// repeated ten times counts once.
fn first_each<M: Flag>(
    items: &[(M, Range<usize>)],
) -> impl Iterator<Item = (M, Range<usize>)> + '_ {
    let mut seen = 0u32;
    items.iter().filter_map(move |(m, r)| {
        let new = seen & m.flag() == 0;
        seen |= m.flag();
        new.then(|| (*m, r.clone()))
    })
}

/// Where a fact is stated in one of `forms`, ignoring negated mentions: "I can't offer
/// Rp 5 million" does not state Rp 5 million.
fn find_form(
    forms: &[Form],
    quantities: &[Quantity],
    phrase_hits: &[Hit<(usize, bool)>],
    fact: usize,
    good: bool,
    stands: impl Fn(&Range<usize>) -> bool,
) -> Option<Range<usize>> {
    for form in forms {
        if let Form::Value(want) = form
            && let Some(q) = quantities
                .iter()
                .find(|q| q.unit == want.unit && q.value == want.value && stands(&q.tokens))
        {
            return Some(q.tokens.clone());
        }
    }
    phrase_hits
        .iter()
        .find(|h| h.payload == (fact, good) && stands(&h.tokens))
        .map(|h| h.tokens.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::scenario::{Forbidden, Step};

    fn scenario() -> Scenario {
        let src = include_str!("../../tests/fixtures/valid/minimal.ron");
        crate::core::load::ron_options()
            .from_str(src)
            .expect("fixture parses")
    }

    fn rubric(s: &Scenario) -> CompiledRubric {
        let r = Rubric {
            facts: vec!["refund_window".into()],
            empathy: vec![EmpathyMove::Apologise],
            resolution: vec![ResolutionMove::Ownership],
            steps: vec![Step {
                id: "refund".into(),
                label: "Offer a refund".into(),
                phrases: vec!["refund".into()],
                weight: 1,
            }],
            forbidden: vec![Forbidden {
                phrases: vec!["not our problem".into()],
                reason: "Never disown the problem".into(),
                auto_fail: true,
            }],
            next: "end".into(),
            ..Rubric::default()
        };
        CompiledRubric::new(s, &r)
    }

    /// The items a reply was credited with.
    fn found(r: &ReplyScore) -> Vec<&str> {
        r.evidence
            .iter()
            .filter(|e| e.kind == EvidenceKind::Found)
            .map(|e| e.item.as_ref())
            .collect()
    }

    fn score(text: &str) -> ReplyScore {
        let s = scenario();
        score_reply(s.locale, Some(&rubric(&s)), text, &ReplyContext::default())
    }

    #[test]
    fn a_full_reply_scores_full_marks_with_evidence() {
        let r = score("I'm sorry about this. I will refund you; refunds take 14 days.");
        assert_eq!(
            (r.empathy, r.accuracy, r.resolution),
            (Some(100), Some(100), Some(100))
        );
        let found = found(&r);
        assert!(
            found.contains(&"apologise")
                && found.contains(&"refund_window")
                && found.contains(&"refund"),
            "{found:?}"
        );
        let fact = r
            .evidence
            .iter()
            .find(|e| e.item == "refund_window")
            .unwrap();
        assert_eq!(fact.quote.as_deref(), Some("14 days"));
    }

    #[test]
    fn equivalent_forms_of_a_fact_are_accepted() {
        assert_eq!(score("two weeks").accuracy, Some(100));
        assert_eq!(score("within a fortnight or so").accuracy, Some(0));
    }

    #[test]
    fn a_wrong_value_is_named() {
        let r = score("You'll get the money back in 7 days.");
        assert_eq!(r.accuracy, Some(0));
        assert_eq!(r.achieved.wrong, ["refund_window"]);
        assert!(
            r.evidence
                .iter()
                .any(|e| e.kind == EvidenceKind::Wrong && e.quote.as_deref() == Some("7 days"))
        );
    }

    #[test]
    fn a_negated_wrong_value_is_not_a_wrong_fact() {
        let r = score("Sorry, it is not 7 days: refunds take 14 days.");
        assert_eq!(r.accuracy, Some(100), "{:?}", r.evidence);
        assert!(r.achieved.wrong.is_empty());
    }

    #[test]
    fn a_hedged_commitment_does_not_count() {
        let r = score("Sorry, maybe I can refund you.");
        assert_eq!(r.resolution, Some(0), "{:?}", r.evidence);
        assert!(
            r.evidence
                .iter()
                .any(|e| e.kind == EvidenceKind::Hedged && e.item == "refund")
        );
        assert!(
            r.feedback_lines()
                .iter()
                .any(|f| f.contains("not a commitment"))
        );
        let id = score_reply(
            Locale::Id,
            None,
            "Mungkin saya bisa proses refund.",
            &ReplyContext::default(),
        );
        assert!(
            id.evidence.iter().any(|e| e.kind == EvidenceKind::Hedged),
            "{:?}",
            id.evidence
        );
        // "Coba" is a polite imperative in Indonesian, not a hedge.
        let id = score_reply(
            Locale::Id,
            None,
            "Coba restart modemnya, Kak.",
            &ReplyContext::default(),
        );
        assert!(
            id.evidence.iter().all(|e| e.kind != EvidenceKind::Hedged),
            "{:?}",
            id.evidence
        );
    }

    #[test]
    fn a_hedge_after_ownership_weakens_it() {
        let ctx = ReplyContext::default();
        let kind = |locale, text, item: &str| {
            score_reply(locale, None, text, &ctx)
                .evidence
                .into_iter()
                .find(|e| e.item == item)
                .map(|e| e.kind)
        };
        assert_eq!(
            kind(Locale::En, "I'll try to help.", "ownership"),
            Some(EvidenceKind::Hedged)
        );
        assert_eq!(
            kind(Locale::En, "I will probably call you back.", "ownership"),
            Some(EvidenceKind::Hedged)
        );
        assert_eq!(
            kind(Locale::Id, "Saya akan usahakan ya Kak.", "ownership"),
            Some(EvidenceKind::Hedged)
        );
        // A firm commitment stays firm; a hedge in the next sentence is about that one.
        assert_eq!(
            kind(
                Locale::En,
                "I will call you back. Maybe tomorrow?",
                "ownership"
            ),
            Some(EvidenceKind::Found)
        );
        // Hoping about the timing does not take back the action itself.
        assert_eq!(
            kind(
                Locale::Id,
                "Saya proses, semoga bisa selesai hari ini.",
                "next_step"
            ),
            Some(EvidenceKind::Found)
        );
    }

    #[test]
    fn negated_step_does_not_count() {
        let r = score("Sorry, I can't refund you.");
        assert_eq!(r.resolution, Some(0));
        assert!(
            r.evidence
                .iter()
                .any(|e| e.kind == EvidenceKind::Negated && e.item == "refund")
        );
    }

    #[test]
    fn forbidden_phrase_costs_and_can_fail() {
        let r = score("That's not our problem.");
        assert_eq!(r.auto_fail.as_deref(), Some("Never disown the problem"));
        assert!(
            r.evidence
                .iter()
                .any(|e| e.kind == EvidenceKind::Penalty && e.points == -FORBIDDEN_POINTS)
        );
    }

    #[test]
    fn lexicon_only_scores_empathy_and_resolution() {
        let warm = score_reply(
            Locale::Id,
            None,
            "Mohon maaf ya Kak, saya akan proses refund hari ini.",
            &ReplyContext::default(),
        );
        assert!(warm.empathy.unwrap() >= 75, "{warm:?}");
        assert!(warm.resolution.unwrap() >= 70);
        assert_eq!(warm.accuracy, None);
        let cold = score_reply(
            Locale::Id,
            None,
            "Tenang saja, bukan urusan saya.",
            &ReplyContext::default(),
        );
        assert_eq!(cold.empathy, Some(0));
    }

    #[test]
    fn repeated_phrases_count_once() {
        let ctx = ReplyContext::default();
        let once = score_reply(Locale::En, None, "Sorry, I will fix it today.", &ctx);
        let many = score_reply(
            Locale::En,
            None,
            "Sorry sorry sorry sorry, I will fix it today.",
            &ctx,
        );
        assert_eq!(once.empathy, many.empathy);
        let apologies = many
            .evidence
            .iter()
            .filter(|e| e.item == "apologise")
            .count();
        assert_eq!(
            apologies, 1,
            "one apology in the evidence, however often it is said"
        );
    }

    /// A short genuine reply, and gamed variants that must not beat it.
    const GENUINE: &str = "I'm sorry about this. I will refund you; it takes 14 days.";

    fn gamed(text: &str, customer_line: Option<&str>) -> (ReplyScore, ReplyScore) {
        let s = scenario();
        let r = rubric(&s);
        let ctx = ReplyContext {
            customer_line,
            ..ReplyContext::default()
        };
        (
            score_reply(s.locale, Some(&r), GENUINE, &ctx),
            score_reply(s.locale, Some(&r), text, &ctx),
        )
    }

    fn overall(r: &ReplyScore) -> f64 {
        r.overall(&crate::core::scenario::Weights::default())
            .unwrap_or(0.0)
    }

    fn says(r: &ReplyScore, item: &str) -> bool {
        r.evidence
            .iter()
            .any(|e| e.item == item && e.kind == EvidenceKind::Penalty && e.points < 0)
    }

    #[test]
    fn a_string_of_empathy_words_does_not_beat_a_genuine_reply() {
        let lex = "So sorry, I understand, I apologise, I hear you, I can imagine, thank you, don't worry.";
        let ctx = ReplyContext::default();
        let genuine = score_reply(
            Locale::En,
            None,
            "I'm sorry, I will send a replacement today.",
            &ctx,
        );
        let stuffed = score_reply(Locale::En, None, lex, &ctx);
        assert!(stuffed.empathy < genuine.empathy, "{stuffed:?}");
        assert!(says(&stuffed, "empathy_only"));
    }

    #[test]
    fn shouting_costs_empathy() {
        let (genuine, loud) = gamed(&GENUINE.to_uppercase(), None);
        assert!(loud.empathy < genuine.empathy);
        assert!(says(&loud, "shouting"));
        assert!(overall(&loud) < overall(&genuine));
    }

    #[test]
    fn copying_the_customer_earns_nothing() {
        let line = "Your courier lost my parcel and I want a refund within 14 days, sorry to say.";
        let (genuine, copy) = gamed(line, Some(line));
        assert!(says(&copy, "copied_customer"));
        assert!(overall(&copy) <= f64::from(COPY_CAP));
        assert!(overall(&copy) < overall(&genuine));
    }

    #[test]
    fn a_huge_reply_does_not_beat_a_short_genuine_one() {
        let filler =
            "We value you and we understand and appreciate and thank you sincerely as always. "
                .repeat(20);
        let huge = format!(
            "{GENUINE} {filler} I will make sure, let me check, I'm so sorry, anything else?"
        );
        let (genuine, long) = gamed(&huge, None);
        assert!(says(&long, "too_long"));
        assert!(
            overall(&long) < overall(&genuine),
            "{} vs {}",
            overall(&long),
            overall(&genuine)
        );
    }

    #[test]
    fn indonesian_affixes_meet_their_roots() {
        let ctx = ReplyContext::default();
        // kekecewaan → kecewa, memahami → paham, ketidaknyamanannya → tidak nyaman.
        let r = score_reply(
            Locale::Id,
            None,
            "Saya memahami kekecewaan Bapak atas ketidaknyamanannya.",
            &ctx,
        );
        let found = found(&r);
        assert!(
            found.contains(&"acknowledge") && found.contains(&"understand"),
            "{found:?}"
        );
        // Informal and affixed forms together: "gak bisa diproses" is still negated.
        let r = score_reply(Locale::Id, None, "Maaf, refundnya gak bisa diproses.", &ctx);
        assert!(
            r.evidence.iter().any(|e| e.kind == EvidenceKind::Negated),
            "{:?}",
            r.evidence
        );
    }

    #[test]
    fn the_customers_name_personalises() {
        let ctx = ReplyContext {
            customer_name: Some("Rina"),
            ..ReplyContext::default()
        };
        let r = score_reply(Locale::Id, None, "Baik Rina, saya cek dulu.", &ctx);
        assert!(
            r.evidence
                .iter()
                .any(|e| e.item == "personalise" && e.quote.as_deref() == Some("Rina"))
        );
    }

    #[test]
    fn a_reused_result_scores_like_a_fresh_one() {
        let s = scenario();
        let r = rubric(&s);
        let ctx = ReplyContext::default();
        let replies = [
            "I'm sorry about this. I will refund you; refunds take 14 days.",
            "You'll get the money back in 7 days.",
            "That's not our problem.",
            "",
        ];
        let mut reused = score_reply(s.locale, None, "warm up", &ctx);
        for rubric in [Some(&r), None] {
            for reply in replies {
                score_reply_into(&mut reused, s.locale, rubric, reply, &ctx);
                assert_eq!(
                    reused,
                    score_reply(s.locale, rubric, reply, &ctx),
                    "{reply}"
                );
                assert_eq!(
                    reused.feedback_lines(),
                    score_reply(s.locale, rubric, reply, &ctx).feedback_lines()
                );
            }
        }
    }

    #[test]
    fn scoring_is_deterministic() {
        let a = score("Sorry! I will refund within 14 days.");
        let b = score("Sorry! I will refund within 14 days.");
        assert_eq!(a, b);
    }
}
