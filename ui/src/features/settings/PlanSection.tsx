// Settings › Workspace › Plan, for a connected organization: the plan, what it allows, what the
// organization uses of it this month (the workspace counts), and every plan side by side. The OWNER
// moves the organization to another plan after confirming, and is told first what a smaller plan
// would be under: what exists stays, more is refused. Everyone else sees who can change it.
import { useState } from "react";
import type { PlanChoice_Serialize, WorkspacePlan_Serialize } from "../../bindings";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ResourceState } from "../../components/ResourceState";
import { formatCount } from "../../format";
import { useLoad } from "../../state/useLoad";
import * as api from "./workspaceApi";

const limit = (n: number | null) => (n === null ? "unlimited" : formatCount(n));

/** `onChanged`: the sync status re-reads the plan this machine enforces. */
export function PlanSection({ org, onChanged }: { org: string; onChanged?: () => void }) {
  const plan = useLoad<WorkspacePlan_Serialize>(() => api.workspacePlan(org), [org]);
  return (
    <section aria-labelledby="plan-heading">
      <h3 id="plan-heading">Plan</h3>
      <ResourceState state={plan} loadingLabel="Loading the plan…" isEmpty={() => false} errorText={(m) => `The plan could not be read: ${m}`}>
        {(p) => (
          <PlanTable
            org={org}
            current={p}
            onChanged={(next) => {
              plan.setData(next);
              onChanged?.();
            }}
          />
        )}
      </ResourceState>
    </section>
  );
}

/** "1 agent", "1,234 workflows". */
const amount = (n: number, what: string) => `${formatCount(n)} ${what}${n === 1 ? "" : "s"}`;

/** What the organization holds that `to` allows less of, in words. */
export function overLimits(current: WorkspacePlan_Serialize, to: PlanChoice_Serialize): string[] {
  const { workflows, agents, executions } = current.usage;
  const l = to.limits;
  const held: [number, number | null, string][] = [
    [workflows, l.workflows, amount(workflows, "workflow")],
    [agents, l.agents, amount(agents, "agent")],
    [executions, l.executionsPerMonth, `${amount(executions, "run")} this month`],
  ];
  return held.filter(([n, max]) => max !== null && n > max).map(([, max, what]) => `${what}, where ${to.plan} allows ${formatCount(max ?? 0)}`);
}

function PlanTable({ org, current, onChanged }: { org: string; current: WorkspacePlan_Serialize; onChanged: (p: WorkspacePlan_Serialize) => void }) {
  const [moving, setMoving] = useState<PlanChoice_Serialize | null>(null);
  const u = current.usage;
  const month = new Date(`${u.month}T00:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
  return (
    <>
      <dl className="facts" aria-label="Usage">
        <dt>Workflows</dt>
        <dd>
          {formatCount(u.workflows)} of {limit(current.limits.workflows)}
        </dd>
        <dt>Agents</dt>
        <dd>
          {formatCount(u.agents)} of {limit(current.limits.agents)}
        </dd>
        <dt>Runs in {month}</dt>
        <dd>
          {formatCount(u.executions)} of {limit(current.limits.executionsPerMonth)}
        </dd>
      </dl>
      <table className="table" aria-label="Plans">
        <thead>
          <tr>
            <th scope="col">Plan</th>
            <th scope="col">Workflows</th>
            <th scope="col">Agents and teams</th>
            <th scope="col">Runs a month</th>
            {current.canChange && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {current.plans.map((c) => (
            <tr key={c.plan} aria-current={c.plan === current.plan ? "true" : undefined}>
              <td>
                {c.plan}
                {c.plan === current.plan && (
                  <>
                    {" "}
                    <span className="badge">current</span>
                  </>
                )}
              </td>
              <td>{limit(c.limits.workflows)}</td>
              <td>{c.limits.aiHub ? limit(c.limits.agents) : "none"}</td>
              <td>{limit(c.limits.executionsPerMonth)}</td>
              {current.canChange && (
                <td>
                  {c.plan !== current.plan && (
                    <button type="button" className="button button-small" onClick={() => setMoving(c)}>
                      Move to {c.plan}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {!current.canChange && (
        <p className="hint">
          Your role is {current.yourRole ?? "not known yet"}. Only the OWNER can change the plan.
        </p>
      )}
      {moving && <MoveDialog org={org} current={current} to={moving} onClose={() => setMoving(null)} onMoved={onChanged} />}
    </>
  );
}

interface MoveProps {
  org: string;
  current: WorkspacePlan_Serialize;
  to: PlanChoice_Serialize;
  onClose: () => void;
  onMoved: (p: WorkspacePlan_Serialize) => void;
}

function MoveDialog({ org, current, to, onClose, onMoved }: MoveProps) {
  const over = overLimits(current, to);
  const loses = !to.limits.aiHub && current.limits.aiHub;
  return (
    <ConfirmDialog
      title={`Move to ${to.plan}?`}
      confirmLabel={`Move to ${to.plan}`}
      busyLabel="Changing the plan…"
      onClose={onClose}
      onConfirm={async () => {
        const next = await api.setWorkspacePlan(org, to.plan);
        onClose();
        onMoved(next);
      }}
    >
      <p>
        The organization moves from {current.plan} to {to.plan}: {limit(to.limits.workflows)} workflows, {to.limits.aiHub ? `${limit(to.limits.agents)} agents` : "no agents or teams"},{" "}
        {limit(to.limits.executionsPerMonth)} runs a month. Every member&apos;s app enforces it after their next sync.
      </p>
      {(over.length > 0 || loses) && (
        <div role="note" aria-label="Over the new plan">
          <p>
            <strong>It holds more than {to.plan} allows:</strong>
          </p>
          <ul>
            {over.map((o) => (
              <li key={o}>{o}</li>
            ))}
            {loses && <li>agents and teams can no longer be added, changed or run</li>}
          </ul>
          <p>What exists stays; anything more is refused until the organization is under the limit or on a larger plan.</p>
        </div>
      )}
    </ConfirmDialog>
  );
}
