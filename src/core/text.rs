//! Normalising a reply for matching: Unicode, case, punctuation, informal spellings.
//!
//! A reply becomes `Words`: one buffer of normalised words (" w1 w2 w3 ", which is also
//! the haystack the phrase matcher searches) and a token per word remembering where it
//! stood in the original text (so evidence can quote the trainee's own words) and which
//! clause it belongs to (so negation does not leak across a full stop). Phrases from
//! lexicons and rubrics go through the same function, so "I'm sorry" in a lexicon meets
//! "I’M SORRY!!" in a reply. A `Words` is meant to be refilled: scoring a stream of
//! replies reuses its buffers instead of allocating per word.

use rustc_hash::FxHashMap;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

/// One word of a reply; its normalised text is in the `Words` it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range of the normalised word in `Words::haystack`.
    word: Range<usize>,
    /// Byte range in the original reply.
    pub span: Range<usize>,
    /// Index of the clause (split at . ! ? ; and line breaks, and at "but"/"tapi").
    pub clause: u32,
    pub is_number: bool,
}

/// How words are normalised for one language: informal spellings mapped to the standard
/// form (one or more tokens), then, for Indonesian, reduced to their root so that
/// "dikembalikan", "mengembalikan" and "pengembalian" all meet "kembali".
#[derive(Debug, Clone, Default)]
pub struct Normalizer {
    /// Looked up for every word of every reply, so hashed with FxHash: the keys come from
    /// our own lexicon files, not from users.
    informal: FxHashMap<String, Vec<String>>,
    /// A bit per (length, first byte, last byte) class of the informal keys: most words
    /// of a reply are not informal forms and skip the hash lookup on one bit.
    informal_shapes: [u64; SHAPE_WORDS],
    stem: bool,
}

const SHAPE_WORDS: usize = 16;

/// The shape class of a word, an index into `informal_shapes`' bits.
fn shape(word: &str) -> usize {
    let b = word.as_bytes();
    let (first, last) = (b.first().copied(), b.last().copied());
    let mix = b
        .len()
        .wrapping_mul(131)
        .wrapping_add(usize::from(first.unwrap_or(0)).wrapping_mul(31))
        .wrapping_add(usize::from(last.unwrap_or(0)).wrapping_mul(7));
    mix % (SHAPE_WORDS * 64)
}

impl Normalizer {
    /// `informal` maps an informal spelling to the standard word or words; `stem` asks
    /// for Indonesian roots.
    pub fn new(informal: impl IntoIterator<Item = (String, Vec<String>)>, stem: bool) -> Self {
        let mut n = Normalizer {
            stem,
            ..Normalizer::default()
        };
        for (from, to) in informal {
            let s = shape(&from);
            n.informal_shapes[s / 64] |= 1 << (s % 64);
            n.informal.insert(from, to);
        }
        n
    }

    /// The standard form of an informal spelling, if `word` is one.
    fn informal(&self, word: &str) -> Option<&[String]> {
        let s = shape(word);
        if self.informal_shapes[s / 64] & (1 << (s % 64)) == 0 {
            return None;
        }
        self.informal.get(word).map(Vec::as_slice)
    }
}

/// Replace the Indonesian word at `text[at..]` with its root (Nazief–Adriani / ECS, from
/// `sastrawi-rs`), in place. Roots are cached per thread because replies repeat the same
/// words; most words are roots already, and for those the cache says so and nothing moves.
fn stem_in_place(text: &mut String, at: usize) {
    use std::cell::RefCell;
    use std::sync::OnceLock;
    static DICTIONARY: OnceLock<sastrawi::Dictionary> = OnceLock::new();
    thread_local! {
        /// Word → its root, or `None` when the word is its own root.
        static CACHE: RefCell<FxHashMap<String, Option<String>>> =
            const { RefCell::new(FxHashMap::with_hasher(rustc_hash::FxBuildHasher)) };
    }
    let word = &text[at..];
    // Short words are roots already. (Numbers never come here: digits make their own
    // tokens, which are not stemmed.)
    if word.len() < 4 || (!word.is_ascii() && word.chars().count() < 4) {
        return;
    }
    CACHE.with(|cache| {
        if let Some(hit) = cache.borrow().get(&text[at..]) {
            if let Some(root) = hit {
                text.truncate(at);
                text.push_str(root);
            }
            return;
        }
        let word = text[at..].to_string();
        let dictionary = DICTIONARY.get_or_init(sastrawi::Dictionary::new);
        let stemmer = sastrawi::Stemmer::new(dictionary);
        let mut root = stemmer.stem_word(&word).into_owned();
        // sastrawi-rs 0.5 reads "menge"/"penge" before a consonant as in "mengebom", so
        // "mengembalikan" and "pengembalian" (meng-/peng- over a root in k-, whose k the
        // prefix swallows) find no root. Retry with the k put back; keep it only if that
        // is a dictionary word.
        if root == word && (word.starts_with("menge") || word.starts_with("penge")) {
            let retry = format!("k{}", &word[4..]);
            let again = stemmer.stem_word(&retry);
            if dictionary.find(&again) {
                root = again.into_owned();
            }
        }
        let root = (root != word).then_some(root);
        if let Some(root) = &root {
            text.truncate(at);
            text.push_str(root);
        }
        let mut cache = cache.borrow_mut();
        // Bounded: a flood of unique junk words must not grow memory without limit.
        if cache.len() > 100_000 {
            cache.clear();
        }
        cache.insert(word, root);
    })
}

/// A text split into normalised words, in one reusable buffer.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// " w1 w2 w3 ": each word with a space either side, so patterns padded with spaces
    /// match whole words only. The word being read is written straight after the last
    /// space and normalised in place when it ends.
    text: String,
    tokens: Vec<Token>,
    /// Scratch for the rare words that are rewritten (contractions such as "can't").
    scratch: String,
    /// Clauses opened by "but", "tapi"… so far, on top of those opened by punctuation.
    buts: u32,
    /// The text is ASCII, so its byte offsets are character offsets.
    ascii: bool,
    /// Letters in the text, and how many of them are capitals.
    letters: usize,
    capitals: usize,
}

/// The word being read: where it starts in the buffer and in the original text, and
/// whether it is digits.
#[derive(Clone, Copy, Default)]
struct Pending {
    /// Start of the word in `Words::text`; the word is empty while this is the length.
    at: usize,
    start: usize,
    end: usize,
    digit: Option<bool>,
    /// It holds an apostrophe ("can't", "I'll").
    apostrophe: bool,
    clause: u32,
}

impl Words {
    /// Split `text` into normalised words.
    pub fn new(text: &str, norm: &Normalizer) -> Words {
        let mut w = Words::default();
        w.fill(text, norm);
        w
    }

    /// Replace the contents with the words of `text`, keeping the buffers.
    pub fn fill(&mut self, text: &str, norm: &Normalizer) {
        self.text.clear();
        self.tokens.clear();
        self.text.push(' ');
        self.buts = 0;
        let mut p = Pending {
            at: self.text.len(),
            ..Pending::default()
        };
        self.ascii = text.is_ascii();
        if self.ascii {
            // Most replies: bytes are characters and already in normal form.
            let bytes = text.as_bytes();
            let (mut letters, mut capitals) = (0, 0);
            let mut at = 0;
            while let Some(&b) = bytes.get(at) {
                if b.is_ascii_lowercase() && self.text.len() > p.at && p.digit == Some(false) {
                    // The commonest byte of all: one more small letter of a word.
                    letters += 1;
                    self.text.push(char::from(b));
                    at += 1;
                    p.end = at;
                    continue;
                }
                if b.is_ascii_alphanumeric() {
                    // Inline the commonest case: one more letter or digit of a word.
                    let is_digit = b.is_ascii_digit();
                    letters += usize::from(!is_digit);
                    capitals += usize::from(b.is_ascii_uppercase());
                    if p.digit.is_some_and(|d| d != is_digit) {
                        self.flush(&mut p, norm);
                    }
                    if self.text.len() == p.at {
                        p.start = at;
                        p.digit = Some(is_digit);
                    }
                    self.text.push(char::from(b.to_ascii_lowercase()));
                    p.end = at + 1;
                } else if b == b' ' {
                    // The commonest separator: it ends a word and nothing else.
                    self.flush(&mut p, norm);
                    p.digit = None;
                } else {
                    let next = bytes.get(at + 1).map(|&n| char::from(n));
                    self.feed(char::from(b), at, at + 1, next, &mut p, norm);
                }
                at += 1;
            }
            (self.letters, self.capitals) = (letters, capitals);
        } else {
            let mut chars = text.char_indices().peekable();
            while let Some((at, ch)) = chars.next() {
                let end = at + ch.len_utf8();
                let next = chars.peek().map(|&(_, n)| n);
                // NFKC may turn one character into several (ligatures, full-width forms);
                // ASCII is already in normal form, so it skips the decomposition.
                if ch.is_ascii() {
                    self.feed(ch, at, end, next, &mut p, norm);
                } else {
                    for c in std::iter::once(ch).nfkc() {
                        self.feed(c, at, end, next, &mut p, norm);
                    }
                }
            }
            (self.letters, self.capitals) = text
                .chars()
                .filter(|c| c.is_alphabetic())
                .fold((0, 0), |(n, u), c| {
                    (n + 1, u + usize::from(c.is_uppercase()))
                });
        }
        self.flush(&mut p, norm);
    }

    /// Take one (folded) character `c` of the original character at `at..end`.
    fn feed(
        &mut self,
        c: char,
        at: usize,
        end: usize,
        next: Option<char>,
        p: &mut Pending,
        norm: &Normalizer,
    ) {
        // Full-width digits fold to ASCII under NFKC, so look at the folded next char;
        // asked only after a separator inside a number, since NFKC is not free.
        let next_is_digit = || {
            next.is_some_and(|n| {
                n.is_ascii_digit()
                    || (!n.is_ascii() && std::iter::once(n).nfkc().all(|d| d.is_ascii_digit()))
            })
        };
        let is_digit = c.is_ascii_digit();
        if c.is_alphanumeric() {
            // Letters and digits are separate tokens: "150rb" is "150" "rb".
            if p.digit.is_some_and(|d| d != is_digit) {
                self.flush(p, norm);
            }
            if self.text.len() == p.at {
                p.start = at;
                p.digit = Some(is_digit);
            }
            if c.is_ascii() {
                self.text.push(c.to_ascii_lowercase());
            } else {
                self.text.extend(c.to_lowercase());
            }
            p.end = end;
        } else if matches!(c, '\'' | '’' | '`' | 'ʼ') && p.digit == Some(false) {
            // An apostrophe inside a word: marked here, resolved when the word ends.
            self.text.push('\'');
            p.apostrophe = true;
            p.end = end;
        } else if matches!(c, '.' | ',' | ':') && p.digit == Some(true) && next_is_digit() {
            // "150.000", "14:30", "1,5": separators inside a number stay.
            self.text.push(c);
            p.end = end;
        } else if c == '%' {
            // "10%" reads as "10 percent", so amounts and words meet one rule.
            self.flush(p, norm);
            p.digit = None;
            self.push("percent", at..end, p.clause, false, None);
            p.at = self.text.len();
        } else {
            self.flush(p, norm);
            p.digit = None;
            if matches!(c, '.' | '!' | '?' | ';' | '\n' | '。') {
                p.clause += 1;
            }
        }
    }

    /// Normalise the word read so far, in place at the end of the buffer, and add it.
    fn flush(&mut self, p: &mut Pending, norm: &Normalizer) {
        let at = p.at;
        if self.text.len() == at {
            return;
        }
        let span = p.start..p.end;
        let is_number = p.digit == Some(true);
        if std::mem::take(&mut p.apostrophe)
            && let Some(i) = self.text[at..].find('\'')
        {
            // "he'll", "we'll", "I'll" become "he will", …: joined, they would read as
            // "hell", "well", "ill". Other contractions join ("can't" → "cant").
            if &self.text[at + i + 1..] == "ll" && i > 0 {
                self.text.truncate(at + i);
                self.end_word(at, span.clone(), p.clause, false);
                self.push("will", span, p.clause, false, None);
                p.at = self.text.len();
                return;
            }
            self.scratch.clear();
            self.scratch
                .extend(self.text[at..].chars().filter(|&c| c != '\''));
            self.text.truncate(at);
            self.text.push_str(&self.scratch);
        }
        if !is_number && let Some(repl) = norm.informal(&self.text[at..]) {
            self.text.truncate(at);
            for r in repl {
                self.push(r, span.clone(), p.clause, false, Some(norm));
            }
        } else if !is_number && norm.stem {
            stem_in_place(&mut self.text, at);
            self.end_word(at, span, p.clause, false);
        } else {
            self.end_word(at, span, p.clause, is_number);
        }
        p.at = self.text.len();
    }

    /// Append one word; `finish` stems it if the language asks for that.
    fn push(
        &mut self,
        word: &str,
        span: Range<usize>,
        clause: u32,
        is_number: bool,
        finish: Option<&Normalizer>,
    ) {
        let start = self.text.len();
        self.text.push_str(word);
        if finish.is_some_and(|n| n.stem) {
            stem_in_place(&mut self.text, start);
        }
        self.end_word(start, span, clause, is_number);
    }

    /// Close the word written at `start..` of the buffer: record its token, add the space.
    fn end_word(&mut self, start: usize, span: Range<usize>, clause: u32, is_number: bool) {
        // "but" and "tapi"/"tetapi"/"namun" open a new clause for negation purposes.
        if matches!(
            &self.text.as_bytes()[start..],
            b"but" | b"however" | b"tapi" | b"tetapi" | b"namun"
        ) {
            self.buts += 1;
        }
        self.tokens.push(Token {
            word: start..self.text.len(),
            span,
            clause: clause + self.buts,
            is_number,
        });
        self.text.push(' ');
    }

    /// Whether the text was ASCII, so that byte offsets into it are character offsets.
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// How many letters the text has, and how many of them are capitals.
    pub fn capitals(&self) -> (usize, usize) {
        (self.capitals, self.letters)
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The normalised text of word `i`. Panics if out of range, like slice indexing.
    pub fn word(&self, i: usize) -> &str {
        &self.text[self.tokens[i].word.clone()]
    }

    /// The normalised text of word `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        self.tokens.get(i).map(|t| &self.text[t.word.clone()])
    }

    /// Every normalised word, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.tokens.iter().map(|t| &self.text[t.word.clone()])
    }

    /// The words joined by single spaces, with a space before the first and after the
    /// last: what padded phrase patterns are searched in.
    pub fn haystack(&self) -> &str {
        &self.text
    }
}

/// A phrase as the matcher sees it: normalised words joined by single spaces.
pub fn normalize_phrase(phrase: &str, norm: &Normalizer) -> String {
    let w = Words::new(phrase, norm);
    w.haystack().trim_matches(' ').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn informal() -> Normalizer {
        informal_stemmed(false)
    }

    fn informal_stemmed(stem: bool) -> Normalizer {
        Normalizer::new(
            [
                ("gak".into(), vec!["tidak".into()]),
                ("makasih".into(), vec!["terima".into(), "kasih".into()]),
            ],
            stem,
        )
    }

    fn words(s: &str) -> Vec<String> {
        Words::new(s, &informal())
            .iter()
            .map(String::from)
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
        let w = Words::new("No. I will help, but not today", &informal());
        let clauses: Vec<u32> = w.tokens().iter().map(|t| t.clause).collect();
        assert_eq!(clauses, [0, 1, 1, 1, 2, 2, 2]);
    }

    #[test]
    fn spans_point_into_the_original() {
        let src = "Halo, Kak Rina!";
        let w = Words::new(src, &informal());
        assert_eq!(&src[w.tokens()[2].span.clone()], "Rina");
    }

    #[test]
    fn refilling_replaces_every_word() {
        let mut w = Words::new("a long first reply, with words", &informal());
        w.fill("Gak", &informal());
        assert_eq!(w.iter().collect::<Vec<_>>(), ["tidak"]);
        assert_eq!(w.haystack(), " tidak ");
    }

    #[test]
    fn indonesian_words_meet_their_root() {
        let norm = informal_stemmed(true);
        assert_eq!(
            Words::new("dikembalikan mengembalikan pengembalian kekecewaan", &norm)
                .iter()
                .collect::<Vec<_>>(),
            ["kembali", "kembali", "kembali", "kecewa"]
        );
    }
}
