//! `frontline score`: judge one reply, or a file of replies, without playing a session.

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Failure, Outcome, print_json, resolve_scenario};
use crate::core::scenario::Locale;
use crate::core::scoring::{
    CompiledRubric, Evidence, Feedback, ReplyContext, ReplyScore, score_reply, score_reply_into,
};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario id or path whose rubric to use (with --node)
    scenario: Option<String>,
    /// The typed-reply node whose rubric scores the text
    #[arg(long, requires = "scenario")]
    node: Option<String>,
    /// Score with the built-in lexicon of this language alone (en or id)
    #[arg(long, conflicts_with = "scenario", value_parser = parse_locale)]
    locale: Option<Locale>,
    /// The reply to score
    #[arg(long, conflicts_with = "batch")]
    text: Option<String>,
    /// Score each line of FILE and print one JSON object a line ("-" reads standard input)
    #[arg(long, value_name = "FILE")]
    batch: Option<PathBuf>,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

pub fn parse_locale(s: &str) -> Result<Locale, String> {
    Locale::parse(s).ok_or_else(|| format!("`{s}` is not a supported language; use en or id"))
}

/// The JSON shape of one judged reply.
#[derive(Serialize)]
struct Judged<'a> {
    empathy: Option<u8>,
    accuracy: Option<u8>,
    resolution: Option<u8>,
    evidence: &'a [Evidence],
    auto_fail: Option<&'a str>,
    feedback: Feedback<'a>,
}

impl<'a> From<&'a ReplyScore> for Judged<'a> {
    fn from(r: &'a ReplyScore) -> Self {
        Judged {
            empathy: r.empathy,
            accuracy: r.accuracy,
            resolution: r.resolution,
            evidence: &r.evidence,
            auto_fail: r.auto_fail.as_deref(),
            feedback: r.feedback(),
        }
    }
}

pub fn run(args: Args, library: Option<&Path>) -> Outcome {
    let (locale, rubric) = match (&args.scenario, args.locale) {
        (Some(id), _) => {
            let loaded = resolve_scenario(id, library)?;
            let node_id = args.node.as_deref().ok_or_else(|| {
                Failure::Usage("scoring against a scenario needs --node ID".into())
            })?;
            let s = &loaded.scenario;
            let node = s.node(node_id).ok_or_else(|| {
                let typed: Vec<&str> = s
                    .nodes
                    .iter()
                    .filter(|n| n.free_text.is_some())
                    .map(|n| n.id.as_str())
                    .collect();
                Failure::Usage(format!(
                    "scenario `{}` has no node `{node_id}`; its typed-reply nodes are: {}",
                    s.id,
                    if typed.is_empty() {
                        "none".into()
                    } else {
                        typed.join(", ")
                    }
                ))
            })?;
            let rubric = node.free_text.as_ref().ok_or_else(|| {
                Failure::Usage(format!(
                    "node `{node_id}` is a choice turn; only typed-reply nodes have a rubric"
                ))
            })?;
            (s.locale, Some(CompiledRubric::new(s, rubric)))
        }
        (None, Some(l)) => (l, None),
        (None, None) => {
            return Err(Failure::Usage(
                "give a SCENARIO with --node, or --locale en|id".into(),
            ));
        }
    };
    let ctx = ReplyContext::default();
    match (&args.text, &args.batch) {
        (Some(text), None) => {
            let r = score_reply(locale, rubric.as_ref(), text, &ctx);
            if args.json {
                print_json(&Judged::from(&r))
            } else {
                print_human(&r);
                Ok(())
            }
        }
        (None, Some(path)) => batch(path, locale, rubric.as_ref()),
        _ => Err(Failure::Usage(
            "give the reply with --text TEXT, or a file with --batch FILE".into(),
        )),
    }
}

fn print_human(r: &ReplyScore) {
    let mut out = std::io::stdout().lock();
    let d = |v: Option<u8>| v.map_or("n/a".to_string(), |v| v.to_string());
    let _ = writeln!(
        out,
        "empathy {} | accuracy {} | resolution {}",
        d(r.empathy),
        d(r.accuracy),
        d(r.resolution)
    );
    let turn = crate::core::session::Turn {
        node: String::new(),
        customer: String::new(),
        reply: String::new(),
        choice: None,
        scores: crate::core::session::TurnScores {
            empathy: r.empathy,
            accuracy: r.accuracy,
            resolution: r.resolution,
            overall: None,
        },
        evidence: r.evidence.clone(),
        feedback: r.feedback_lines(),
        mood: 0,
        auto_fail: r.auto_fail.clone(),
    };
    let text = super::render::turn(&turn, true);
    // Skip the scores line the turn renderer starts with; it was printed above.
    let _ = write!(
        out,
        "{}",
        text.split_once('\n').map_or("", |(_, rest)| rest)
    );
}

fn batch(path: &Path, locale: Locale, rubric: Option<&CompiledRubric>) -> Outcome {
    let reader: Box<dyn BufRead> = if path == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(path)
            .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?;
        Box::new(std::io::BufReader::with_capacity(1 << 16, f))
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let ctx = ReplyContext::default();
    let mut buf = Vec::new();
    let mut reader = reader;
    let mut line_no = 0usize;
    // One result reused for every line: its lists keep their capacity.
    let mut r = score_reply(locale, rubric, "", &ctx);
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).map_err(|e| {
            Failure::Problems(format!("{}: line {}: {e}", path.display(), line_no + 1))
        })?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let line = String::from_utf8_lossy(&buf);
        let line = line.trim_end_matches(['\n', '\r']);
        score_reply_into(&mut r, locale, rubric, line, &ctx);
        if serde_json::to_writer(&mut out, &Judged::from(&r)).is_err()
            || out.write_all(b"\n").is_err()
        {
            // The reader of our output went away (a closed pipe): stop quietly.
            return Ok(());
        }
    }
    let _ = out.flush();
    Ok(())
}
