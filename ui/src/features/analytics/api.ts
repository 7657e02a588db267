// What the Analytics page and the dashboard read: one command per question, each answered by the
// same use case as `neuroflow analytics`, so the page and the CLI show the same numbers.
import { call } from "../../api";
import {
  commands,
  type AnalyticsQuery_Deserialize,
  type BreakdownBy,
  type DrillDown_Deserialize,
  type TimeRange,
} from "../../bindings";

export type Query = AnalyticsQuery_Deserialize;
export type Drill = DrillDown_Deserialize;

export const summary = (org: string, query: Query) => call(commands.analyticsSummary(org, query));
export const series = (org: string, query: Query) => call(commands.analyticsSeries(org, query));
export const breakdown = (org: string, query: Query, by: BreakdownBy) => call(commands.analyticsBreakdown(org, query, by));
export const errors = (org: string, query: Query) => call(commands.analyticsErrors(org, query));
/** The runs behind a figure, newest first (only those retention kept). */
export const runsBehind = (org: string, drill: Drill) => call(commands.analyticsRuns(org, drill));
/** Asks where to save `text` and writes it; resolves with the path, or null when the user cancels. */
export const saveCsv = (name: string, text: string) => call(commands.saveTextFile(name, "csv", text));

export const PRESETS: { range: TimeRange; label: string }[] = [
  { range: { kind: "last24Hours" }, label: "24 hours" },
  { range: { kind: "last7Days" }, label: "7 days" },
  { range: { kind: "last30Days" }, label: "30 days" },
  { range: { kind: "last90Days" }, label: "90 days" },
];

export const BREAKDOWNS: { by: BreakdownBy; label: string; unit: string }[] = [
  { by: "workflow", label: "Workflow", unit: "runs" },
  { by: "agent", label: "Agent", unit: "calls" },
  { by: "team", label: "Team", unit: "runs" },
  { by: "provider", label: "Provider", unit: "calls" },
  { by: "model", label: "Model", unit: "calls" },
  { by: "action", label: "Integration action", unit: "calls" },
  { by: "trigger", label: "Trigger", unit: "runs" },
];
