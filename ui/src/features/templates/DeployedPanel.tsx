// What follows a deploy: the workflow exists, switched off, and its checklist says what is left —
// integrations connected, the model provider's key, a test run with the template's sample input,
// switching it on. The test run and the switch are right here; the checklist is read again after
// each, from the app, so it never claims what is not so.
import { useState } from "react";
import { messageOf } from "../../api";
import type { ChecklistItem, DeployOutcome, ExecutionStatus, TemplateOrigin } from "../../bindings";
import { Icon } from "../../components/icons";
import { hrefOf } from "../../router";
import { setWorkflowActive } from "../workflows/api";
import { templateTestRun, workflowTemplate } from "./api";

type TestState = { state: "idle" } | { state: "running"; done: number } | { state: "ended"; status: ExecutionStatus; error: string | null; execution: string };

export function DeployedPanel({ org, outcome, onClose }: { org: string; outcome: DeployOutcome; onClose: () => void }) {
  const workflow = outcome.workflow;
  const [origin, setOrigin] = useState<TemplateOrigin>(outcome.origin);
  const [test, setTest] = useState<TestState>({ state: "idle" });
  const [active, setActive] = useState(workflow.isActive);
  const [error, setError] = useState<string | null>(null);

  const refresh = async () => {
    const now = await workflowTemplate(org, workflow.id);
    if (now) setOrigin(now);
  };
  const testRun = async () => {
    setError(null);
    setTest({ state: "running", done: 0 });
    try {
      let done = 0;
      await templateTestRun(org, workflow.id, (event) => {
        if (event.type === "nodeFinished") setTest({ state: "running", done: ++done });
        if (event.type === "executionFinished") {
          setTest({ state: "ended", status: event.status, error: event.error ?? null, execution: event.executionId });
          void refresh();
        }
      });
    } catch (e) {
      setTest({ state: "idle" });
      setError(messageOf(e));
    }
  };
  const switchOn = async () => {
    setError(null);
    try {
      await setWorkflowActive(org, workflow.id, true);
      setActive(true);
      await refresh();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <div className="deployed">
      <p>
        <Icon name="check" /> The workflow <strong>{workflow.name}</strong> is ready and {active ? "switched on" : "switched off"}.
      </p>
      {outcome.notes.length > 0 && (
        <ul className="hint deploy-notes">
          {outcome.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <h3>Before it runs on its own</h3>
      <ul className="checklist" aria-label="Checklist">
        {origin.checklist.map((item) => (
          <Item key={item.id} item={item} />
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={() => void testRun()} disabled={test.state === "running"}>
          <Icon name="runs" /> {test.state === "running" ? `Test run… (${test.done} steps done)` : "Test run with the sample input"}
        </button>
        <button type="button" className="button" onClick={() => void switchOn()} disabled={active}>
          {active ? "Switched on" : "Switch it on"}
        </button>
        <a className="button" href={hrefOf({ page: "workflow", id: workflow.id })} onClick={onClose}>
          Open in the editor
        </a>
      </div>
      <p className="hint">A test run starts from the template's sample input and really calls your integrations; any wait in it (speed-to-lead's five minutes) is cut to five seconds.</p>
      <div role="status" aria-live="polite">
        {test.state === "ended" && (
          <p className={test.status === "COMPLETED" ? "success-text" : "error-text"}>
            Test run {test.status === "COMPLETED" ? "completed" : test.status.toLowerCase()}
            {test.error ? `: ${test.error}` : "."} <a href={hrefOf({ page: "execution", id: test.execution })}>See its steps</a>
          </p>
        )}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function Item({ item }: { item: ChecklistItem }) {
  return (
    <li className={item.done ? "done" : undefined}>
      <span className="check-mark" aria-hidden="true">
        {item.done ? "✓" : "○"}
      </span>
      <span>
        <span className="visually-hidden">{item.done ? "Done: " : "To do: "}</span>
        {item.label}
        {item.detail && <span className="hint"> — {item.detail}</span>}
      </span>
    </li>
  );
}
