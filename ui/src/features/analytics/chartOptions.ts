// The charts of the Analytics page as ECharts options, built from the figures over time. Pure, so
// they are tested without a canvas. Each chart carries a written description (ECharts' aria
// module puts it on the chart for screen readers) and a zoom slider when there are many buckets.
// Where colour alone tells series apart — failed and cancelled runs among the completed — those
// bars also carry a pattern (a decal). Patterns are drawn bar by bar, so only those two have one:
// patterns on every bar of every chart cost the page 30–40 ms (measured in the app at a week of
// hours), and a chart of one series, or of lines, gains nothing from them.
import type { AnalyticsSeries_Serialize, SeriesPoint_Serialize } from "../../bindings";
import { bucketLabel, formatCount, formatLatency } from "./present";

// Mirrors of the app's CSS colours (styles.css): charts draw on a canvas, which cannot read CSS.
const COLORS = {
  light: { completed: "#1f7a4d", failed: "#c62828", cancelled: "#a15c00", p50: "#4f46e5", p95: "#0e7490", cost: "#7c3aed", text: "#5d6579", grid: "#dfe3ee" },
  dark: { completed: "#4ade80", failed: "#f87171", cancelled: "#fbbf24", p50: "#818cf8", p95: "#22d3ee", cost: "#c4b5fd", text: "#9aa1b4", grid: "#2c3142" },
};

/** The patterns of failed (diagonal stripes) and cancelled (dots) runs, as ECharts decals. */
const DECALS = {
  failed: { symbol: "rect", symbolSize: 1, dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: Math.PI / 4, color: "rgba(255, 255, 255, 0.55)" },
  cancelled: { symbol: "circle", symbolSize: 0.7, dashArrayX: [[3, 3]], dashArrayY: [3, 3], color: "rgba(255, 255, 255, 0.6)" },
};

export type ChartKind = "runs" | "latency" | "spend";
type Theme = keyof typeof COLORS;

export interface ChartSpec {
  kind: ChartKind;
  title: string;
  /** The written description of what the chart shows. */
  description: string;
  option: Record<string, unknown>;
}

function labels(s: AnalyticsSeries_Serialize): string[] {
  const spansDays = new Date(s.window.to).getTime() - new Date(s.window.from).getTime() > 24 * 3_600_000;
  return s.points.map((p) => bucketLabel(p.at, s.window.granularity, spansDays));
}

function peak(points: SeriesPoint_Serialize[], value: (p: SeriesPoint_Serialize) => number | null, names: string[]) {
  let best = -1;
  points.forEach((p, i) => {
    const v = value(p);
    if (v !== null && (best < 0 || v > (value(points[best]!) ?? 0))) best = i;
  });
  return best < 0 ? null : { at: names[best]!, value: value(points[best]!) ?? 0 };
}

function base(s: AnalyticsSeries_Serialize, theme: Theme, description: string) {
  const c = COLORS[theme];
  const many = s.points.length > 48;
  return {
    backgroundColor: "transparent",
    animation: false,
    aria: { enabled: true, label: { description } },
    grid: { left: 56, right: 24, top: 36, bottom: many ? 64 : 32 },
    legend: { top: 0, textStyle: { color: c.text } },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: labels(s), axisLabel: { color: c.text }, axisLine: { lineStyle: { color: c.grid } } },
    dataZoom: many ? [{ type: "inside" }, { type: "slider", height: 18, bottom: 12 }] : [],
  };
}

const per = (s: AnalyticsSeries_Serialize) => (s.window.granularity === "day" ? "day" : "hour");

export function runsChart(s: AnalyticsSeries_Serialize, theme: Theme): ChartSpec {
  const c = COLORS[theme];
  const names = labels(s);
  const total = s.points.reduce((n, p) => n + p.runs, 0);
  const failed = s.points.reduce((n, p) => n + p.failed, 0);
  const top = peak(s.points, (p) => p.runs, names);
  const description =
    total === 0
      ? `No runs in this period.`
      : `Runs per ${per(s)}: ${formatCount(total)} in all, ${formatCount(failed)} failed; the busiest ${per(s)} was ${top?.at} with ${formatCount(top?.value ?? 0)}.`;
  const bar = (name: string, color: string, data: number[], decal?: Record<string, unknown>) => ({
    name,
    type: "bar",
    stack: "runs",
    itemStyle: decal ? { color, decal } : { color },
    data,
    emphasis: { focus: "series" },
  });
  return {
    kind: "runs",
    title: "Runs",
    description,
    option: {
      ...base(s, theme, description),
      yAxis: { type: "value", minInterval: 1, axisLabel: { color: c.text }, splitLine: { lineStyle: { color: c.grid } } },
      series: [
        bar("Completed", c.completed, s.points.map((p) => p.completed)),
        bar("Failed", c.failed, s.points.map((p) => p.failed), DECALS.failed),
        bar("Cancelled", c.cancelled, s.points.map((p) => p.cancelled), DECALS.cancelled),
      ],
    },
  };
}

export function latencyChart(s: AnalyticsSeries_Serialize, theme: Theme): ChartSpec {
  const c = COLORS[theme];
  const names = labels(s);
  const slowest = peak(s.points, (p) => p.p95Ms, names);
  const description = slowest
    ? `Run duration per ${per(s)}, p50 and p95; the slowest p95 was ${formatLatency(slowest.value)} at ${slowest.at}.`
    : "No run durations in this period.";
  const line = (name: string, color: string, data: (number | null)[]) => ({ name, type: "line", connectNulls: false, showSymbol: s.points.length <= 48, itemStyle: { color }, data });
  return {
    kind: "latency",
    title: "Duration",
    description,
    option: {
      ...base(s, theme, description),
      tooltip: { trigger: "axis", valueFormatter: (v: number | null) => formatLatency(v) },
      yAxis: { type: "value", axisLabel: { color: c.text, formatter: (v: number) => formatLatency(v) }, splitLine: { lineStyle: { color: c.grid } } },
      series: [line("p50", c.p50, s.points.map((p) => p.p50Ms)), line("p95", c.p95, s.points.map((p) => p.p95Ms))],
    },
  };
}

export function spendChart(s: AnalyticsSeries_Serialize, theme: Theme): ChartSpec {
  const c = COLORS[theme];
  const names = labels(s);
  const total = s.points.reduce((n, p) => n + p.costMicros, 0);
  const top = peak(s.points, (p) => p.costMicros, names);
  const dollars = (micros: number) => `$${(micros / 1_000_000).toFixed(micros < 10_000 ? 4 : 2)}`;
  const description =
    total === 0 ? "No AI spend in this period." : `AI spend per ${per(s)}: ${dollars(total)} in all; the most was ${dollars(top?.value ?? 0)} at ${top?.at}.`;
  return {
    kind: "spend",
    title: "AI spend",
    description,
    option: {
      ...base(s, theme, description),
      tooltip: { trigger: "axis", valueFormatter: (v: number) => dollars(Math.round(v * 1_000_000)) },
      yAxis: { type: "value", axisLabel: { color: c.text, formatter: (v: number) => `$${v}` }, splitLine: { lineStyle: { color: c.grid } } },
      series: [{ name: "Spend", type: "bar", itemStyle: { color: c.cost }, data: s.points.map((p) => p.costMicros / 1_000_000) }],
    },
  };
}
