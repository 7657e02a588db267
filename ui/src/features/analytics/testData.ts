// Answers of the analytics commands for the UI tests, shaped as the app sends them.
const ORG_ID = "01a20000-0000-7000-8000-000000000001";
export const ORG = ORG_ID;

export const figures = (over: Record<string, unknown> = {}) => ({
  runs: 120, completed: 114, failed: 5, cancelled: 1, successRate: 0.95, p50Ms: 420, p95Ms: 2300, p99Ms: 4100, avgMs: 700,
  agentCalls: 40, tokensIn: 30000, tokensOut: 12000, tokens: 42000, costMicros: 1_234_567, ...over,
});

export const window7d = { from: "2026-11-15T10:00:00.000Z", to: "2026-11-22T10:00:00.000Z", previousFrom: "2026-11-08T10:00:00.000Z", granularity: "hour" };

export const summaryOf = (over: Record<string, unknown> = {}) => ({
  window: window7d, current: figures(), previous: figures({ runs: 100, failed: 10, successRate: 0.89, costMicros: 1_000_000 }), percentileError: 0.03125, ...over,
});

export const seriesOf = () => ({
  window: { ...window7d, from: "2026-11-22T07:00:00.000Z" },
  points: [
    { at: "2026-11-22T07:00:00.000Z", runs: 0, completed: 0, failed: 0, cancelled: 0, p50Ms: null, p95Ms: null, tokens: 0, costMicros: 0 },
    { at: "2026-11-22T08:00:00.000Z", runs: 7, completed: 6, failed: 1, cancelled: 0, p50Ms: 400, p95Ms: 2100, tokens: 900, costMicros: 25_000 },
    { at: "2026-11-22T09:00:00.000Z", runs: 3, completed: 3, failed: 0, cancelled: 0, p50Ms: 380, p95Ms: 900, tokens: 100, costMicros: 5_000 },
  ],
});

export const row = (key: string, label: string, runs: number, cost: number, failed = 0) => ({
  key, label, runs, completed: runs - failed, failed, cancelled: 0, failureRate: runs ? failed / runs : null, p50Ms: 300, p95Ms: 900,
  tokens: runs * 10, costMicros: cost, costPerSuccessMicros: runs - failed > 0 ? Math.round(cost / (runs - failed)) : null,
});

export const errorsOf = () => ({
  window: window7d,
  failures: 5,
  groups: [
    {
      id: "a1b2c3d4e5f60718", workflowId: "01a20000-0000-7000-8000-0000000000w1", workflowName: "Lead intake", nodeId: "crm", nodeName: "Push to CRM",
      message: "HTTP 503 after {n} ms", sample: "HTTP 503 after 3012 ms", sampleExecutionId: "01a20000-0000-7000-8000-0000000000e9",
      failures: 4, totalFailures: 9, firstSeen: "2026-11-01T10:00:00.000Z", lastSeen: "2026-11-22T09:30:00.000Z",
    },
  ],
});

export const execution = (id: string, status = "FAILED") => ({
  id, organizationId: ORG_ID, workflowId: "w1", workflowName: "Lead intake", workflowVersion: 1, status, trigger: "WEBHOOK", triggerNode: "hook",
  parentExecutionId: null, rerunOf: null, rerunFrom: null, testRun: false, startedAt: "2026-11-22T09:30:00.000Z", completedAt: "2026-11-22T09:30:03.000Z",
  durationMs: 3012, input: {}, output: null, error: status === "FAILED" ? "node 'crm' failed: HTTP 503" : null, nodesExecuted: 2, tokensUsed: 0,
  costMicros: 0, logCount: 4, logsDropped: 0, pinned: false,
});
