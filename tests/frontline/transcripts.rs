//! Transcript tests: scenario + seed + answers → the exact JSON result, checked in.
//!
//! Each `tests/fixtures/transcripts/<scenario>.<seed>.<label>.answers` is played through
//! `frontline play --answers --json` and compared with the `.json` beside it. Run with
//! `UPDATE_TRANSCRIPTS=1` to rewrite the expected files after a deliberate change.

use std::path::PathBuf;

use crate::support::{fixture, frontline, stderr, stdout};

/// One transcript fixture, named `<scenario>.<seed>.<label>.answers`.
struct Case {
    answers: PathBuf,
    stem: String,
    scenario: String,
    seed: String,
    label: String,
}

impl Case {
    fn expected(&self) -> PathBuf {
        self.answers.with_extension("json")
    }
}

/// Every transcript fixture, in file-name order.
fn cases() -> Vec<Case> {
    let dir = fixture("transcripts");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("transcripts folder exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "answers"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 4,
        "expected transcript fixtures in {}",
        dir.display()
    );
    paths
        .into_iter()
        .map(|answers| {
            let stem = answers.file_stem().unwrap().to_string_lossy().into_owned();
            let mut parts = stem.rsplitn(3, '.');
            let (label, seed, scenario) = (
                parts.next().unwrap().to_string(),
                parts.next().unwrap().to_string(),
                parts.next().unwrap().to_string(),
            );
            Case {
                answers,
                stem,
                scenario,
                seed,
                label,
            }
        })
        .collect()
}

#[test]
fn every_transcript_replays_exactly() {
    let update = std::env::var_os("UPDATE_TRANSCRIPTS").is_some();
    let mut failures = Vec::new();
    for case in cases() {
        let out = frontline(&[
            "play",
            &case.scenario,
            "--seed",
            &case.seed,
            "--answers",
            case.answers.to_str().unwrap(),
            "--json",
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            case.stem,
            stderr(&out)
        );
        let got = stdout(&out);
        if update {
            std::fs::write(case.expected(), &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(case.expected()).unwrap_or_else(|_| {
            panic!(
                "{} is missing; run with UPDATE_TRANSCRIPTS=1",
                case.expected().display()
            )
        });
        if expected != got {
            failures.push(case.stem);
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
    for case in cases() {
        let stem = &case.stem;
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(case.expected()).unwrap()).unwrap();
        let passed = v["passed"].as_bool().unwrap();
        match case.label.as_str() {
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
    for case in cases() {
        let s = &lib
            .find(&case.scenario)
            .unwrap_or_else(|| panic!("{}: no scenario {}", case.stem, case.scenario))
            .scenario;
        let kind = if case.label.starts_with("pass") {
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
