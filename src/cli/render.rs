//! Plain-text rendering of session events and debriefs for the terminal.

use std::fmt::Write as _;

use crate::core::feedback;
use crate::core::scenario::Locale;
use crate::core::scoring::{Evidence, EvidenceKind};
use crate::core::session::{Debrief, SessionEvent, Turn, TurnScores};

const WIDTH: usize = 76;

/// Wrap `text` at word boundaries, each line prefixed with `indent`.
pub fn wrap(text: &str, indent: &str) -> String {
    wrap_hanging(text, indent, indent)
}

/// Wrap with one prefix on the first line and another on the rest, so a numbered
/// option's continuation lines sit under its text.
pub fn wrap_hanging(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut prefix = first;
    for para in text.split('\n') {
        let mut line = String::from(prefix);
        let mut empty = true;
        for word in para.split_whitespace() {
            if !empty && line.chars().count() + word.chars().count() + 1 > WIDTH {
                out.push_str(line.trim_end());
                out.push('\n');
                prefix = rest;
                line = String::from(prefix);
                empty = true;
            }
            if !empty {
                line.push(' ');
            }
            line.push_str(word);
            empty = false;
        }
        out.push_str(line.trim_end());
        out.push('\n');
        prefix = rest;
    }
    out
}

pub fn mood_bar(mood: i32, patience: u32) -> String {
    let filled = (mood.clamp(0, 100) / 10) as usize;
    let face = match mood {
        0..=20 => "furious",
        21..=40 => "upset",
        41..=60 => "uneasy",
        61..=80 => "calm",
        _ => "happy",
    };
    format!(
        "mood [{}{}] {mood:>3}/100 {face}, patience {patience}",
        "#".repeat(filled),
        ".".repeat(10 - filled)
    )
}

fn dim(v: Option<u8>) -> String {
    v.map_or("n/a".into(), |v| v.to_string())
}

pub fn scores_line(s: &TurnScores) -> String {
    format!(
        "empathy {} | accuracy {} | resolution {}{}",
        dim(s.empathy),
        dim(s.accuracy),
        dim(s.resolution),
        s.overall.map_or(String::new(), |o| format!("  -> {o}"))
    )
}

fn evidence_line(e: &Evidence) -> String {
    let mark = match e.kind {
        EvidenceKind::Found => "+",
        EvidenceKind::Missing => "-",
        EvidenceKind::Negated => "~",
        EvidenceKind::Hedged => "?",
        EvidenceKind::Wrong => "x",
        EvidenceKind::Penalty => "!",
        EvidenceKind::Note => "i",
    };
    let dim = match e.dimension {
        crate::core::scoring::Dimension::Empathy => "empathy",
        crate::core::scoring::Dimension::Accuracy => "accuracy",
        crate::core::scoring::Dimension::Resolution => "resolution",
    };
    let kind = serde_json::to_value(e.kind)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    let mut s = format!("{mark} {dim}: {kind} {}", e.item);
    if let Some(q) = &e.quote {
        let _ = write!(s, " \"{q}\"");
    }
    if let Some([a, b]) = e.at {
        let _ = write!(s, " (chars {a}-{b})");
    }
    if e.points != 0 {
        let _ = write!(s, " {:+}", e.points);
    }
    s
}

/// Render one turn's judgement, as shown right after the trainee answers.
pub fn turn(t: &Turn, show_evidence: bool) -> String {
    let mut s = format!("  scored: {}\n", scores_line(&t.scores));
    if show_evidence {
        for e in t
            .evidence
            .iter()
            .filter(|e| !(e.item == "choice" && e.kind == EvidenceKind::Found))
        {
            let _ = writeln!(s, "    {}", evidence_line(e));
        }
    }
    for f in &t.feedback {
        s.push_str(&wrap(f, "    "));
    }
    if let Some(r) = &t.auto_fail {
        s.push_str(&wrap(&format!("AUTO-FAIL: {r}"), "    "));
    }
    s
}

/// Render an event for the terminal; `None` for events shown elsewhere (the debrief).
pub fn event(e: &SessionEvent, customer: &str) -> Option<String> {
    Some(match e {
        SessionEvent::Started {
            title,
            customer,
            traits,
            mood,
            patience,
            seed,
            ..
        } => {
            let mut s = format!("\n=== {title} ===\ncustomer: {customer}");
            if !traits.is_empty() {
                let _ = write!(s, " ({})", traits.join(", "));
            }
            let _ = write!(s, "\n{}\nseed {seed}\n", mood_bar(*mood, *patience));
            s
        }
        SessionEvent::CustomerSays { text, .. } => format!("\n{customer}:\n{}", wrap(text, "  ")),
        SessionEvent::OptionsOffered {
            options,
            time_limit,
            ..
        } => {
            let mut s = String::new();
            for o in options {
                let number = format!("  {}) ", o.number);
                let hang = " ".repeat(number.chars().count());
                s.push_str(&wrap_hanging(&o.text, &number, &hang));
            }
            if let Some(t) = time_limit {
                let _ = writeln!(s, "  (answer within {t} s)");
            }
            s
        }
        SessionEvent::AwaitingReply { time_limit, .. } => match time_limit {
            Some(t) => format!("  (type your reply; answer within {t} s)\n"),
            None => "  (type your reply)\n".to_string(),
        },
        SessionEvent::TimeRanOut { patience, .. } => {
            format!("  [too slow: patience now {patience}]\n")
        }
        SessionEvent::TurnScored(t) => turn(t, true),
        SessionEvent::MoodChanged { to, patience, .. } => {
            format!("  {}\n", mood_bar(*to, *patience))
        }
        SessionEvent::Ended(_) => return None,
    })
}

fn score(v: Option<f64>) -> String {
    v.map_or("n/a".into(), |v| format!("{v:.1}"))
}

/// The debrief: outcome, scores, every turn with its evidence, better replies.
pub fn debrief(d: &Debrief, locale: Locale) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "\n{}", wrap(&d.ending, "").trim_end());
    let _ = writeln!(s, "\n=== Debrief ===");
    let _ = writeln!(s, "outcome: {}", feedback::outcome(locale, d.outcome));
    let _ = writeln!(
        s,
        "scores: empathy {} | accuracy {} | resolution {} | overall {} (pass mark {})",
        score(d.scores.empathy),
        score(d.scores.accuracy),
        score(d.scores.resolution),
        score(d.scores.overall),
        d.pass_mark
    );
    let _ = writeln!(
        s,
        "result: {}",
        if d.passed { "PASSED" } else { "NOT PASSED" }
    );
    for r in &d.auto_fail {
        s.push_str(&wrap(&format!("auto-fail: {r}"), ""));
    }
    for (i, t) in d.turns.iter().enumerate() {
        let _ = writeln!(s, "\nturn {} ({})", i + 1, t.node);
        s.push_str(&wrap(&format!("customer: {}", t.customer), "  "));
        s.push_str(&wrap(&format!("you: {}", t.reply), "  "));
        s.push_str(&turn(t, true));
        if let Some(b) = d.better_replies.iter().find(|b| b.node == t.node) {
            s.push_str(&wrap(&format!("better: {}", b.reply), "  "));
        }
    }
    let _ = writeln!(s, "\nreplay this session with --seed {}", d.seed);
    s
}
