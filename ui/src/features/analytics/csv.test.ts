import { describe, expect, it } from "vitest";
import { dollarsCell, toCsv } from "./csv";

describe("toCsv", () => {
  it("quotes what needs quoting, keeps numbers plain and money exact", () => {
    const text = toCsv(["name", "runs", "cost"], [
      ["Lead intake", 12, dollarsCell(1_250_075)],
      ['Say "hi", then wait', 0, dollarsCell(75)],
      ["line\nbreak", null, "x"],
    ]);
    expect(text).toBe('name,runs,cost\r\nLead intake,12,1.250075\r\n"Say ""hi"", then wait",0,0.000075\r\n"line\nbreak",,x\r\n');
  });

  it("keeps text that looks like a formula as text", () => {
    expect(toCsv(["m"], [["=HYPERLINK(1)"], ["-3 failed"], [-3]])).toBe("m\r\n'=HYPERLINK(1)\r\n'-3 failed\r\n-3\r\n");
  });
});
