// The test-run panel: the sample input (kept with the draft, per workflow), Run and Cancel, the run
// as it goes (each node's state) and its result, and the pinned outputs test runs will reuse.
import { useState } from "react";
import type { Value } from "../../../bindings";
import { JsonView } from "../../../components/JsonView";
import { useEditor, useEditorStore } from "../store/context";
import { labelOf } from "../store/doc";
import type { Runner } from "./useRunner";

export function RunPanel({ runner }: { runner: Runner }) {
  const store = useEditorStore();
  const sample = useEditor((s) => s.sampleInput);
  const run = useEditor((s) => s.run);
  const pins = useEditor((s) => s.pins);
  const doc = useEditor((s) => s.doc);
  const errors = useEditor((s) => s.report?.errors.length ?? 0);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = run.executionId !== null && run.finished === null;
  const name = (id: string) => {
    const n = doc.nodes.find((x) => x.id === id);
    return n ? labelOf(n) : id;
  };
  const onInput = (value: string) => {
    setText(value);
    try {
      const parsed = (value.trim() ? JSON.parse(value) : {}) as Value;
      store.setState((s) => ({ sampleInput: parsed, metaRevision: s.metaRevision + 1 }));
      setError(null);
    } catch (e) {
      setError(`Not valid JSON yet: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <section className="run-panel" aria-label="Run">
      <div className="field">
        <label htmlFor="sample-input">Sample input (JSON)</label>
        <textarea
          id="sample-input"
          className="code-input"
          rows={6}
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "sample-input-error" : "sample-input-hint"}
          value={text ?? JSON.stringify(sample, null, 2)}
          onChange={(e) => onInput(e.target.value)}
          onBlur={() => !error && setText(null)}
        />
        {error ? (
          <p id="sample-input-error" className="field-error">
            {error}
          </p>
        ) : (
          <p id="sample-input-hint" className="hint">
            What the trigger receives in a test run; kept with this workflow's draft.
          </p>
        )}
      </div>
      <div className="button-row">
        {running ? (
          <button type="button" className="button button-danger" onClick={() => void runner.cancel()}>
            Cancel run
          </button>
        ) : (
          <button type="button" className="button button-primary" disabled={Boolean(error)} onClick={() => void runner.run()}>
            Run draft
          </button>
        )}
      </div>
      {errors > 0 && <p className="field-error">The draft has {errors} problem(s): fix them to run it.</p>}
      {run.executionId && (
        <div className="run-status" aria-live="polite">
          <p>
            {run.finished ? (
              <>
                Run {run.finished.status === "COMPLETED" ? "Completed" : run.finished.status.toLowerCase()} in {run.finished.durationMs} ms · {run.finished.nodesExecuted} nodes
              </>
            ) : (
              "Running…"
            )}
          </p>
          <ul className="run-nodes">
            {Object.entries(run.nodes).map(([id, state]) => (
              <li key={id}>
                <span className={`dot state-${state}`} aria-hidden="true" /> {name(id)}: {state}
                {run.errors[id] && <span className="field-error"> — {run.errors[id]}</span>}
              </li>
            ))}
          </ul>
          {run.finished?.error && <p className="field-error">{run.finished.error}</p>}
          {run.finished && <JsonView label="Output" value={run.finished.output} />}
        </div>
      )}
      {Object.keys(pins).length > 0 && (
        <div className="pins">
          <h3>Pinned outputs</h3>
          <ul>
            {Object.keys(pins).map((id) => (
              <li key={id}>
                {name(id)}{" "}
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Unpin ${name(id)}`}
                  onClick={() => store.setState((s) => ({ pins: Object.fromEntries(Object.entries(s.pins).filter(([k]) => k !== id)), metaRevision: s.metaRevision + 1 }))}
                >
                  Unpin
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
