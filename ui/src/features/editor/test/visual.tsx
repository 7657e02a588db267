// The whole app, with the fake backend answering every command through Tauri's IPC mock, so the
// editor can be looked at (and clicked through) in a plain browser page before the app's side of
// the editor commands exists. Development only: nothing imports this file.
import { mockIPC } from "@tauri-apps/api/mocks";
import { bigDoc, conflictCopy, fakeBackend, ORG, startDoc } from "./fakeBackend";

// `?nodes=500` opens a generated workflow of that size instead of the small one; `?conflict=1` adds
// a sync conflict copy (Ada changed both nodes; she deleted "Say hi") for the compare view.
const params = new URLSearchParams(location.search);
const size = Number(params.get("nodes") ?? 0);
const adas = startDoc();
adas.nodes[0]!.data = { label: "Begin", trigger: { kind: "schedule", cron: "0 9 * * 1" } };
adas.nodes.splice(1, 1);
const conflicts = params.get("conflict") ? [conflictCopy("c1", "Ada", ["t", "hi"], adas)] : [];
const fake = fakeBackend(size > 0 ? { document: bigDoc(size), conflicts } : { conflicts });
const extra: Record<string, (args: Record<string, unknown>) => unknown> = {
  list_orgs: () => [{ id: ORG, name: "Acme Realty", createdAt: "2026-11-20T10:00:00.000Z" }],
  app_info: () => ({ version: "0.1.0", dataDir: "/tmp", logDir: "/tmp" }),
  dashboard: () => ({ workflows: 1, activeWorkflows: 0, since: "2026-11-21T00:00:00.000Z", today: { runs: 0, completed: 0, failed: 0, cancelled: 0, successRate: null, p50Ms: null, p95Ms: null, p99Ms: null, avgMs: null, agentCalls: 0, tokensIn: 0, tokensOut: 0, tokens: 0, costMicros: 0 }, running: 0, recentFailures: [], topCostsSince: "2026-11-14T00:00:00.000Z", topCosts: [] }),
  org_stats: () => ({ workflows: 1, activeWorkflows: 0, executions: 0, agents: 1, teams: 1, integrations: 2, tokensUsed: 0, costMicros: 0 }),
  list_workflows: () => ({ items: [{ id: "w1", name: "Greeter", description: "", tags: [], isActive: false, version: 1, nodeCount: 2, executionCount: 0, lastExecuted: null, createdAt: "2026-11-20T10:00:00.000Z", updatedAt: "2026-11-21T10:00:00.000Z" }], total: 1, limit: 200, offset: 0 }),
};
mockIPC(
  (cmd, args) => {
    const handler = extra[cmd] ?? fake.handlers[cmd];
    if (!handler) throw new Error(`the visual check has no answer for ${cmd}`);
    return handler((args ?? {}) as Record<string, unknown>);
  },
  { shouldMockEvents: true },
);
(window as unknown as { __fake: typeof fake }).__fake = fake;
if (!location.hash) location.hash = "#/workflows/w1";
await import("../../../main");
