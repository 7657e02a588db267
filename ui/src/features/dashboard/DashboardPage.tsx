// The first screen of an organization: today's runs, failures and AI spend, what runs now, the
// latest failures, this week's most expensive workflows, and the workflows changed lately. Live:
// a run that ends anywhere — this app, the CLI, `neuroflow serve` — shows here within one read
// (the change feed reaches this window in about 150 ms; the read takes a few).
import { Icon } from "../../components/icons";
import { PageHeader } from "../../components/PageHeader";
import { ResourceState } from "../../components/ResourceState";
import { formatCost, formatWhen } from "../../format";
import { hrefOf } from "../../router";
import { useLiveReload } from "../../state/useLiveReload";
import { useLoad } from "../../state/useLoad";
import { useExecutionChanged } from "../executions/api";
import { listWorkflows } from "../workflows/api";
import { dashboard } from "./api";

export function DashboardPage({ org, orgName }: { org: string; orgName: string }) {
  const state = useLoad(async () => {
    const [recent, figures] = await Promise.all([listWorkflows(org, { search: null, sort: "updatedDesc", limit: 5 }), dashboard(org)]);
    return { recent: recent.items, figures };
  }, [org]);
  const refresh = useLiveReload(state.load);
  useExecutionChanged(refresh);

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
      <ResourceState state={state} isEmpty={() => false} loadingLabel="Reading today's figures…">
        {({ recent, figures: d }) => (
          <>
            <div className="stats" aria-label="Today">
              <a className="stat" href={hrefOf({ page: "workflows" })}>
                <span className="stat-value">{d.workflows}</span>
                <span className="stat-label">Workflows · {d.activeWorkflows} active</span>
              </a>
              <a className="stat" href={hrefOf({ page: "executions" })} data-figure="runs-today">
                <span className="stat-value">{d.today.runs}</span>
                <span className="stat-label">Runs today{d.running > 0 ? ` · ${d.running} running` : ""}</span>
              </a>
              <a className="stat" href={hrefOf({ page: "analytics" })} data-figure="failed-today">
                <span className={d.today.failed ? "stat-value error-text" : "stat-value"}>{d.today.failed}</span>
                <span className="stat-label">Failed today</span>
              </a>
              <a className="stat" href={hrefOf({ page: "analytics" })} data-figure="spend-today">
                <span className="stat-value">{formatCost(d.today.costMicros)}</span>
                <span className="stat-label">AI spend today · {d.today.tokens.toLocaleString("en-US")} tokens</span>
              </a>
            </div>
            <div className="dashboard-grid">
              <section className="card" aria-labelledby="recent-failures">
                <h2 id="recent-failures">Recent failures</h2>
                {d.recentFailures.length === 0 ? (
                  <p className="hint">No failed runs. </p>
                ) : (
                  <ul className="list">
                    {d.recentFailures.map((e) => (
                      <li key={e.id}>
                        <div>
                          <a href={hrefOf({ page: "execution", id: e.id })}>{e.workflowName}</a>
                          {e.error && <div className="row-sub error-text">{e.error}</div>}
                        </div>
                        <span className="muted" title={e.startedAt}>
                          {formatWhen(e.startedAt)}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              <section className="card" aria-labelledby="top-costs">
                <h2 id="top-costs">Top costs · last 7 days</h2>
                {d.topCosts.length === 0 ? (
                  <p className="hint">No AI spend in the last 7 days.</p>
                ) : (
                  <ul className="list">
                    {d.topCosts.map((r) => (
                      <li key={r.key}>
                        <a href={hrefOf({ page: "workflow", id: r.key })}>{r.label}</a>
                        <span className="list-figure">
                          {formatCost(r.costMicros)} <span className="muted">· {r.runs} runs</span>
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
                <p className="hint">
                  <a href={hrefOf({ page: "analytics" })}>Open Analytics</a> for every figure over time.
                </p>
              </section>
              <section className="card" aria-labelledby="recently-updated">
                <h2 id="recently-updated">Recently updated</h2>
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
            </div>
          </>
        )}
      </ResourceState>
    </div>
  );
}
