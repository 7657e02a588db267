import { describe, expect, it } from "vitest";
import type { AnalyticsSeries_Serialize } from "../../bindings";
import { latencyChart, runsChart, spendChart } from "./chartOptions";

const point = (at: string, runs: number, failed: number, p95: number | null, cost: number) => ({
  at, runs, completed: runs - failed, failed, cancelled: 0, p50Ms: p95 === null ? null : p95 / 2, p95Ms: p95, tokens: 0, costMicros: cost,
});
const day: AnalyticsSeries_Serialize = {
  window: { from: "2026-11-22T00:00:00Z", to: "2026-11-22T03:00:00Z", previousFrom: "2026-11-21T21:00:00Z", granularity: "hour" },
  points: [point("2026-11-22T00:00:00Z", 2, 1, 400, 1_500_000), point("2026-11-22T01:00:00Z", 5, 0, 1200, 250_000), point("2026-11-22T02:00:00Z", 0, 0, null, 0)],
};

describe("chart options", () => {
  it("stack runs by outcome and describe the busiest bucket", () => {
    const spec = runsChart(day, "light");
    expect(spec.description).toMatch(/^Runs per hour: 7 in all, 1 failed; the busiest hour was .+ with 5\.$/);
    const series = spec.option.series as { name: string; data: number[] }[];
    expect(series.map((s) => s.name)).toEqual(["Completed", "Failed", "Cancelled"]);
    expect(series[0]!.data).toEqual([1, 5, 0]);
    expect((spec.option.aria as { enabled: boolean }).enabled).toBe(true);
    const decal = (s: { itemStyle: { decal?: unknown } }) => s.itemStyle.decal !== undefined;
    expect((series as unknown as { itemStyle: { decal?: unknown } }[]).map(decal)).toEqual([false, true, true]);
    expect(spec.option.dataZoom).toEqual([]);
  });

  it("draw percentiles with gaps where nothing ran, and spend in dollars", () => {
    const latency = latencyChart(day, "dark");
    expect((latency.option.series as { data: (number | null)[] }[])[1]!.data).toEqual([400, 1200, null]);
    expect(latency.description).toContain("the slowest p95 was 1.20 s");
    const spend = spendChart(day, "light");
    expect((spend.option.series as { data: number[] }[])[0]!.data).toEqual([1.5, 0.25, 0]);
    expect(spend.description).toContain("$1.75 in all");
  });

  it("say so when nothing ran, and zoom long ranges", () => {
    const empty = { ...day, points: day.points.map((p) => ({ ...p, runs: 0, completed: 0, failed: 0, costMicros: 0, p95Ms: null })) };
    expect(runsChart(empty, "light").description).toBe("No runs in this period.");
    expect(spendChart(empty, "light").description).toBe("No AI spend in this period.");
    const long = { ...day, points: Array.from({ length: 90 }, (_, i) => point(new Date(Date.UTC(2026, 8, 1 + i)).toISOString(), 1, 0, 10, 0)) };
    expect((runsChart(long, "light").option.dataZoom as unknown[]).length).toBe(2);
  });
});
