//! Transcript tests: scenario + seed + answers → the exact JSON result, checked in.
//!
//! Each `tests/fixtures/transcripts/<scenario>.<seed>.<label>.answers` is played through
//! `frontline play --answers --json` and compared with the `.json` beside it. Run with
//! `UPDATE_TRANSCRIPTS=1` to rewrite the expected files after a deliberate change.

use crate::support::{fixture, frontline, stderr, stdout};

#[test]
fn every_transcript_replays_exactly() {
    let dir = fixture("transcripts");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("transcripts folder exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "answers"))
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 4,
        "expected transcript fixtures in {}",
        dir.display()
    );
    let update = std::env::var_os("UPDATE_TRANSCRIPTS").is_some();
    let mut failures = Vec::new();
    for answers in &cases {
        let stem = answers.file_stem().unwrap().to_string_lossy().into_owned();
        let mut parts = stem.rsplitn(3, '.');
        let (_label, seed, scenario) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let out = frontline(&[
            "play",
            scenario,
            "--seed",
            seed,
            "--answers",
            answers.to_str().unwrap(),
            "--json",
        ]);
        assert_eq!(out.status.code(), Some(0), "{stem}: {}", stderr(&out));
        let expected_path = answers.with_extension("json");
        let got = stdout(&out);
        if update {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
            panic!(
                "{} is missing; run with UPDATE_TRANSCRIPTS=1",
                expected_path.display()
            )
        });
        if expected != got {
            failures.push(stem);
        }
    }
    assert!(
        failures.is_empty(),
        "transcripts differ: {failures:?} (UPDATE_TRANSCRIPTS=1 rewrites them)"
    );
}

#[test]
fn transcript_outcomes_match_their_labels() {
    // A file labelled `pass` must pass and one labelled `fail` must not: the labels are
    // the trainer's intent, so a scoring change that flips one is caught here.
    let dir = fixture("transcripts");
    for entry in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
        let p = entry.path();
        if p.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        let label = stem.rsplit('.').next().unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let passed = v["passed"].as_bool().unwrap();
        match label {
            l if l.starts_with("pass") => assert!(passed, "{stem} should pass"),
            l if l.starts_with("fail") => assert!(!passed, "{stem} should fail"),
            other => panic!("{stem}: label `{other}` must start with pass or fail"),
        }
    }
}

#[test]
fn every_duty_in_each_language_has_a_passing_and_a_failing_transcript() {
    use frontline::core::load::load_library;
    use std::collections::BTreeSet;
    let lib = load_library(&[crate::support::root().join("scenarios")]);
    let mut seen = BTreeSet::new();
    for entry in std::fs::read_dir(fixture("transcripts"))
        .unwrap()
        .filter_map(Result::ok)
    {
        let p = entry.path();
        if p.extension().is_none_or(|e| e != "answers") {
            continue;
        }
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        let mut parts = stem.rsplitn(3, '.');
        let (label, _seed, id) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let s = &lib
            .find(id)
            .unwrap_or_else(|| panic!("{stem}: no scenario {id}"))
            .scenario;
        let kind = if label.starts_with("pass") {
            "pass"
        } else {
            "fail"
        };
        seen.insert((s.locale.code(), s.duty.name(), kind));
    }
    let mut missing = Vec::new();
    for locale in ["en", "id"] {
        for duty in [
            "answer_question",
            "complaint",
            "tech_support",
            "order",
            "feedback",
            "relationship",
        ] {
            for kind in ["pass", "fail"] {
                if !seen.contains(&(locale, duty, kind)) {
                    missing.push(format!("{locale}/{duty}/{kind}"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "no transcript for: {missing:?}");
}
