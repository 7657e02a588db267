// Running a team from its page: a task, Run and Stop; each member's contribution appears as it
// arrives (streamed text first, then its recorded status, tokens, cost and time), with the leader's
// delegations and the vote when the structure has them; at the end the team's answer and its totals.
// What stops a team from running is said before the run, and the app's refusal is shown as it said it.
import { useState, type FormEvent, type KeyboardEvent } from "react";
import type { AgentTeam, TeamExecution, TeamMember } from "../../bindings";
import { ErrorNotice } from "../../components/Feedback";
import { Icon } from "../../components/icons";
import { StatusBadge } from "../../components/StatusBadge";
import { useToast } from "../../components/Toasts";
import { formatDuration } from "../../format";
import { formatDollarsExact } from "../../money";
import { useAction } from "../../state/useAction";
import { useSubmit } from "../../state/useSubmit";
import { cancelTeamRun, runTeam } from "./api";
import { mergedBy, resultText } from "./entries";
import { RunItems } from "./RunItems";
import { idleTeamRun, reduceTeamRun, type TeamRunView } from "./runView";

interface Props {
  org: string;
  team: AgentTeam;
  members: TeamMember[];
  /** Why the team cannot run yet (empty when it can). */
  problems: string[];
  onFinished: (run: TeamExecution) => void;
}

export function RunPanel({ org, team, members, problems, onFinished }: Props) {
  const toast = useToast();
  const act = useAction();
  const [task, setTask] = useState("");
  const [view, setView] = useState<TeamRunView>(idleTeamRun);
  const [stopping, setStopping] = useState(false);
  const { busy: running, error, setError, run: submit } = useSubmit();

  const run = (event?: FormEvent) => {
    event?.preventDefault();
    if (running) return;
    if (!task.trim()) return setError("Write the task for the team first.");
    setStopping(false);
    setView(idleTeamRun);
    void submit(async () => {
      const done = await runTeam(org, team.id, task, (e) => setView((v) => reduceTeamRun(v, e, performance.now())));
      setView((v) => (v.finished ? v : { ...v, executionId: done.id, finished: done }));
      onFinished(done);
    });
  };

  const stop = async () => {
    const executionId = view.executionId;
    if (!executionId) return;
    setStopping(true);
    const asked = await act(async () => {
      if (!(await cancelTeamRun(executionId))) toast("info", "The run had already finished.");
    });
    if (!asked) setStopping(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void run();
  };

  const roleOf = (agentId: string) => members.find((m) => m.agentId === agentId)?.role;
  const finished = view.finished;

  return (
    <section className="card" aria-labelledby="team-run-title">
      <h2 id="team-run-title">Run</h2>
      {problems.length > 0 && (
        <div className="notice notice-warning" role="note" aria-label="Before this team can run">
          <Icon name="alert" />
          <div>
            <p>Before this team can run:</p>
            <ul className="team-problems">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
      <form className="form" onSubmit={run}>
        <label htmlFor="team-task">Task</label>
        <textarea
          id="team-task"
          rows={4}
          value={task}
          placeholder="What should the team do? e.g. Write a listing description for 12 Elm Street from these notes: …"
          onChange={(e) => (setTask(e.target.value), setError(null))}
          onKeyDown={onKeyDown}
          aria-describedby="team-task-hint"
        />
        <p id="team-task-hint" className="hint">
          Ctrl+Enter runs it. Every member call is recorded with its tokens and cost.
        </p>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={running}>
            <Icon name="runs" /> {running ? "Running…" : "Run"}
          </button>
          {running && (
            <button type="button" className="button" onClick={stop} disabled={!view.executionId || stopping}>
              <Icon name="stop" /> {stopping ? "Stopping…" : "Stop"}
            </button>
          )}
        </div>
      </form>
      {error && <ErrorNotice message={error} />}
      {running && view.items.length === 0 && (
        <p className="running-line">
          <span className="spinner" aria-hidden="true" /> {view.executionId ? "Waiting for the first member…" : "Starting…"}
        </p>
      )}
      {view.items.length > 0 && (
        <>
          <h3>Contributions</h3>
          <RunItems items={view.items} label="Contributions" roleOf={roleOf} live />
        </>
      )}
      {finished && <RunResult run={finished} />}
    </section>
  );
}

/** A finished run: status, totals and the team's answer. */
export function RunResult({ run }: { run: TeamExecution }) {
  const text = resultText(run.output);
  const merger = mergedBy(run.output);
  return (
    <section className="team-result" aria-label="Result">
      <h3>
        Result <StatusBadge status={run.status} />
      </h3>
      <p className="team-totals">
        <span>{run.tokensUsed} tokens</span>
        <span>{formatDollarsExact(run.costMicros)}</span>
        <span>{formatDuration(run.durationMs)}</span>
      </p>
      {run.status === "CANCELLED" && <p className="hint">The run was stopped; what finished before is kept above.</p>}
      {run.error && run.status !== "CANCELLED" && <ErrorNotice message={run.error} />}
      {text !== null && <div className="team-output team-final">{text}</div>}
      {merger && <p className="hint">Merged by {merger}.</p>}
    </section>
  );
}
