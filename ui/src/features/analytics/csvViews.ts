// The CSV of each view of the Analytics page: exactly the figures on screen, one row per bucket,
// group or error group, with exact dollars.
import type { AnalyticsBreakdown_Serialize, AnalyticsErrors_Serialize, AnalyticsSeries_Serialize, AnalyticsSummary_Serialize } from "../../bindings";
import { dollarsCell, toCsv } from "./csv";

export function summaryCsv(s: AnalyticsSummary_Serialize): string {
  const row = (period: string, f: AnalyticsSummary_Serialize["current"], from: string, to: string) => [
    period, from, to, f.runs, f.completed, f.failed, f.cancelled, f.successRate, f.p50Ms, f.p95Ms, f.p99Ms, f.agentCalls, f.tokensIn, f.tokensOut, dollarsCell(f.costMicros),
  ];
  return toCsv(
    ["period", "from", "to", "runs", "completed", "failed", "cancelled", "success_rate", "p50_ms", "p95_ms", "p99_ms", "ai_calls", "tokens_in", "tokens_out", "cost_usd"],
    [row("current", s.current, s.window.from, s.window.to), row("previous", s.previous, s.window.previousFrom, s.window.from)],
  );
}

export function seriesCsv(s: AnalyticsSeries_Serialize): string {
  return toCsv(
    ["bucket_start", "runs", "completed", "failed", "cancelled", "p50_ms", "p95_ms", "tokens", "cost_usd"],
    s.points.map((p) => [p.at, p.runs, p.completed, p.failed, p.cancelled, p.p50Ms, p.p95Ms, p.tokens, dollarsCell(p.costMicros)]),
  );
}

export function breakdownCsv(b: AnalyticsBreakdown_Serialize): string {
  return toCsv(
    [b.by, "key", "runs", "completed", "failed", "cancelled", "failure_rate", "p50_ms", "p95_ms", "tokens", "cost_usd", "cost_per_success_usd"],
    b.rows.map((r) => [
      r.label, r.key, r.runs, r.completed, r.failed, r.cancelled, r.failureRate, r.p50Ms, r.p95Ms, r.tokens, dollarsCell(r.costMicros),
      r.costPerSuccessMicros === null ? null : dollarsCell(r.costPerSuccessMicros),
    ]),
  );
}

export function errorsCsv(e: AnalyticsErrors_Serialize): string {
  return toCsv(
    ["group", "workflow", "node", "message", "failures", "total_failures", "first_seen", "last_seen", "latest_message", "latest_run"],
    e.groups.map((g) => [g.id, g.workflowName, g.nodeName ?? g.nodeId, g.message, g.failures, g.totalFailures, g.firstSeen, g.lastSeen, g.sample, g.sampleExecutionId]),
  );
}
