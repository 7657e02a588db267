// One run, inspected step by step: each node's status, attempts, timing, input, output and error;
// the log; and re-running from any node with the outputs recorded before it. A run still going is
// read again every second and whenever the app says it changed.
import { useEffect, useState } from "react";
import type { ExecutionDetail } from "../../bindings";
import { ErrorNotice } from "../../components/Feedback";
import { Icon } from "../../components/icons";
import { JsonView } from "../../components/JsonView";
import { PageHeader } from "../../components/PageHeader";
import { ResourceState } from "../../components/ResourceState";
import { StatusBadge } from "../../components/StatusBadge";
import { formatCost, formatDuration, formatWhen } from "../../format";
import { hrefOf, navigate } from "../../router";
import { useAction } from "../../state/useAction";
import { useLoad } from "../../state/useLoad";
import { cancelExecution, getExecution, pinExecution, rerunExecution, useExecutionChanged } from "./api";
import { ExecutionStep } from "./ExecutionStep";

/** How often a running execution is re-read. */
const REFRESH_MS = 1000;

const isRunning = (detail: ExecutionDetail | null) => detail !== null && !["COMPLETED", "FAILED", "CANCELLED"].includes(detail.execution.status);

export function ExecutionPage({ org, id }: { org: string; id: string }) {
  const act = useAction();
  const state = useLoad(() => getExecution(org, id), [org, id]);
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { load } = state;

  const running = isRunning(state.data);
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [running, load]);
  useExecutionChanged((changed) => changed === id && void load());

  const rerun = async (node: string) => {
    setBusy(true);
    await act(async () => {
      const next = await rerunExecution(org, id, node);
      navigate({ page: "execution", id: next });
      return `Re-running from “${node}”`;
    });
    setBusy(false);
  };
  const cancel = () => act(() => cancelExecution(org, id));
  const pin = (pinned: boolean) =>
    act(async () => {
      await pinExecution(org, id, pinned);
      await load();
      return pinned ? "Pinned: this run is kept past retention" : "Unpinned: retention may remove this run when its time comes";
    });

  return (
    <div className="page">
      <ResourceState state={state} loadingLabel="Loading the run…">
        {(detail) => {
          const e = detail.execution;
          return (
            <>
              <PageHeader
                back={{ href: hrefOf({ page: "executions" }), label: "Back to executions" }}
                title={
                  <>
                    {e.workflowName} <StatusBadge status={e.status} />
                  </>
                }
                subtitle={
                  <>
                    {e.trigger.toLowerCase().replace("_", "-")} run at “{e.triggerNode}” · started {formatWhen(e.startedAt)} · {formatDuration(e.durationMs)} · {e.nodesExecuted} nodes ·{" "}
                    {e.tokensUsed} tokens · {formatCost(e.costMicros)}
                  </>
                }
                actions={
                  <div className="button-row">
                    {running && (
                      <button type="button" className="button" onClick={cancel}>
                        <Icon name="stop" /> Cancel
                      </button>
                    )}
                    <button type="button" className="button" aria-pressed={e.pinned ?? false} onClick={() => void pin(!e.pinned)} title="A pinned run is kept past retention">
                      {e.pinned ? "Pinned" : "Pin"}
                    </button>
                    <a className="button" href={hrefOf({ page: "workflow", id: e.workflowId })}>
                      Open workflow
                    </a>
                    {!running && e.triggerNode && (
                      <button type="button" className="button" disabled={busy} onClick={() => rerun(e.triggerNode!)}>
                        <Icon name="refresh" /> Run again
                      </button>
                    )}
                  </div>
                }
              >
                {e.rerunOf && (
                  <p className="subtitle">
                    Re-run of <a href={hrefOf({ page: "execution", id: e.rerunOf })}>{e.rerunOf.slice(0, 8)}</a> from “{e.rerunFrom}”
                  </p>
                )}
              </PageHeader>
              {e.error && <ErrorNotice message={e.error} />}
              <section className="card">
                <h2>Steps</h2>
                {detail.steps.length === 0 ? (
                  <p className="hint">No step has been recorded yet.</p>
                ) : (
                  <ol className="steps" aria-label="Steps">
                    {detail.steps.map((s) => (
                      <ExecutionStep key={s.nodeId} step={s} open={open === s.nodeId} toggle={() => setOpen(open === s.nodeId ? null : s.nodeId)} onRerun={running || busy ? null : rerun} />
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
              <ExecutionLog detail={detail} />
            </>
          );
        }}
      </ResourceState>
    </div>
  );
}

function ExecutionLog({ detail }: { detail: ExecutionDetail }) {
  const e = detail.execution;
  return (
    <section className="card">
      <h2>
        Log{" "}
        <span className="muted">
          ({e.logCount} lines{e.logsDropped > 0 ? `, ${e.logsDropped} more not kept` : ""})
        </span>
      </h2>
      {detail.logs.length === 0 && e.logCount > 0 && <p className="hint">The log lines were removed by retention (Settings › Retention); the steps are kept.</p>}
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
  );
}
