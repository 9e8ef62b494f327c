//! The bundled library as a whole: coverage and quality rules from the trainers' brief.

use std::collections::BTreeSet;

use frontline::core::explore::explore;
use frontline::core::load::{Loaded, load_library};
use frontline::core::scenario::{Duty, Locale};
use frontline::core::scoring::{CompiledRubric, ReplyContext, score_reply};

use crate::support::root;

fn library() -> Vec<Loaded> {
    load_library(&[root().join("scenarios")]).scenarios
}

#[test]
fn every_model_reply_scores_well_on_its_own_rubric() {
    let mut weak = Vec::new();
    for l in library() {
        let s = &l.scenario;
        for n in &s.nodes {
            let (Some(rubric), Some(model)) = (&n.free_text, &n.model_reply) else {
                continue;
            };
            let name = s.persona.names.first().map(String::as_str).unwrap_or("");
            let reply = model.replace("{name}", name);
            let compiled = CompiledRubric::new(s, rubric);
            let r = score_reply(
                s.locale,
                Some(&compiled),
                &reply,
                &ReplyContext {
                    customer_name: Some(name),
                    ..ReplyContext::default()
                },
            );
            let overall = r.overall(&s.scoring.weights).unwrap_or(0.0);
            if overall < 85.0 || r.auto_fail.is_some() {
                let missing: Vec<String> = r
                    .evidence
                    .iter()
                    .filter(|e| !matches!(e.kind, frontline::core::scoring::EvidenceKind::Found))
                    .map(|e| format!("{:?} {}", e.kind, e.item))
                    .collect();
                weak.push(format!("{}/{}: {overall:.1} {missing:?}", s.id, n.id));
            }
        }
    }
    assert!(
        weak.is_empty(),
        "model replies that do not model the rubric:\n{}",
        weak.join("\n")
    );
}

#[test]
fn every_scenario_can_be_passed_and_failed() {
    for l in library() {
        let s = &l.scenario;
        let e = explore(s);
        assert!(e.can_pass, "{} cannot be passed", s.id);
        assert!(
            e.min.overall.is_some_and(|m| m < f64::from(e.pass_mark)),
            "{} cannot be failed on score",
            s.id
        );
        assert!(
            e.unreachable.is_empty() && e.unreachable_endings.is_empty(),
            "{} has unreachable parts",
            s.id
        );
        assert!(
            e.loops_without_exit.is_empty(),
            "{} has a loop with no exit",
            s.id
        );
        assert!(!s.objectives.is_empty(), "{} has no objectives", s.id);
        assert!(
            s.persona.names.len() >= 2,
            "{} needs seeded name variety",
            s.id
        );
        assert!(
            s.nodes.iter().any(|n| n.customer.len() >= 2),
            "{} needs line variants",
            s.id
        );
        for n in &s.nodes {
            for c in &n.choices {
                assert!(
                    !c.feedback.trim().is_empty(),
                    "{}/{}: every option needs feedback",
                    s.id,
                    n.id
                );
            }
        }
    }
}

#[test]
fn the_library_covers_both_languages_every_duty_channels_and_tiers() {
    let lib = library();
    let duties = [
        Duty::AnswerQuestion,
        Duty::Complaint,
        Duty::TechSupport,
        Duty::Order,
        Duty::Feedback,
        Duty::Relationship,
    ];
    for locale in [Locale::En, Locale::Id] {
        let mine: Vec<_> = lib
            .iter()
            .map(|l| &l.scenario)
            .filter(|s| s.locale == locale)
            .collect();
        assert!(
            mine.len() >= 12,
            "{locale}: {} scenarios, want at least 12",
            mine.len()
        );
        for d in duties {
            assert!(
                mine.iter().any(|s| s.duty == d),
                "{locale}: no {d} scenario"
            );
        }
    }
    let channels: BTreeSet<_> = lib.iter().map(|l| l.scenario.channel).collect();
    assert!(channels.len() >= 4, "{channels:?}");
    let tiers: BTreeSet<_> = lib.iter().map(|l| l.scenario.tier).collect();
    assert_eq!(tiers.into_iter().collect::<Vec<_>>(), [1, 2, 3]);
    let typed = lib
        .iter()
        .filter(|l| l.scenario.nodes.iter().any(|n| n.free_text.is_some()))
        .count();
    assert!(
        typed * 3 >= lib.len(),
        "{typed} of {} scenarios have typed turns; want a third",
        lib.len()
    );
}
