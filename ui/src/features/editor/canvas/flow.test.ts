// What React Flow is handed as the document changes: the very same array when only a node's text
// changed (the node reads that from the store), and a new object for exactly the node whose place,
// handles or decorations changed.
import { describe, expect, it } from "vitest";
import { moveNodes, setField } from "../store/commands";
import type { EdDoc } from "../store/doc";
import { createEditorStore } from "../store/editorStore";
import { nodeDeriver, type Decorations } from "./flow";

const doc = (): EdDoc => ({
  name: "Leads",
  description: "",
  tags: [],
  variables: {},
  nodes: [
    { id: "start", type: "trigger", position: { x: 0, y: 0 }, data: { label: "Start", trigger: { kind: "manual" } } },
    { id: "reply", type: "aiAgent", position: { x: 250, y: 0 }, data: { label: "Reply", agentId: "", prompt: "" } },
  ],
  edges: [],
});

const plain: Decorations = { selected: new Set(), drag: null, sizes: {}, issues: new Map(), runStates: {}, pins: {} };

describe("nodeDeriver", () => {
  it("hands React Flow the same array when only a node's text changes", () => {
    const store = createEditorStore(doc());
    const derive = nodeDeriver();
    const first = derive(store.getState().doc.nodes, plain);
    setField(store, "reply", "label", "Answer the lead");
    expect(derive(store.getState().doc.nodes, plain)).toBe(first);
  });

  it("makes a new flow node for one that moved, gained a handle or was selected, and keeps the others", () => {
    const store = createEditorStore(doc());
    const derive = nodeDeriver();
    const first = derive(store.getState().doc.nodes, plain);

    moveNodes(store, { reply: { x: 300, y: 40 } });
    const moved = derive(store.getState().doc.nodes, plain);
    expect(moved).not.toBe(first);
    expect(moved[0]).toBe(first[0]);
    expect(moved[1]!.position).toEqual({ x: 300, y: 40 });

    setField(store, "reply", "onError", "branch");
    const branched = derive(store.getState().doc.nodes, plain);
    expect(branched[1]).not.toBe(moved[1]);
    expect(branched[0]).toBe(first[0]);

    const selected = derive(store.getState().doc.nodes, { ...plain, selected: new Set(["start"]) });
    expect(selected[0]!.selected).toBe(true);
    expect(selected[1]).toBe(branched[1]);
  });
});
