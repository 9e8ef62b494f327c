//! What a trainer's path explorer shows: which parts of a scenario can be reached, how
//! many ways through there are, and the best and worst scores a trainee can get.

use serde::Serialize;

use super::graph::{Bound, Graph};
use super::scenario::Scenario;
use super::session::SessionScores;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exploration {
    pub scenario: String,
    pub nodes: usize,
    pub reachable: Vec<String>,
    pub unreachable: Vec<String>,
    /// Endings a session can reach, with their outcomes.
    pub endings: Vec<EndingReach>,
    pub unreachable_endings: Vec<String>,
    pub paths: Paths,
    /// Worst achievable session scores.
    pub min: SessionScores,
    /// Best achievable session scores.
    pub max: SessionScores,
    pub pass_mark: u8,
    pub can_pass: bool,
    pub can_fail: bool,
    pub free_text_nodes: Vec<String>,
    /// Reachable loops from which no ending can be reached.
    pub loops_without_exit: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EndingReach {
    pub id: String,
    pub outcome: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Paths {
    /// Distinct paths from the start to an ending (saturates at 2^64-1).
    pub count: u64,
    pub saturated: bool,
    /// A loop on the way makes the number of paths unbounded.
    pub unbounded: bool,
}

/// Analyse a scenario's graph without enumerating its paths.
pub fn explore(s: &Scenario) -> Exploration {
    let g = Graph::build(s);
    let (reach, reach_end) = g.reachable();
    let count = g.path_count();
    let b = g.score_bounds(&s.scoring.weights);
    let pass = f64::from(s.scoring.pass_mark);
    let pick = |f: fn(Bound) -> Option<f64>| SessionScores {
        empathy: f(b.empathy),
        accuracy: f(b.accuracy),
        resolution: f(b.resolution),
        overall: f(b.overall),
    };
    let nodes_where = |want: bool| -> Vec<String> {
        s.nodes
            .iter()
            .zip(&reach)
            .filter(|(_, r)| **r == want)
            .map(|(n, _)| n.id.clone())
            .collect()
    };
    let ending_reached = |i: usize| reach_end[i] || s.endings[i].reached_when_patience_runs_out();
    Exploration {
        scenario: s.id.clone(),
        nodes: s.nodes.len(),
        reachable: nodes_where(true),
        unreachable: nodes_where(false),
        endings: (0..s.endings.len())
            .filter(|&i| ending_reached(i))
            .map(|i| EndingReach {
                id: s.endings[i].id.clone(),
                outcome: s.endings[i].outcome.name(),
            })
            .collect(),
        unreachable_endings: (0..s.endings.len())
            .filter(|&i| !ending_reached(i))
            .map(|i| s.endings[i].id.clone())
            .collect(),
        paths: Paths {
            count: count.unwrap_or(u64::MAX),
            saturated: count.is_none_or(|c| c == u64::MAX),
            unbounded: count.is_none(),
        },
        min: pick(|x| x.min),
        max: pick(|x| x.max),
        pass_mark: s.scoring.pass_mark,
        can_pass: b.overall.max.is_some_and(|m| m >= pass),
        // An auto-failing choice fails the session whatever the score.
        can_fail: b.overall.min.is_some_and(|m| m < pass)
            || s.nodes
                .iter()
                .any(|n| n.choices.iter().any(|c| c.auto_fail.is_some())),
        free_text_nodes: s
            .nodes
            .iter()
            .filter(|n| n.free_text.is_some())
            .map(|n| n.id.clone())
            .collect(),
        loops_without_exit: g
            .loops_without_exit()
            .into_iter()
            .map(|c| c.into_iter().map(|i| s.nodes[i].id.clone()).collect())
            .collect(),
    }
}
