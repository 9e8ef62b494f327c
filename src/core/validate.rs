//! Semantic checks of a parsed scenario: ids, references, graph shape, scores, limits.
//!
//! Each problem points at the place in the file where the offending value stands.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::diagnostic::{Diagnostic, Severity};
use super::graph::Graph;
use super::load::{Loaded, limits};
use super::scenario::{Condition, Route};
use super::spans::Key::{self, Field, Index};

struct Checker<'a> {
    l: &'a Loaded,
    out: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// Report at the value found at `path`, or at its nearest existing ancestor.
    fn report(&mut self, severity: Severity, path: &[Key<'_>], message: String) {
        let mut p = path;
        let offset = loop {
            if let Some(s) = self.l.spans.get(p) {
                break s.span.start;
            }
            match p.split_last() {
                Some((_, rest)) => p = rest,
                None => break 0,
            }
        };
        self.out.push(Diagnostic::at(
            &self.l.path,
            &self.l.source,
            offset,
            severity,
            message,
        ));
    }

    fn error(&mut self, path: &[Key<'_>], message: String) {
        self.report(Severity::Error, path, message);
    }

    fn warn(&mut self, path: &[Key<'_>], message: String) {
        self.report(Severity::Warning, path, message);
    }

    fn text(&mut self, path: &[Key<'_>], what: &str, t: &str) {
        let n = t.chars().count();
        if n > limits::MAX_TEXT_CHARS {
            self.error(
                path,
                format!(
                    "{what} is {n} characters; the limit is {}",
                    limits::MAX_TEXT_CHARS
                ),
            );
        }
    }

    fn variants(&mut self, path: &[Key<'_>], what: &str, list: &[String]) {
        if list.is_empty() {
            self.error(
                path,
                format!("{what} has no variants; give at least one line"),
            );
        }
        if list.len() > limits::MAX_VARIANTS {
            self.error(
                path,
                format!(
                    "{what} has {} variants; the limit is {}",
                    list.len(),
                    limits::MAX_VARIANTS
                ),
            );
        }
        for (i, t) in list.iter().enumerate() {
            let mut p = path.to_vec();
            p.push(Index(i));
            if t.trim().is_empty() {
                self.error(&p, format!("{what} has an empty line"));
            }
            self.text(&p, what, t);
        }
    }
}

/// Every semantic problem in a parsed scenario.
pub fn check(l: &Loaded) -> Vec<Diagnostic> {
    let s = &l.scenario;
    let mut c = Checker { l, out: Vec::new() };

    // Metadata.
    if s.id.trim().is_empty() {
        c.error(&[Field("id")], "scenario id is empty".into());
    } else if !s
        .id
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.'))
    {
        c.error(
            &[Field("id")],
            format!(
                "scenario id `{}` may use only letters, digits, `-`, `_` and `.`",
                s.id
            ),
        );
    }
    if s.title.trim().is_empty() {
        c.error(&[Field("title")], "title is empty".into());
    }
    c.text(&[Field("title")], "title", &s.title);
    if !(1..=3).contains(&s.tier) {
        c.error(
            &[Field("tier")],
            format!(
                "tier is {}; use 1 (CSR), 2 (Senior CSR) or 3 (Team Leader)",
                s.tier
            ),
        );
    }
    if s.objectives.is_empty() {
        c.warn(
            &[Field("objectives")],
            "no learning objectives; trainees will not know what this practises".into(),
        );
    }

    // Persona.
    c.variants(
        &[Field("persona"), Field("names")],
        "persona names",
        &s.persona.names,
    );
    if !(0..=100).contains(&s.persona.mood) {
        c.error(
            &[Field("persona"), Field("mood")],
            format!(
                "mood is {}; use 0 (furious) to 100 (delighted)",
                s.persona.mood
            ),
        );
    }
    if s.persona.patience == 0 {
        c.error(
            &[Field("persona"), Field("patience")],
            "patience is 0; the customer would leave before speaking".into(),
        );
    }

    // Knowledge.
    let mut fact_ids = HashSet::new();
    for (i, f) in s.knowledge.iter().enumerate() {
        let p = [Field("knowledge"), Index(i)];
        if !fact_ids.insert(f.id.as_str()) {
            c.error(
                &[p[0], p[1], Field("id")],
                format!("fact id `{}` is used twice", f.id),
            );
        }
        if f.accepted.is_empty() || f.accepted.iter().any(|a| a.trim().is_empty()) {
            c.error(
                &[p[0], p[1], Field("accepted")],
                format!("fact `{}` needs at least one non-empty accepted form", f.id),
            );
        }
        for w in &f.wrong {
            if f.accepted.iter().any(|a| a.eq_ignore_ascii_case(w)) {
                c.error(
                    &[p[0], p[1], Field("wrong")],
                    format!("fact `{}` lists `{w}` as both accepted and wrong", f.id),
                );
            }
        }
    }

    // Ids of nodes and endings share one namespace.
    let mut ids: HashMap<&str, Vec<Key<'static>>> = HashMap::new();
    for (i, n) in s.nodes.iter().enumerate() {
        let p = vec![Field("nodes"), Index(i), Field("id")];
        if n.id.trim().is_empty() {
            c.error(&p, "node id is empty".into());
        } else if ids.contains_key(n.id.as_str()) {
            c.error(&p, format!("id `{}` is used twice", n.id));
        } else {
            ids.insert(n.id.as_str(), p);
        }
    }
    for (i, e) in s.endings.iter().enumerate() {
        let p = vec![Field("endings"), Index(i), Field("id")];
        if e.id.trim().is_empty() {
            c.error(&p, "ending id is empty".into());
        } else if ids.contains_key(e.id.as_str()) {
            c.error(&p, format!("id `{}` is used twice", e.id));
        } else {
            ids.insert(e.id.as_str(), p);
        }
    }
    if s.nodes.len() > limits::MAX_NODES {
        c.error(
            &[Field("nodes")],
            format!(
                "{} nodes; the limit is {}",
                s.nodes.len(),
                limits::MAX_NODES
            ),
        );
    }
    if s.nodes.is_empty() {
        c.error(&[Field("nodes")], "the scenario has no nodes".into());
    }
    if s.endings.is_empty() {
        c.error(&[Field("endings")], "the scenario has no endings".into());
    }
    match ids.get(s.start.as_str()) {
        None => c.error(
            &[Field("start")],
            format!("start node `{}` does not exist", s.start),
        ),
        Some(p) if p[0] == Field("endings") => c.error(
            &[Field("start")],
            format!("start `{}` is an ending; start at a node", s.start),
        ),
        _ => {}
    }

    // Flags set anywhere, to check conditions against.
    let mut set_flags: BTreeSet<&str> = BTreeSet::new();
    for n in &s.nodes {
        for ch in &n.choices {
            set_flags.extend(ch.set.iter().map(String::as_str));
        }
        if let Some(r) = &n.free_text {
            set_flags.extend(r.set.iter().map(String::as_str));
        }
    }

    let exists = |id: &str| ids.contains_key(id);
    for (i, n) in s.nodes.iter().enumerate() {
        let np = [Field("nodes"), Index(i)];
        c.variants(
            &[np[0], np[1], Field("customer")],
            &format!("node `{}`: customer line", n.id),
            &n.customer,
        );
        if let Some(m) = &n.model_reply {
            c.text(&[np[0], np[1], Field("model_reply")], "model reply", m);
        }
        if n.time_limit == Some(0) {
            c.error(
                &[np[0], np[1], Field("time_limit")],
                "time_limit is 0; leave it out for no limit".into(),
            );
        }
        match (n.choices.is_empty(), &n.free_text) {
            (true, None) => c.error(
                &[np[0], np[1], Field("id")],
                format!("node `{}` has neither choices nor free_text", n.id),
            ),
            (false, Some(_)) => c.error(
                &[np[0], np[1], Field("free_text")],
                format!(
                    "node `{}` has both choices and free_text; a turn is one or the other",
                    n.id
                ),
            ),
            _ => {}
        }
        if n.choices.len() > limits::MAX_CHOICES {
            c.error(
                &[np[0], np[1], Field("choices")],
                format!(
                    "{} choices; the limit is {}",
                    n.choices.len(),
                    limits::MAX_CHOICES
                ),
            );
        }
        if !n.choices.is_empty() && n.choices.iter().all(|ch| ch.when.is_some()) {
            c.error(
                &[np[0], np[1], Field("choices")],
                format!("every choice of node `{}` has a `when`; give at least one choice without a condition", n.id),
            );
        }
        if n.shuffle && n.choices.len() < 2 {
            c.warn(
                &[np[0], np[1], Field("shuffle")],
                "shuffle has no effect with fewer than two choices".into(),
            );
        }
        for (k, ch) in n.choices.iter().enumerate() {
            let cp = [np[0], np[1], Field("choices"), Index(k)];
            let at = |f: &'static str| [cp[0], cp[1], cp[2], cp[3], Field(f)];
            if ch.text.trim().is_empty() {
                c.error(&at("text"), "choice text is empty".into());
            }
            c.text(&at("text"), "choice text", &ch.text);
            let sc = ch.scores;
            if sc.empathy.is_none() && sc.accuracy.is_none() && sc.resolution.is_none() {
                c.error(
                    &cp,
                    "choice has no scores; give at least one of empathy, accuracy, resolution"
                        .into(),
                );
            }
            for (name, v) in [
                ("empathy", sc.empathy),
                ("accuracy", sc.accuracy),
                ("resolution", sc.resolution),
            ] {
                if let Some(v) = v.filter(|v| *v > 100) {
                    c.error(
                        &[cp[0], cp[1], cp[2], cp[3], Field("scores"), Field(name)],
                        format!("{name} score {v} is above 100"),
                    );
                }
            }
            if ch.feedback.trim().is_empty() {
                c.warn(
                    &cp,
                    "choice has no feedback; the trainee will not learn why it scored as it did"
                        .into(),
                );
            }
            if !exists(&ch.next) {
                c.error(
                    &at("next"),
                    format!("`{}` is neither a node nor an ending", ch.next),
                );
            }
            if let Some(w) = &ch.when {
                check_condition(&mut c, &at("when"), w, &set_flags, None);
                if w.reads_reply() {
                    c.error(&at("when"), "a choice's `when` can test mood and flags only, not what a typed reply achieved".into());
                }
            }
            routes(&mut c, &at("routes"), &ch.routes, &exists, &set_flags, None);
        }
        if let Some(r) = &n.free_text {
            let rp = [np[0], np[1], Field("free_text")];
            let at = |f: &'static str| [rp[0], rp[1], rp[2], Field(f)];
            for (k, f) in r.facts.iter().enumerate() {
                if !fact_ids.contains(f.as_str()) {
                    c.error(
                        &[rp[0], rp[1], rp[2], Field("facts"), Index(k)],
                        format!("fact `{f}` is not in knowledge"),
                    );
                }
            }
            let tests = super::scoring::rubric_tests(r);
            if !tests.iter().any(|t| *t) {
                c.error(
                    &rp,
                    "the rubric tests nothing; give facts, empathy, resolution or steps".into(),
                );
            }
            let mut step_ids = HashSet::new();
            for (k, st) in r.steps.iter().enumerate() {
                let sp = [rp[0], rp[1], rp[2], Field("steps"), Index(k)];
                if !step_ids.insert(st.id.as_str()) {
                    c.error(
                        &[sp[0], sp[1], sp[2], sp[3], sp[4], Field("id")],
                        format!("step id `{}` is used twice", st.id),
                    );
                }
                if st.phrases.is_empty() {
                    c.error(
                        &[sp[0], sp[1], sp[2], sp[3], sp[4], Field("phrases")],
                        format!("step `{}` has no phrases to recognise it by", st.id),
                    );
                }
                if st.weight == 0 {
                    c.error(
                        &[sp[0], sp[1], sp[2], sp[3], sp[4], Field("weight")],
                        "step weight is 0; leave the step out instead".into(),
                    );
                }
            }
            for (k, f) in r.forbidden.iter().enumerate() {
                if f.phrases.is_empty() {
                    c.error(
                        &[rp[0], rp[1], rp[2], Field("forbidden"), Index(k)],
                        "forbidden entry has no phrases".into(),
                    );
                }
            }
            if !exists(&r.next) {
                c.error(
                    &at("next"),
                    format!("`{}` is neither a node nor an ending", r.next),
                );
            }
            let known = (
                r.facts.iter().map(String::as_str).collect::<HashSet<_>>(),
                step_ids,
            );
            routes(
                &mut c,
                &at("routes"),
                &r.routes,
                &exists,
                &set_flags,
                Some(&known),
            );
            if n.model_reply.is_none() {
                c.warn(
                    &[np[0], np[1], Field("id")],
                    format!(
                        "node `{}` has a typed reply but no model_reply for the debrief",
                        n.id
                    ),
                );
            }
        }
    }

    for (i, e) in s.endings.iter().enumerate() {
        c.variants(
            &[Field("endings"), Index(i), Field("text")],
            &format!("ending `{}`", e.id),
            &e.text,
        );
    }

    // Scoring.
    let w = s.scoring.weights;
    let total = w.empathy + w.accuracy + w.resolution;
    if total != 100 {
        c.error(
            &[Field("scoring"), Field("weights")],
            format!("weights add up to {total} (empathy {} + accuracy {} + resolution {}); they must add up to 100", w.empathy, w.accuracy, w.resolution),
        );
    }
    if s.scoring.pass_mark > 100 {
        c.error(
            &[Field("scoring"), Field("pass_mark")],
            format!("pass_mark {} is above 100", s.scoring.pass_mark),
        );
    }
    for (i, rule) in s.scoring.auto_fail.iter().enumerate() {
        let p = [Field("scoring"), Field("auto_fail"), Index(i)];
        match rule {
            super::scenario::AutoFail::Flag { flag, .. } if !set_flags.contains(flag.as_str()) => {
                c.warn(
                    &p,
                    format!("flag `{flag}` is never set, so this rule never fires"),
                );
            }
            super::scenario::AutoFail::WrongFact { fact, .. }
                if !fact_ids.contains(fact.as_str()) =>
            {
                c.error(&p, format!("fact `{fact}` is not in knowledge"));
            }
            _ => {}
        }
    }

    // Graph shape.
    let g = Graph::build(s);
    if g.start.is_some() {
        let (reach_nodes, reach_endings) = g.reachable();
        let finish = g.can_finish();
        for (i, n) in s.nodes.iter().enumerate() {
            let p = [Field("nodes"), Index(i), Field("id")];
            if !reach_nodes[i] {
                c.warn(
                    &p,
                    format!("node `{}` cannot be reached from the start", n.id),
                );
            } else if !finish[i] {
                c.error(&p, format!("no ending can be reached from node `{}`", n.id));
            }
        }
        for (i, e) in s.endings.iter().enumerate() {
            if !reach_endings[i] && !e.reached_when_patience_runs_out() {
                c.warn(
                    &[Field("endings"), Index(i), Field("id")],
                    format!("ending `{}` cannot be reached", e.id),
                );
            }
        }
    }
    c.out
}

fn routes(
    c: &mut Checker<'_>,
    path: &[Key<'static>],
    routes: &[Route],
    exists: &dyn Fn(&str) -> bool,
    flags: &BTreeSet<&str>,
    rubric: Option<&(HashSet<&str>, HashSet<&str>)>,
) {
    for (k, r) in routes.iter().enumerate() {
        let mut p = path.to_vec();
        p.push(Index(k));
        let mut next = p.clone();
        next.push(Field("next"));
        if !exists(&r.next) {
            c.error(
                &next,
                format!("`{}` is neither a node nor an ending", r.next),
            );
        }
        let mut when = p.clone();
        when.push(Field("when"));
        check_condition(c, &when, &r.when, flags, rubric);
        if rubric.is_none() && r.when.reads_reply() {
            c.error(
                &when,
                "a choice's route can test mood and flags only, not what a typed reply achieved"
                    .into(),
            );
        }
    }
}

fn check_condition(
    c: &mut Checker<'_>,
    path: &[Key<'static>],
    w: &Condition,
    flags: &BTreeSet<&str>,
    rubric: Option<&(HashSet<&str>, HashSet<&str>)>,
) {
    for f in w.flags.iter().chain(&w.not_flags) {
        if !flags.contains(f.as_str()) {
            c.warn(
                path,
                format!("flag `{f}` is never set by any choice or reply"),
            );
        }
    }
    if let (Some(lo), Some(hi)) = (w.mood_at_least, w.mood_below)
        && lo >= hi
    {
        c.error(
            path,
            format!("mood_at_least {lo} and mood_below {hi} can never both hold"),
        );
    }
    if let Some((facts, steps)) = rubric {
        for f in &w.stated {
            if !facts.contains(f.as_str()) {
                c.error(path, format!("`{f}` is not one of this rubric's facts"));
            }
        }
        for s in &w.steps {
            if !steps.contains(s.as_str()) {
                c.error(path, format!("`{s}` is not one of this rubric's steps"));
            }
        }
    }
}
