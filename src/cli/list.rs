//! `frontline list`: the scenarios in the library.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{Outcome, load_library_at, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a JSON array instead of a table
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    title: &'a str,
    locale: &'a str,
    channel: &'a str,
    duty: &'a str,
    tier: u8,
    path: String,
}

pub fn run(args: Args, library: Option<&Path>) -> Outcome {
    let lib = load_library_at(library)?;
    let mut rows: Vec<Row<'_>> = lib
        .scenarios
        .iter()
        .map(|l| {
            let s = &l.scenario;
            Row {
                id: &s.id,
                title: &s.title,
                locale: s.locale.code(),
                channel: s.channel.name(),
                duty: s.duty.name(),
                tier: s.tier,
                path: l.path.display().to_string(),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.id.cmp(b.id));
    if args.json {
        print_json(&rows)?;
    } else {
        let mut out = std::io::stdout().lock();
        let w = rows
            .iter()
            .map(|r| r.id.chars().count())
            .max()
            .unwrap_or(2)
            .max(2);
        let _ = writeln!(
            out,
            "{:w$}  {:4}  {:12}  {:15}  {:4}  TITLE",
            "ID", "LANG", "CHANNEL", "DUTY", "TIER"
        );
        for r in &rows {
            let _ = writeln!(
                out,
                "{:w$}  {:4}  {:12}  {:15}  {:4}  {}",
                r.id, r.locale, r.channel, r.duty, r.tier, r.title
            );
        }
    }
    if lib.errors() > 0 {
        let _ = writeln!(
            std::io::stderr(),
            "note: {} file(s) with errors were left out; run `frontline validate` to see them",
            lib.diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| &d.file)
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        );
    }
    Ok(())
}
