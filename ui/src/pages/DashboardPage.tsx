// The first screen of an organization: what is there, and where to go next.
import { useEffect, useState } from "react";
import { call, commands, messageOf } from "../api";
import { events, type OrgStats, type WorkflowSummary } from "../bindings";
import { ErrorNotice, Loading } from "../components/Feedback";
import { Icon } from "../components/icons";
import { hrefOf } from "../router";
import { formatCost, formatWhen } from "../format";

export function DashboardPage({ org, orgName }: { org: string; orgName: string }) {
  const [recent, setRecent] = useState<WorkflowSummary[] | null>(null);
  const [stats, setStats] = useState<OrgStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    const base = { search: null, tag: null, templateId: null, createdBy: null };
    Promise.all([
      call(commands.listWorkflows(org, { ...base, isActive: null, sort: "updatedDesc", page: { limit: 5, offset: 0 } })),
      call(commands.orgStats(org)),
    ])
      .then(([all, numbers]) => {
        if (!live) return;
        setRecent(all.items);
        setStats(numbers);
      })
      .catch((e) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [org, tick]);

  // Runs started anywhere (a webhook, a schedule) update the numbers.
  useEffect(() => {
    const unlisten = events.executionChanged.listen(() => setTick((t) => t + 1));
    return () => void unlisten.then((stop) => stop());
  }, []);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{orgName}</h1>
          <p className="subtitle">Everything runs on this computer; nothing leaves it unless you connect a service.</p>
        </div>
      </header>
      {error && <ErrorNotice message={error} />}
      {!error && recent === null && <Loading />}
      {recent !== null && (
        <>
          <div className="stats">
            <a className="stat" href={hrefOf({ page: "workflows" })}>
              <span className="stat-value">{stats?.workflows ?? 0}</span>
              <span className="stat-label">Workflows · {stats?.activeWorkflows ?? 0} active</span>
            </a>
            <a className="stat" href={hrefOf({ page: "executions" })}>
              <span className="stat-value">{stats?.runsToday ?? 0}</span>
              <span className="stat-label">Runs today</span>
            </a>
            <div className="stat">
              <span className={stats?.failedToday ? "stat-value error-text" : "stat-value"}>{stats?.failedToday ?? 0}</span>
              <span className="stat-label">Failed today</span>
            </div>
            <div className="stat">
              <span className="stat-value">{formatCost(stats?.costMonthMicros ?? 0)}</span>
              <span className="stat-label">AI spend this month · {stats?.tokensMonth ?? 0} tokens</span>
            </div>
          </div>
          <section className="card">
            <h2>Recently updated</h2>
            {recent.length === 0 ? (
              <p className="hint">
                No workflows yet. <a href={hrefOf({ page: "workflows" })}>Import one</a> to get started.
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
    </div>
  );
}
