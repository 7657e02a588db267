// Following a team run as its events arrive on a Tauri channel (see runTeam in api.ts): a reducer
// turns them into the list the run panel shows — each member's call (running with its streamed text,
// then its recorded contribution), the leader's delegations and the vote tally, in the order they
// happened. Kept free of React so it is tested alone.
import type { TeamEvent, TeamExecution, TeamStructure } from "../../bindings";
import { parseEntry, type Contribution, type Delegation, type Tally } from "./entries";

export interface MemberCall {
  kind: "call";
  /** agent id / phase: unique within a run. */
  key: string;
  agentId: string;
  agentName: string;
  phase: string;
  /** What the member has written so far (streamed). */
  text: string;
  startedAt: number;
  durationMs: number | null;
  /** The recorded contribution, once the call finished. */
  entry: Contribution | null;
  /** Stopped by the end of the run before it finished. */
  stopped: boolean;
}

export type RunItem = MemberCall | Delegation | Tally;

export interface TeamRunView {
  executionId: string | null;
  pattern: TeamStructure | null;
  items: RunItem[];
  finished: TeamExecution | null;
}

export const idleTeamRun: TeamRunView = { executionId: null, pattern: null, items: [], finished: null };

const keyOf = (agentId: string, phase: string) => `${agentId}/${phase}`;

/** Folds one event into the view; `now` (ms) times each member's call. */
export function reduceTeamRun(view: TeamRunView, event: TeamEvent, now: number): TeamRunView {
  switch (event.type) {
    case "started":
      return { ...idleTeamRun, executionId: event.teamExecutionId, pattern: event.pattern };
    case "memberStarted": {
      const item: MemberCall = {
        kind: "call",
        key: keyOf(event.agentId, event.phase),
        agentId: event.agentId,
        agentName: event.agentName,
        phase: event.phase,
        text: "",
        startedAt: now,
        durationMs: null,
        entry: null,
        stopped: false,
      };
      return { ...view, items: [...view.items, item] };
    }
    case "memberToken": {
      const key = keyOf(event.agentId, event.phase);
      return { ...view, items: view.items.map((i) => (i.kind === "call" && i.key === key && !i.entry ? { ...i, text: i.text + event.text } : i)) };
    }
    case "contribution": {
      const entry = parseEntry(event.entry);
      if (entry.kind !== "member") return { ...view, items: [...view.items, entry] };
      const key = keyOf(entry.agentId, entry.phase);
      const index = view.items.findIndex((i) => i.kind === "call" && i.key === key && !i.entry);
      if (index < 0) {
        const item: MemberCall = { kind: "call", key, agentId: entry.agentId, agentName: entry.agentName, phase: entry.phase, text: "", startedAt: now, durationMs: entry.durationMs, entry, stopped: false };
        return { ...view, items: [...view.items, item] };
      }
      const items = view.items.map((i, n) => (n === index && i.kind === "call" ? { ...i, entry, durationMs: entry.durationMs ?? Math.max(0, Math.round(now - i.startedAt)) } : i));
      return { ...view, items };
    }
    case "finished": {
      const items = view.items.map((i) => (i.kind === "call" && !i.entry ? { ...i, stopped: true } : i));
      return { ...view, executionId: event.execution.id, items, finished: event.execution };
    }
    default:
      return view;
  }
}
