// The ELK graph keeps a condition's branches in order (true, false, error), leaves notes out, and
// the real ELK (run here without a worker) lays a branching workflow left to right with true above false.
import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import type { EdDoc } from "../store/doc";
import { positionsOf, toElk } from "./elkGraph";

const n = (id: string, type: string, data: Record<string, string> = {}) => ({ id, type, position: { x: 100, y: 100 }, data });
const doc: EdDoc = {
  name: "",
  description: "",
  tags: [],
  variables: {},
  nodes: [n("t", "trigger"), n("c", "condition", { onError: "branch" }), n("no", "transform"), n("yes", "transform"), n("note", "note")],
  edges: [
    { id: "1", source: "t", target: "c" },
    { id: "2", source: "c", sourceHandle: "false", target: "no" },
    { id: "3", source: "c", sourceHandle: "true", target: "yes" },
  ],
};

describe("tidy up", () => {
  it("builds ordered ports and skips notes", () => {
    const g = toElk(doc, {});
    expect(g.children?.map((c) => c.id)).toEqual(["t", "c", "no", "yes"]);
    expect(g.children?.[1]?.ports?.map((p) => p.id)).toEqual(["c::in", "c::out::true", "c::out::false", "c::out::error"]);
  });
  it("lays out left to right with the true branch above the false one, the trigger kept in place", async () => {
    const laid = await new ELK().layout(toElk(doc, {}));
    const p = positionsOf(laid, doc);
    expect(p["t"]).toEqual({ x: 100, y: 100 });
    expect(p["c"]!.x).toBeGreaterThan(p["t"]!.x);
    expect(p["yes"]!.x).toBeGreaterThan(p["c"]!.x);
    expect(p["yes"]!.y).toBeLessThan(p["no"]!.y);
    expect(p["note"]).toBeUndefined();
  });
});
