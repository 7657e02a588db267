// A schedule in plain words and its next runs: cronstrue reads a cron expression aloud ("At 09:00,
// Monday through Friday"), cron-parser computes the next times in the trigger's time zone. Both are
// small, maintained, and do what would take a careful parser to rewrite; the engine's validator
// stays the judge of what it accepts.
import { CronExpressionParser } from "cron-parser";
import cronstrue from "cronstrue";

export interface CronReading {
  words: string | null;
  next: string[];
  error: string | null;
}

export function readCron(cron: string, timezone: string | null, count = 5): CronReading {
  const text = cron.trim();
  if (!text) return { words: null, next: [], error: "Type a schedule, e.g. 0 9 * * 1-5 (9:00 on weekdays)." };
  try {
    const words = cronstrue.toString(text, { use24HourTimeFormat: true, verbose: false });
    const it = CronExpressionParser.parse(text, { tz: timezone || "UTC" });
    const next = it.take(count).map((d) => d.toISOString() ?? "");
    return { words, next, error: null };
  } catch (e) {
    return { words: null, next: [], error: e instanceof Error ? e.message : String(e) };
  }
}

/** A time in the given zone, for people ("Mon 1 Dec, 09:00"). */
export function formatIn(iso: string, timezone: string | null): string {
  return new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: timezone || "UTC" }).format(new Date(iso));
}

export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const zones = intl.supportedValuesOf?.("timeZone") ?? [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}
