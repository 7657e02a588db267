//! Templates and expressions written to hurt: self-referencing values, strings doubled in a loop,
//! huge widths and replacements, output by the hundred megabytes, and expressions tens of
//! thousands of terms long. Each one fails with a message naming the bound it crossed; none may
//! overflow the stack or allocate without bound (either would take the test process down).

use neuroflow_engine::expr::{check_expression, check_template, eval_expression, render_string};
use serde_json::json;

fn render_err(template: &str) -> String {
    match render_string(template, &json!({ "input": { "name": "Ada" } })) {
        Ok(v) => panic!("{template:.60}… rendered ({} bytes of JSON) instead of failing", v.to_string().len()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_namespace_that_contains_itself_is_an_error_not_a_recursion() {
    let err = render_err("{% set ns = namespace(a=1) %}{% set ns.me = ns %}{{ ns|tojson }}");
    assert!(err.contains("nested") || err.contains("deep") || err.contains("recurs"), "{err}");
    let err = render_err("{% set ns = namespace(a=1) %}{% set ns.me = ns %}{{ ns }}");
    assert!(err.contains("nested") || err.contains("deep") || err.contains("recurs"), "{err}");
}

#[test]
fn doubling_a_string_in_a_loop_stops_at_the_limit() {
    let err = render_err(
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    );
    assert!(err.contains("limit"), "{err}");
}

#[test]
fn huge_widths_replacements_and_repetitions_stop_at_the_limit() {
    for template in [
        "{{ 'x'|indent(10**9) }}",
        "{{ (['x'] * (10**9))|length }}",
        "{{ ('ab' * 1000000)|replace('', 'xxxxxxxxxxxxxxxxxxxx') }}",
        "{{ 'x' * (10**9) }}",
        "{{ range(100000)|join('x' * 100000) }}",
    ] {
        let err = render_err(template);
        assert!(err.contains("limit") || err.contains("too large"), "{template}: {err}");
    }
}

#[test]
fn output_is_bounded() {
    let err = render_err("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}");
    assert!(err.contains("limit"), "{err}");
    let err = render_err(
        "{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}",
    );
    assert!(err.contains("limit"), "{err}");
}

#[test]
fn expressions_tens_of_thousands_of_terms_long_are_refused_not_overflowed() {
    let nots = format!("{}true", "not ".repeat(21_000));
    let sums = format!("1{}", " + 1".repeat(21_000));
    let ors = format!("false{}", " or false".repeat(21_000));
    let chain = format!("input{}", ".a".repeat(21_000));
    let nested = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let parens = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    for (what, expr) in
        [("not", nots), ("+", sums), ("or", ors), ("attributes", chain), ("lists", nested), ("parens", parens)]
    {
        let err = check_expression(&expr).expect_err(what).to_string();
        assert!(err.contains("too long") || err.contains("nested") || err.contains("limit"), "{what}: {err}");
        let err = check_template(&format!("{{{{ {expr} }}}}")).expect_err(what).to_string();
        assert!(err.contains("too long") || err.contains("nested") || err.contains("limit"), "{what}: {err}");
        assert!(eval_expression(&expr, &json!({})).is_err(), "{what}");
    }
}

#[test]
fn real_templates_still_work() {
    let ctx =
        json!({ "input": { "name": "Ada", "items": (0..500).collect::<Vec<_>>() }, "vars": { "office": "Harbor" } });
    let text =
        render_string("Hello {{ input.name }} from {{ vars.office }}: {{ input.items|length }} items", &ctx).unwrap();
    assert_eq!(text, json!("Hello Ada from Harbor: 500 items"));
    let list = render_string("{% for i in input.items %}{{ i }},{% endfor %}", &ctx).unwrap();
    assert_eq!(list.as_str().unwrap().len(), (0..500).map(|i: i32| i.to_string().len() + 1).sum::<usize>());
    let big = "y".repeat(1_000_000);
    let echoed = render_string("{{ input.big }}", &json!({ "input": { "big": big } })).unwrap();
    assert_eq!(echoed.as_str().map(str::len), Some(1_000_000), "a megabyte passes through");
}
