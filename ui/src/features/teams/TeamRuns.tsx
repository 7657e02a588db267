// A team's recent runs, newest first: status, structure, tokens, exact cost and time at a glance;
// opened, the task, the team's answer and every member's recorded contribution (with delegations
// and votes).
import { useState } from "react";
import type { TeamExecution } from "../../bindings";
import { ResourceState } from "../../components/ResourceState";
import { StepItem } from "../../components/StepItem";
import { formatDuration, formatWhen } from "../../format";
import { formatDollarsExact } from "../../money";
import { useLoad } from "../../state/useLoad";
import { listTeamRuns } from "./api";
import { RunItems, itemsOf } from "./RunItems";
import { RunResult } from "./RunPanel";
import { structureOf } from "./structures";

const LIMIT = 20;

/** `version` changes when a run finishes, to read the list again. */
export function TeamRuns({ org, teamId, version }: { org: string; teamId: string; version: number }) {
  const runs = useLoad(async () => {
    const page = await listTeamRuns(org, teamId, LIMIT);
    return [...page.items].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }, [org, teamId, version]);
  const [open, setOpen] = useState<string | null>(null);

  return (
    <section className="card" aria-labelledby="team-runs-title">
      <h2 id="team-runs-title">Recent runs</h2>
      <ResourceState state={runs} loadingLabel="Loading runs…" empty={<p className="hint">No runs yet. Each run is kept here with every member's contribution.</p>}>
        {(items) => (
          <ol className="steps" aria-label="Recent runs">
            {items.map((r) => (
              <RunRow key={r.id} run={r} open={open === r.id} toggle={() => setOpen(open === r.id ? null : r.id)} />
            ))}
          </ol>
        )}
      </ResourceState>
    </section>
  );
}

function RunRow({ run, open, toggle }: { run: TeamExecution; open: boolean; toggle: () => void }) {
  return (
    <StepItem
      status={run.status}
      open={open}
      toggle={toggle}
      bodyClassName="team-run-body"
      head={
        <>
          <span className="step-name team-run-task">{run.task}</span>
          <span className="muted">
            {structureOf(run.pattern).label} · <span title={run.startedAt}>{formatWhen(run.startedAt)}</span>
          </span>
          <span className="step-meta">
            {run.tokensUsed} tokens · {formatDollarsExact(run.costMicros)} · {formatDuration(run.durationMs)}
          </span>
        </>
      }
    >
      <div>
        <h3>Task</h3>
        <div className="team-output">{run.task}</div>
      </div>
      <RunResult run={run} />
      <h3>Contributions</h3>
      {run.agentResults.length === 0 ? (
        <p className="hint">No member finished a call in this run.</p>
      ) : (
        <RunItems items={itemsOf(run.agentResults)} label={`Contributions to the run of ${formatWhen(run.startedAt)}`} />
      )}
    </StepItem>
  );
}
