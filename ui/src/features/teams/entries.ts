// A team run's record, read: each entry of agent_results is a member's contribution, the leader's
// delegation plan (hierarchical) or the vote tally (democratic). The app writes them as JSON; this
// turns them into typed values once, so screens never guess at fields.
import type { Value } from "../../bindings";

export interface Contribution {
  kind: "member";
  agentId: string;
  agentName: string;
  role: string;
  phase: string;
  status: string;
  output: string | null;
  error: string | null;
  tokensUsed: number;
  costMicros: number;
  /** How long the member's call took, as recorded (absent from runs recorded before it was). */
  durationMs: number | null;
}

export interface Delegation {
  kind: "delegation";
  agentId: string;
  agentName: string;
  delegations: { agentId: string; agentName: string; task: string }[];
  /** Items of the plan naming nobody in the team (or no task), as the leader wrote them. */
  refused: Value[];
}

export interface Vote {
  voter: string;
  proposal: number | null;
  forName: string | null;
  reason: string;
  abstained: boolean;
}

export interface Tally {
  kind: "tally";
  votes: Vote[];
  counts: number[];
  winner: number;
  winnerName: string;
  tieBrokenByPriority: boolean;
}

export type Entry = Contribution | Delegation | Tally;

type Obj = { [key in string]: Value };

const isObj = (v: Value | undefined): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: Value | undefined): string => (typeof v === "string" ? v : "");
const num = (v: Value | undefined): number => (typeof v === "number" ? v : 0);
const arr = (v: Value | undefined): Value[] => (Array.isArray(v) ? v : []);

export function parseEntry(value: Value): Entry {
  const o = isObj(value) ? value : {};
  if (o.phase === "delegation") {
    return {
      kind: "delegation",
      agentId: str(o.agentId),
      agentName: str(o.agentName),
      delegations: arr(o.delegations)
        .filter(isObj)
        .map((d) => ({ agentId: str(d.agentId), agentName: str(d.agentName), task: str(d.task) })),
      refused: arr(o.refused),
    };
  }
  if (o.phase === "tally") {
    return {
      kind: "tally",
      votes: arr(o.votes)
        .filter(isObj)
        .map((v) => ({
          voter: str(v.voter),
          proposal: typeof v.proposal === "number" ? v.proposal : null,
          forName: typeof v.for === "string" ? v.for : null,
          reason: str(v.reason),
          abstained: v.abstained === true,
        })),
      counts: arr(o.counts).map((c) => num(c)),
      winner: num(o.winner),
      winnerName: str(o.winnerName),
      tieBrokenByPriority: o.tieBrokenByPriority === true,
    };
  }
  return {
    kind: "member",
    agentId: str(o.agentId),
    agentName: str(o.agentName),
    role: str(o.role),
    phase: str(o.phase),
    status: str(o.status) || "COMPLETED",
    output: typeof o.output === "string" ? o.output : null,
    error: typeof o.error === "string" ? o.error : null,
    tokensUsed: num(o.tokensUsed),
    costMicros: num(o.costMicros),
    durationMs: typeof o.durationMs === "number" ? o.durationMs : null,
  };
}

/** The team's answer from a run's output (`{result, …}`), as text. */
export function resultText(output: Value | null | undefined): string | null {
  if (output === null || output === undefined) return null;
  if (isObj(output) && typeof output.result === "string") return output.result;
  return typeof output === "string" ? output : JSON.stringify(output, null, 2);
}

/** Who merged a collaborative run's answers, when the output says. */
export function mergedBy(output: Value | null | undefined): string | null {
  return isObj(output) && typeof output.mergedBy === "string" ? output.mergedBy : null;
}

/** A phase as people read it: "step 2" → "Step 2", "subtask" → "Subtask". */
export function phaseLabel(phase: string): string {
  return phase ? phase.charAt(0).toUpperCase() + phase.slice(1) : "";
}
