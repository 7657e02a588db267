// What a team run did, entry by entry: each member's call (name, role, phase, status, what it
// wrote, tokens, exact cost, time), the leader's delegations and the vote. Used live by the run
// panel and afterwards by the list of recent runs.
import type { Value } from "../../bindings";
import { StatusBadge } from "../../components/StatusBadge";
import { formatDuration } from "../../format";
import { formatDollarsExact } from "../../money";
import { hrefOf } from "../../router";
import { parseEntry, phaseLabel, type Delegation, type Tally } from "./entries";
import type { MemberCall, RunItem } from "./runView";
import { roleLabel } from "./structures";

/** A recorded run's agent_results as the items the panel shows (no timings: they are not recorded). */
export function itemsOf(results: Value[]): RunItem[] {
  return results.map((value, n) => {
    const entry = parseEntry(value);
    if (entry.kind !== "member") return entry;
    return { kind: "call", key: `${entry.agentId}/${entry.phase}/${n}`, agentId: entry.agentId, agentName: entry.agentName, phase: entry.phase, text: "", startedAt: 0, durationMs: entry.durationMs, entry, stopped: false };
  });
}

interface Props {
  items: RunItem[];
  label: string;
  /** A member's role, for calls still running (their record, which says it, comes at the end). */
  roleOf?: (agentId: string) => string | undefined;
  /** Announce new entries to screen readers (the live run). */
  live?: boolean;
}

export function RunItems({ items, label, roleOf, live }: Props) {
  return (
    <ol className="team-items" aria-label={label} aria-live={live ? "polite" : undefined} aria-relevant={live ? "additions" : undefined}>
      {items.map((item, n) => (
        <li key={item.kind === "call" ? item.key : `${item.kind}-${n}`}>
          {item.kind === "call" && <CallCard call={item} role={item.entry?.role || roleOf?.(item.agentId) || ""} />}
          {item.kind === "delegation" && <DelegationCard plan={item} />}
          {item.kind === "tally" && <TallyCard tally={item} />}
        </li>
      ))}
    </ol>
  );
}

function CallCard({ call, role }: { call: MemberCall; role: string }) {
  const entry = call.entry;
  const status = entry?.status ?? (call.stopped ? "CANCELLED" : "RUNNING");
  const text = entry ? entry.output : call.text;
  return (
    <article className={`team-call team-call-${status.toLowerCase()}`} aria-label={`${call.agentName}, ${phaseLabel(call.phase)}`}>
      <header className="team-call-head">
        <a className="row-title" href={hrefOf({ page: "agents", id: call.agentId })}>
          {call.agentName}
        </a>
        {role && <span className="badge">{roleLabel(role)}</span>}
        <span className="muted">{phaseLabel(call.phase)}</span>
        <StatusBadge status={status} />
        {entry && (
          <span className="step-meta">
            {entry.tokensUsed} tokens · {formatDollarsExact(entry.costMicros)}
            {call.durationMs !== null && ` · ${formatDuration(call.durationMs)}`}
          </span>
        )}
        {!entry && status === "RUNNING" && (
          <span className="step-meta running-line">
            <span className="spinner" aria-hidden="true" /> working…
          </span>
        )}
      </header>
      {text ? <div className="team-output">{text}</div> : null}
      {entry?.error && <p className="error-text team-error">{entry.error}</p>}
    </article>
  );
}

function DelegationCard({ plan }: { plan: Delegation }) {
  return (
    <article className="team-note" aria-label="Delegation">
      <p className="team-note-title">
        <a href={hrefOf({ page: "agents", id: plan.agentId })}>{plan.agentName}</a> delegated {plan.delegations.length} subtask{plan.delegations.length === 1 ? "" : "s"}
      </p>
      <ul className="team-delegations">
        {plan.delegations.map((d, n) => (
          <li key={`${d.agentId}-${n}`}>
            <span aria-hidden="true">→ </span>
            <a href={hrefOf({ page: "agents", id: d.agentId })}>{d.agentName}</a>: {d.task}
          </li>
        ))}
      </ul>
      {plan.refused.length > 0 && (
        <p className="hint">
          {plan.refused.length} item{plan.refused.length === 1 ? "" : "s"} of the plan named nobody in the team (or no task) and {plan.refused.length === 1 ? "was" : "were"} dropped.
        </p>
      )}
    </article>
  );
}

function TallyCard({ tally }: { tally: Tally }) {
  // Members vote in priority order and propose in the same order, so proposal n is the n-th voter's.
  const authorOf = (proposal: number) => tally.votes[proposal - 1]?.voter ?? `#${proposal}`;
  const top = tally.counts[tally.winner - 1] ?? 0;
  return (
    <article className="team-note" aria-label="Vote">
      <p className="team-note-title">
        Proposal {tally.winner} by {tally.winnerName} wins with {top} vote{top === 1 ? "" : "s"}
        {tally.tieBrokenByPriority && " (a tie, broken by priority)"}
      </p>
      <table className="table team-votes" aria-label="Votes">
        <thead>
          <tr>
            <th>Voter</th>
            <th>Voted for</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {tally.votes.map((v, n) => (
            <tr key={`${v.voter}-${n}`}>
              <td>{v.voter}</td>
              <td>{v.abstained || v.proposal === null ? <span className="muted">abstained</span> : `Proposal ${v.proposal} (${v.forName ?? authorOf(v.proposal)})`}</td>
              <td>{v.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        Counts:{" "}
        {tally.counts.map((c, n) => `proposal ${n + 1} (${authorOf(n + 1)}) ${c}`).join(" · ")}
      </p>
    </article>
  );
}
