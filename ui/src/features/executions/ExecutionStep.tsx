// One step of a run, folded: its status, name, attempts, time and cost; opened: its error, what went
// in and what came out, and re-running the workflow from it.
import type { ExecutionStep as Step } from "../../bindings";
import { ErrorNotice } from "../../components/Feedback";
import { Icon } from "../../components/icons";
import { JsonView } from "../../components/JsonView";
import { StepItem } from "../../components/StepItem";
import { formatCost, formatMicros } from "../../format";

interface Props {
  step: Step;
  open: boolean;
  toggle: () => void;
  /** Re-runs from this step; null while that cannot be done (the run is still going). */
  onRerun: ((node: string) => void) | null;
}

export function ExecutionStep({ step, open, toggle, onRerun }: Props) {
  return (
    <StepItem
      status={step.status}
      open={open}
      toggle={toggle}
      head={
        <>
          <span className="step-name">{step.nodeName}</span>
          <span className="mono muted">
            {step.nodeId} · {step.nodeType}
          </span>
          <span className="step-meta">
            {step.attempts > 1 && <span>{step.attempts} attempts · </span>}
            {formatMicros(step.durationUs)}
            {step.tokensUsed > 0 && <span> · {step.tokensUsed} tokens · {formatCost(step.costMicros)}</span>}
          </span>
        </>
      }
    >
      {step.error && <ErrorNotice message={step.error} />}
      <div className="two-columns">
        <JsonView label="Input" value={step.input} />
        <JsonView label="Output" value={step.output} />
      </div>
      {onRerun && step.status !== "SKIPPED" && (
        <button type="button" className="button button-small" onClick={() => onRerun(step.nodeId)}>
          <Icon name="refresh" /> Re-run from this step
        </button>
      )}
    </StepItem>
  );
}
