//! Reading amounts, durations and times in English and Indonesian.
//!
//! "Rp 150.000", "150rb", "150 ribu", "IDR 150,000" are all 150 000 rupiah; "14 hari",
//! "two weeks" and "dua minggu" are all 14 days. Facts are compared by these values, so a
//! trainer lists one form and every way of saying it is accepted.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use super::text::Words;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Rupiah,
    /// Durations are kept in their own units where conversion would be wrong
    /// ("5 working days" is not "a week").
    Minutes,
    Days,
    WorkingDays,
    Months,
    Percent,
    /// Minutes since midnight.
    TimeOfDay,
    /// A bare number.
    Count,
}

/// A value read from text: `value` is in the unit's base (rupiah, minutes, days…),
/// scaled by 100 to keep two decimals exact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quantity {
    pub unit: Unit,
    pub value: i64,
    /// Tokens it was read from.
    #[serde(skip)]
    pub tokens: Range<usize>,
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.value as f64 / 100.0;
        match self.unit {
            Unit::Rupiah => {
                let whole = (self.value / 100).to_string();
                let mut grouped = String::new();
                for (i, c) in whole.chars().enumerate() {
                    if i > 0 && (whole.len() - i).is_multiple_of(3) {
                        grouped.push('.');
                    }
                    grouped.push(c);
                }
                write!(f, "Rp {grouped}")
            }
            Unit::Minutes => write!(f, "{v} min"),
            Unit::Days => write!(f, "{v} days"),
            Unit::WorkingDays => write!(f, "{v} working days"),
            Unit::Months => write!(f, "{v} months"),
            Unit::Percent => write!(f, "{v}%"),
            Unit::TimeOfDay => write!(f, "{:02}.{:02}", self.value / 6000, (self.value / 100) % 60),
            Unit::Count => write!(f, "{v}"),
        }
    }
}

/// Parse a digit token: "150.000" → 150000, "1,5" → 1.5, "14:30" → None (a time).
/// Returns the value ×100. Runs on every number in every reply, so it allocates nothing.
fn parse_digits(s: &str) -> Option<i64> {
    // Only ASCII digits are read as numbers (NFKC has already folded full-width ones).
    if s.contains(':') || !s.is_ascii() {
        return None;
    }
    let is_sep = |c: char| c == '.' || c == ',';
    let seps = s.chars().filter(|&c| is_sep(c)).count();
    let first = s.split(is_sep).next().unwrap_or("");
    // Every group after the first has three digits: thousands separators, whichever symbol.
    let thousands =
        seps > 0 && s.split(is_sep).skip(1).all(|g| g.len() == 3) && (seps > 1 || first.len() <= 3);
    let (int, frac) = if thousands || seps == 0 {
        (s, "")
    } else if seps == 1 {
        (first, s.split(is_sep).nth(1).unwrap_or(""))
    } else {
        return None;
    };
    let digits = int.bytes().filter(u8::is_ascii_digit);
    let count = digits.clone().count();
    if count == 0 || count > 15 {
        return None;
    }
    let whole = digits.fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
    let digit = |i: usize| frac.as_bytes().get(i).map(|d| i64::from(d - b'0'));
    let frac2 = match frac.len() {
        0 => 0,
        1 => digit(0)? * 10,
        _ => digit(0)? * 10 + digit(1)?,
    };
    whole.checked_mul(100)?.checked_add(frac2)
}

/// Matched on bytes: slice patterns compile to byte tests, where string patterns call
/// `memcmp` for each candidate of the right length, and this runs for every word.
fn word_number(w: &str) -> Option<i64> {
    Some(match w.as_bytes() {
        b"zero" | b"nol" => 0,
        b"one" | b"a" | b"an" | b"satu" | b"se" => 1,
        b"two" | b"dua" => 2,
        b"three" | b"tiga" => 3,
        b"four" | b"empat" => 4,
        b"five" | b"lima" => 5,
        b"six" | b"enam" => 6,
        b"seven" | b"tujuh" => 7,
        b"eight" | b"delapan" => 8,
        b"nine" | b"sembilan" => 9,
        b"ten" | b"sepuluh" => 10,
        b"eleven" | b"sebelas" => 11,
        b"twelve" => 12,
        b"thirteen" => 13,
        b"fourteen" => 14,
        b"fifteen" => 15,
        b"sixteen" => 16,
        b"seventeen" => 17,
        b"eighteen" => 18,
        b"nineteen" => 19,
        b"twenty" => 20,
        b"thirty" => 30,
        b"forty" => 40,
        b"fifty" => 50,
        b"sixty" => 60,
        b"seventy" => 70,
        b"eighty" => 80,
        b"ninety" => 90,
        b"seratus" => 100,
        b"seribu" => 1000,
        b"sejuta" => 1_000_000,
        _ => return None,
    })
}

fn multiplier(w: &str) -> Option<i64> {
    Some(match w {
        "belas" => -10, // teen marker: "dua belas" = 12, handled specially
        "puluh" => 10,
        "hundred" | "ratus" => 100,
        "thousand" | "ribu" | "rb" | "k" => 1000,
        "million" | "juta" | "jt" => 1_000_000,
        "billion" | "miliar" | "milyar" => 1_000_000_000,
        _ => return None,
    })
}

/// Read a number starting at token `i`: digits or number words with multipliers.
/// Returns the value ×100 and the index after the number.
fn read_number(w: &Words, i: usize) -> Option<(i64, usize)> {
    let tokens = w.tokens();
    let first = tokens.get(i)?;
    let mut last = if first.is_number {
        parse_digits(w.word(i))?
    } else {
        word_number(w.word(i))? * 100
    };
    // `current` is the group being built ("lima puluh" = 50); `total` holds finished
    // thousands groups. `last` is the most recent small number, which a multiplier scales.
    let mut current = last;
    let mut total = 0i64;
    let mut after_multiplier = false;
    let mut j = i + 1;
    while let Some(t) = tokens.get(j) {
        if t.clause != first.clause || t.is_number {
            break;
        }
        let text = w.word(j);
        if let Some(m) = multiplier(text) {
            if m == -10 {
                current = current.checked_add(1000)?; // "dua belas" = 2 + 10
            } else if m >= 1000 {
                total = total.checked_add(current.checked_mul(m)?)?;
                current = 0;
            } else {
                current = current
                    .checked_sub(last)?
                    .checked_add(last.checked_mul(m)?)?;
            }
            after_multiplier = true;
            last = 0;
            j += 1;
        } else if let Some(n) = word_number(text).filter(|_| !matches!(text, "a" | "an" | "se")) {
            // "twenty one", "seratus lima": a smaller word follows a larger one.
            let n = n * 100;
            if !(after_multiplier || (last >= 2000 && n < 1000)) {
                break;
            }
            current = current.checked_add(n)?;
            last = n;
            after_multiplier = false;
            j += 1;
        } else {
            break;
        }
    }
    Some((total.checked_add(current)?, j))
}

fn duration_unit(w: &str) -> Option<(Unit, i64)> {
    Some(match w {
        "minute" | "minutes" | "mins" | "min" | "menit" => (Unit::Minutes, 1),
        "hour" | "hours" | "hrs" | "hr" => (Unit::Minutes, 60),
        "day" | "days" | "hari" => (Unit::Days, 1),
        "week" | "weeks" | "minggu" | "pekan" => (Unit::Days, 7),
        "month" | "months" | "bulan" => (Unit::Months, 1),
        "year" | "years" | "tahun" => (Unit::Months, 12),
        _ => return None,
    })
}

/// Every quantity in the words, left to right.
pub fn extract(w: &Words) -> Vec<Quantity> {
    let mut out = Vec::new();
    extract_into(w, &mut out);
    out
}

/// Like `extract`, into a vector that is cleared first (so its buffer is reused).
pub fn extract_into(w: &Words, out: &mut Vec<Quantity>) {
    out.clear();
    let tokens = w.tokens();
    let mut i = 0;
    while i < tokens.len() {
        let word = w.word(i);
        // Every quantity starts at a number or a number word; most words are neither.
        if !tokens[i].is_number && word_number(word).is_none() {
            i += 1;
            continue;
        }
        let prev = i.checked_sub(1).map(|p| w.word(p));
        // A clock time: "14:30", "08.00 WIB", "pukul 8", "jam 9 pagi", "9 am".
        if let Some((q, next)) = time_of_day(w, i) {
            out.push(q);
            i = next;
            continue;
        }
        let Some((n, mut j)) = read_number(w, i) else {
            i += 1;
            continue;
        };
        if matches!(word, "a" | "an" | "se" | "one")
            && w.get(j).is_none_or(|u| duration_unit(u).is_none())
        {
            // "a", "one" and "se" are numbers only before a unit ("a week", "one day").
            i += 1;
            continue;
        }
        let mut next = w.get(j);
        // "5 working days", "3 business days".
        let working_before_unit = matches!(next, Some("working" | "business"))
            && matches!(w.get(j + 1), Some("day" | "days"));
        if working_before_unit {
            j += 1;
            next = w.get(j);
        }
        let money_before = matches!(prev, Some("rp" | "idr" | "rupiah"));
        let (unit, value) = if let Some((u, k)) = next.and_then(duration_unit) {
            j += 1;
            // "hari kerja", "working days", "business days".
            let working = working_before_unit || matches!(w.get(j), Some("kerja"));
            if working && u == Unit::Days {
                if w.get(j) == Some("kerja") {
                    j += 1;
                }
                (Unit::WorkingDays, n * k)
            } else {
                (u, n * k)
            }
        } else if matches!(next, Some("jam")) && !money_before {
            // "3 jam" is three hours; "jam 3" (before the number) is a clock time.
            j += 1;
            (Unit::Minutes, n * 60)
        } else if matches!(next, Some("persen" | "percent")) {
            j += 1;
            (Unit::Percent, n)
        } else if matches!(next, Some("rupiah" | "idr" | "rp")) || money_before {
            if matches!(next, Some("rupiah" | "idr" | "rp")) {
                j += 1;
            }
            (Unit::Rupiah, n)
        } else if tokens.get(i).is_some_and(|t| t.is_number)
            && j > i + 1
            && (i + 1..j).any(|k| matches!(w.word(k), "rb" | "ribu" | "k" | "jt" | "juta"))
        {
            // "150rb", "2 juta": Indonesian shorthand is money in a service reply.
            (Unit::Rupiah, n)
        } else {
            (Unit::Count, n)
        };
        out.push(Quantity {
            unit,
            value,
            tokens: i..j,
        });
        i = j.max(i + 1);
    }
    // "%" is punctuation to the tokenizer; a count directly followed by it in the
    // original text is handled by callers that pass percent words, so nothing more here.
}

fn time_of_day(w: &Words, i: usize) -> Option<(Quantity, usize)> {
    let t = &w.tokens()[i];
    let text = w.word(i);
    let prev = i.checked_sub(1).map(|p| w.word(p));
    let next = w.get(i + 1);
    if !t.is_number {
        return None;
    }
    let clock_word_before = matches!(
        prev,
        Some("pukul" | "jam" | "at" | "until" | "till" | "sampai" | "hingga")
    );
    let zone_after = matches!(
        next,
        Some("wib" | "wita" | "wit" | "am" | "pm" | "pagi" | "siang" | "sore" | "malam")
    );
    let (h, m) = if let Some((h, m)) = text.split_once([':', '.']) {
        // "14:30" always; "08.00" only with clock context or a two-digit minute part.
        if m.len() != 2 || m.contains(['.', ',', ':']) {
            return None;
        }
        if text.contains('.') && !(clock_word_before || zone_after) {
            return None;
        }
        (h.parse::<i64>().ok()?, m.parse::<i64>().ok()?)
    } else if clock_word_before && prev != Some("at") || zone_after {
        (text.parse::<i64>().ok()?, 0)
    } else {
        return None;
    };
    let mut h = h;
    let mut end = i + 1;
    match next {
        Some("pm" | "sore" | "malam") if h < 12 => {
            h += 12;
            end += 1;
        }
        Some("siang") if h < 11 => {
            h += 12;
            end += 1;
        }
        Some("am" | "pagi" | "siang" | "pm" | "sore" | "malam") => end += 1,
        _ => {}
    }
    if matches!(w.get(end), Some("wib" | "wita" | "wit")) {
        end += 1;
    }
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    let start = if clock_word_before { i - 1 } else { i };
    Some((
        Quantity {
            unit: Unit::TimeOfDay,
            value: (h * 60 + m) * 100,
            tokens: start..end,
        },
        end,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The straightforward reading of a digit token, kept as the reference that the
    /// allocation-free `parse_digits` must agree with.
    fn parse_digits_reference(s: &str) -> Option<i64> {
        if s.contains(':') || !s.is_ascii() {
            return None;
        }
        let seps = s.matches(['.', ',']).count();
        let groups: Vec<&str> = s.split(['.', ',']).collect();
        let thousands = seps > 0
            && groups[1..].iter().all(|g| g.len() == 3)
            && (groups.len() > 2 || groups[0].len() <= 3);
        let (int, frac) = if thousands || seps == 0 {
            (groups.concat(), String::new())
        } else if seps == 1 {
            (groups[0].to_string(), groups[1].to_string())
        } else {
            return None;
        };
        if int.len() > 15 {
            return None;
        }
        let whole: i64 = int.parse().ok()?;
        let frac2: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().ok()? * 10,
            _ => frac[..2].parse().ok()?,
        };
        whole.checked_mul(100)?.checked_add(frac2)
    }

    #[test]
    fn digit_tokens_read_as_the_reference_reads_them() {
        // Every token of up to five characters from digits and separators, plus long ones.
        let alphabet = ['0', '1', '5', '9', '.', ','];
        let mut tokens = vec![
            "1234567890123456".to_string(),
            "123456789012345".to_string(),
            "1.234.567.890.123.456".to_string(),
            "14:30".to_string(),
        ];
        let mut frontier = vec![String::new()];
        for _ in 0..5 {
            let mut next = Vec::new();
            for t in &frontier {
                for c in alphabet {
                    next.push(format!("{t}{c}"));
                }
            }
            tokens.extend(next.iter().cloned());
            frontier = next;
        }
        for t in &tokens {
            assert_eq!(parse_digits(t), parse_digits_reference(t), "{t}");
        }
    }
    use crate::core::text::{Normalizer, Words};

    fn q(s: &str) -> Vec<(Unit, i64)> {
        extract(&Words::new(s, &Normalizer::default()))
            .into_iter()
            .map(|q| (q.unit, q.value / 100))
            .collect()
    }

    #[test]
    fn reads_rupiah_in_every_usual_form() {
        for s in [
            "Rp 150.000",
            "Rp150.000",
            "150rb",
            "150 ribu",
            "IDR 150,000",
            "150.000 rupiah",
            "seratus lima puluh ribu rupiah",
        ] {
            assert_eq!(q(s), [(Unit::Rupiah, 150_000)], "{s}");
        }
        assert_eq!(q("Rp 1,5 juta"), [(Unit::Rupiah, 1_500_000)]);
        assert_eq!(q("2 jt"), [(Unit::Rupiah, 2_000_000)]);
    }

    #[test]
    fn reads_durations_in_both_languages() {
        for s in [
            "14 days",
            "14 hari",
            "two weeks",
            "dua minggu",
            "fourteen days",
            "empat belas hari",
            "2 pekan",
        ] {
            assert_eq!(q(s), [(Unit::Days, 14)], "{s}");
        }
        assert_eq!(q("a week"), [(Unit::Days, 7)]);
        assert_eq!(q("5 hari kerja"), [(Unit::WorkingDays, 5)]);
        assert_eq!(q("within 5 working days"), [(Unit::WorkingDays, 5)]);
        assert_eq!(q("3 jam"), [(Unit::Minutes, 180)]);
        assert_eq!(q("dua puluh satu hari"), [(Unit::Days, 21)]);
    }

    #[test]
    fn reads_clock_times() {
        assert_eq!(q("buka pukul 08.00 WIB"), [(Unit::TimeOfDay, 480)]);
        assert_eq!(q("until 9 pm"), [(Unit::TimeOfDay, 1260)]);
        assert_eq!(q("jam 9 malam"), [(Unit::TimeOfDay, 1260)]);
        assert_eq!(q("14:30"), [(Unit::TimeOfDay, 870)]);
    }

    #[test]
    fn a_and_one_need_a_unit() {
        assert!(q("a refund").is_empty());
        assert!(q("one moment please").is_empty());
    }

    #[test]
    fn percent_and_plain_counts() {
        assert_eq!(q("diskon 10 persen"), [(Unit::Percent, 10)]);
        assert_eq!(q("order 3 items"), [(Unit::Count, 3)]);
    }

    #[test]
    fn non_ascii_numerals_do_not_panic() {
        let _ = q("1.٣٣ ²³ 5,½½ ৪.৪৪৪");
    }

    #[test]
    fn absurd_numbers_do_not_overflow() {
        let _ = q(&"9".repeat(400));
        let _ = q("999999999999999 million billion juta");
    }

    #[test]
    fn displays_rupiah_grouped() {
        let v = extract(&Words::new("150rb", &Normalizer::default()));
        assert_eq!(v[0].to_string(), "Rp 150.000");
    }
}
