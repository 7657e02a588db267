// The connection rules the canvas applies while dragging: into a trigger, from a condition without a
// branch handle, to itself, twice, or round a loop — each refused with a reason that names the nodes.
import { describe, expect, it } from "vitest";
import { checkConnection, pathBetween, upstreamOf } from "./rules";
import type { EdDoc } from "./store/doc";

const n = (id: string, type: string, data: Record<string, string> = {}) => ({ id, type, position: { x: 0, y: 0 }, data: { label: id.toUpperCase(), ...data } });
const doc: EdDoc = {
  name: "",
  description: "",
  tags: [],
  variables: {},
  nodes: [n("t", "trigger"), n("c", "condition"), n("a", "aiAgent"), n("b", "transform"), n("note", "note"), n("r", "integration", { onError: "branch" })],
  edges: [
    { id: "1", source: "t", target: "c" },
    { id: "2", source: "c", sourceHandle: "true", target: "a" },
    { id: "3", source: "a", target: "b" },
  ],
};

describe("connection rules", () => {
  it("allows a plain connection and a condition's branch", () => {
    expect(checkConnection(doc, { source: "b", target: "r" })).toEqual({ ok: true });
    expect(checkConnection(doc, { source: "c", sourceHandle: "false", target: "b" })).toEqual({ ok: true });
    expect(checkConnection(doc, { source: "r", sourceHandle: "error", target: "b" })).toEqual({ ok: true });
  });
  it("refuses entering a trigger", () => {
    expect(checkConnection(doc, { source: "a", target: "t" })).toMatchObject({ ok: false, reason: expect.stringMatching(/T is a trigger/) });
  });
  it("refuses a condition without a true/false handle", () => {
    expect(checkConnection(doc, { source: "c", sourceHandle: null, target: "b" })).toMatchObject({ ok: false, reason: expect.stringMatching(/true or false/) });
  });
  it("refuses an error handle where onError is not branch", () => {
    expect(checkConnection(doc, { source: "a", sourceHandle: "error", target: "r" }).ok).toBe(false);
  });
  it("refuses a cycle and names it", () => {
    expect(checkConnection(doc, { source: "b", target: "c" })).toEqual({ ok: false, reason: "That would make a loop: C → A → B → C." });
  });
  it("refuses itself, notes and duplicates", () => {
    expect(checkConnection(doc, { source: "a", target: "a" }).ok).toBe(false);
    expect(checkConnection(doc, { source: "a", target: "note" }).ok).toBe(false);
    expect(checkConnection(doc, { source: "a", target: "b" })).toMatchObject({ ok: false, reason: expect.stringMatching(/already connected/) });
  });
  it("finds paths and upstream nodes", () => {
    expect(pathBetween(doc, "t", "b")).toEqual(["t", "c", "a", "b"]);
    expect(pathBetween(doc, "b", "t")).toBeNull();
    expect(upstreamOf(doc, "b")).toEqual(["a", "c", "t"]);
  });
});
