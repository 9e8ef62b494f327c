//! Broken scenarios: every problem reported, each at its exact file:line:col.

use frontline::core::load::{limits, load_file, load_library, load_str};
use frontline::core::{Diagnostic, Severity};

use crate::support::{fixture, scratch};

fn positions(diags: &[Diagnostic], severity: Severity) -> Vec<(usize, usize, String)> {
    diags
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| (d.line, d.column, d.message.clone()))
        .collect()
}

fn has(diags: &[Diagnostic], line: usize, col: usize, needle: &str) -> bool {
    diags
        .iter()
        .any(|d| d.line == line && d.column == col && d.message.contains(needle))
}

#[test]
fn reports_every_unknown_field_with_a_suggestion() {
    let r = load_file(&fixture("broken/typos.ron"));
    let errors = positions(&r.diagnostics, Severity::Error);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!((errors[0].0, errors[0].1), (9, 61));
    assert!(
        errors[0].2.contains("unknown field `trait`")
            && errors[0].2.contains("did you mean `traits`")
    );
    assert_eq!((errors[1].0, errors[1].1), (16, 60));
    assert!(errors[1].2.contains("`feedbak`") && errors[1].2.contains("did you mean `feedback`"));
}

#[test]
fn rejects_choice_pointing_to_missing_node() {
    let r = load_file(&fixture("broken/references.ron"));
    assert!(
        has(
            &r.diagnostics,
            20,
            89,
            "`nowhere` is neither a node nor an ending"
        ),
        "{:#?}",
        r.diagnostics
    );
}

#[test]
fn reports_every_semantic_problem_at_its_line() {
    let d = load_file(&fixture("broken/references.ron")).diagnostics;
    assert!(has(&d, 12, 29, "persona names has no variants"));
    assert!(has(&d, 16, 17, "no ending can be reached from node `a`"));
    assert!(has(&d, 19, 17, "choice has no scores"));
    assert!(has(&d, 25, 23, "customer line has no variants"));
    assert!(has(&d, 26, 39, "fact `cost` is not in knowledge"));
    assert!(has(&d, 30, 17, "id `a` is used twice"));
    assert!(has(&d, 35, 17, "node `island` cannot be reached"));
    assert!(has(&d, 40, 17, "no ending can be reached from node `trap`"));
    assert!(has(&d, 46, 31, "weights add up to 90"));
    let island = d.iter().find(|x| x.message.contains("island")).unwrap();
    assert_eq!(
        island.severity,
        Severity::Warning,
        "unreachable is a warning, not an error"
    );
}

#[test]
fn locates_syntax_errors() {
    let d = load_file(&fixture("broken/syntax.ron")).diagnostics;
    assert_eq!(
        positions(&d, Severity::Error),
        [(5, 5, "syntax error: Expected comma".to_string())]
    );
}

#[test]
fn names_the_allowed_values_of_an_unknown_enum() {
    let d = load_file(&fixture("broken/bad-value.ron")).diagnostics;
    assert!(has(&d, 5, 14, "unknown value `fax`"));
    assert!(d[0].message.contains("face_to_face"));
}

#[test]
fn duplicate_scenario_ids_across_files_point_at_the_second() {
    let lib = load_library(&[fixture("broken/dupes")]);
    let errors: Vec<_> = lib.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].file.ends_with("second.ron"));
    assert_eq!((errors[0].line, errors[0].column), (3, 9));
    assert_eq!(lib.scenarios.len(), 1, "the first file still loads");
}

#[test]
fn an_oversized_file_is_a_located_error_not_a_crash() {
    let dir = scratch("oversized");
    let path = dir.join("huge.ron");
    let big = format!(
        "Scenario(id: \"{}\")",
        "x".repeat(limits::MAX_FILE_BYTES as usize)
    );
    std::fs::write(&path, big).unwrap();
    let d = load_file(&path).diagnostics;
    assert_eq!(d.len(), 1);
    assert!(d[0].message.contains("at most"), "{}", d[0].message);
}

#[test]
fn deep_nesting_and_binary_junk_are_errors() {
    let deep = format!("Scenario(id: {}{})", "[".repeat(10_000), "]".repeat(10_000));
    let d = load_str(std::path::Path::new("deep.ron"), &deep).diagnostics;
    assert!(d.iter().any(|x| x.is_error()));
    let dir = scratch("junk");
    let path = dir.join("junk.ron");
    std::fs::write(&path, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let d = load_file(&path).diagnostics;
    assert!(d[0].message.contains("UTF-8"));
}

#[test]
fn a_long_text_is_a_located_error() {
    let src = std::fs::read_to_string(fixture("valid/minimal.ron")).unwrap();
    let long = "a".repeat(limits::MAX_TEXT_CHARS + 1);
    let line = 1 + src
        .lines()
        .position(|l| l.contains("That happens with couriers."))
        .unwrap();
    let src = src.replace("That happens with couriers.", &long);
    let d = load_str(std::path::Path::new("long.ron"), &src).diagnostics;
    let e = d
        .iter()
        .find(|x| x.message.contains("the limit is"))
        .expect("text limit reported");
    assert_eq!(e.line, line);
}

#[test]
fn the_bundled_library_is_clean() {
    let lib = load_library(&[crate::support::root().join("scenarios")]);
    let errors: Vec<String> = lib.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n\n"));
    assert!(lib.scenarios.len() >= 3);
}

#[test]
fn rendered_diagnostic_looks_like_a_compiler() {
    let d = &load_file(&fixture("broken/typos.ron")).diagnostics[0];
    let text = d.to_string();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().ends_with("typos.ron:9:61: error: unknown field `trait` in Persona (did you mean `traits`?); expected one of: names, mood, patience, traits"));
    let caret = text.lines().last().unwrap();
    assert_eq!(caret.find('^'), text.lines().nth(2).unwrap().find("trait"));
}

#[test]
fn the_authoring_guide_example_is_valid_apart_from_elided_nodes() {
    let guide =
        std::fs::read_to_string(crate::support::root().join("scenarios/README.md")).unwrap();
    let start = guide.find("```ron\n").expect("the guide has a RON example") + "```ron\n".len();
    let end = start + guide[start..].find("```").unwrap();
    let d = load_str(std::path::Path::new("guide.ron"), &guide[start..end]).diagnostics;
    let unexpected: Vec<String> = d
        .iter()
        .filter(|x| {
            x.is_error()
                && !x.message.contains("is neither a node nor an ending")
                && !x.message.contains("no ending can be reached")
        })
        .map(|x| x.to_string())
        .collect();
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
    // The example leaves out three nodes ("… more nodes …"), and only those.
    let missing: Vec<&str> = d
        .iter()
        .filter(|x| x.message.contains("neither a node"))
        .map(|x| x.message.as_str())
        .collect();
    assert_eq!(missing.len(), 3, "{missing:?}");
}
