// An agent's recent calls, newest first, from wherever they came (playground, workflows, teams):
// how each ended, what it used and cost, how long it took, and what it was asked.
import { useLoad } from "../state/useLoad";
import { call, commands } from "../api";
import type { AgentExecution } from "../bindings";
import { ErrorNotice, Loading } from "../components/Feedback";
import { StatusBadge } from "../components/StatusBadge";
import { formatDuration, formatWhen } from "../format";
import { formatDollarsExact } from "../money";
import { hrefOf } from "../router";
import { trimLine } from "./present";

const LIMIT = 20;

function origin(e: AgentExecution): string {
  if (e.teamExecutionId) return "team";
  if (e.workflowExecutionId) return "workflow";
  return "playground";
}

/** `version` changes when a call ends, to load the list again. */
export function AgentCalls({ org, agent, version }: { org: string; agent: string; version: number }) {
  const { data: page, error, load } = useLoad(
    () => call(commands.listAgentExecutions(org, { agentId: agent, page: { limit: LIMIT, offset: 0 } })),
    [org, agent, version],
  );
  const items = page?.items ?? null;
  const total = page?.total ?? 0;

  return (
    <section className="card" aria-labelledby="agent-calls-heading">
      <h2 id="agent-calls-heading">Recent calls</h2>
      {error && <ErrorNotice message={error} onRetry={load} />}
      {!error && items === null && <Loading label="Loading calls…" />}
      {items !== null && items.length === 0 && <p className="hint">No calls yet. Ask something in the playground, or use this agent in a workflow or a team.</p>}
      {items !== null && items.length > 0 && (
        <>
          <table className="table agent-calls" aria-label="Recent calls">
            <thead>
              <tr>
                <th>When</th>
                <th>Status</th>
                <th>Task</th>
                <th className="num">Tokens in / out</th>
                <th className="num">Cost</th>
                <th className="num">Duration</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td title={e.startedAt}>
                    {formatWhen(e.startedAt)}
                    <div className="row-sub">
                      {e.workflowExecutionId ? <a href={hrefOf({ page: "execution", id: e.workflowExecutionId })}>{origin(e)}</a> : origin(e)}
                    </div>
                  </td>
                  <td>
                    <StatusBadge status={e.status} />
                  </td>
                  <td>
                    <span title={e.task}>{trimLine(e.task) || <span className="muted">(no task)</span>}</span>
                    <div className="row-sub">{e.model}</div>
                    {e.error && <div className="row-sub error-text">{trimLine(e.error, 160)}</div>}
                  </td>
                  <td className="num">
                    {e.tokensIn} / {e.tokensOut}
                  </td>
                  <td className="num">{formatDollarsExact(e.costMicros)}</td>
                  <td className="num">{formatDuration(e.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {total > items.length && <p className="hint">The {items.length} most recent of {total} calls.</p>}
        </>
      )}
    </section>
  );
}
