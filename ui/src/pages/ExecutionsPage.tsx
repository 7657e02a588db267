// Every run, or one workflow's: filter by status and date, newest first, live as runs start and end.
import { useCallback, useEffect, useState } from "react";
import { call, commands, messageOf } from "../api";
import { events, type ExecutionStatus, type WorkflowExecution } from "../bindings";
import { EmptyState, ErrorNotice, Loading } from "../components/Feedback";
import { StatusBadge } from "../components/StatusBadge";
import { formatCost, formatDuration, formatWhen } from "../format";
import { hrefOf, navigate } from "../router";

const STATUSES: ExecutionStatus[] = ["RUNNING", "COMPLETED", "FAILED", "CANCELLED", "PENDING"];
const PAGE = 50;

/** `yyyy-mm-dd` from a date input, as the start of that day in the user's time zone. */
function dayStart(day: string, plusDays = 0): string | null {
  if (!day) return null;
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function ExecutionsPage({ org, workflow }: { org: string; workflow?: string }) {
  const [status, setStatus] = useState<ExecutionStatus | "">("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [offset, setOffset] = useState(0);
  const [items, setItems] = useState<WorkflowExecution[] | null>(null);
  const [total, setTotal] = useState(0);
  const [workflowName, setWorkflowName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const page = await call(
        commands.listExecutions(org, {
          workflowId: workflow ?? null,
          status: status || null,
          trigger: null,
          since: dayStart(from),
          until: dayStart(to, 1),
          page: { limit: PAGE, offset },
        }),
      );
      setItems(page.items);
      setTotal(page.total);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [org, workflow, status, from, to, offset]);

  useEffect(() => {
    void load();
  }, [load]);

  // Refresh when any run starts or ends (a webhook, a schedule, another window).
  useEffect(() => {
    const unlisten = events.executionChanged.listen(() => void load());
    return () => void unlisten.then((stop) => stop());
  }, [load]);

  useEffect(() => {
    if (!workflow) return setWorkflowName(null);
    call(commands.getWorkflow(org, workflow)).then((w) => setWorkflowName(w.name), () => setWorkflowName(null));
  }, [org, workflow]);

  const filtered = status !== "" || from !== "" || to !== "";
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{workflowName ? `Executions of ${workflowName}` : "Executions"}</h1>
          <p className="subtitle">Every run, step by step: what went in, what came out, how long it took and what it cost.</p>
        </div>
        {workflow && (
          <a className="button" href={hrefOf({ page: "workflow", id: workflow })}>
            Open workflow
          </a>
        )}
      </header>
      <div className="toolbar">
        <label className="sort">
          <span>Status</span>
          <select aria-label="Filter by status" value={status} onChange={(e) => (setOffset(0), setStatus(e.target.value as ExecutionStatus | ""))}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.charAt(0) + s.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label className="sort">
          <span>From</span>
          <input type="date" aria-label="Started on or after" value={from} onChange={(e) => (setOffset(0), setFrom(e.target.value))} />
        </label>
        <label className="sort">
          <span>To</span>
          <input type="date" aria-label="Started on or before" value={to} onChange={(e) => (setOffset(0), setTo(e.target.value))} />
        </label>
        {filtered && (
          <button type="button" className="button button-small" onClick={() => (setStatus(""), setFrom(""), setTo(""), setOffset(0))}>
            Clear filters
          </button>
        )}
      </div>
      {error && <ErrorNotice message={error} onRetry={load} />}
      {!error && items === null && <Loading label="Loading executions…" />}
      {items !== null && items.length === 0 && (
        <EmptyState icon="runs" title={filtered ? "No runs match these filters" : "No runs yet"}>
          {filtered ? "Try another status or dates." : "Run a workflow from its canvas, or activate it to let its webhook and schedule triggers run it."}
        </EmptyState>
      )}
      {items !== null && items.length > 0 && (
        <>
          <table className="table" aria-label="Executions">
            <thead>
              <tr>
                <th>Status</th>
                <th>Workflow</th>
                <th>Trigger</th>
                <th>Started</th>
                <th className="num">Duration</th>
                <th className="num">Nodes</th>
                <th className="num">Tokens</th>
                <th className="num">Cost</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} className="clickable" onClick={() => navigate({ page: "execution", id: e.id })}>
                  <td>
                    <StatusBadge status={e.status} />
                  </td>
                  <td>
                    <a href={hrefOf({ page: "execution", id: e.id })} className="row-title" onClick={(ev) => ev.stopPropagation()}>
                      {e.workflowName}
                    </a>
                    {e.error && <div className="row-sub error-text">{e.error}</div>}
                  </td>
                  <td>{e.trigger.toLowerCase().replace("_", "-")}</td>
                  <td title={e.startedAt}>{formatWhen(e.startedAt)}</td>
                  <td className="num">{formatDuration(e.durationMs)}</td>
                  <td className="num">{e.nodesExecuted}</td>
                  <td className="num">{e.tokensUsed}</td>
                  <td className="num">{formatCost(e.costMicros)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <span className="hint">
              {offset + 1}–{offset + items.length} of {total}
            </span>
            <button type="button" className="button button-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Newer
            </button>
            <button type="button" className="button button-small" disabled={offset + items.length >= total} onClick={() => setOffset(offset + PAGE)}>
              Older
            </button>
          </div>
        </>
      )}
    </div>
  );
}
