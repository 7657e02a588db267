// The schedule reading: plain words and the next five times in the trigger's zone; a bad
// expression is named instead of guessed.
import { describe, expect, it } from "vitest";
import { readCron } from "./cron";

describe("cron reading", () => {
  it("reads a weekday schedule and lists the next five runs in its time zone", () => {
    const r = readCron("0 9 * * 1-5", "America/New_York");
    expect(r.error).toBeNull();
    expect(r.words).toMatch(/09:00.*Monday through Friday/);
    expect(r.next).toHaveLength(5);
    for (const t of r.next) {
      const local = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "2-digit", minute: "2-digit", hour12: false, weekday: "short" }).format(new Date(t));
      expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri),? 09:00$/);
    }
  });
  it("names a bad expression", () => {
    expect(readCron("61 * * * *", null).error).toBeTruthy();
    expect(readCron("", null).error).toMatch(/Type a schedule/);
  });
});
