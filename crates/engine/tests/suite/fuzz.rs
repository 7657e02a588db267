//! Fuzzing within a fixed time budget: random documents, templates and expressions — assembled from
//! the fragments that broke earlier versions (self-containing namespaces, huge ranges, string
//! doubling, deep nesting, long operator chains) and from random bytes — must never panic, overflow
//! the stack or hang: each is parsed, validated, checked, rendered and, when valid, run.
//!
//! `NEUROFLOW_FUZZ_SECONDS` sets the budget per target (3 s by default; CI gives more). Each run
//! prints its seed on stderr, uncaptured, so that even an abort can be replayed with
//! `NEUROFLOW_FUZZ_SEED=<seed>`.

use crate::common;

use common::*;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// Pieces of the template language, hostile ones included, for random templates to be made of.
const TEMPLATE_PIECES: &[&str] = &[
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    " for x in ",
    " endfor ",
    " if ",
    " else ",
    " endif ",
    " set ",
    "range(",
    "10",
    "99999999999",
    "-1",
    ")",
    "(",
    "[",
    "]",
    ",",
    ".",
    " | tojson",
    " | indent(",
    " | replace('', 'ab')",
    " | list",
    " | join",
    " | upper",
    " ~ ",
    " * ",
    " + ",
    " ** ",
    " // ",
    " not ",
    " or ",
    " and ",
    "namespace(",
    "ns",
    "ns.a = ns",
    "input",
    "vars",
    "nodes",
    "execution",
    "x",
    "loop",
    " recursive ",
    "'",
    "\"",
    "'ab'",
    "{}",
    "a=1",
    " is defined",
    "none",
    "true",
    "0.5",
    "\\",
    "\n",
    "é",
    "🏠",
];

/// Pieces of the expression language.
const EXPRESSION_PIECES: &[&str] = &[
    "input",
    ".",
    "score",
    "name",
    "vars",
    "threshold",
    "nodes",
    "a",
    "output",
    "[",
    "]",
    "(",
    ")",
    " >= ",
    " == ",
    " < ",
    " and ",
    " or ",
    " not ",
    " + ",
    " * ",
    " - ",
    " ~ ",
    "1",
    "80",
    "1e308",
    "'x'",
    "none",
    "true",
    " in ",
    " | length",
    " | int",
    "range(",
    "999999999",
    ",",
    " if ",
    " else ",
];

fn budget() -> Duration {
    let seconds = std::env::var("NEUROFLOW_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3.0);
    Duration::from_secs_f64(seconds)
}

/// Runs `check` on values drawn from `strategy` until the budget is spent; a panic fails with the
/// value that caused it.
fn fuzz<S: Strategy>(name: &str, strategy: S, check: impl Fn(&S::Value))
where
    S::Value: std::fmt::Debug,
{
    let seed: u64 = std::env::var("NEUROFLOW_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(7)
    });
    let _ = writeln!(std::io::stderr(), "fuzz {name}: seed {seed} (replay with NEUROFLOW_FUZZ_SEED={seed})");
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(Config { failure_persistence: None, ..Config::default() }, rng);
    let deadline = Instant::now() + budget();
    let mut cases = 0u64;
    while Instant::now() < deadline {
        let value = strategy.new_tree(&mut runner).expect("a value").current();
        if catch_unwind(AssertUnwindSafe(|| check(&value))).is_err() {
            panic!("fuzz {name}: panicked on case {cases} (seed {seed}): {value:#?}");
        }
        cases += 1;
    }
    let _ = writeln!(std::io::stderr(), "fuzz {name}: {cases} cases, no failure");
    assert!(cases > 0, "the budget allowed no case at all");
}

fn pieces(from: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        9 => proptest::sample::select(from).prop_map(str::to_string),
        1 => "[ -~]{0,4}",
    ];
    proptest::collection::vec(piece, 0..max).prop_map(|p| p.concat())
}

/// JSON with the keys and values of workflow documents in it, so that some of it is close to valid.
fn document_like() -> impl Strategy<Value = Value> {
    let key = proptest::sample::select(
        &[
            "format",
            "name",
            "nodes",
            "edges",
            "id",
            "type",
            "data",
            "source",
            "target",
            "sourceHandle",
            "trigger",
            "kind",
            "output",
            "expression",
            "label",
            "forEach",
            "workflowId",
            "retry",
            "onError",
            "variables",
            "path",
            "action",
            "params",
            "position",
            "x",
            "y",
        ][..],
    );
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        proptest::sample::select(
            &[
                "trigger",
                "transform",
                "condition",
                "subWorkflow",
                "integration",
                "aiAgent",
                "delay",
                "manual",
                "webhook",
                "t",
                "a",
                "b",
                "{{ input }}",
                "1",
            ][..]
        )
        .prop_map(Value::from),
        pieces(TEMPLATE_PIECES, 8).prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

#[test]
fn random_documents_never_crash_parsing_or_validation() {
    let catalog = neuroflow_integrations::actions::catalog();
    fuzz("documents", document_like(), |doc| {
        let mut doc = doc.clone();
        if let Value::Object(map) = &mut doc {
            map.insert("format".into(), json!(1));
        }
        let text = doc.to_string();
        if let Ok(parsed) = parse_document(&text) {
            let _ = neuroflow_engine::validate(&parsed, catalog);
            let _ = compile(&parsed, catalog);
        }
        let _ = parse_document(&String::from_utf8_lossy(&text.as_bytes()[..text.len() / 2]));
    });
}

#[test]
fn random_templates_and_expressions_are_checked_and_evaluated_within_bounds() {
    let context = json!({ "input": { "score": 91, "name": "Ada", "items": [1, 2, 3] }, "vars": { "threshold": 80 } });
    fuzz("templates", (pieces(TEMPLATE_PIECES, 40), pieces(EXPRESSION_PIECES, 40)), |(template, expression)| {
        let _ = neuroflow_engine::expr::check_template(template);
        let _ = neuroflow_engine::expr::check_located(template, false);
        let _ = neuroflow_engine::expr::render_string(template, &context);
        let _ = neuroflow_engine::expr::check_expression(expression);
        let _ = neuroflow_engine::expr::eval_expression(expression, &context);
    });
}

#[test]
fn random_valid_workflows_run_to_an_end() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let catalog = neuroflow_integrations::actions::catalog();
    let strategy =
        (pieces(TEMPLATE_PIECES, 24), pieces(EXPRESSION_PIECES, 16), pieces(TEMPLATE_PIECES, 24), document_like());
    let ran_count = std::sync::atomic::AtomicU64::new(0);
    fuzz("runs", strategy, |(first, condition, second, input)| {
        let nodes = json!([
            trigger("t"),
            transform("a", json!({ "v": first })),
            node("c", "condition", json!({ "expression": condition })),
            transform("b", json!({ "w": second, "from": "{{ nodes.a.output.v }}" })),
            transform("d", json!(second)),
        ]);
        let edges = json!([edge("t", "a"), edge("a", "c"), handle("c", "true", "b"), handle("c", "false", "d")]);
        let doc = json!({ "format": 1, "name": "t", "nodes": nodes, "edges": edges });
        let Ok(parsed) = parse_document(&doc.to_string()) else { return };
        if compile(&parsed, catalog).is_err() {
            return;
        }
        let ran = runtime.block_on(async {
            tokio::time::timeout(Duration::from_secs(20), go(nodes.clone(), edges.clone(), input.clone())).await
        });
        let ran = ran.expect("a run of five nodes ends within 20 s, whatever its templates");
        assert!(ran.outcome.status.is_final(), "{:?}", ran.outcome.status);
        ran_count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    });
    let ran = ran_count.into_inner();
    let _ = writeln!(std::io::stderr(), "fuzz runs: {ran} of the cases were valid workflows and ran");
    assert!(ran > 0, "no random workflow was valid: the generator no longer exercises runs");
}
