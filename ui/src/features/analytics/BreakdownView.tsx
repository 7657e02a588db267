// Figures grouped by workflow, agent, team, provider, model, integration action or trigger, in a
// table sortable by any column (click or Enter on its header; the order is announced). Each row
// lists the runs behind it.
import { useState } from "react";
import type { AnalyticsBreakdown_Serialize, BreakdownBy, BreakdownRow_Serialize } from "../../bindings";
import { formatCost } from "../../format";
import { BREAKDOWNS } from "./api";
import { formatCount, formatLatency, formatRate } from "./present";

type Key = "label" | "runs" | "failed" | "failureRate" | "p50Ms" | "p95Ms" | "tokens" | "costMicros" | "costPerSuccessMicros";

const COLUMNS: { key: Key; header: string; num: boolean; cell: (r: BreakdownRow_Serialize) => string }[] = [
  { key: "label", header: "Name", num: false, cell: (r) => r.label },
  { key: "runs", header: "Runs", num: true, cell: (r) => formatCount(r.runs) },
  { key: "failed", header: "Failed", num: true, cell: (r) => formatCount(r.failed) },
  { key: "failureRate", header: "Failure rate", num: true, cell: (r) => formatRate(r.failureRate) },
  { key: "p50Ms", header: "p50", num: true, cell: (r) => formatLatency(r.p50Ms) },
  { key: "p95Ms", header: "p95", num: true, cell: (r) => formatLatency(r.p95Ms) },
  { key: "tokens", header: "Tokens", num: true, cell: (r) => formatCount(r.tokens) },
  { key: "costMicros", header: "Cost", num: true, cell: (r) => formatCost(r.costMicros) },
  { key: "costPerSuccessMicros", header: "Per successful run", num: true, cell: (r) => (r.costPerSuccessMicros === null ? "—" : formatCost(r.costPerSuccessMicros)) },
];

export function sortRows(rows: BreakdownRow_Serialize[], key: Key, descending: boolean): BreakdownRow_Serialize[] {
  const value = (r: BreakdownRow_Serialize) => r[key];
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === y) return a.label.localeCompare(b.label);
    if (x === null) return 1;
    if (y === null) return -1;
    const order = typeof x === "string" ? x.localeCompare(y as string) : (x as number) - (y as number);
    return descending ? -order : order;
  });
}

interface Props {
  data: AnalyticsBreakdown_Serialize;
  by: BreakdownBy;
  onBy: (by: BreakdownBy) => void;
  filtered: boolean;
  onRow: (row: BreakdownRow_Serialize) => void;
}

export function BreakdownView({ data, by, onBy, filtered, onRow }: Props) {
  const [sort, setSort] = useState<{ key: Key; descending: boolean }>({ key: "costMicros", descending: true });
  const unit = BREAKDOWNS.find((b) => b.by === by)?.unit ?? "runs";
  const rows = sortRows(data.rows, sort.key, sort.descending);
  const narrowed = by === "workflow" || by === "trigger";
  return (
    <section className="card" aria-labelledby="breakdown-title">
      <div className="card-head">
        <h2 id="breakdown-title">Breakdown</h2>
        <label className="sort">
          <span>By</span>
          <select aria-label="Break down by" value={by} onChange={(e) => onBy(e.target.value as BreakdownBy)}>
            {BREAKDOWNS.map((b) => (
              <option key={b.by} value={b.by}>
                {b.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {filtered && !narrowed && <p className="hint">Agent, team, model and action figures cover every workflow.</p>}
      {rows.length === 0 ? (
        <p className="hint">Nothing ran in this period.</p>
      ) : (
        <table className="table" aria-label={`Breakdown by ${by}`}>
          <thead>
            <tr>
              {COLUMNS.map((c) => {
                const active = sort.key === c.key;
                return (
                  <th key={c.key} className={c.num ? "num" : undefined} aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"}>
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => setSort({ key: c.key, descending: active ? !sort.descending : c.num })}
                    >
                      {c.key === "runs" ? unit[0]!.toUpperCase() + unit.slice(1) : c.header}
                      <span aria-hidden="true">{active ? (sort.descending ? " ▾" : " ▴") : ""}</span>
                    </button>
                  </th>
                );
              })}
              <th>
                <span className="visually-hidden">Runs behind</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                {COLUMNS.map((c) => (
                  <td key={c.key} className={c.num ? "num" : undefined} title={c.key === "label" ? r.key : undefined}>
                    {c.cell(r)}
                  </td>
                ))}
                <td className="actions">
                  <button type="button" className="button button-small" onClick={() => onRow(r)}>
                    Runs<span className="visually-hidden"> of {r.label}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
