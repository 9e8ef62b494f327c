//! The scenario as a graph: reachability, dead ends, loops, path counts and score bounds.
//!
//! Nodes and endings are vertices; every choice and route is an edge. Conditions are
//! not evaluated here, so every edge counts as possible: the analysis is what the script
//! allows, which is what a trainer needs to prove every branch can be played.

use std::collections::HashMap;

use serde::Serialize;

use super::scenario::{Scenario, Weights};

/// A vertex: a node (index into `scenario.nodes`) or an ending (index into `endings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vertex {
    Node(usize),
    Ending(usize),
}

/// What one step along an edge adds to the session's score sums.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Gain {
    /// Score per dimension (empathy, accuracy, resolution), `None` when not tested.
    pub scores: [Option<f64>; 3],
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub from: usize,
    pub to: Vertex,
    /// For choice edges, the choice index; `None` for typed replies.
    pub choice: Option<usize>,
    /// Best and worst gains: equal for choices; 100 and 0 on tested dimensions for
    /// typed replies, whose score depends on what the trainee writes.
    pub best: Gain,
    pub worst: Gain,
}

/// The scenario's graph with ids resolved. Edges to unknown ids are left out (validation
/// reports them).
#[derive(Debug, Clone)]
pub struct Graph {
    pub node_count: usize,
    pub ending_count: usize,
    pub start: Option<usize>,
    pub edges: Vec<Edge>,
    /// Edge indices leaving each node.
    pub out: Vec<Vec<usize>>,
}

impl Graph {
    pub fn build(s: &Scenario) -> Graph {
        let mut ids: HashMap<&str, Vertex> = HashMap::new();
        // Endings first, so a node with a clashing id wins; the session engine agrees.
        for (i, e) in s.endings.iter().enumerate() {
            ids.entry(e.id.as_str()).or_insert(Vertex::Ending(i));
        }
        for (i, n) in s.nodes.iter().enumerate() {
            // The first node with an id wins over later duplicates and over endings.
            let slot = ids.entry(n.id.as_str()).or_insert(Vertex::Node(i));
            if matches!(slot, Vertex::Ending(_)) {
                *slot = Vertex::Node(i);
            }
        }
        let start = match ids.get(s.start.as_str()) {
            Some(Vertex::Node(i)) => Some(*i),
            _ => None,
        };
        let mut edges = Vec::new();
        let mut out = vec![Vec::new(); s.nodes.len()];
        for (from, node) in s.nodes.iter().enumerate() {
            let mut push = |to: &str, choice: Option<usize>, best: Gain, worst: Gain| {
                if let Some(&to) = ids.get(to) {
                    out[from].push(edges.len());
                    edges.push(Edge {
                        from,
                        to,
                        choice,
                        best,
                        worst,
                    });
                }
            };
            for (ci, c) in node.choices.iter().enumerate() {
                let g = Gain {
                    scores: [
                        c.scores.empathy.map(f64::from),
                        c.scores.accuracy.map(f64::from),
                        c.scores.resolution.map(f64::from),
                    ],
                };
                push(&c.next, Some(ci), g, g);
                for r in &c.routes {
                    push(&r.next, Some(ci), g, g);
                }
            }
            if let Some(r) = &node.free_text {
                let tested = crate::core::scoring::rubric_tests(r);
                let best = Gain {
                    scores: tested.map(|t| t.then_some(100.0)),
                };
                let worst = Gain {
                    scores: tested.map(|t| t.then_some(0.0)),
                };
                push(&r.next, None, best, worst);
                for route in &r.routes {
                    push(&route.next, None, best, worst);
                }
            }
        }
        Graph {
            node_count: s.nodes.len(),
            ending_count: s.endings.len(),
            start,
            edges,
            out,
        }
    }

    /// Nodes and endings reachable from the start.
    pub fn reachable(&self) -> (Vec<bool>, Vec<bool>) {
        let mut nodes = vec![false; self.node_count];
        let mut endings = vec![false; self.ending_count];
        let Some(start) = self.start else {
            return (nodes, endings);
        };
        let mut stack = vec![start];
        nodes[start] = true;
        while let Some(n) = stack.pop() {
            for &e in &self.out[n] {
                match self.edges[e].to {
                    Vertex::Node(m) if !nodes[m] => {
                        nodes[m] = true;
                        stack.push(m);
                    }
                    Vertex::Ending(x) => endings[x] = true,
                    _ => {}
                }
            }
        }
        (nodes, endings)
    }

    /// Nodes from which some ending can be reached.
    pub fn can_finish(&self) -> Vec<bool> {
        let mut incoming = vec![Vec::new(); self.node_count];
        let mut done = vec![false; self.node_count];
        let mut stack = Vec::new();
        for e in &self.edges {
            match e.to {
                Vertex::Node(m) => incoming[m].push(e.from),
                Vertex::Ending(_) => {
                    if !done[e.from] {
                        done[e.from] = true;
                        stack.push(e.from);
                    }
                }
            }
        }
        while let Some(n) = stack.pop() {
            for &p in &incoming[n] {
                if !done[p] {
                    done[p] = true;
                    stack.push(p);
                }
            }
        }
        done
    }

    /// Strongly connected components (Tarjan, iterative), as lists of node indices.
    pub fn components(&self) -> Vec<Vec<usize>> {
        let n = self.node_count;
        let mut index = vec![usize::MAX; n];
        let mut low = vec![0; n];
        let mut on_stack = vec![false; n];
        let mut stack = Vec::new();
        let mut comps = Vec::new();
        let mut next = 0;
        for root in 0..n {
            if index[root] != usize::MAX {
                continue;
            }
            let mut call: Vec<(usize, usize)> = vec![(root, 0)];
            index[root] = next;
            low[root] = next;
            next += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (v, ref mut k)) = call.last_mut() {
                if let Some(&e) = self.out[v].get(*k) {
                    *k += 1;
                    if let Vertex::Node(w) = self.edges[e].to {
                        if index[w] == usize::MAX {
                            index[w] = next;
                            low[w] = next;
                            next += 1;
                            stack.push(w);
                            on_stack[w] = true;
                            call.push((w, 0));
                        } else if on_stack[w] {
                            low[v] = low[v].min(index[w]);
                        }
                    }
                } else {
                    call.pop();
                    if let Some(&(parent, _)) = call.last() {
                        low[parent] = low[parent].min(low[v]);
                    }
                    if low[v] == index[v] {
                        let mut comp = Vec::new();
                        while let Some(w) = stack.pop() {
                            on_stack[w] = false;
                            comp.push(w);
                            if w == v {
                                break;
                            }
                        }
                        comp.sort_unstable();
                        comps.push(comp);
                    }
                }
            }
        }
        comps
    }

    fn is_cyclic(&self, comp: &[usize]) -> bool {
        comp.len() > 1
            || self.out[comp[0]]
                .iter()
                .any(|&e| self.edges[e].to == Vertex::Node(comp[0]))
    }

    /// Reachable loops from which no ending can be reached: the customer would be stuck.
    pub fn loops_without_exit(&self) -> Vec<Vec<usize>> {
        let (reach, _) = self.reachable();
        let finish = self.can_finish();
        self.components()
            .into_iter()
            .filter(|c| self.is_cyclic(c) && reach[c[0]] && !finish[c[0]])
            .collect()
    }

    /// Distinct paths from the start to an ending; `None` when a loop on the way makes
    /// them unbounded. Saturates at `u64::MAX`.
    pub fn path_count(&self) -> Option<u64> {
        let Some(start) = self.start else {
            return Some(0);
        };
        let (reach, _) = self.reachable();
        let finish = self.can_finish();
        let live = |n: usize| reach[n] && finish[n];
        let components = self.components();
        // A loop among live nodes gives infinitely many paths.
        if components.iter().any(|c| live(c[0]) && self.is_cyclic(c)) {
            return None;
        }
        // Tarjan emits components in reverse topological order: successors first, and
        // with no live loop every live component is a single node.
        let mut count = vec![0u64; self.node_count];
        for c in &components {
            let v = c[0];
            if !live(v) {
                continue;
            }
            let mut total = 0u64;
            for &e in &self.out[v] {
                total = total.saturating_add(match self.edges[e].to {
                    Vertex::Ending(_) => 1,
                    Vertex::Node(w) => count[w],
                });
            }
            count[v] = total;
        }
        Some(count[start])
    }

    /// Best and worst session scores achievable on walks from the start to an ending:
    /// per dimension and overall, using the session's scoring rule (a ratio of sums).
    pub fn score_bounds(&self, weights: &Weights) -> ScoreBounds {
        let w = [
            weights.empathy as f64,
            weights.accuracy as f64,
            weights.resolution as f64,
        ];
        let plan = Plan::new(self);
        let mut bounds = ScoreBounds::default();
        let dims: [&mut Bound; 4] = [
            &mut bounds.empathy,
            &mut bounds.accuracy,
            &mut bounds.resolution,
            &mut bounds.overall,
        ];
        for (d, slot) in dims.into_iter().enumerate() {
            let ratio = |g: &Gain| -> (f64, f64) {
                if d < 3 {
                    g.scores[d].map_or((0.0, 0.0), |s| (s, 1.0))
                } else {
                    g.scores
                        .iter()
                        .zip(w)
                        .fold((0.0, 0.0), |(a, b), (s, w)| match s {
                            Some(s) => (a + w * s, b + w),
                            None => (a, b),
                        })
                }
            };
            let best: Vec<(f64, f64)> = self.edges.iter().map(|e| ratio(&e.best)).collect();
            let worst: Vec<(f64, f64)> = self.edges.iter().map(|e| ratio(&e.worst)).collect();
            *slot = Bound {
                max: self.extreme_ratio(&best, true, &plan).map(round1),
                min: self.extreme_ratio(&worst, false, &plan).map(round1),
            };
        }
        bounds
    }

    /// sup (or inf) of Σa/Σb over walks start → ending with Σb > 0, by bisection on λ:
    /// some walk has Σ(a − λb) > 0 exactly when the ratio can exceed λ.
    fn extreme_ratio(&self, gains: &[(f64, f64)], maximise: bool, plan: &Plan) -> Option<f64> {
        let start = self.start?;
        let sign = if maximise { 1.0 } else { -1.0 };
        // Is there a walk with Σ sign·(a − λb) > 0, and any walk with Σb > 0 at all?
        let feasible = |lambda: f64| {
            self.positive_walk(start, plan, |e| sign * (gains[e].0 - lambda * gains[e].1))
        };
        if !self.positive_walk(start, plan, |e| gains[e].1) {
            return None;
        }
        let (mut lo, mut hi) = (0.0f64, 100.0f64);
        for _ in 0..40 {
            let mid = (lo + hi) / 2.0;
            let beyond = feasible(mid);
            // Maximising: feasible(mid) means the best ratio is above mid.
            // Minimising: feasible(mid) means some ratio is below mid.
            match (maximise, beyond) {
                (true, true) | (false, false) => lo = mid,
                _ => hi = mid,
            }
            if hi - lo < 1e-4 {
                break;
            }
        }
        Some((lo + hi) / 2.0)
    }

    /// Whether some walk from `start` to an ending has a positive total weight: longest
    /// walk by Bellman–Ford, component by component in topological order, where a
    /// positive loop that can still finish also counts. Only looping components need
    /// repeated rounds, and they are small, so this stays near-linear.
    fn positive_walk(&self, start: usize, plan: &Plan, weight: impl Fn(usize) -> f64) -> bool {
        const EPS: f64 = 1e-9;
        let mut dist = vec![f64::NEG_INFINITY; self.node_count];
        dist[start] = 0.0;
        let mut best_end = f64::NEG_INFINITY;
        for (ci, comp) in plan.order.iter().enumerate() {
            if comp
                .iter()
                .all(|&v| dist[v] == f64::NEG_INFINITY || !plan.finish[v])
            {
                continue;
            }
            if plan.cyclic[ci] {
                for round in 0..=comp.len() {
                    let mut changed = false;
                    for &v in comp {
                        if dist[v] == f64::NEG_INFINITY || !plan.finish[v] {
                            continue;
                        }
                        for &e in &self.out[v] {
                            if let Vertex::Node(m) = self.edges[e].to
                                && plan.comp_of[m] == ci
                            {
                                let nd = dist[v] + weight(e);
                                if nd > dist[m] + EPS {
                                    if round == comp.len() {
                                        // Still improving after |C| rounds: a positive
                                        // loop that can finish, so any total is reachable.
                                        return true;
                                    }
                                    dist[m] = nd;
                                    changed = true;
                                }
                            }
                        }
                    }
                    if !changed {
                        break;
                    }
                }
            }
            for &v in comp {
                if dist[v] == f64::NEG_INFINITY || !plan.finish[v] {
                    continue;
                }
                for &e in &self.out[v] {
                    let nd = dist[v] + weight(e);
                    match self.edges[e].to {
                        Vertex::Ending(_) => best_end = best_end.max(nd),
                        Vertex::Node(m) if plan.comp_of[m] != ci => dist[m] = dist[m].max(nd),
                        Vertex::Node(_) => {}
                    }
                }
            }
        }
        best_end > EPS
    }
}

/// What `score_bounds` computes once and every bisection step reuses.
struct Plan {
    finish: Vec<bool>,
    /// Components in topological order (predecessors first).
    order: Vec<Vec<usize>>,
    comp_of: Vec<usize>,
    cyclic: Vec<bool>,
}

impl Plan {
    fn new(g: &Graph) -> Plan {
        let mut order = g.components();
        // Tarjan emits successors first; walks need predecessors first.
        order.reverse();
        let mut comp_of = vec![0; g.node_count];
        for (ci, c) in order.iter().enumerate() {
            for &v in c {
                comp_of[v] = ci;
            }
        }
        let cyclic = order.iter().map(|c| g.is_cyclic(c)).collect();
        Plan {
            finish: g.can_finish(),
            order,
            comp_of,
            cyclic,
        }
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Bound {
    /// Worst achievable; `None` when no path tests this dimension.
    pub min: Option<f64>,
    /// Best achievable.
    pub max: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ScoreBounds {
    pub empathy: Bound,
    pub accuracy: Bound,
    pub resolution: Bound,
    pub overall: Bound,
}
