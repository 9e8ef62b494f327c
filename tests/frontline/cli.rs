//! The command line as a user meets it: exit codes, JSON shapes, messages.

use serde_json::Value;

use crate::support::{fixture, frontline, frontline_in, scratch, stderr, stdout};

fn json(out: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(out)))
}

/// The command succeeded and printed JSON.
fn json_ok(out: &std::process::Output) -> Value {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    json(out)
}

/// The command exited with `code` and said `message` on stderr.
fn assert_exit_with(o: &std::process::Output, code: i32, message: &str) {
    assert_eq!(o.status.code(), Some(code), "{}", stderr(o));
    assert!(stderr(o).contains(message), "{}", stderr(o));
}

#[test]
fn validate_the_library_exits_zero() {
    let o = frontline(&["validate"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("0 error(s)"));
}

#[test]
fn validate_broken_files_exits_one_with_locations() {
    let typos = fixture("broken/typos.ron");
    let o = frontline(&["validate", typos.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("typos.ron:9:61: error: unknown field `trait`"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("typos.ron:16:60: error"));
}

#[test]
fn validate_json_lists_every_diagnostic() {
    let path = fixture("broken/references.ron");
    let o = frontline(&["validate", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let arr = v.as_array().expect("an array");
    assert!(arr.len() >= 10);
    for d in arr {
        let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["column", "file", "line", "message", "severity"]);
    }
    assert!(
        arr.iter()
            .any(|d| d["line"] == 20 && d["column"] == 89 && d["severity"] == "error")
    );
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(
        frontline(&["validate", "no/such/dir"]).status.code(),
        Some(2)
    );
    assert_eq!(frontline(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        frontline(&["play", "no-such-scenario"]).status.code(),
        Some(2)
    );
    assert_eq!(
        frontline(&[
            "play",
            "en-complaint-cracked-blender",
            "--seed",
            "minus-one"
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        frontline(&["score", "--locale", "fr", "--text", "hi"])
            .status
            .code(),
        Some(2)
    );
    let o = frontline(&[
        "score",
        "en-complaint-cracked-blender",
        "--node",
        "open",
        "--text",
        "hi",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("choice turn"), "{}", stderr(&o));
}

#[test]
fn list_json_has_the_documented_fields() {
    let o = frontline(&["list", "--json"]);
    let v = json_ok(&o);
    let first = &v.as_array().unwrap()[0];
    for key in ["id", "title", "locale", "channel", "duty", "tier", "path"] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn score_with_the_lexicon_alone_leaves_accuracy_null() {
    let o = frontline(&[
        "score",
        "--locale",
        "id",
        "--text",
        "Mohon maaf Kak, saya akan proses refund hari ini.",
        "--json",
    ]);
    let v = json_ok(&o);
    assert!(v["accuracy"].is_null());
    assert!(v["empathy"].as_u64().unwrap() > 0);
    assert!(v["resolution"].as_u64().unwrap() > 0);
    assert!(
        v["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["item"] == "apologise")
    );
    assert!(v["auto_fail"].is_null());
}

#[test]
fn score_against_a_rubric_reads_facts() {
    let o = frontline(&[
        "score",
        "en-complaint-cracked-blender",
        "--node",
        "details",
        "--text",
        "So sorry! I'll arrange a pickup and refund you within three working days.",
        "--json",
    ]);
    let v = json_ok(&o);
    assert_eq!(v["accuracy"], 100);
}

#[test]
fn score_batch_prints_one_json_object_a_line() {
    let dir = scratch("batch");
    let file = dir.join("replies.txt");
    std::fs::write(
        &file,
        "I'm sorry, I will fix it today.\nwhatever\n\nCalm down.\n",
    )
    .unwrap();
    let o = frontline(&["score", "--locale", "en", "--batch", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0]["empathy"].as_u64().unwrap() > lines[3]["empathy"].as_u64().unwrap());
}

#[test]
fn explore_reports_bounds_and_pass_mark() {
    let o = frontline(&["explore", "id-teknis-internet-mati", "--json"]);
    let v = json_ok(&o);
    for key in [
        "reachable",
        "unreachable",
        "endings",
        "paths",
        "min",
        "max",
        "pass_mark",
        "free_text_nodes",
        "loops_without_exit",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["unreachable"].as_array().unwrap().len(), 0);
    assert_eq!(
        v["paths"]["unbounded"], true,
        "the retry loop makes paths unbounded"
    );
    assert!(v["min"]["overall"].as_f64().unwrap() < v["pass_mark"].as_f64().unwrap());
    assert!(v["max"]["overall"].as_f64().unwrap() >= v["pass_mark"].as_f64().unwrap());
}

/// Play the Indonesian opening-hours scenario with seed 1 from an answers file `a.txt`.
fn play_answers(name: &str, answers: &str) -> std::process::Output {
    let file = scratch(name).join("a.txt");
    std::fs::write(&file, answers).unwrap();
    frontline(&[
        "play",
        "id-tanya-jam-buka-ongkir",
        "--seed",
        "1",
        "--answers",
        file.to_str().unwrap(),
    ])
}

#[test]
fn play_from_answers_that_run_out_exits_one() {
    let o = play_answers("short-answers", "1\n");
    assert_exit_with(&o, 1, "ended before the conversation did");
}

#[test]
fn play_rejects_a_bad_option_number_with_its_line() {
    let o = play_answers("bad-number", "1\n9\n");
    assert_exit_with(
        &o,
        1,
        "a.txt:2: expected an option number from 1 to 3, got \"9\"",
    );
}

#[test]
fn play_refuses_a_broken_scenario_file() {
    let path = fixture("broken/typos.ron");
    let o = frontline(&["play", path.to_str().unwrap(), "--seed", "1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("typos.ron:9:61"));
}

#[test]
fn interactive_play_reads_the_keyboard() {
    let o = frontline_in(
        &crate::support::root(),
        &["play", "id-tanya-jam-buka-ongkir", "--seed", "5"],
        Some("1\n1\n1\n1\n1\n1\n"),
    );
    let out = stdout(&o);
    assert!(out.contains("Debrief"), "{out}\n{}", stderr(&o));
    assert!(out.contains("replay this session with --seed 5"));
}

#[test]
fn interactive_menu_plays_the_chosen_scenario() {
    let o = frontline_in(
        &crate::support::root(),
        &[],
        Some("id-tanya-jam-buka-ongkir\n1\n1\n1\n1\n1\n"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Pick a scenario"));
    assert!(stdout(&o).contains("Debrief"));
}

fn write_csv(name: &str, text: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    let path = dir.join("ratings.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn calibrate_reports_agreement_with_human_ratings() {
    let path = write_csv(
        "calibrate-ok",
        "reply,rating\n\
         \"I'm so sorry, that sounds awful. I hope you feel better soon.\",2\n\
         I'm sorry to hear that.,2\n\
         That sounds frustrating.,1\n\
         I understand.,1\n\
         Send the form.,0\n\
         The office opens at nine.,0\n",
    );
    let o = frontline(&[
        "calibrate",
        path.to_str().unwrap(),
        "--dimension",
        "empathy",
        "--reply-col",
        "reply",
        "--human-col",
        "rating",
        "--json",
    ]);
    let v = json_ok(&o);
    for key in [
        "n",
        "spearman",
        "spearman_ci",
        "qwk",
        "macro_f1",
        "confusion",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["n"], 6);
    assert!(v["spearman"].as_f64().unwrap() > 0.5, "{v}");
    assert_eq!(v["confusion"].as_array().unwrap().len(), 3);
}

#[test]
fn calibrate_names_the_bad_row_and_refuses_accuracy_without_a_rubric() {
    let path = write_csv(
        "calibrate-bad",
        "reply,rating\nhello,1\nthere,high\nagain,0\n",
    );
    let calibrate = |dimension: &str, reply_col: &str| {
        frontline(&[
            "calibrate",
            path.to_str().unwrap(),
            "--dimension",
            dimension,
            "--reply-col",
            reply_col,
            "--human-col",
            "rating",
        ])
    };
    assert_exit_with(
        &calibrate("empathy", "reply"),
        1,
        "ratings.csv:3: human rating `high`",
    );
    assert_exit_with(&calibrate("empathy", "text"), 2, "no reply column `text`");
    assert_exit_with(
        &calibrate("accuracy", "reply"),
        2,
        "accuracy needs a rubric",
    );
}

#[test]
fn parity_compares_parallel_sentences() {
    let en = write_csv(
        "parity-en",
        "id,text\n1,I'm so sorry for the wait.\n2,Thank you for your patience.\n3,The price is fine.\n",
    );
    let id = write_csv(
        "parity-id",
        "id,text\n1,Mohon maaf sudah menunggu.\n2,Terima kasih atas kesabarannya.\n3,Harganya oke.\n",
    );
    let o = frontline(&[
        "parity",
        "--en",
        en.to_str().unwrap(),
        "--id",
        id.to_str().unwrap(),
        "--json",
    ]);
    let v = json_ok(&o);
    assert_eq!(v["n"], 3);
    assert!(
        v["empathy"]["mean_abs_diff"].as_f64().unwrap() < 20.0,
        "{v}"
    );
    assert!(
        v["moves"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["item"] == "apologise" && m["both"] == 1)
    );
}
