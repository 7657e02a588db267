// One run, inspected step by step: each node's status, attempts, timing, input, output and error;
// the log; and re-running from any node with the outputs recorded before it.
import { useCallback, useEffect, useState } from "react";
import { call, commands, messageOf } from "../api";
import { events, type ExecutionDetail, type ExecutionStep } from "../bindings";
import { ErrorNotice, Loading } from "../components/Feedback";
import { Icon } from "../components/icons";
import { JsonView } from "../components/JsonView";
import { StatusBadge } from "../components/StatusBadge";
import { useToast } from "../components/Toasts";
import { formatCost, formatDuration, formatMicros, formatWhen } from "../format";
import { hrefOf, navigate } from "../router";
import { rerunFrom } from "../runs";

/** How often a running execution is re-read. */
const REFRESH_MS = 1000;

export function ExecutionPage({ org, id }: { org: string; id: string }) {
  const toast = useToast();
  const [detail, setDetail] = useState<ExecutionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setDetail(await call(commands.getExecution(org, id)));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [org, id]);

  useEffect(() => {
    void load();
  }, [load]);

  const running = detail !== null && !["COMPLETED", "FAILED", "CANCELLED"].includes(detail.execution.status);
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [running, load]);
  useEffect(() => {
    const unlisten = events.executionChanged.listen((e) => {
      if (e.payload.executionId === id) void load();
    });
    return () => void unlisten.then((stop) => stop());
  }, [id, load]);

  const rerun = async (node: string) => {
    setBusy(true);
    try {
      const next = await rerunFrom(org, id, node);
      toast("success", `Re-running from “${node}”`);
      navigate({ page: "execution", id: next });
    } catch (e) {
      toast("error", messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    try {
      await call(commands.cancelExecution(org, id));
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  if (error) return <div className="page"><ErrorNotice message={error} onRetry={load} /></div>;
  if (!detail) return <Loading label="Loading the run…" />;
  const e = detail.execution;
  return (
    <div className="page">
      <header className="page-header">
        <div className="title-with-back">
          <a href={hrefOf({ page: "executions" })} className="icon-button" aria-label="Back to executions">
            <Icon name="back" />
          </a>
          <div>
            <h1>
              {e.workflowName} <StatusBadge status={e.status} />
            </h1>
            <p className="subtitle">
              {e.trigger.toLowerCase().replace("_", "-")} run at “{e.triggerNode}” · started {formatWhen(e.startedAt)} ·{" "}
              {formatDuration(e.durationMs)} · {e.nodesExecuted} nodes · {e.tokensUsed} tokens · {formatCost(e.costMicros)}
            </p>
            {e.rerunOf && (
              <p className="subtitle">
                Re-run of <a href={hrefOf({ page: "execution", id: e.rerunOf })}>{e.rerunOf.slice(0, 8)}</a> from “{e.rerunFrom}”
              </p>
            )}
          </div>
        </div>
        <div className="button-row">
          {running && (
            <button type="button" className="button" onClick={cancel}>
              <Icon name="stop" /> Cancel
            </button>
          )}
          <a className="button" href={hrefOf({ page: "workflow", id: e.workflowId })}>
            Open workflow
          </a>
          {!running && e.triggerNode && (
            <button type="button" className="button" disabled={busy} onClick={() => rerun(e.triggerNode!)}>
              <Icon name="refresh" /> Run again
            </button>
          )}
        </div>
      </header>
      {e.error && <ErrorNotice message={e.error} />}
      <section className="card">
        <h2>Steps</h2>
        {detail.steps.length === 0 ? (
          <p className="hint">No step has been recorded yet.</p>
        ) : (
          <ol className="steps" aria-label="Steps">
            {detail.steps.map((s) => (
              <Step key={s.nodeId} step={s} open={open === s.nodeId} toggle={() => setOpen(open === s.nodeId ? null : s.nodeId)} onRerun={running || busy ? null : rerun} />
            ))}
          </ol>
        )}
      </section>
      <section className="card">
        <h2>Input and output</h2>
        <div className="two-columns">
          <JsonView label="Input" value={e.input} />
          <JsonView label="Output" value={e.output} />
        </div>
      </section>
      <section className="card">
        <h2>
          Log{" "}
          <span className="muted">
            ({e.logCount} lines{e.logsDropped > 0 ? `, ${e.logsDropped} more not kept` : ""})
          </span>
        </h2>
        <table className="table log-table" aria-label="Log">
          <tbody>
            {detail.logs.map((l) => (
              <tr key={l.seq}>
                <td className="mono">{new Date(l.timestamp).toLocaleTimeString(undefined, { hour12: false })}</td>
                <td>
                  <span className="log-status">{l.status}</span>
                </td>
                <td className="mono">{l.nodeId ?? ""}</td>
                <td>
                  {l.message}
                  {l.error && l.error !== l.message && <div className="error-text">{l.error}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function Step({ step, open, toggle, onRerun }: { step: ExecutionStep; open: boolean; toggle: () => void; onRerun: ((node: string) => void) | null }) {
  return (
    <li className={`step step-${step.status.toLowerCase()}`}>
      <button type="button" className="step-head" aria-expanded={open} onClick={toggle}>
        <StatusBadge status={step.status} />
        <span className="step-name">{step.nodeName}</span>
        <span className="mono muted">
          {step.nodeId} · {step.nodeType}
        </span>
        <span className="step-meta">
          {step.attempts > 1 && <span>{step.attempts} attempts · </span>}
          {formatMicros(step.durationUs)}
          {step.tokensUsed > 0 && <span> · {step.tokensUsed} tokens · {formatCost(step.costMicros)}</span>}
        </span>
      </button>
      {open && (
        <div className="step-body">
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
        </div>
      )}
    </li>
  );
}
