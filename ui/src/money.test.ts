// Money typed by people, parsed to exact micro-dollars and shown back without losing a digit.
import { describe, expect, it } from "vitest";
import { formatDollarsExact, microsToDollars, parseDollars } from "./money";

describe("money", () => {
  it("parses dollars into exact micro-dollars", () => {
    expect(parseDollars("2.50")).toEqual({ ok: true, micros: 2_500_000 });
    expect(parseDollars("$0.000075")).toEqual({ ok: true, micros: 75 });
    expect(parseDollars(" 12 ")).toEqual({ ok: true, micros: 12_000_000 });
    expect(parseDollars(".5")).toEqual({ ok: true, micros: 500_000 });
    expect(parseDollars("0.29")).toEqual({ ok: true, micros: 290_000 });
    expect(parseDollars("1,000.10")).toEqual({ ok: true, micros: 1_000_100_000 });
    expect(parseDollars("")).toEqual({ ok: true, micros: null });
  });

  it("refuses what is not an amount", () => {
    for (const bad of ["abc", "-1", "1.2.3", ".", "1e3", "0.0000001"]) expect(parseDollars(bad).ok).toBe(false);
  });

  it("shows micro-dollars back exactly", () => {
    expect(microsToDollars(2_500_000)).toBe("2.50");
    expect(microsToDollars(75)).toBe("0.000075");
    expect(microsToDollars(150_000)).toBe("0.15");
    expect(microsToDollars(0)).toBe("0.00");
    expect(microsToDollars(10_123_400)).toBe("10.1234");
    expect(formatDollarsExact(290_000)).toBe("$0.29");
    for (const m of [1, 99, 290_000, 2_500_000, 75_000_001]) expect(parseDollars(microsToDollars(m))).toEqual({ ok: true, micros: m });
  });
});
