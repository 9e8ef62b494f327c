//! `frontline explore`: prove every branch of a scenario can be played, and bound its scores.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{Outcome, print_json, resolve_scenario};
use crate::core::graph::{Graph, ScoreBounds};
use crate::core::scenario::Outcome as EndingOutcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario id or path
    scenario: String,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Paths {
    /// Distinct paths from the start to an ending (saturates at 2^64-1).
    count: u64,
    saturated: bool,
    /// A loop on the way makes the number of paths unbounded.
    unbounded: bool,
}

#[derive(Serialize)]
struct EndingReport<'a> {
    id: &'a str,
    outcome: &'a str,
}

#[derive(Serialize)]
struct Report<'a> {
    scenario: &'a str,
    nodes: usize,
    reachable: Vec<&'a str>,
    unreachable: Vec<&'a str>,
    endings: Vec<EndingReport<'a>>,
    unreachable_endings: Vec<&'a str>,
    paths: Paths,
    min: Scores,
    max: Scores,
    pass_mark: u8,
    can_pass: bool,
    can_fail: bool,
    free_text_nodes: Vec<&'a str>,
    loops_without_exit: Vec<Vec<&'a str>>,
}

#[derive(Serialize)]
struct Scores {
    empathy: Option<f64>,
    accuracy: Option<f64>,
    resolution: Option<f64>,
    overall: Option<f64>,
}

fn pick(b: &ScoreBounds, max: bool) -> Scores {
    let f = |x: crate::core::graph::Bound| if max { x.max } else { x.min };
    Scores {
        empathy: f(b.empathy),
        accuracy: f(b.accuracy),
        resolution: f(b.resolution),
        overall: f(b.overall),
    }
}

pub fn run(args: Args, library: Option<&Path>) -> Outcome {
    let loaded = resolve_scenario(&args.scenario, library)?;
    let s = &loaded.scenario;
    let g = Graph::build(s);
    let (reach, reach_end) = g.reachable();
    let count = g.path_count();
    let bounds = g.score_bounds(&s.scoring.weights);
    let pass = f64::from(s.scoring.pass_mark);
    let report = Report {
        scenario: &s.id,
        nodes: s.nodes.len(),
        reachable: s
            .nodes
            .iter()
            .zip(&reach)
            .filter(|(_, r)| **r)
            .map(|(n, _)| n.id.as_str())
            .collect(),
        unreachable: s
            .nodes
            .iter()
            .zip(&reach)
            .filter(|(_, r)| !**r)
            .map(|(n, _)| n.id.as_str())
            .collect(),
        // A customer-left ending is also reached when patience runs out.
        endings: s
            .endings
            .iter()
            .zip(&reach_end)
            .filter(|(e, r)| **r || e.outcome == EndingOutcome::CustomerLeft)
            .map(|(e, _)| EndingReport {
                id: &e.id,
                outcome: e.outcome.name(),
            })
            .collect(),
        unreachable_endings: s
            .endings
            .iter()
            .zip(&reach_end)
            .filter(|(e, r)| !**r && e.outcome != EndingOutcome::CustomerLeft)
            .map(|(e, _)| e.id.as_str())
            .collect(),
        paths: Paths {
            count: count.unwrap_or(u64::MAX),
            saturated: count == Some(u64::MAX) || count.is_none(),
            unbounded: count.is_none(),
        },
        min: pick(&bounds, false),
        max: pick(&bounds, true),
        pass_mark: s.scoring.pass_mark,
        can_pass: bounds.overall.max.is_some_and(|m| m >= pass),
        can_fail: bounds.overall.min.is_some_and(|m| m < pass)
            || s.nodes
                .iter()
                .any(|n| n.choices.iter().any(|c| c.auto_fail.is_some())),
        free_text_nodes: s
            .nodes
            .iter()
            .filter(|n| n.free_text.is_some())
            .map(|n| n.id.as_str())
            .collect(),
        loops_without_exit: g
            .loops_without_exit()
            .into_iter()
            .map(|c| c.into_iter().map(|i| s.nodes[i].id.as_str()).collect())
            .collect(),
    };
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
