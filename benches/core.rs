//! Criterion benchmarks for the performance targets in the README.
//!
//! - load + validate a generated 1,000-scenario library (target < 1 s)
//! - score one reply against a 60-item rubric (target < 20 µs)
//! - explore a generated 500-node scenario with loops (target < 100 ms)
//! - score one reply with the built-in lexicon alone (target ≥ 1,000,000 replies/s), into a
//!   fresh result and into a reused one

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use frontline::core::graph::Graph;
use frontline::core::load::{load_library, load_str};
use frontline::core::scenario::Locale;
use frontline::core::scoring::{CompiledRubric, ReplyContext, score_reply, score_reply_into};

/// A realistic scenario with `nodes` nodes: alternating choice and typed turns, every
/// tenth node looping back, all reaching the endings.
fn generated(id: usize, nodes: usize) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r#"Scenario(
    id: "gen-{id}",
    title: "Generated scenario {id}",
    locale: en,
    channel: chat,
    duty: complaint,
    tier: 2,
    objectives: ["Benchmark"],
    knowledge: [Fact(id: "window", label: "the refund window", accepted: ["14 days"], wrong: ["7 days"])],
    persona: Persona(names: ["Rina", "Budi"], mood: 50, patience: 5),
    start: "n0",
    nodes: ["#
    );
    for i in 0..nodes {
        let next = if i + 1 == nodes {
            "good".to_string()
        } else {
            format!("n{}", i + 1)
        };
        let back = if i % 10 == 9 {
            format!("n{}", i - 5)
        } else {
            "bad".to_string()
        };
        if i % 2 == 0 {
            let _ = write!(
                s,
                r#"
        Node(id: "n{i}", customer: ["Line {i} a", "Line {i} b"], shuffle: true, choices: [
            Choice(text: "Good reply {i}", scores: (empathy: 90, resolution: 80), feedback: "Good.", mood: 5, next: "{next}"),
            Choice(text: "Weak reply {i}", scores: (empathy: 20, accuracy: 40), feedback: "Weak.", mood: -5, next: "{back}"),
        ]),"#
            );
        } else {
            let _ = write!(
                s,
                r#"
        Node(id: "n{i}", customer: ["Question {i}?"], model_reply: "Sorry, I will refund in 14 days.",
            free_text: Rubric(facts: ["window"], empathy: [apologise], resolution: [ownership],
                steps: [Step(id: "refund", label: "offer a refund", phrases: ["refund", "money back"])],
                routes: [Route(when: (wrong_fact: true), next: "{back}")],
                next: "{next}")),"#
            );
        }
    }
    s.push_str(
        r#"
    ],
    endings: [
        Ending(id: "good", outcome: resolved, text: ["Thanks."]),
        Ending(id: "bad", outcome: unresolved, text: ["Bye."]),
    ],
)
"#,
    );
    s
}

fn library(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-library");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("bench folder");
    for i in 0..1000 {
        std::fs::write(dir.join(format!("s{i:04}.ron")), generated(i, 12)).expect("write scenario");
    }
    let check = load_library(std::slice::from_ref(&dir));
    assert_eq!(
        check.scenarios.len(),
        1000,
        "{:?}",
        check.diagnostics.first()
    );
    let mut g = c.benchmark_group("library");
    g.sample_size(10);
    g.bench_function("load_validate_1000_scenarios", |b| {
        b.iter(|| {
            black_box(load_library(std::slice::from_ref(&dir)))
                .scenarios
                .len()
        })
    });
    g.finish();
}

fn rubric_60(c: &mut Criterion) {
    // 60 items: 20 facts, 6 empathy moves, 5 resolution moves, 29 steps.
    let mut facts = String::new();
    let mut ids = Vec::new();
    for i in 0..20 {
        let _ = write!(
            facts,
            r#"Fact(id: "f{i}", label: "fact {i}", accepted: ["{} days"], wrong: ["{} days"]),"#,
            i + 1,
            i + 40
        );
        ids.push(format!("\"f{i}\""));
    }
    let mut steps = String::new();
    for i in 0..29 {
        let _ = write!(
            steps,
            r#"Step(id: "s{i}", label: "step {i}", phrases: ["action{i}", "do thing {i}"]),"#
        );
    }
    let src = format!(
        r#"Scenario(id: "r60", title: "60", locale: en, channel: chat, duty: complaint, tier: 2, objectives: ["x"],
    knowledge: [{facts}],
    persona: Persona(names: ["Ana"], mood: 50, patience: 3), start: "a",
    nodes: [Node(id: "a", customer: ["?"], model_reply: "x", free_text: Rubric(facts: [{}],
        empathy: [acknowledge, apologise, understand, thank, personalise, explore],
        resolution: [ownership, next_step, time_frame, confirm, anything_else],
        steps: [{steps}], next: "end"))],
    endings: [Ending(id: "end", outcome: resolved, text: ["ok"])])"#,
        ids.join(",")
    );
    let report = load_str(std::path::Path::new("r60.ron"), &src);
    let loaded = report.loaded.expect("rubric scenario parses");
    let s = &loaded.scenario;
    let rubric = CompiledRubric::new(s, s.nodes[0].free_text.as_ref().expect("typed node"));
    let reply = "I'm so sorry about this, Ana, I understand how frustrating it is. I will do thing 3 and action7 today; \
                 the refund takes 14 days and 3 days for shipping. Could you tell me your order number? \
                 Is there anything else I can help with?";
    let ctx = ReplyContext {
        customer_name: Some("Ana"),
        ..ReplyContext::default()
    };
    c.bench_function("score_reply_60_item_rubric", |b| {
        b.iter(|| {
            black_box(score_reply(
                Locale::En,
                Some(&rubric),
                black_box(reply),
                &ctx,
            ))
        })
    });
}

fn explore_500(c: &mut Criterion) {
    let report = load_str(std::path::Path::new("gen.ron"), &generated(0, 500));
    let loaded = report.loaded.expect("500-node scenario parses");
    let s = loaded.scenario;
    c.bench_function("explore_500_nodes_with_loops", |b| {
        b.iter(|| {
            let g = Graph::build(black_box(&s));
            let reach = g.reachable();
            let paths = g.path_count();
            let bounds = g.score_bounds(&s.scoring.weights);
            let loops = g.loops_without_exit();
            black_box((reach, paths, bounds, loops))
        })
    });
}

fn lexicon_only(c: &mut Criterion) {
    let replies = [
        "I'm so sorry for the trouble. I will send a replacement today.",
        "Mohon maaf Kak, saya akan proses refund hari ini ya.",
        "calm down, that's the policy",
        "Thanks for waiting! Is there anything else I can help with?",
    ];
    let ctx = ReplyContext::default();
    let mut g = c.benchmark_group("lexicon");
    g.throughput(Throughput::Elements(1));
    g.bench_function("score_reply_builtin_lexicon", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % replies.len();
            let locale = if i == 1 { Locale::Id } else { Locale::En };
            black_box(score_reply(locale, None, black_box(replies[i]), &ctx))
        })
    });
    // Indonesian alone: every word also goes through the stemmer's cache.
    let indonesian = [
        "Mohon maaf Kak, saya akan proses refund hari ini ya.",
        "Terima kasih sudah menunggu, Bapak. Pesanannya sudah kami kirim ulang.",
        "Maaf ya kak, gak bisa diproses karena sudah lewat 7 hari.",
        "Saya paham kekecewaan Ibu, kami akan mengembalikan dana dalam 3 hari kerja.",
    ];
    g.bench_function("score_reply_builtin_lexicon_indonesian", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % indonesian.len();
            black_box(score_reply(
                Locale::Id,
                None,
                black_box(indonesian[i]),
                &ctx,
            ))
        })
    });
    // As `frontline score --batch` does it: one result reused for every reply.
    g.bench_function("score_reply_into_reused_result", |b| {
        let mut i = 0;
        let mut out = score_reply(Locale::En, None, "", &ctx);
        b.iter(|| {
            i = (i + 1) % replies.len();
            let locale = if i == 1 { Locale::Id } else { Locale::En };
            score_reply_into(&mut out, locale, None, black_box(replies[i]), &ctx);
            black_box(&out);
        })
    });
    g.finish();
}

criterion_group!(benches, library, rubric_60, explore_500, lexicon_only);
criterion_main!(benches);
