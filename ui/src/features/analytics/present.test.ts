import { describe, expect, it } from "vitest";
import { bucketLabel, change, formatLatency, formatRate, formatTileCount } from "./present";

describe("present", () => {
  it("shortens only counts that would overflow a tile", () => {
    expect(formatTileCount(58_015)).toBe("58,015");
    expect(formatTileCount(999_999)).toBe("999,999");
    expect(formatTileCount(24_252_610)).toBe("24.3M");
  });

  it("says changes against the previous period, and whether they are good news", () => {
    expect(change(120, 100, true)).toEqual({ text: "+20%", tone: "good" });
    expect(change(120, 100, false)).toEqual({ text: "+20%", tone: "bad" });
    expect(change(80, 100, false)).toEqual({ text: "−20%", tone: "good" });
    expect(change(5, 0, true)).toEqual({ text: "new", tone: "flat" });
    expect(change(0.95, 0.9, true, true)).toEqual({ text: "+5.0 pts", tone: "good" });
    expect(change(null, 3, true)).toBeNull();
  });

  it("formats rates, latencies and bucket labels", () => {
    expect(formatRate(0.75)).toBe("75.0%");
    expect(formatRate(null)).toBe("—");
    expect(formatLatency(850)).toBe("850 ms");
    expect(formatLatency(1250)).toBe("1.25 s");
    expect(formatLatency(90_000)).toBe("1.5 min");
    expect(bucketLabel("2026-11-22T00:00:00Z", "day", true)).toBe("Nov 22");
  });
});
