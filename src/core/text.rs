//! Normalising a reply for matching: Unicode, case, punctuation, informal spellings.
//!
//! A reply becomes a list of tokens, each remembering where it stood in the original
//! text (so evidence can quote the trainee's own words) and which clause it belongs to
//! (so negation does not leak across a full stop). Phrases from lexicons and rubrics go
//! through the same function, so "I'm sorry" in a lexicon meets "I’M SORRY!!" in a reply.

use rustc_hash::FxHashMap;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower-case, NFKC, apostrophes removed; informal forms mapped to standard ones.
    pub text: String,
    /// Byte range in the original reply.
    pub span: Range<usize>,
    /// Index of the clause (split at . ! ? ; and line breaks, and at "but"/"tapi").
    pub clause: u32,
    pub is_number: bool,
}

/// How words are normalised for one language: informal spellings mapped to the standard
/// form (one or more tokens), then, for Indonesian, reduced to their root so that
/// "pengembalian", "dikembalikan" and "mengembalikan" all meet "kembali".
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    /// Looked up for every word of every reply, so hashed with FxHash: the keys come from
    /// our own lexicon files, not from users.
    pub informal: FxHashMap<String, Vec<String>>,
    pub stem: bool,
}

impl Normalizer {
    fn finish(&self, word: String) -> String {
        if self.stem {
            stem_indonesian(&word)
        } else {
            word
        }
    }
}

/// The root of an Indonesian word (Nazief–Adriani / ECS, from `sastrawi-rs`), cached per
/// thread because replies repeat the same words.
fn stem_indonesian(word: &str) -> String {
    use std::cell::RefCell;
    use std::sync::OnceLock;
    static DICTIONARY: OnceLock<sastrawi::Dictionary> = OnceLock::new();
    thread_local! {
        static CACHE: RefCell<FxHashMap<String, String>> = RefCell::new(FxHashMap::default());
    }
    // Short words and numbers are left alone: they are roots already, or not words.
    if word.chars().count() < 4 || word.bytes().any(|b| b.is_ascii_digit()) {
        return word.to_string();
    }
    CACHE.with(|cache| {
        if let Some(hit) = cache.borrow().get(word) {
            return hit.clone();
        }
        let dictionary = DICTIONARY.get_or_init(sastrawi::Dictionary::new);
        let root = sastrawi::Stemmer::new(dictionary)
            .stem_word(word)
            .into_owned();
        let mut cache = cache.borrow_mut();
        // Bounded: a flood of unique junk words must not grow memory without limit.
        if cache.len() > 100_000 {
            cache.clear();
        }
        cache.insert(word.to_string(), root.clone());
        root
    })
}

/// Split `text` into normalised tokens.
pub fn tokenize(text: &str, norm: &Normalizer) -> Vec<Token> {
    let mut out = Vec::new();
    let mut clause = 0u32;
    let mut cur = String::new();
    let mut cur_start = 0usize;
    let mut cur_end = 0usize;
    let mut cur_digit: Option<bool> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();

    let flush = |cur: &mut String,
                 start: usize,
                 end: usize,
                 digit: Option<bool>,
                 clause: u32,
                 out: &mut Vec<Token>| {
        if cur.is_empty() {
            return;
        }
        let mut word = std::mem::take(cur);
        let is_number = digit == Some(true);
        if let Some(i) = word.find('\'') {
            // "he'll", "we'll", "I'll" become "he will", …: joined, they would read as
            // "hell", "well", "ill". Other contractions join ("can't" → "cant").
            if &word[i + 1..] == "ll" && i > 0 {
                for text in [word[..i].to_string(), "will".to_string()] {
                    out.push(Token {
                        text,
                        span: start..end,
                        clause,
                        is_number: false,
                    });
                }
                return;
            }
            word.retain(|c| c != '\'');
        }
        if !is_number && let Some(repl) = norm.informal.get(&word) {
            for r in repl {
                out.push(Token {
                    text: norm.finish(r.clone()),
                    span: start..end,
                    clause,
                    is_number: false,
                });
            }
            return;
        }
        let text = if is_number { word } else { norm.finish(word) };
        out.push(Token {
            text,
            span: start..end,
            clause,
            is_number,
        });
    };

    let mut folded = Vec::with_capacity(2);
    for (i, &(at, ch)) in chars.iter().enumerate() {
        // NFKC may turn one character into several (ligatures, full-width forms); ASCII
        // is already in normal form, so it skips the decomposition.
        folded.clear();
        if ch.is_ascii() {
            folded.push(ch);
        } else {
            folded.extend(std::iter::once(ch).nfkc());
        }
        for &c in &folded {
            // Full-width digits fold to ASCII under NFKC, so look at the folded next char;
            // asked only after a separator inside a number, since NFKC is not free.
            let next_is_digit = || {
                chars.get(i + 1).is_some_and(|(_, n)| {
                    n.is_ascii_digit()
                        || (!n.is_ascii() && std::iter::once(*n).nfkc().all(|d| d.is_ascii_digit()))
                })
            };
            let is_digit = c.is_ascii_digit();
            if c.is_alphanumeric() {
                // Letters and digits are separate tokens: "150rb" is "150" "rb".
                if cur_digit.is_some_and(|d| d != is_digit) {
                    flush(&mut cur, cur_start, cur_end, cur_digit, clause, &mut out);
                }
                if cur.is_empty() {
                    cur_start = at;
                    cur_digit = Some(is_digit);
                }
                if c.is_ascii() {
                    cur.push(c.to_ascii_lowercase());
                } else {
                    cur.extend(c.to_lowercase());
                }
                cur_end = at + ch.len_utf8();
            } else if matches!(c, '\'' | '’' | '`' | 'ʼ') && cur_digit == Some(false) {
                // An apostrophe inside a word: marked here, resolved when the word ends.
                cur.push('\'');
                cur_end = at + ch.len_utf8();
            } else if matches!(c, '.' | ',' | ':') && cur_digit == Some(true) && next_is_digit() {
                // "150.000", "14:30", "1,5": separators inside a number stay.
                cur.push(c);
                cur_end = at + ch.len_utf8();
            } else if c == '%' {
                // "10%" reads as "10 percent", so amounts and words meet one rule.
                flush(&mut cur, cur_start, cur_end, cur_digit, clause, &mut out);
                cur_digit = None;
                let span = at..at + ch.len_utf8();
                out.push(Token {
                    text: "percent".into(),
                    span,
                    clause,
                    is_number: false,
                });
            } else {
                flush(&mut cur, cur_start, cur_end, cur_digit, clause, &mut out);
                cur_digit = None;
                if matches!(c, '.' | '!' | '?' | ';' | '\n' | '。') {
                    clause += 1;
                }
            }
        }
    }
    flush(&mut cur, cur_start, cur_end, cur_digit, clause, &mut out);
    // "but" and "tapi"/"tetapi"/"namun" open a new clause for negation purposes.
    let mut bump = 0;
    for t in &mut out {
        if matches!(
            t.text.as_str(),
            "but" | "however" | "tapi" | "tetapi" | "namun"
        ) {
            bump += 1;
        }
        t.clause += bump;
    }
    out
}

/// A phrase as the matcher sees it: tokens joined by single spaces.
pub fn normalize_phrase(phrase: &str, norm: &Normalizer) -> String {
    let toks = tokenize(phrase, norm);
    let mut s = String::new();
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&t.text);
    }
    s
}

/// The haystack for phrase matching: " t1 t2 t3 " with the byte offset of each token, so a
/// match on word boundaries (patterns are padded with spaces) maps back to tokens.
pub struct Haystack {
    pub text: String,
    /// Start offset of each token in `text`.
    pub starts: Vec<usize>,
}

impl Haystack {
    pub fn new(tokens: &[Token]) -> Haystack {
        let mut text =
            String::with_capacity(tokens.iter().map(|t| t.text.len() + 1).sum::<usize>() + 1);
        let mut starts = Vec::with_capacity(tokens.len());
        text.push(' ');
        for t in tokens {
            starts.push(text.len());
            text.push_str(&t.text);
            text.push(' ');
        }
        Haystack { text, starts }
    }

    /// Token range covered by a match of a space-padded pattern at `start..end`.
    pub fn tokens_of(&self, start: usize, end: usize) -> Range<usize> {
        // The pattern starts with the space before its first token.
        let first = self.starts.partition_point(|&s| s <= start);
        let last = self.starts.partition_point(|&s| s < end.saturating_sub(1));
        first..last.max(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn informal() -> Normalizer {
        let mut m = Normalizer::default();
        m.informal.insert("gak".into(), vec!["tidak".into()]);
        m.informal
            .insert("makasih".into(), vec!["terima".into(), "kasih".into()]);
        m
    }

    fn words(s: &str) -> Vec<String> {
        tokenize(s, &informal())
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn folds_case_width_and_apostrophes() {
        assert_eq!(words("I’M SORRY!!"), ["im", "sorry"]);
        assert_eq!(words("Ｒｐ１５０.０００"), ["rp", "150.000"]);
        assert_eq!(words("can't"), ["cant"]);
    }

    #[test]
    fn will_contractions_expand_and_others_join() {
        assert_eq!(
            words("He'll call, we'll see, I'll fix it; can't"),
            [
                "he", "will", "call", "we", "will", "see", "i", "will", "fix", "it", "cant"
            ]
        );
    }

    #[test]
    fn keeps_number_separators_and_splits_units() {
        assert_eq!(
            words("Rp150.000, 150rb or 14:30."),
            ["rp", "150.000", "150", "rb", "or", "14:30"]
        );
    }

    #[test]
    fn maps_informal_forms() {
        assert_eq!(
            words("Gak bisa, makasih ya"),
            ["tidak", "bisa", "terima", "kasih", "ya"]
        );
    }

    #[test]
    fn clauses_split_at_sentence_ends_and_but() {
        let toks = tokenize("No. I will help, but not today", &informal());
        let clauses: Vec<u32> = toks.iter().map(|t| t.clause).collect();
        assert_eq!(clauses, [0, 1, 1, 1, 2, 2, 2]);
    }

    #[test]
    fn spans_point_into_the_original() {
        let src = "Halo, Kak Rina!";
        let toks = tokenize(src, &informal());
        assert_eq!(&src[toks[2].span.clone()], "Rina");
    }

    #[test]
    fn haystack_maps_matches_to_tokens() {
        let toks = tokenize("so sorry about that", &informal());
        let h = Haystack::new(&toks);
        let at = h.text.find(" sorry about ").unwrap();
        assert_eq!(h.tokens_of(at, at + " sorry about ".len()), 1..3);
    }
}
