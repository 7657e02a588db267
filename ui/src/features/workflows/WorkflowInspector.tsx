// The panel beside the canvas: the run on screen (live, then its result), the workflow's webhook
// addresses, and the selected node's settings with its problems and its run error.
import type { Node, TriggerState } from "../../bindings";
import { JsonView } from "../../components/JsonView";
import { StatusBadge } from "../../components/StatusBadge";
import { formatCost, formatDuration } from "../../format";
import { hrefOf } from "../../router";
import type { RunView } from "./runs";

type Webhook = NonNullable<TriggerState["status"]>["webhooks"][number];

interface Props {
  run: RunView;
  starting: boolean;
  webhooks: Webhook[];
  selected: Node | null;
  /** Validation problems by node id. */
  issues: Record<string, string[]>;
}

export function WorkflowInspector({ run, starting, webhooks, selected, issues }: Props) {
  return (
    <aside className="inspector" aria-label="Details">
      {(run.executionId || starting) && <RunResult run={run} starting={starting} />}
      {webhooks.length > 0 && (
        <section className="inspector-section">
          <h3>Webhook</h3>
          {webhooks.map((w) => (
            <p key={w.url + w.method} className="mono small">
              {w.method} {w.url}
            </p>
          ))}
        </section>
      )}
      {selected ? (
        <section className="inspector-section">
          <h2>{String(selected.data?.["label"] ?? selected.id)}</h2>
          <dl>
            <dt>Id</dt>
            <dd>
              <code>{selected.id}</code>
            </dd>
            <dt>Type</dt>
            <dd>{selected.type}</dd>
          </dl>
          {(issues[selected.id] ?? []).map((m) => (
            <p key={m} className="field-error">
              {m}
            </p>
          ))}
          {run.errors[selected.id] && <p className="field-error">Run: {run.errors[selected.id]}</p>}
          <h3>Data</h3>
          <pre className="code-block">{JSON.stringify(selected.data, null, 2)}</pre>
        </section>
      ) : (
        !run.executionId && <p className="hint">Select a node to see its settings. Run the workflow to watch each node as it runs.</p>
      )}
    </aside>
  );
}

function RunResult({ run, starting }: { run: RunView; starting: boolean }) {
  const f = run.finished;
  return (
    <section className="inspector-section run-result" aria-live="polite" aria-label="Run">
      <h3>Run</h3>
      {!f ? (
        <p className="running-line">
          <span className="spinner" aria-hidden="true" /> {starting && !run.executionId ? "Starting…" : "Running…"}
        </p>
      ) : (
        <>
          <p>
            <StatusBadge status={f.status} /> in {formatDuration(f.durationMs)} · {f.nodesExecuted} nodes
            {f.tokensUsed > 0 && ` · ${f.tokensUsed} tokens · ${formatCost(f.costMicros)}`}
          </p>
          {f.error && <p className="field-error">{f.error}</p>}
          {f.status === "COMPLETED" && <JsonView label="Output" value={f.output} />}
        </>
      )}
      {run.executionId && (
        <p>
          <a href={hrefOf({ page: "execution", id: run.executionId })}>Open this run’s record</a>
        </p>
      )}
    </section>
  );
}
