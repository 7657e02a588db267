// How an agent shows up on screen wherever it appears: its avatar (an emoji or letters, else its
// initials), its status in words and colour, and its metrics in short text.
import type { AgentStatus, AiAgent } from "../../bindings";
import { formatDuration } from "../../format";
import { AGENT_STATUS } from "./agentForm";

export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[1]] : [words[0]];
  return letters
    .map((w) => [...(w ?? "")][0] ?? "")
    .join("")
    .toUpperCase();
}

export function AgentAvatar({ agent, large }: { agent: Pick<AiAgent, "name" | "avatar">; large?: boolean }) {
  const text = agent.avatar?.trim() || initialsOf(agent.name) || "?";
  return (
    <span className={large ? "agent-avatar agent-avatar-large" : "agent-avatar"} aria-hidden="true">
      {text}
    </span>
  );
}

export function AgentStatusBadge({ status }: { status: AgentStatus }) {
  const s = AGENT_STATUS[status];
  return <span className={`badge ${s.tone}`}>{s.label}</span>;
}

/** Successful calls over all calls, as a percentage; a dash before the first call. */
export function formatRate(rate: number | null, calls: number): string {
  if (calls === 0 || rate === null || !Number.isFinite(rate)) return "—";
  return `${Math.round(rate * 1000) / 10}%`;
}

/** The average response time; a dash before the first call. */
export function formatAverage(ms: number, calls: number): string {
  return calls === 0 ? "—" : formatDuration(ms);
}

/** "provider · model", or what is missing. */
export function modelText(agent: AiAgent): string {
  const { provider, model } = agent.modelConfig;
  return `${provider || "no provider"} · ${model || "no model"}`;
}

/** A prompt or task on one line, at most `max` characters. */
export function trimLine(text: string, max = 90): string {
  const line = text.replace(/\s+/g, " ").trim();
  const chars = [...line];
  if (chars.length <= max) return line;
  // Cut at the last word that fits, unless that loses too much.
  const cut = chars.slice(0, max - 1).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
