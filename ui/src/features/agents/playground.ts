// The playground's transcript as data: each question and its reply, folded from the call's events as
// they stream in (tokens, tool calls), then closed by the call's record (tokens, cost, duration) or by
// the error that stopped it.
import type { AgentEvent, AgentExecution } from "../../bindings";

export interface ToolLine {
  tool: string;
  state: "running" | "ok" | "failed";
  durationMs: number | null;
}

export type TurnState = "waiting" | "streaming" | "completed" | "failed" | "cancelled";

export interface Turn {
  id: number;
  prompt: string;
  reply: string;
  tools: ToolLine[];
  /** The call's id once the app has said it (to stop it). */
  callId: string | null;
  model: string | null;
  state: TurnState;
  execution: AgentExecution | null;
  error: string | null;
}

export function newTurn(id: number, prompt: string): Turn {
  return { id, prompt, reply: "", tools: [], callId: null, model: null, state: "waiting", execution: null, error: null };
}

export const isOpen = (turn: Turn) => turn.state === "waiting" || turn.state === "streaming";

/** Folds one event of the call into its turn. */
export function reduceTurn(turn: Turn, event: AgentEvent): Turn {
  if (!isOpen(turn) && event.type !== "finished") return turn;
  switch (event.type) {
    case "started":
      return { ...turn, callId: event.agentExecutionId, model: event.model, state: "streaming" };
    case "token":
      return { ...turn, reply: turn.reply + event.text, state: "streaming" };
    case "toolCalled":
      return { ...turn, tools: [...turn.tools, { tool: event.tool, state: "running", durationMs: null }] };
    case "toolFinished": {
      const index = turn.tools.findIndex((t) => t.tool === event.tool && t.state === "running");
      if (index < 0) return turn;
      const tools = turn.tools.map((t, i) => (i === index ? { ...t, state: event.ok ? ("ok" as const) : ("failed" as const), durationMs: event.durationMs } : t));
      return { ...turn, tools };
    }
    case "finished":
      return finishTurn(turn, event.execution);
    default:
      return turn;
  }
}

/** The text of a finished call's answer, from its recorded output. */
function outputText(execution: AgentExecution): string {
  const out = execution.output;
  if (typeof out === "string") return out;
  if (out && typeof out === "object" && !Array.isArray(out) && typeof (out as { text?: unknown }).text === "string") return (out as { text: string }).text;
  return "";
}

/** Closes a turn with the call's record (from the "finished" event or the command's answer). */
export function finishTurn(turn: Turn, execution: AgentExecution): Turn {
  const state: TurnState = execution.status === "COMPLETED" ? "completed" : execution.status === "CANCELLED" ? "cancelled" : "failed";
  // The recorded answer is the whole of it; the streamed text may lack what a provider did not stream.
  const recorded = outputText(execution);
  const reply = recorded.length >= turn.reply.length ? recorded : turn.reply;
  const tools = turn.tools.map((t) => (t.state === "running" ? { ...t, state: "failed" as const } : t));
  return { ...turn, reply, tools, state, execution, model: execution.model || turn.model, callId: execution.id, error: state === "completed" ? null : (execution.error ?? null) };
}

/** Closes a turn whose call could not be made (the message is written for people). */
export function failTurn(turn: Turn, message: string): Turn {
  if (!isOpen(turn)) return turn;
  return { ...turn, state: "failed", error: message };
}
