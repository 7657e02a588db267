// Clipboard payloads: copy keeps only the edges inside the selection; paste gives fresh ids that do
// not collide, rewires edges to them and moves positions; foreign or damaged text is refused.
import { describe, expect, it } from "vitest";
import { copyPayload, parsePayload, remap } from "./clipboard";
import type { EdDoc } from "./store/doc";

const doc: EdDoc = {
  name: "",
  description: "",
  tags: [],
  variables: {},
  nodes: [
    { id: "a", type: "transform", position: { x: 10, y: 20 }, data: { label: "A" } },
    { id: "b", type: "delay", position: { x: 300, y: 20 }, data: { ms: 5 } },
    { id: "c", type: "delay", position: { x: 600, y: 20 }, data: { ms: 5 } },
  ],
  edges: [
    { id: "ab", source: "a", target: "b" },
    { id: "bc", source: "b", target: "c" },
  ],
};

describe("clipboard", () => {
  it("copies the chosen nodes and the edges between them", () => {
    const p = copyPayload(doc, ["a", "b"]);
    expect(p).toMatchObject({ kind: "neuroflow-nodes", version: 1 });
    expect(p.nodes.map((n) => n.id)).toEqual(["a", "b"]);
    expect(p.edges.map((e) => e.id)).toEqual(["ab"]);
  });

  it("remaps ids into the same workflow and offsets positions", () => {
    const parsed = parsePayload(JSON.stringify(copyPayload(doc, ["a", "b"])));
    if (!parsed.ok) throw new Error(parsed.reason);
    const { nodes, edges } = remap(doc, parsed.payload, { offset: { x: 40, y: 40 } });
    expect(nodes.map((n) => n.id)).toEqual(["a2", "b2"]);
    expect(nodes[0]!.position).toEqual({ x: 50, y: 60 });
    expect(edges).toEqual([{ id: "e-a2-b2", source: "a2", target: "b2" }]);
  });

  it("places a paste at a point, keeping the nodes' arrangement", () => {
    const parsed = parsePayload(JSON.stringify(copyPayload(doc, ["b", "c"])));
    if (!parsed.ok) throw new Error(parsed.reason);
    const empty: EdDoc = { ...doc, nodes: [], edges: [] };
    const { nodes } = remap(empty, parsed.payload, { at: { x: 0, y: 0 } });
    expect(nodes.map((n) => [n.id, n.position])).toEqual([["b", { x: 0, y: 0 }], ["c", { x: 300, y: 0 }]]);
  });

  it("refuses text that is not ours, another version, or damaged", () => {
    expect(parsePayload("hello")).toMatchObject({ ok: false, reason: expect.stringMatching(/no NeuroFlow nodes/) });
    expect(parsePayload(JSON.stringify({ kind: "dify-workflow-clipboard" })).ok).toBe(false);
    expect(parsePayload(JSON.stringify({ kind: "neuroflow-nodes", version: 2, nodes: [], edges: [] }))).toMatchObject({ ok: false, reason: expect.stringMatching(/format 2/) });
    expect(parsePayload(JSON.stringify({ kind: "neuroflow-nodes", version: 1, nodes: [{ id: 3 }], edges: [] }))).toMatchObject({ ok: false, reason: expect.stringMatching(/damaged/) });
  });
});

import { freeSpot, nextPlace } from "./actions";
import { createEditorStore } from "./store/editorStore";

describe("placing new nodes", () => {
  it("puts a node right of the selection, below any node already there", () => {
    const store = createEditorStore(doc);
    store.select({ nodes: ["a"] });
    // right of a (x 310) is b (x 300): taken, so one row down.
    expect(nextPlace(store)).toEqual({ x: 290, y: 140 });
    store.select({ nodes: [] });
    expect(nextPlace(store)).toEqual({ x: 880, y: 20 });
    expect(freeSpot(store, { x: 5000, y: 0 })).toEqual({ x: 5000, y: 0 });
  });
});
