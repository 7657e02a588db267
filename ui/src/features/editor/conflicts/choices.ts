// What a sync conflict's choices do to the draft. The workspace merged two desktops' edits node by
// node; where both changed the same node it kept one side in the workflow and the other side's
// whole document as a conflict copy. Here the person picks, per node, "keep this version" (nothing
// to do) or "use theirs", and all the picked nodes change as ONE store edit, so the draft's normal
// autosave keeps it and one Ctrl+Z takes it all back. Kept free of React so it is tested directly.
import type { Value } from "../../../bindings";
import { fromDocument, labelOf, type EdDoc, type EdEdge, type EdNode } from "../store/doc";
import type { EditorStore } from "../store/editorStore";

export type Choice = "mine" | "theirs";

/** The conflict copy's document as the editor holds it; the workspace keeps it without `format`. */
export function theirDocument(value: Value): EdDoc {
  if (value === null || typeof value !== "object" || Array.isArray(value) || !Array.isArray(value["nodes"])) {
    throw new Error("the other side's document has no nodes: it cannot be compared");
  }
  const v = value as { [key: string]: Value };
  const text = (x: Value | undefined) => (typeof x === "string" ? x : "");
  const object = (x: Value | undefined) => (x !== null && typeof x === "object" && !Array.isArray(x) ? x : {});
  const nodes = (v["nodes"] as Value[]).filter((n): n is { [key: string]: Value } => n !== null && typeof n === "object" && !Array.isArray(n) && typeof n["id"] === "string");
  const edges = (Array.isArray(v["edges"]) ? v["edges"] : []).filter((e): e is { [key: string]: Value } => e !== null && typeof e === "object" && !Array.isArray(e) && typeof e["id"] === "string");
  return fromDocument({
    format: 1,
    name: text(v["name"]),
    description: text(v["description"]),
    tags: Array.isArray(v["tags"]) ? v["tags"].filter((t): t is string => typeof t === "string") : [],
    variables: object(v["variables"]),
    nodes: nodes.map((n) => ({ id: n["id"] as string, type: text(n["type"]), position: object(n["position"]) as { x: number; y: number }, data: object(n["data"]) })),
    edges: edges.map((e) => ({ id: e["id"] as string, source: text(e["source"]), target: text(e["target"]), sourceHandle: typeof e["sourceHandle"] === "string" ? e["sourceHandle"] : null, targetHandle: typeof e["targetHandle"] === "string" ? e["targetHandle"] : null })),
  });
}

const copy = <T,>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** The undo entry's name: "Use Ada's version of Say hi" (or "of 2 nodes"). */
export function choiceLabel(author: string, names: string[]): string {
  const whose = author.trim() ? `${author.trim()}'s` : "their";
  return `Use ${whose} version of ${names.length === 1 ? names[0]! : `${names.length} nodes`}`;
}

/**
 * Puts the other side's version of `nodeIds` into the draft as one undoable edit: a node both have
 * is replaced (type, position, data); one they deleted is deleted with its connections; one deleted
 * here comes back with their connections to nodes the draft still has. False when nothing changed.
 */
export function applyTheirs(store: EditorStore, theirs: EdDoc, nodeIds: string[], author: string): boolean {
  if (nodeIds.length === 0) return false;
  const before = store.getState().doc;
  const names = nodeIds.map((id) => {
    const n = before.nodes.find((x) => x.id === id) ?? theirs.nodes.find((x) => x.id === id);
    return n ? labelOf(n) : id;
  });
  return store.edit(choiceLabel(author, names), (d) => {
    const restored = new Set<string>();
    for (const id of nodeIds) {
      const their = theirs.nodes.find((n) => n.id === id);
      const at = d.nodes.findIndex((n) => n.id === id);
      if (their && at >= 0) d.nodes[at] = copy<EdNode>(their);
      else if (their) {
        d.nodes.push(copy<EdNode>(their));
        restored.add(id);
      }
      else if (at >= 0) {
        d.nodes.splice(at, 1);
        d.edges = d.edges.filter((e) => e.source !== id && e.target !== id);
      }
    }
    // A node brought back keeps the connections it has on their side, where both ends exist here.
    const present = new Set(d.nodes.map((n) => n.id));
    const edgeIds = new Set(d.edges.map((e) => e.id));
    for (const e of theirs.edges) {
      const touches = restored.has(e.source) || restored.has(e.target);
      if (touches && present.has(e.source) && present.has(e.target) && !edgeIds.has(e.id)) {
        d.edges.push(copy<EdEdge>(e));
        edgeIds.add(e.id);
      }
    }
  });
}
