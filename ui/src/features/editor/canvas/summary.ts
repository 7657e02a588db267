// One line under a node's label that says what it does, read from its data (the cron, the prompt,
// the action), so a canvas can be read without opening every panel.
import type { EdNode } from "../store/doc";

export function summarize(n: EdNode): string | null {
  const data = n.data;
  const str = (key: string) => (typeof data[key] === "string" && (data[key] as string).trim() ? (data[key] as string) : null);
  switch (n.type) {
    case "trigger": {
      const t = (data["trigger"] ?? {}) as Record<string, unknown>;
      if (t["kind"] === "schedule") return `Schedule · ${String(t["cron"] ?? "")}${t["timezone"] ? ` (${String(t["timezone"])})` : ""}`;
      if (t["kind"] === "webhook") return `Webhook · ${String(t["method"] ?? "POST")} /${String(t["path"] ?? "")}`;
      return "Manual";
    }
    case "condition":
      return str("expression");
    case "aiAgent":
      return str("prompt");
    case "agentTeam":
      return str("task");
    case "integration":
      return str("action");
    case "delay":
      return typeof data["ms"] === "number" ? `Wait ${formatMs(data["ms"] as number)}` : null;
    case "subWorkflow":
      return str("forEach") ? `For each ${str("forEach")}` : "Runs another workflow";
    case "note":
      return str("text");
    default:
      return null;
  }
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 3_600_000).toFixed(1)} h`;
}
