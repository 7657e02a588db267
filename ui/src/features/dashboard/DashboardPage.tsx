// The first screen of an organization: what is there, and where to go next. Runs started anywhere
// (a webhook, a schedule) update the figures.
import { Icon } from "../../components/icons";
import { PageHeader } from "../../components/PageHeader";
import { ResourceState } from "../../components/ResourceState";
import { formatCost, formatWhen } from "../../format";
import { hrefOf } from "../../router";
import { useLoad } from "../../state/useLoad";
import { useExecutionChanged } from "../executions/api";
import { listWorkflows } from "../workflows/api";
import { orgStats } from "./api";

export function DashboardPage({ org, orgName }: { org: string; orgName: string }) {
  const state = useLoad(async () => {
    const [recent, stats] = await Promise.all([listWorkflows(org, { search: null, sort: "updatedDesc", limit: 5 }), orgStats(org)]);
    return { recent: recent.items, stats };
  }, [org]);
  useExecutionChanged(() => void state.load());

  return (
    <div className="page">
      <PageHeader
        title={orgName}
        subtitle="Everything runs on this computer; nothing leaves it unless you connect a service."
        actions={
          <a className="button button-primary" href={hrefOf({ page: "templates" })}>
            <Icon name="templates" /> Start from a template
          </a>
        }
      />
      <ResourceState state={state} isEmpty={() => false}>
        {({ recent, stats }) => (
          <>
            <div className="stats">
              <a className="stat" href={hrefOf({ page: "workflows" })}>
                <span className="stat-value">{stats.workflows}</span>
                <span className="stat-label">Workflows · {stats.activeWorkflows} active</span>
              </a>
              <a className="stat" href={hrefOf({ page: "executions" })}>
                <span className="stat-value">{stats.runsToday}</span>
                <span className="stat-label">Runs today</span>
              </a>
              <div className="stat">
                <span className={stats.failedToday ? "stat-value error-text" : "stat-value"}>{stats.failedToday}</span>
                <span className="stat-label">Failed today</span>
              </div>
              <div className="stat">
                <span className="stat-value">{formatCost(stats.costMonthMicros)}</span>
                <span className="stat-label">AI spend this month · {stats.tokensMonth} tokens</span>
              </div>
            </div>
            <section className="card">
              <h2>Recently updated</h2>
              {recent.length === 0 ? (
                <p className="hint">
                  No workflows yet. <a href={hrefOf({ page: "templates" })}>Start from a template</a> — speed-to-lead, open-house follow-up, listing copy and more — or{" "}
                  <a href={hrefOf({ page: "workflows" })}>build your own</a>.
                </p>
              ) : (
                <ul className="list">
                  {recent.map((w) => (
                    <li key={w.id}>
                      <a href={hrefOf({ page: "workflow", id: w.id })}>
                        <Icon name="workflows" /> {w.name}
                      </a>
                      <span className="muted">{formatWhen(w.updatedAt)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </ResourceState>
    </div>
  );
}
