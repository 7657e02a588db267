// Formatting for people: relative times for recent events, dates otherwise; counts with separators.

// Made once: a formatter built on every call costs the app's WebKit real time on long pages.
const counts = new Intl.NumberFormat("en-US");

/** A count with separators: "1,234". */
export const formatCount = (n: number) => counts.format(n);

export function formatWhen(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return "never";
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} d ago`;
  return then.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

/** A duration in milliseconds, short: "840 ms", "3.2 s", "4 min 10 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A step's duration in microseconds. */
export function formatMicros(us: number | null | undefined): string {
  if (us === null || us === undefined) return "—";
  if (us < 1000) return `${us} µs`;
  return formatDuration(Math.round(us / 1000));
}

/** Micro-dollars as dollars: exact below a cent, two decimals above. */
export function formatCost(micros: number): string {
  if (micros === 0) return "$0.00";
  const dollars = micros / 1_000_000;
  return dollars < 0.01 ? `$${dollars.toFixed(6).replace(/0+$/, "")}` : `$${dollars.toFixed(2)}`;
}
