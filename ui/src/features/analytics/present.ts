// How the Analytics page says its numbers: counts with separators, rates as percentages, changes
// against the previous period (and whether a change is good news), and chart bucket labels.
import type { Granularity } from "../../bindings";
import { formatCount } from "../../format";

// Formatters are made once: `toLocaleString` with options builds a new one on every call, which in
// the app's WebKit cost about 200 ms per Analytics page (a week of hours is 168 points, labelled in
// three charts, their descriptions and the table).
const compactCounts = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const utcDays = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const localDays = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric" });
const localTimes = new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", hour12: false });

export { formatCount };
/** A count for a tile: exact below a million, shortened above ("24.3M") so it fits the tile. */
export const formatTileCount = (n: number) => (Math.abs(n) < 1_000_000 ? formatCount(n) : compactCounts.format(n));

export const formatRate = (r: number | null | undefined) => (r === null || r === undefined ? "—" : `${(r * 100).toFixed(1)}%`);

export interface Change {
  text: string;
  /** Whether the change is good news (fewer failures, more successes, lower latency or spend …). */
  tone: "good" | "bad" | "flat";
}

/** The change from `before` to `now`; `higherIsBetter` says which way is good news. */
export function change(now: number | null | undefined, before: number | null | undefined, higherIsBetter: boolean, asPoints = false): Change | null {
  if (now === null || now === undefined || before === null || before === undefined) return null;
  if (asPoints) {
    const pts = (now - before) * 100;
    if (Math.abs(pts) < 0.05) return { text: "±0 pts", tone: "flat" };
    return { text: `${pts > 0 ? "+" : "−"}${Math.abs(pts).toFixed(1)} pts`, tone: pts > 0 === higherIsBetter ? "good" : "bad" };
  }
  if (before === 0) return now === 0 ? { text: "±0%", tone: "flat" } : { text: "new", tone: "flat" };
  const pct = ((now - before) / before) * 100;
  if (Math.abs(pct) < 0.5) return { text: "±0%", tone: "flat" };
  return { text: `${pct > 0 ? "+" : "−"}${Math.abs(pct).toFixed(0)}%`, tone: pct > 0 === higherIsBetter ? "good" : "bad" };
}

/** A bucket's label: the hour ("14:00", with the day when the range spans days) or the UTC day. */
export function bucketLabel(iso: string, granularity: Granularity, spansDays: boolean): string {
  const d = new Date(iso);
  if (granularity === "day") return utcDays.format(d);
  const time = localTimes.format(d);
  return spansDays ? `${localDays.format(d)} ${time}` : time;
}

/** Milliseconds as people read them on a tile. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}
