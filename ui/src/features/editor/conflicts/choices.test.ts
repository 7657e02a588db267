// "Use theirs" on the store itself: a node deleted here comes back with their connections to nodes
// the draft still has (and no others), as one undo step; a conflict copy without nodes is refused.
import { describe, expect, it } from "vitest";
import type { Value } from "../../../bindings";
import { createEditorStore } from "../store/editorStore";
import { fromDocument } from "../store/doc";
import { startDoc } from "../test/fakeBackend";
import { applyTheirs, theirDocument } from "./choices";

describe("applyTheirs", () => {
  it("brings back a node deleted here with the connections whose ends exist, as one undo step", () => {
    const mine = fromDocument({ ...startDoc(), nodes: [startDoc().nodes[0]!], edges: [] });
    const store = createEditorStore(mine);
    const theirs = theirDocument({
      name: "Greeter",
      nodes: JSON.parse(JSON.stringify([...startDoc().nodes, { id: "gone", type: "delay", position: { x: 0, y: 0 }, data: {} }])) as Value[],
      edges: [
        { id: "e1", source: "t", target: "hi" },
        { id: "e2", source: "hi", target: "gone" },
      ],
    });
    expect(applyTheirs(store, theirs, ["hi"], "Ada")).toBe(true);
    const doc = store.getState().doc;
    expect(doc.nodes.map((n) => n.id)).toEqual(["t", "hi"]);
    expect(doc.nodes[1]).toEqual(fromDocument(startDoc()).nodes[1]);
    expect(doc.edges).toEqual([{ id: "e1", source: "t", target: "hi" }]);
    expect(store.getState().journal.past.map((e) => e.label)).toEqual(["Use Ada's version of Say hi"]);
    store.undo();
    expect(store.getState().doc).toEqual(mine);
  });

  it("refuses a conflict copy without nodes", () => {
    expect(() => theirDocument({ name: "x" })).toThrow(/no nodes/);
    expect(() => theirDocument(null)).toThrow(/no nodes/);
  });
});
