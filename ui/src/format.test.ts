// Times as people read them: relative when recent, a date otherwise, and odd values left readable.
import { describe, expect, it } from "vitest";
import { formatWhen } from "./format";

describe("formatWhen", () => {
  const now = new Date("2026-11-22T12:00:00Z");
  it("is relative for recent times", () => {
    expect(formatWhen("2026-11-22T11:59:50Z", now)).toBe("just now");
    expect(formatWhen("2026-11-22T11:30:00Z", now)).toBe("30 min ago");
    expect(formatWhen("2026-11-22T07:00:00Z", now)).toBe("5 h ago");
    expect(formatWhen("2026-11-19T12:00:00Z", now)).toBe("3 d ago");
  });
  it("handles missing and malformed values", () => {
    expect(formatWhen(null, now)).toBe("never");
    expect(formatWhen("not a date", now)).toBe("not a date");
    expect(formatWhen("2026-01-02T00:00:00Z", now)).not.toMatch(/ago/);
  });
});
