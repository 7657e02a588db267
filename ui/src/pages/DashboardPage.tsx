// The first screen of an organization: what is there, and where to go next.
import { useEffect, useState } from "react";
import { call, commands, messageOf } from "../api";
import type { WorkflowSummary } from "../bindings";
import { ErrorNotice, Loading } from "../components/Feedback";
import { Icon } from "../components/icons";
import { hrefOf } from "../router";
import { formatWhen } from "../format";

export function DashboardPage({ org, orgName }: { org: string; orgName: string }) {
  const [recent, setRecent] = useState<WorkflowSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const base = { search: null, tag: null, templateId: null, createdBy: null };
    Promise.all([
      call(commands.listWorkflows(org, { ...base, isActive: null, sort: "updatedDesc", page: { limit: 5, offset: 0 } })),
      call(commands.listWorkflows(org, { ...base, isActive: true, sort: "updatedDesc", page: { limit: 1, offset: 0 } })),
    ])
      .then(([all, activeOnly]) => {
        if (!live) return;
        setRecent(all.items);
        setTotal(all.total);
        setActive(activeOnly.total);
      })
      .catch((e) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [org]);

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
              <span className="stat-value">{total}</span>
              <span className="stat-label">Workflows</span>
            </a>
            <div className="stat">
              <span className="stat-value">{active}</span>
              <span className="stat-label">Active</span>
            </div>
            <div className="stat">
              <span className="stat-value">0</span>
              <span className="stat-label">Runs today</span>
            </div>
            <div className="stat">
              <span className="stat-value">$0.00</span>
              <span className="stat-label">AI spend this month</span>
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
