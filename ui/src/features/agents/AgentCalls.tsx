// An agent's recent calls, newest first, from wherever they came (playground, workflows, teams):
// how each ended, what it used and cost, how long it took, and what it was asked.
import type { AgentExecution } from "../../bindings";
import { ResourceState } from "../../components/ResourceState";
import { ResourceTable, type Column } from "../../components/ResourceTable";
import { StatusBadge } from "../../components/StatusBadge";
import { formatDuration, formatWhen } from "../../format";
import { formatDollarsExact } from "../../money";
import { hrefOf } from "../../router";
import { useLoad } from "../../state/useLoad";
import { listAgentCalls } from "./api";
import { trimLine } from "./present";

const LIMIT = 20;

function origin(e: AgentExecution): string {
  if (e.teamExecutionId) return "team";
  if (e.workflowExecutionId) return "workflow";
  return "playground";
}

const COLUMNS: Column<AgentExecution>[] = [
  {
    header: "When",
    title: (e) => e.startedAt,
    cell: (e) => (
      <>
        {formatWhen(e.startedAt)}
        <div className="row-sub">{e.workflowExecutionId ? <a href={hrefOf({ page: "execution", id: e.workflowExecutionId })}>{origin(e)}</a> : origin(e)}</div>
      </>
    ),
  },
  { header: "Status", cell: (e) => <StatusBadge status={e.status} /> },
  {
    header: "Task",
    cell: (e) => (
      <>
        <span title={e.task}>{trimLine(e.task) || <span className="muted">(no task)</span>}</span>
        <div className="row-sub">{e.model}</div>
        {e.error && <div className="row-sub error-text">{trimLine(e.error, 160)}</div>}
      </>
    ),
  },
  {
    header: "Tokens in / out",
    num: true,
    cell: (e) => (
      <>
        {e.tokensIn} / {e.tokensOut}
      </>
    ),
  },
  { header: "Cost", num: true, cell: (e) => formatDollarsExact(e.costMicros) },
  { header: "Duration", num: true, cell: (e) => formatDuration(e.durationMs) },
];

/** `version` changes when a call ends, to load the list again. */
export function AgentCalls({ org, agent, version }: { org: string; agent: string; version: number }) {
  const calls = useLoad(() => listAgentCalls(org, agent, LIMIT), [org, agent, version]);
  return (
    <section className="card" aria-labelledby="agent-calls-heading">
      <h2 id="agent-calls-heading">Recent calls</h2>
      <ResourceState
        state={calls}
        loadingLabel="Loading calls…"
        isEmpty={(page) => page.items.length === 0}
        empty={<p className="hint">No calls yet. Ask something in the playground, or use this agent in a workflow or a team.</p>}
      >
        {(page) => (
          <>
            <ResourceTable label="Recent calls" className="agent-calls" rows={page.items} rowKey={(e) => e.id} columns={COLUMNS} />
            {page.total > page.items.length && (
              <p className="hint">
                The {page.items.length} most recent of {page.total} calls.
              </p>
            )}
          </>
        )}
      </ResourceState>
    </section>
  );
}
