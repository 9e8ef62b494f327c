//! The built-in lexicons (assets/lexicons/*.ron) and the phrase matcher they compile to.
//!
//! Lexicons are data so trainers can read and extend them; they are compiled into the
//! binary and turned into one Aho–Corasick automaton per language, once.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};
use serde::{Deserialize, Serialize};

use super::scenario::{EmpathyMove, Locale, ResolutionMove};
use super::text::{Normalizer, Words, normalize_phrase};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    pub locale: Locale,
    /// Points each empathy move adds when a reply is scored on the lexicon alone.
    pub weights: MoveWeights,
    pub empathy: Empathy,
    pub resolution: Resolution,
    pub negative: Negative,
    pub hedges: Vec<String>,
    pub negators: Vec<String>,
    pub informal: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveWeights {
    pub acknowledge: u32,
    pub apologise: u32,
    pub understand: u32,
    pub thank: u32,
    pub personalise: u32,
    pub explore: u32,
    pub reassure: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Empathy {
    pub acknowledge: Vec<String>,
    pub apologise: Vec<String>,
    pub understand: Vec<String>,
    pub thank: Vec<String>,
    pub personalise: Vec<String>,
    pub explore: Vec<String>,
    pub reassure: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    pub ownership: Vec<String>,
    pub next_step: Vec<String>,
    pub time_frame: Vec<String>,
    pub confirm: Vec<String>,
    pub anything_else: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Negative {
    pub blame: Vec<String>,
    pub dismissal: Vec<String>,
    pub sarcasm: Vec<String>,
    pub rude: Vec<String>,
}

/// Kinds of wording that cost empathy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NegativeKind {
    Blame,
    Dismissal,
    Sarcasm,
    Rude,
}

impl NegativeKind {
    pub fn name(self) -> &'static str {
        match self {
            NegativeKind::Blame => "blame",
            NegativeKind::Dismissal => "dismissal",
            NegativeKind::Sarcasm => "sarcasm",
            NegativeKind::Rude => "rude",
        }
    }
}

/// What a lexicon phrase signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    Empathy(EmpathyMove),
    Resolution(ResolutionMove),
    Negative(NegativeKind),
    /// A word that negates what follows ("not", "tidak").
    Negator,
    /// Words that weaken a commitment ("maybe", "try to", "mungkin").
    Hedge,
}

/// A set of phrases matched on whole words, each carrying a payload.
#[derive(Debug, Clone)]
pub struct PhraseSet<T> {
    automaton: Option<DFA>,
    /// Per pattern: the payload, and how many words the pattern has.
    payloads: Vec<(T, usize)>,
}

/// One phrase found in a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit<T> {
    pub payload: T,
    /// Token range in the reply.
    pub tokens: std::ops::Range<usize>,
}

impl<T: Copy> PhraseSet<T> {
    pub fn new(phrases: impl IntoIterator<Item = (T, String)>, norm: &Normalizer) -> Self {
        let mut patterns = Vec::new();
        let mut payloads = Vec::new();
        for (payload, phrase) in phrases {
            let text = normalize_phrase(&phrase, norm);
            if text.is_empty() {
                continue;
            }
            payloads.push((payload, text.split(' ').count()));
            patterns.push(format!(" {text} "));
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            // Standard semantics, so overlapping phrases ("sorry", "so sorry") all report.
            // A full DFA: more memory, built once per lexicon, but the fastest search,
            // and every reply is searched.
            DFA::builder()
                .match_kind(MatchKind::Standard)
                .start_kind(StartKind::Unanchored)
                .build(&patterns)
                .ok()
        };
        PhraseSet {
            automaton,
            payloads,
        }
    }

    /// Every phrase found in the words, in order of position.
    pub fn find(&self, words: &Words) -> Vec<Hit<T>> {
        let mut hits = Vec::new();
        self.find_into(words, &mut hits);
        hits
    }

    /// Like `find`, into a vector that is cleared first (so its buffer is reused).
    pub fn find_into(&self, words: &Words, hits: &mut Vec<Hit<T>>) {
        hits.clear();
        let Some(dfa) = &self.automaton else {
            return;
        };
        let Ok(mut state) = dfa.start_state(Anchored::No) else {
            return;
        };
        // The automaton is walked by hand: the overlapping iterator's setup per match
        // costs more than the walk itself on a reply-sized haystack. Counting spaces on
        // the way gives each match's words: the haystack is " w0 w1 … ", so a match
        // ending on the k-th space (counting from 1) ends after word k - 2.
        let mut spaces = 0usize;
        for &byte in words.haystack().as_bytes() {
            spaces += usize::from(byte == b' ');
            state = dfa.next_state(Anchored::No, state, byte);
            if !dfa.is_special(state) {
                continue;
            }
            if dfa.is_dead(state) {
                break;
            }
            if dfa.is_match(state) {
                // Every pattern ends with a space, so this byte is one.
                let end = spaces.saturating_sub(1);
                for i in 0..dfa.match_len(state) {
                    let (payload, len) = self.payloads[dfa.match_pattern(state, i).as_usize()];
                    hits.push(Hit {
                        payload,
                        tokens: end.saturating_sub(len)..end,
                    });
                }
            }
        }
        // Overlapping matches are reported by end position; evidence reads left to right.
        hits.sort_by_key(|h| (h.tokens.start, h.tokens.end));
    }

    pub fn is_empty(&self) -> bool {
        self.payloads.is_empty()
    }
}

/// A lexicon ready to use: one automaton finds its moves, negative wording, negators
/// and hedges in a single pass over a reply.
#[derive(Debug)]
pub struct Compiled {
    pub locale: Locale,
    pub weights: MoveWeights,
    pub norm: Normalizer,
    pub phrases: PhraseSet<Tag>,
}

/// What the lexicon found in one reply; refilled by `Compiled::scan`.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Moves and negative wording, sorted by position.
    pub hits: Vec<Hit<Tag>>,
    /// Token index of each negator, ascending.
    negators: Vec<usize>,
    /// Token range of each hedge, sorted by start.
    hedges: Vec<std::ops::Range<usize>>,
}

impl Scan {
    /// Whether the phrase at `at` is negated: an odd number of negators shortly before
    /// it in the same clause ("not sorry", "tidak bisa refund"; but "bukannya saya tidak
    /// mau" is two negations and stands). A negator inside a longer lexicon phrase belongs
    /// to that phrase: in "I can't imagine how frustrating", "can't" is part of "I can't
    /// imagine" and does not negate "how frustrating".
    pub fn is_negated(&self, words: &Words, at: &std::ops::Range<usize>) -> bool {
        let toks = words.tokens();
        let Some(first) = toks.get(at.start) else {
            return false;
        };
        let from = at.start.saturating_sub(3);
        let count = self
            .negators
            .iter()
            .filter(|&&i| (from..at.start).contains(&i) && toks[i].clause == first.clause)
            .filter(|&&i| {
                !self
                    .hits
                    .iter()
                    .any(|h| h.tokens.len() > 1 && h.tokens.contains(&i))
            })
            .count();
        count % 2 == 1
    }

    /// Whether a hedge weakens the commitment at `at`, in the same clause: one ending
    /// shortly before it ("maybe I can refund", "mungkin saya proses"), or, when
    /// `trailing`, one that starts inside it or right after it ("I'll try to", "I will
    /// probably", "saya akan usahakan"). Trailing hedges are asked about for ownership
    /// only: in "saya proses, semoga bisa selesai hari ini" the action itself is firm.
    pub fn is_hedged(&self, words: &Words, at: &std::ops::Range<usize>, trailing: bool) -> bool {
        let toks = words.tokens();
        let Some(first) = toks.get(at.start) else {
            return false;
        };
        self.hedges.iter().any(|h| {
            let before = h.end <= at.start && h.end + 4 > at.start;
            let after = trailing && h.start > at.start && h.start <= at.end;
            // Clauses never decrease along a reply: the hedge's first word decides.
            (before || after) && toks[h.start].clause == first.clause
        })
    }
}

impl Compiled {
    pub fn new(lex: &Lexicon) -> Compiled {
        let informal = lex.informal.iter().map(|(k, v)| {
            (
                k.to_lowercase(),
                v.split_whitespace().map(str::to_lowercase).collect(),
            )
        });
        // Indonesian words are reduced to their roots; English phrases are matched as written.
        let norm = Normalizer::new(informal, lex.locale == Locale::Id);
        let e = &lex.empathy;
        let r = &lex.resolution;
        let n = &lex.negative;
        let groups: Vec<(Tag, &Vec<String>)> = vec![
            (Tag::Empathy(EmpathyMove::Acknowledge), &e.acknowledge),
            (Tag::Empathy(EmpathyMove::Apologise), &e.apologise),
            (Tag::Empathy(EmpathyMove::Understand), &e.understand),
            (Tag::Empathy(EmpathyMove::Thank), &e.thank),
            (Tag::Empathy(EmpathyMove::Personalise), &e.personalise),
            (Tag::Empathy(EmpathyMove::Explore), &e.explore),
            (Tag::Empathy(EmpathyMove::Reassure), &e.reassure),
            (Tag::Resolution(ResolutionMove::Ownership), &r.ownership),
            (Tag::Resolution(ResolutionMove::NextStep), &r.next_step),
            (Tag::Resolution(ResolutionMove::TimeFrame), &r.time_frame),
            (Tag::Resolution(ResolutionMove::Confirm), &r.confirm),
            (
                Tag::Resolution(ResolutionMove::AnythingElse),
                &r.anything_else,
            ),
            (Tag::Negative(NegativeKind::Blame), &n.blame),
            (Tag::Negative(NegativeKind::Dismissal), &n.dismissal),
            (Tag::Negative(NegativeKind::Sarcasm), &n.sarcasm),
            (Tag::Negative(NegativeKind::Rude), &n.rude),
        ];
        let phrases = PhraseSet::new(
            groups
                .into_iter()
                .chain([(Tag::Negator, &lex.negators), (Tag::Hedge, &lex.hedges)])
                .flat_map(|(tag, list)| list.iter().map(move |p| (tag, p.clone()))),
            &norm,
        );
        Compiled {
            locale: lex.locale,
            weights: lex.weights,
            norm,
            phrases,
        }
    }

    /// Find the lexicon's phrases, negators and hedges in `words`, into `scan`.
    pub fn scan(&self, words: &Words, scan: &mut Scan) {
        self.phrases.find_into(words, &mut scan.hits);
        scan.negators.clear();
        scan.hedges.clear();
        let Scan {
            hits,
            negators,
            hedges,
        } = scan;
        hits.retain(|h| match h.payload {
            Tag::Negator => {
                negators.push(h.tokens.start);
                false
            }
            Tag::Hedge => {
                hedges.push(h.tokens.clone());
                false
            }
            _ => true,
        });
        // Two negators can normalise to one word ("bukannya" and "bukan"); a word
        // negates once.
        negators.dedup();
    }

    /// Points an empathy move adds in lexicon-only scoring.
    pub fn weight(&self, m: EmpathyMove) -> u32 {
        let w = &self.weights;
        match m {
            EmpathyMove::Acknowledge => w.acknowledge,
            EmpathyMove::Apologise => w.apologise,
            EmpathyMove::Understand => w.understand,
            EmpathyMove::Thank => w.thank,
            EmpathyMove::Personalise => w.personalise,
            EmpathyMove::Explore => w.explore,
            EmpathyMove::Reassure => w.reassure,
        }
    }
}

const EN: &str = include_str!("../../assets/lexicons/en.ron");
const ID: &str = include_str!("../../assets/lexicons/id.ron");

/// Parse a lexicon file's text.
pub fn parse(src: &str) -> Result<Lexicon, ron::error::SpannedError> {
    ron::Options::default().from_str(src)
}

/// The built-in lexicon for a language, compiled on first use.
pub fn builtin(locale: Locale) -> &'static Compiled {
    static EN_LEX: OnceLock<Compiled> = OnceLock::new();
    static ID_LEX: OnceLock<Compiled> = OnceLock::new();
    let (cell, src) = match locale {
        Locale::En => (&EN_LEX, EN),
        Locale::Id => (&ID_LEX, ID),
    };
    cell.get_or_init(|| {
        // The lexicons ship inside the binary and a unit test parses both, so a failure
        // here is a build defect, not bad user input.
        let lex =
            parse(src).unwrap_or_else(|e| panic!("built-in {locale} lexicon is invalid: {e}"));
        Compiled::new(&lex)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicons_parse_and_match_their_locale() {
        for (locale, src) in [(Locale::En, EN), (Locale::Id, ID)] {
            let lex = parse(src).expect("lexicon parses");
            assert_eq!(lex.locale, locale);
            assert!(!builtin(locale).phrases.is_empty());
        }
    }

    fn tags(locale: Locale, reply: &str) -> Vec<(Tag, bool)> {
        let lex = builtin(locale);
        let words = Words::new(reply, &lex.norm);
        let mut scan = Scan::default();
        lex.scan(&words, &mut scan);
        scan.hits
            .iter()
            .map(|h| (h.payload, scan.is_negated(&words, &h.tokens)))
            .collect()
    }

    #[test]
    fn a_match_covers_the_words_it_spans() {
        let norm = Normalizer::default();
        let set = PhraseSet::new(
            [(1, "sorry about".to_string()), (2, "so".to_string())],
            &norm,
        );
        let words = Words::new("So, so SORRY about that; so", &norm);
        let found: Vec<(i32, std::ops::Range<usize>)> = set
            .find(&words)
            .into_iter()
            .map(|h| (h.payload, h.tokens))
            .collect();
        assert_eq!(found, [(2, 0..1), (2, 1..2), (1, 2..4), (2, 5..6)]);
    }

    #[test]
    fn finds_moves_in_both_languages() {
        assert!(
            tags(Locale::En, "I'm so sorry about that")
                .contains(&(Tag::Empathy(EmpathyMove::Apologise), false))
        );
        assert!(
            tags(Locale::Id, "Mohon maaf ya Kak")
                .contains(&(Tag::Empathy(EmpathyMove::Apologise), false))
        );
        assert!(
            tags(Locale::Id, "makasih udah nunggu")
                .contains(&(Tag::Empathy(EmpathyMove::Thank), false))
        );
    }

    #[test]
    fn negation_flips_a_move() {
        assert!(
            tags(Locale::En, "I'm not sorry")
                .contains(&(Tag::Empathy(EmpathyMove::Apologise), true))
        );
        assert!(
            tags(Locale::Id, "gak bisa refund")
                .contains(&(Tag::Resolution(ResolutionMove::NextStep), true))
        );
        // A negator inside a longer phrase belongs to it.
        assert!(
            tags(Locale::En, "I can't imagine how frustrating that is")
                .contains(&(Tag::Empathy(EmpathyMove::Acknowledge), false))
        );
        // Two negations cancel: "it is not that I do not want to refund".
        assert!(
            tags(Locale::Id, "bukannya tidak refund")
                .contains(&(Tag::Resolution(ResolutionMove::NextStep), false))
        );
    }

    #[test]
    fn finds_dismissal() {
        assert!(
            tags(Locale::En, "Please calm down")
                .contains(&(Tag::Negative(NegativeKind::Dismissal), false))
        );
        assert!(
            tags(Locale::Id, "Itu bukan urusan saya")
                .contains(&(Tag::Negative(NegativeKind::Dismissal), false))
        );
    }
}
