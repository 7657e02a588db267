// Every run, or one workflow's: filter by status and date, newest first, a page at a time, live as
// runs start and end anywhere.
import { useState } from "react";
import type { ExecutionStatus, WorkflowExecution } from "../../bindings";
import { EmptyState } from "../../components/Feedback";
import { ListPage } from "../../components/ListPage";
import { Pager } from "../../components/Pager";
import { ResourceTable, stopRowClick, type Column } from "../../components/ResourceTable";
import { StatusBadge } from "../../components/StatusBadge";
import { formatCost, formatDuration, formatWhen } from "../../format";
import { hrefOf, navigate } from "../../router";
import { useLoad } from "../../state/useLoad";
import { getWorkflow } from "../workflows/api";
import { listExecutions, useExecutionChanged } from "./api";

const STATUSES: ExecutionStatus[] = ["RUNNING", "COMPLETED", "FAILED", "CANCELLED", "PENDING"];
const PAGE = 50;

/** `yyyy-mm-dd` from a date input, as the start of that day in the user's time zone. */
function dayStart(day: string, plusDays = 0): string | null {
  if (!day) return null;
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

const triggerText = (e: WorkflowExecution) => e.trigger.toLowerCase().replace("_", "-");

const COLUMNS: Column<WorkflowExecution>[] = [
  { header: "Status", cell: (e) => <StatusBadge status={e.status} /> },
  {
    header: "Workflow",
    cell: (e) => (
      <>
        <a href={hrefOf({ page: "execution", id: e.id })} className="row-title" onClick={stopRowClick}>
          {e.workflowName}
        </a>
        {e.error && <div className="row-sub error-text">{e.error}</div>}
      </>
    ),
  },
  { header: "Trigger", cell: triggerText },
  { header: "Started", cell: (e) => formatWhen(e.startedAt), title: (e) => e.startedAt },
  { header: "Duration", num: true, cell: (e) => formatDuration(e.durationMs) },
  { header: "Nodes", num: true, cell: (e) => e.nodesExecuted },
  { header: "Tokens", num: true, cell: (e) => e.tokensUsed },
  { header: "Cost", num: true, cell: (e) => formatCost(e.costMicros) },
];

export function ExecutionsPage({ org, workflow }: { org: string; workflow?: string }) {
  const [status, setStatus] = useState<ExecutionStatus | "">("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [offset, setOffset] = useState(0);
  const runs = useLoad(
    () =>
      listExecutions(org, {
        workflowId: workflow ?? null,
        status: status || null,
        trigger: null,
        since: dayStart(from),
        until: dayStart(to, 1),
        page: { limit: PAGE, offset },
      }),
    [org, workflow, status, from, to, offset],
  );
  const { data: workflowName } = useLoad(async () => (workflow ? (await getWorkflow(org, workflow)).name : null), [org, workflow]);
  // A run started elsewhere (a webhook, a schedule, another window) shows up without a reload.
  useExecutionChanged(() => void runs.load());

  const filtered = status !== "" || from !== "" || to !== "";
  const filter = (change: () => void) => {
    setOffset(0);
    change();
  };
  const toolbar = (
    <div className="toolbar">
      <label className="sort">
        <span>Status</span>
        <select aria-label="Filter by status" value={status} onChange={(e) => filter(() => setStatus(e.target.value as ExecutionStatus | ""))}>
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
        <input type="date" aria-label="Started on or after" value={from} onChange={(e) => filter(() => setFrom(e.target.value))} />
      </label>
      <label className="sort">
        <span>To</span>
        <input type="date" aria-label="Started on or before" value={to} onChange={(e) => filter(() => setTo(e.target.value))} />
      </label>
      {filtered && (
        <button type="button" className="button button-small" onClick={() => filter(() => (setStatus(""), setFrom(""), setTo("")))}>
          Clear filters
        </button>
      )}
    </div>
  );

  return (
    <ListPage
      title={workflowName ? `Executions of ${workflowName}` : "Executions"}
      subtitle="Every run, step by step: what went in, what came out, how long it took and what it cost."
      actions={
        workflow && (
          <a className="button" href={hrefOf({ page: "workflow", id: workflow })}>
            Open workflow
          </a>
        )
      }
      above={toolbar}
      state={runs}
      loadingLabel="Loading executions…"
      isEmpty={(page) => page.items.length === 0}
      empty={
        <EmptyState icon="runs" title={filtered ? "No runs match these filters" : "No runs yet"}>
          {filtered ? "Try another status or dates." : "Run a workflow from its canvas, or activate it to let its webhook and schedule triggers run it."}
        </EmptyState>
      }
    >
      {(page) => (
        <>
          <ResourceTable label="Executions" rows={page.items} rowKey={(e) => e.id} columns={COLUMNS} onRowClick={(e) => navigate({ page: "execution", id: e.id })} />
          <Pager offset={offset} count={page.items.length} total={page.total} pageSize={PAGE} onChange={setOffset} previousLabel="Newer" nextLabel="Older" />
        </>
      )}
    </ListPage>
  );
}
