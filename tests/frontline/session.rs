//! The session engine through its public API, as a front end drives it.

use std::time::Duration;

use frontline::core::load::load_file;
use frontline::core::scenario::{Outcome, Scenario};
use frontline::core::session::{Awaiting, Input, Session, SessionError, SessionEvent};

use crate::support::{fixture, root};

fn minimal() -> Scenario {
    load_file(&fixture("valid/minimal.ron"))
        .loaded
        .expect("fixture loads")
        .scenario
}

fn bundled(id: &str) -> Scenario {
    let lib = frontline::core::load_library(&[root().join("scenarios")]);
    lib.find(id).expect("bundled scenario").scenario.clone()
}

fn play(s: &Scenario, seed: u64, inputs: &[Input]) -> Vec<SessionEvent> {
    let mut session = Session::new(s, seed);
    let mut events = session.advance(Input::Begin).unwrap();
    for i in inputs {
        events.extend(session.advance(i.clone()).unwrap());
    }
    events
}

#[test]
fn same_seed_replays_same_transcript() {
    let s = minimal();
    let inputs = [
        Input::Choose(2),
        Input::Reply("Sorry! I will refund you in 14 days.".into()),
    ];
    let a = serde_json::to_string(&play(&s, 42, &inputs)).unwrap();
    let b = serde_json::to_string(&play(&s, 42, &inputs)).unwrap();
    assert_eq!(a, b);
}

#[test]
fn seeds_vary_names_lines_and_order() {
    let s = bundled("en-complaint-cracked-blender");
    let firsts: std::collections::BTreeSet<String> = (0..40)
        .map(|seed| serde_json::to_string(&play(&s, seed, &[])).unwrap())
        .collect();
    assert!(
        firsts.len() > 10,
        "40 seeds gave only {} distinct openings",
        firsts.len()
    );
}

#[test]
fn the_opening_names_the_customer_and_offers_choices() {
    let s = minimal();
    let events = play(&s, 1, &[]);
    let SessionEvent::Started { customer, .. } = &events[0] else {
        panic!("{events:?}")
    };
    assert!(["Rina", "Budi"].contains(&customer.as_str()));
    assert!(matches!(events[1], SessionEvent::CustomerSays { .. }));
    let SessionEvent::OptionsOffered { options, .. } = &events[2] else {
        panic!()
    };
    assert!(
        options[0].text.contains(customer.as_str()),
        "{{name}} is filled in"
    );
}

#[test]
fn wrong_kind_of_input_is_an_error_not_a_panic() {
    let s = minimal();
    let mut session = Session::new(&s, 1);
    assert_eq!(
        session.advance(Input::Choose(1)),
        Err(SessionError::NotStarted)
    );
    session.advance(Input::Begin).unwrap();
    assert_eq!(
        session.advance(Input::Begin),
        Err(SessionError::AlreadyStarted)
    );
    assert_eq!(
        session.advance(Input::Reply("hi".into())),
        Err(SessionError::ExpectedChoice)
    );
    assert_eq!(
        session.advance(Input::Choose(0)),
        Err(SessionError::NoSuchOption {
            given: 0,
            offered: 2
        })
    );
    assert_eq!(
        session.advance(Input::Choose(3)),
        Err(SessionError::NoSuchOption {
            given: 3,
            offered: 2
        })
    );
    session.advance(Input::Choose(1)).unwrap();
    assert_eq!(session.awaiting(), Awaiting::Reply);
    assert_eq!(
        session.advance(Input::Choose(1)),
        Err(SessionError::ExpectedReply)
    );
    assert_eq!(
        session.advance(Input::Reply("   ".into())),
        Err(SessionError::EmptyReply)
    );
}

#[test]
fn a_wrong_fact_routes_and_the_debrief_explains() {
    let s = minimal();
    let events = play(
        &s,
        3,
        &[
            Input::Choose(1),
            Input::Reply("Sorry, I will refund it in 7 days.".into()),
        ],
    );
    let Some(SessionEvent::Ended(d)) = events.last() else {
        panic!("{events:?}")
    };
    assert_eq!(
        d.outcome,
        Outcome::Unresolved,
        "routed to the `confused` ending"
    );
    let turn = &d.turns[1];
    assert_eq!(turn.scores.accuracy, Some(0));
    assert!(
        turn.feedback
            .iter()
            .any(|f| f.contains("7 days") && f.contains("14 days")),
        "{:?}",
        turn.feedback
    );
    assert!(!d.better_replies.is_empty());
}

#[test]
fn patience_runs_out_on_time_outs_and_the_customer_leaves() {
    let s = bundled("en-complaint-cracked-blender");
    let mut session = Session::new(&s, 9);
    session.advance(Input::Begin).unwrap();
    let mut timeouts = 0;
    let mut events = Vec::new();
    while !session.is_finished() && timeouts < 10 {
        events = session
            .advance(Input::Elapsed(Duration::from_secs(61)))
            .unwrap();
        timeouts += 1;
    }
    assert!(session.is_finished());
    assert_eq!(timeouts, 3, "patience 3: three time-outs");
    let Some(SessionEvent::Ended(d)) = events.last() else {
        panic!()
    };
    assert_eq!(d.outcome, Outcome::CustomerLeft);
    assert!(!d.passed);
    assert!(d.auto_fail.iter().any(|r| r.contains("left")));
}

#[test]
fn time_below_the_limit_changes_nothing() {
    let s = bundled("en-complaint-cracked-blender");
    let mut session = Session::new(&s, 9);
    session.advance(Input::Begin).unwrap();
    let events = session
        .advance(Input::Elapsed(Duration::from_secs(30)))
        .unwrap();
    assert!(events.is_empty());
    let events = session
        .advance(Input::Elapsed(Duration::from_secs(31)))
        .unwrap();
    assert!(matches!(
        events[0],
        SessionEvent::TimeRanOut { patience: 2, .. }
    ));
}

#[test]
fn a_bad_choice_lowers_mood() {
    let s = minimal();
    let mut session = Session::new(&s, 1);
    let opening = session.advance(Input::Begin).unwrap();
    let SessionEvent::OptionsOffered { options, .. } = &opening[2] else {
        panic!()
    };
    let cold = options
        .iter()
        .find(|o| o.text.contains("couriers"))
        .unwrap()
        .number;
    let events = session.advance(Input::Choose(cold)).unwrap();
    assert!(events.iter().any(|e| matches!(
        e,
        SessionEvent::MoodChanged {
            from: 40,
            to: 20,
            ..
        }
    )));
    assert_eq!(session.patience(), 2);
}

#[test]
fn finished_sessions_refuse_input() {
    let s = minimal();
    let mut session = Session::new(&s, 1);
    session.advance(Input::Begin).unwrap();
    session.advance(Input::Choose(1)).unwrap();
    session
        .advance(Input::Reply("Sorry, I will refund within 14 days.".into()))
        .unwrap();
    assert!(session.is_finished());
    assert_eq!(
        session.advance(Input::Choose(1)),
        Err(SessionError::Finished)
    );
    let d = session.debrief().unwrap();
    assert!(d.passed, "{d:?}");
}
