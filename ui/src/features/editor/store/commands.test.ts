// Every named edit and its undo/redo, on the real store: the document after the edit, after undo
// (exactly the one before) and after redo (exactly the one after); typing coalesces, selection never
// enters the history, and the journal survives serialization for its own document only.
import { describe, expect, it } from "vitest";
import { addGraph, addNode, connect, moveNodes, remove, setField, setSettings } from "./commands";
import type { EdDoc } from "./doc";
import { createEditorStore } from "./editorStore";
import { deserialize, fingerprint, serialize } from "./history";

const base = (): EdDoc => ({
  name: "Leads",
  description: "",
  tags: [],
  variables: {},
  nodes: [
    { id: "start", type: "trigger", position: { x: 0, y: 0 }, data: { label: "Start", trigger: { kind: "manual" } } },
    { id: "hot", type: "condition", position: { x: 250, y: 0 }, data: { label: "Hot?", expression: "input.score > 5" } },
    { id: "reply", type: "aiAgent", position: { x: 500, y: 0 }, data: { label: "Reply", agentId: "", prompt: "" } },
  ],
  edges: [{ id: "e1", source: "start", target: "hot" }],
});

function roundTrip(run: (s: ReturnType<typeof createEditorStore>) => void) {
  let clock = 0;
  const store = createEditorStore(base(), undefined, () => (clock += 5000));
  const before = store.getState().doc;
  run(store);
  const after = store.getState().doc;
  expect(after).not.toEqual(before);
  expect(store.undo()).toBe(true);
  expect(store.getState().doc).toEqual(before);
  expect(store.redo()).toBe(true);
  expect(store.getState().doc).toEqual(after);
  return store;
}

describe("editor commands", () => {
  it("adds a node and connects it after another, undone in one step", () => {
    const store = roundTrip((s) => {
      const id = addNode(s, "transform", { x: 700, y: 0 }, { label: "Shape", output: {} }, "Transform", { node: "reply" });
      expect(id).toBe("transform");
      expect(s.getState().doc.edges.some((e) => e.source === "reply" && e.target === "transform")).toBe(true);
    });
    expect(store.getState().journal.past.map((e) => e.label)).toEqual(["Add Transform"]);
  });

  it("connects from a condition's handle, and refuses with a reason", () => {
    roundTrip((s) => expect(connect(s, { source: "hot", sourceHandle: "true", target: "reply" })).toBeNull());
    const store = createEditorStore(base());
    expect(connect(store, { source: "hot", sourceHandle: null, target: "reply" })).toMatch(/true or false/);
    expect(store.getState().journal.past).toHaveLength(0);
  });

  it("deletes a node with its edges, and undo brings both back", () => {
    roundTrip((s) => {
      remove(s, ["hot"], []);
      expect(s.getState().doc.edges).toHaveLength(0);
    });
  });

  it("deletes an edge alone", () => roundTrip((s) => remove(s, [], ["e1"])));

  it("moves nodes as one edit", () => roundTrip((s) => moveNodes(s, { hot: { x: 260, y: 40 }, reply: { x: 520, y: 40 } })));

  it("sets, nests and removes a field", () => {
    roundTrip((s) => setField(s, "reply", "prompt", "Hi {{ input.name }}"));
    roundTrip((s) => setField(s, "start", "trigger.cron", "0 9 * * 1"));
    roundTrip((s) => setField(s, "reply", "retry.maxAttempts", 3));
    roundTrip((s) => setField(s, "hot", "expression", undefined));
  });

  it("changes the workflow's settings", () => roundTrip((s) => setSettings(s, { name: "Leads v2", variables: { threshold: 80 } })));

  it("pastes a graph as one edit and selects it", () => {
    roundTrip((s) => {
      addGraph(s, [{ id: "x", type: "delay", position: { x: 0, y: 200 }, data: { ms: 5 } }], [], "Paste 1 node");
      expect(s.getState().selection.nodes).toEqual(["x"]);
    });
  });

  it("coalesces typing in one field within a second, not across fields or pauses", () => {
    let clock = 0;
    const store = createEditorStore(base(), undefined, () => clock);
    for (const text of ["H", "Hi", "Hi t", "Hi there"]) {
      clock += 200;
      setField(store, "reply", "prompt", text);
    }
    expect(store.getState().journal.past).toHaveLength(1);
    clock += 3000;
    setField(store, "reply", "prompt", "Hi there!");
    setField(store, "reply", "system", "Be brief");
    expect(store.getState().journal.past).toHaveLength(3);
    store.undo();
    store.undo();
    expect(store.getState().doc.nodes[2]!.data["prompt"]).toBe("Hi there");
    store.undo();
    expect(store.getState().doc.nodes[2]!.data["prompt"]).toBe("");
  });

  it("keeps the selection out of the history and prunes it when nodes go", () => {
    const store = createEditorStore(base());
    store.select({ nodes: ["hot", "reply"] });
    expect(store.getState().journal.past).toHaveLength(0);
    remove(store, ["hot"], []);
    expect(store.getState().selection.nodes).toEqual(["reply"]);
    store.undo();
    expect(store.getState().announcement).toBe("Undid: Delete Hot?");
  });

  it("records nothing for an edit that changes nothing, and a new edit clears redo", () => {
    const store = createEditorStore(base());
    expect(setField(store, "reply", "prompt", "")).toBe(false);
    setField(store, "reply", "prompt", "a");
    store.undo();
    expect(store.getState().journal.future).toHaveLength(1);
    setField(store, "reply", "system", "b");
    expect(store.getState().journal.future).toHaveLength(0);
    expect(store.redo()).toBe(false);
  });

  it("serializes the journal for its document, and refuses it for another", () => {
    const store = createEditorStore(base());
    addNode(store, "delay", { x: 0, y: 300 }, { ms: 1 }, "Delay");
    setField(store, "reply", "prompt", "x");
    const { doc, journal } = store.getState();
    const stored = JSON.parse(JSON.stringify(serialize(journal, fingerprint(doc))));
    const back = deserialize(stored, fingerprint(doc));
    expect(back.past.map((e) => e.label)).toEqual(journal.past.map((e) => e.label));
    const reopened = createEditorStore(doc, back);
    reopened.undo();
    reopened.undo();
    expect(reopened.getState().doc).toEqual(base());
    expect(deserialize(stored, fingerprint(base())).past).toHaveLength(0);
    expect(deserialize({ kind: "other" }, fingerprint(doc)).past).toHaveLength(0);
  });
});
