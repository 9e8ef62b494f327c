//! `frontline explore`: prove every branch of a scenario can be played, and bound its scores.

use std::io::Write;
use std::path::Path;

use super::{Outcome, print_json, resolve_scenario};
use crate::core::explore::explore;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario id or path
    scenario: String,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, library: Option<&Path>) -> Outcome {
    let loaded = resolve_scenario(&args.scenario, library)?;
    let report = explore(&loaded.scenario);
    if args.json {
        return print_json(&report);
    }
    let mut out = std::io::stdout().lock();
    let v = |x: Option<f64>| x.map_or("n/a".to_string(), |x| format!("{x:.1}"));
    let _ = writeln!(out, "scenario {} ({} nodes)", report.scenario, report.nodes);
    let _ = writeln!(
        out,
        "reachable nodes: {}/{}",
        report.reachable.len(),
        report.nodes
    );
    if !report.unreachable.is_empty() {
        let _ = writeln!(out, "unreachable nodes: {}", report.unreachable.join(", "));
    }
    let endings: Vec<String> = report
        .endings
        .iter()
        .map(|e| format!("{} ({})", e.id, e.outcome))
        .collect();
    let _ = writeln!(out, "reachable endings: {}", endings.join(", "));
    if !report.unreachable_endings.is_empty() {
        let _ = writeln!(
            out,
            "unreachable endings: {}",
            report.unreachable_endings.join(", ")
        );
    }
    let paths = if report.paths.unbounded {
        "unbounded (a loop can repeat)".to_string()
    } else if report.paths.saturated {
        format!("at least {}", report.paths.count)
    } else {
        report.paths.count.to_string()
    };
    let _ = writeln!(out, "paths to an ending: {paths}");
    let _ = writeln!(
        out,
        "typed-reply nodes: {}",
        if report.free_text_nodes.is_empty() {
            "none".into()
        } else {
            report.free_text_nodes.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "scores    {:>8} {:>8} {:>10} {:>8}",
        "empathy", "accuracy", "resolution", "overall"
    );
    for (name, sc) in [("worst", &report.min), ("best", &report.max)] {
        let _ = writeln!(
            out,
            "  {name:6}  {:>8} {:>8} {:>10} {:>8}",
            v(sc.empathy),
            v(sc.accuracy),
            v(sc.resolution),
            v(sc.overall)
        );
    }
    let _ = writeln!(
        out,
        "pass mark {}: {} to pass, {} to fail",
        report.pass_mark,
        if report.can_pass {
            "possible"
        } else {
            "IMPOSSIBLE"
        },
        if report.can_fail {
            "possible"
        } else {
            "impossible"
        }
    );
    for l in &report.loops_without_exit {
        let _ = writeln!(out, "loop with no exit: {}", l.join(" -> "));
    }
    Ok(())
}
