//! `frontline calibrate`: check automatic scores against a team's own human ratings.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Failure, Outcome, print_json, resolve_scenario};
use crate::core::calibration::{self, Report};
use crate::core::scenario::Locale;
use crate::core::scoring::{CompiledRubric, Dimension, ReplyContext, score_reply};

/// More rows than this are refused: calibration sets are hundreds to thousands of rows.
const MAX_ROWS: usize = 1_000_000;
/// The highest human level accepted (a 0–10 scale at most).
const MAX_LEVEL: usize = 10;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Dim {
    Empathy,
    Accuracy,
    Resolution,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// CSV file with a header row
    file: PathBuf,
    /// Which automatic score to compare
    #[arg(long, value_enum)]
    dimension: Dim,
    /// Column holding the reply text (header name, or a 0-based index)
    #[arg(long, value_name = "COL")]
    reply_col: String,
    /// Column holding the human rating: whole numbers 0, 1, 2, … (header name or index)
    #[arg(long, value_name = "COL")]
    human_col: String,
    /// Language of the replies, for the built-in lexicon
    #[arg(long, default_value = "en", value_parser = super::score::parse_locale)]
    locale: Locale,
    /// Score against this scenario's rubric (with --node) instead of the lexicon alone
    #[arg(long, requires = "node")]
    scenario: Option<String>,
    /// The typed-reply node whose rubric to use
    #[arg(long, requires = "scenario")]
    node: Option<String>,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

fn column(headers: &csv::StringRecord, col: &str, what: &str) -> Result<usize, Failure> {
    if let Some(i) = headers.iter().position(|h| h == col) {
        return Ok(i);
    }
    match col.parse::<usize>() {
        Ok(i) if i < headers.len() => Ok(i),
        _ => Err(Failure::Usage(format!(
            "no {what} column `{col}`; the columns are: {}",
            headers.iter().collect::<Vec<_>>().join(", ")
        ))),
    }
}

pub fn run(args: Args, library: Option<&Path>) -> Outcome {
    let rubric = match (&args.scenario, &args.node) {
        (Some(id), Some(node)) => {
            let loaded = resolve_scenario(id, library)?;
            let s = &loaded.scenario;
            let r = s
                .node(node)
                .and_then(|n| n.free_text.as_ref())
                .ok_or_else(|| {
                    Failure::Usage(format!("scenario `{id}` has no typed-reply node `{node}`"))
                })?;
            Some((s.locale, CompiledRubric::new(s, r)))
        }
        _ => None,
    };
    let dimension = match args.dimension {
        Dim::Empathy => Dimension::Empathy,
        Dim::Accuracy => Dimension::Accuracy,
        Dim::Resolution => Dimension::Resolution,
    };
    if dimension == Dimension::Accuracy && rubric.is_none() {
        return Err(Failure::Usage(
            "accuracy needs a rubric's facts: pass --scenario ID --node ID".into(),
        ));
    }
    let locale = rubric.as_ref().map_or(args.locale, |(l, _)| *l);

    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&args.file)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", args.file.display())))?;
    let headers = reader
        .headers()
        .map_err(|e| {
            Failure::Problems(format!(
                "{}: cannot read the header row: {e}",
                args.file.display()
            ))
        })?
        .clone();
    let reply_at = column(&headers, &args.reply_col, "reply")?;
    let human_at = column(&headers, &args.human_col, "human rating")?;

    let ctx = ReplyContext::default();
    let (mut scores, mut human) = (Vec::new(), Vec::new());
    for (i, record) in reader.records().enumerate() {
        // Line numbers as an editor shows them: the header is line 1.
        let line = i + 2;
        let record = record
            .map_err(|e| Failure::Problems(format!("{}:{line}: {e}", args.file.display())))?;
        if scores.len() >= MAX_ROWS {
            return Err(Failure::Problems(format!(
                "{}: more than {MAX_ROWS} rows",
                args.file.display()
            )));
        }
        let (Some(reply), Some(h)) = (record.get(reply_at), record.get(human_at)) else {
            return Err(Failure::Problems(format!(
                "{}:{line}: the row is missing a column",
                args.file.display()
            )));
        };
        let level = h
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|l| *l <= MAX_LEVEL)
            .ok_or_else(|| {
                Failure::Problems(format!(
                    "{}:{line}: human rating `{h}` is not a whole number from 0 to {MAX_LEVEL}",
                    args.file.display()
                ))
            })?;
        let r = score_reply(locale, rubric.as_ref().map(|(_, r)| r), reply, &ctx);
        // A reply that does not test the dimension counts as showing none of it.
        scores.push(f64::from(r.get(dimension).unwrap_or(0)));
        human.push(level);
    }
    if scores.len() < 3 {
        return Err(Failure::Problems(format!(
            "{}: {} rated row(s); calibration needs at least 3",
            args.file.display(),
            scores.len()
        )));
    }
    let report = calibration::report(&scores, &human);
    if args.json {
        return print_json(&report);
    }
    print_report(&report, &args);
    Ok(())
}

fn print_report(r: &Report, args: &Args) {
    let mut out = std::io::stdout().lock();
    let f = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{v:.3}"));
    let _ = writeln!(
        out,
        "{} rows, {:?} against `{}`",
        r.n, args.dimension, args.human_col
    );
    let ci = r.spearman_ci.map_or(String::new(), |[a, b]| {
        format!(" (95% CI {a:.3} to {b:.3})")
    });
    let _ = writeln!(out, "Spearman rho      {}{ci}", f(r.spearman));
    let _ = writeln!(out, "quadratic kappa   {}", f(r.qwk));
    let _ = writeln!(out, "macro-F1          {:.3}", r.macro_f1);
    let cuts: Vec<String> = r.thresholds.iter().map(|t| format!("{t}")).collect();
    let _ = writeln!(out, "score -> level cut points: {}", cuts.join(", "));
    let _ = writeln!(
        out,
        "confusion (rows: human level, columns: Frontline level)"
    );
    let _ = write!(out, "       ");
    for j in 0..r.levels {
        let _ = write!(out, "{j:>7}");
    }
    let _ = writeln!(out);
    for (i, row) in r.confusion.iter().enumerate() {
        let _ = write!(out, "  {i:>3}  ");
        for v in row {
            let _ = write!(out, "{v:>7}");
        }
        let _ = writeln!(out);
    }
}
