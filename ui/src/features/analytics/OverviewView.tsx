// Figures over time: runs by outcome, p50/p95 duration and AI spend, one bar or point per hour or
// day. A click on a bar lists the runs behind it; the same figures are in a table below the charts,
// where each bucket's runs are a button away for keyboard users. The table is built when it is
// opened: a week of hours is 168 rows of buttons, which the page would otherwise make on every visit.
import { useMemo, useState } from "react";
import type { AnalyticsSeries_Serialize, SeriesPoint_Serialize } from "../../bindings";
import { formatCost } from "../../format";
import { latencyChart, runsChart, spendChart } from "./chartOptions";
import { EChart, useAppliedTheme } from "./EChart";
import { bucketLabel, formatCount, formatLatency } from "./present";

interface Props {
  series: AnalyticsSeries_Serialize;
  /** Lists the runs of a bucket: its start and end, and a title. */
  onBucket: (from: string, to: string, title: string) => void;
}

/** A bucket's start and end, clipped to the window. */
export function bucketBounds(series: AnalyticsSeries_Serialize, index: number): { from: string; to: string } {
  const next = series.points[index + 1];
  return { from: series.points[index]!.at, to: next ? next.at : series.window.to };
}

export function OverviewView({ series, onBucket }: Props) {
  const theme = useAppliedTheme();
  const [tableOpen, setTableOpen] = useState(false);
  const charts = useMemo(() => [runsChart(series, theme), latencyChart(series, theme), spendChart(series, theme)], [series, theme]);
  const spansDays = new Date(series.window.to).getTime() - new Date(series.window.from).getTime() > 24 * 3_600_000;
  const label = (p: SeriesPoint_Serialize) => bucketLabel(p.at, series.window.granularity, spansDays);
  const pick = (index: number) => {
    const point = series.points[index];
    if (!point) return;
    const { from, to } = bucketBounds(series, index);
    onBucket(from, to, `Runs of ${label(point)}`);
  };
  const busy = series.points.map((p, i) => ({ p, i })).filter(({ p }) => p.runs > 0 || p.costMicros > 0);
  return (
    <>
      <div className="chart-grid">
        {charts.map((spec) => (
          <EChart key={spec.kind} spec={spec} theme={theme} onPick={pick} />
        ))}
      </div>
      <details className="card figures-table" onToggle={(e) => setTableOpen(e.currentTarget.open)}>
        <summary>
          Figures by {series.window.granularity === "day" ? "day (UTC)" : "hour"} ({busy.length} with runs or spend)
        </summary>
        {tableOpen && (
          <table className="table" aria-label="Figures over time">
            <thead>
              <tr>
                <th>{series.window.granularity === "day" ? "Day" : "Hour"}</th>
                <th className="num">Runs</th>
                <th className="num">Failed</th>
                <th className="num">p50</th>
                <th className="num">p95</th>
                <th className="num">Tokens</th>
                <th className="num">Spend</th>
                <th>
                  <span className="visually-hidden">Runs behind</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {busy.map(({ p, i }) => (
                <tr key={p.at}>
                  <td>{label(p)}</td>
                  <td className="num">{formatCount(p.runs)}</td>
                  <td className="num">{formatCount(p.failed)}</td>
                  <td className="num">{formatLatency(p.p50Ms)}</td>
                  <td className="num">{formatLatency(p.p95Ms)}</td>
                  <td className="num">{formatCount(p.tokens)}</td>
                  <td className="num">{formatCost(p.costMicros)}</td>
                  <td className="actions">
                    {p.runs > 0 && (
                      <button type="button" className="button button-small" onClick={() => pick(i)}>
                        Runs<span className="visually-hidden"> of {label(p)}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </>
  );
}
