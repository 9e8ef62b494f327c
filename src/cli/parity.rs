//! `frontline parity`: do the English and Indonesian lexicons judge the same sentence alike?

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Failure, Outcome, print_json};
use crate::core::calibration::parity;
use crate::core::scenario::Locale;
use crate::core::scoring::{ReplyContext, score_reply};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// CSV of English sentences (header row; columns `id` and `text` by default)
    #[arg(long, value_name = "FILE")]
    en: PathBuf,
    /// CSV of the same sentences in Indonesian, matched by id
    #[arg(long, value_name = "FILE")]
    id: PathBuf,
    /// Column naming the sentence pair
    #[arg(long, default_value = "id")]
    id_col: String,
    /// Column holding the sentence
    #[arg(long, default_value = "text")]
    text_col: String,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

fn read(path: &Path, id_col: &str, text_col: &str) -> Result<Vec<(String, String)>, Failure> {
    let mut r = csv::Reader::from_path(path)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?;
    let headers = r
        .headers()
        .map_err(|e| Failure::Problems(format!("{}: {e}", path.display())))?
        .clone();
    let find = |c: &str| {
        headers.iter().position(|h| h == c).ok_or_else(|| {
            Failure::Usage(format!(
                "{} has no column `{c}`; it has: {}",
                path.display(),
                headers.iter().collect::<Vec<_>>().join(", ")
            ))
        })
    };
    let (i, t) = (find(id_col)?, find(text_col)?);
    let mut rows = Vec::new();
    for (k, rec) in r.records().enumerate() {
        let rec =
            rec.map_err(|e| Failure::Problems(format!("{}:{}: {e}", path.display(), k + 2)))?;
        rows.push((
            rec.get(i).unwrap_or("").to_string(),
            rec.get(t).unwrap_or("").to_string(),
        ));
    }
    Ok(rows)
}

pub fn run(args: Args) -> Outcome {
    let en = read(&args.en, &args.id_col, &args.text_col)?;
    let id: HashMap<String, String> = read(&args.id, &args.id_col, &args.text_col)?
        .into_iter()
        .collect();
    let ctx = ReplyContext::default();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for (key, text) in &en {
        if let Some(other) = id.get(key) {
            a.push(score_reply(Locale::En, None, text, &ctx));
            b.push(score_reply(Locale::Id, None, other, &ctx));
        }
    }
    if a.is_empty() {
        return Err(Failure::Problems(
            "no sentence ids appear in both files".into(),
        ));
    }
    let report = parity(&a, &b);
    if args.json {
        return print_json(&report);
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{} sentence pairs", report.n);
    for (name, d) in [
        ("empathy", &report.empathy),
        ("resolution", &report.resolution),
    ] {
        let rho = d.spearman.map_or("n/a".into(), |r| format!("{r:.3}"));
        let _ = writeln!(
            out,
            "{name:10}  mean |en - id| {:5.1}   same level {:5.1}%   rho {rho}",
            d.mean_abs_diff,
            d.same_level * 100.0
        );
    }
    let _ = writeln!(
        out,
        "{:16} {:>6} {:>8} {:>8}",
        "move", "both", "only en", "only id"
    );
    for m in &report.moves {
        let _ = writeln!(
            out,
            "{:16} {:>6} {:>8} {:>8}",
            m.item, m.both, m.only_en, m.only_id
        );
    }
    Ok(())
}
