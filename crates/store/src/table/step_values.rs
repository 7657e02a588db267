//! Values a step shares with its execution, kept once. Most steps' input is a value the execution
//! already holds — its input (for the trigger) or the output of the one node before — and a
//! trigger's output is its input; writing each again doubled what a run costs on disk. Such a step
//! is written with `input_from` / `output_is_input` instead of the value (see V0010), and filled in
//! here when read, so every reader sees whole steps.

use neuroflow_types::ExecutionStep;
use serde_json::Value;
use std::collections::HashMap;

/// Fills in the inputs and outputs that `steps` (one execution's, in the order they started) keep
/// by reference. A reference that cannot be resolved (its step was removed) leaves the value empty.
pub fn fill_in(steps: &mut [ExecutionStep], execution_input: &Value) {
    let mut outputs: HashMap<String, Value> = HashMap::new();
    // Referenced steps start earlier, so one pass in order resolves all; a second catches any that
    // started in another order (concurrent branches recorded in the same instant).
    for _ in 0..2 {
        let mut unresolved = false;
        for step in steps.iter_mut() {
            if step.input.is_none()
                && let Some(from) = &step.input_from
            {
                step.input = if from.is_empty() { Some(execution_input.clone()) } else { outputs.get(from).cloned() };
                unresolved |= step.input.is_none();
            }
            if step.output_is_input && step.output.is_none() {
                step.output = step.input.clone();
            }
            if let Some(output) = &step.output {
                outputs.entry(step.node_id.clone()).or_insert_with(|| output.clone());
            }
        }
        if !unresolved {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use neuroflow_types::{ExecutionId, StepStatus, now};
    use serde_json::json;

    fn step(id: &str, input_from: Option<&str>, output: Option<Value>, output_is_input: bool) -> ExecutionStep {
        ExecutionStep {
            execution_id: ExecutionId::new(),
            node_id: id.into(),
            node_type: "transform".into(),
            node_name: id.into(),
            ordinal: 0,
            status: StepStatus::Completed,
            attempts: 1,
            input: None,
            output,
            error: None,
            started_at: now(),
            completed_at: None,
            duration_us: None,
            tokens_used: 0,
            cost_micros: 0,
            input_from: input_from.map(str::to_string),
            output_is_input,
        }
    }

    #[test]
    fn a_chain_of_references_resolves_to_the_values_they_name() {
        let input = json!({"body": {"name": "Ada"}});
        let mut steps = vec![
            step("in", Some(""), None, true),
            step("set", Some("in"), Some(json!({"name": "Ada"})), false),
            step("pass", Some("set"), None, true),
            step("last", Some("pass"), Some(json!(1)), false),
        ];
        fill_in(&mut steps, &input);
        assert_eq!(steps[0].input.as_ref(), Some(&input));
        assert_eq!(steps[0].output.as_ref(), Some(&input));
        assert_eq!(steps[1].input.as_ref(), Some(&input));
        assert_eq!(steps[2].input, Some(json!({"name": "Ada"})));
        assert_eq!(steps[2].output, Some(json!({"name": "Ada"})));
        assert_eq!(steps[3].input, Some(json!({"name": "Ada"})));
    }

    #[test]
    fn a_reference_to_a_later_step_resolves_and_a_missing_one_stays_empty() {
        let mut steps = vec![step("b", Some("a"), None, false), step("a", None, Some(json!(7)), false)];
        steps.push(step("c", Some("gone"), None, true));
        fill_in(&mut steps, &Value::Null);
        assert_eq!(steps[0].input, Some(json!(7)));
        assert_eq!(steps[2].input, None);
        assert_eq!(steps[2].output, None);
    }

    #[test]
    fn a_value_written_out_is_never_replaced() {
        let mut with_value = step("x", Some(""), Some(json!(2)), false);
        with_value.input = Some(json!(1));
        let mut steps = vec![with_value];
        fill_in(&mut steps, &json!(0));
        assert_eq!(steps[0].input, Some(json!(1)));
        assert_eq!(steps[0].output, Some(json!(2)));
    }
}
