// The period the page looks at: four presets as a group of toggle buttons, or a custom range of
// days; and, optionally, one workflow.
import { useState } from "react";
import type { TimeRange } from "../../bindings";
import { PRESETS } from "./api";

interface Props {
  range: TimeRange;
  onRange: (range: TimeRange) => void;
  workflows: { id: string; name: string }[];
  workflow: string;
  onWorkflow: (id: string) => void;
}

const sameRange = (a: TimeRange, b: TimeRange) => a.kind === b.kind;

/** A `yyyy-mm-dd` day as local midnight, in ISO. */
const localDay = (day: string, plusDays = 0) => {
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
};

export function RangeBar({ range, onRange, workflows, workflow, onWorkflow }: Props) {
  const [custom, setCustom] = useState(range.kind === "custom");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const invalid = from !== "" && to !== "" && to < from;
  return (
    <div className="toolbar analytics-toolbar">
      <div className="range-presets" role="group" aria-label="Period">
        {PRESETS.map((p) => (
          <button
            key={p.range.kind}
            type="button"
            className="segment"
            aria-pressed={!custom && sameRange(range, p.range)}
            onClick={() => {
              setCustom(false);
              onRange(p.range);
            }}
          >
            {p.label}
          </button>
        ))}
        <button type="button" className="segment" aria-pressed={custom} onClick={() => setCustom(true)}>
          Custom
        </button>
      </div>
      {custom && (
        <form
          className="custom-range"
          onSubmit={(e) => {
            e.preventDefault();
            if (from && to && !invalid) onRange({ kind: "custom", from: localDay(from), to: localDay(to, 1) });
          }}
        >
          <label>
            <span>From</span>
            <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label>
            <span>To</span>
            <input type="date" value={to} onChange={(e) => setTo(e.target.value)} required aria-invalid={invalid} />
          </label>
          <button type="submit" className="button button-small" disabled={!from || !to || invalid}>
            Apply
          </button>
          {invalid && <span className="error-text">The end is before the start.</span>}
        </form>
      )}
      <label className="sort">
        <span>Workflow</span>
        <select aria-label="Workflow" value={workflow} onChange={(e) => onWorkflow(e.target.value)}>
          <option value="">All workflows</option>
          {workflows.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
