// The period at a glance: runs, success rate, p50 and p95 duration, tokens and AI spend, each against
// the period before (the change in words and colour, and whether it is good news in words too).
import type { AnalyticsSummary_Serialize } from "../../bindings";
import { formatCost } from "../../format";
import { change, formatCount, formatLatency, formatRate, formatTileCount, type Change } from "./present";

/** `exact`: the whole figure, as a tooltip, when `value` is shortened. */
function Tile({ label, value, exact, delta, note }: { label: string; value: string; exact?: string; delta: Change | null; note?: string }) {
  return (
    <div className="stat" role="group" aria-label={label}>
      <span className="stat-value" title={exact !== value ? exact : undefined}>
        {value}
      </span>
      <span className="stat-label">
        {label}
        {note && <span className="muted"> · {note}</span>}
      </span>
      {delta && (
        <span className={`delta delta-${delta.tone}`}>
          {delta.text}
          <span className="visually-hidden">{delta.tone === "flat" ? "" : delta.tone === "good" ? ", better" : ", worse"} than the period before</span>
        </span>
      )}
    </div>
  );
}

/** With one workflow asked for, spend is that workflow's runs' own (AI calls are not counted apart). */
export function SummaryTiles({ summary, filtered }: { summary: AnalyticsSummary_Serialize; filtered: boolean }) {
  const { current: c, previous: p } = summary;
  const error = `±${((summary.percentileError ?? 0) * 100).toFixed(1)}%`;
  return (
    <div className="stats analytics-tiles">
      <Tile label="Runs" value={formatTileCount(c.runs)} exact={formatCount(c.runs)} delta={change(c.runs, p.runs, true)} note={`${formatCount(c.failed)} failed`} />
      <Tile label="Success rate" value={formatRate(c.successRate)} delta={change(c.successRate, p.successRate, true, true)} />
      <Tile label="p50 duration" value={formatLatency(c.p50Ms)} delta={change(c.p50Ms, p.p50Ms, false)} />
      <Tile label="p95 duration" value={formatLatency(c.p95Ms)} delta={change(c.p95Ms, p.p95Ms, false)} note={error} />
      <Tile label="Tokens" value={formatTileCount(c.tokens)} exact={formatCount(c.tokens)} delta={change(c.tokens, p.tokens, false)} {...(filtered ? {} : { note: `${formatCount(c.agentCalls)} AI calls` })} />
      <Tile label="AI spend" value={formatCost(c.costMicros)} delta={change(c.costMicros, p.costMicros, false)} />
    </div>
  );
}
