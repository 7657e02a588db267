// The editor's named edits. Each is one journal entry (so one undo step) with a label people read
// in "Undo: …": add, connect, delete, move, change a field, change the workflow's settings, paste.
// Kept apart from the store so panels, the canvas, the keyboard and the tests call the same verbs.
import type { Value } from "../../../bindings";
import { checkConnection, type Attempt } from "../rules";
import { type EdDoc, type EdEdge, type EdNode, type XY, freshId, labelOf } from "./doc";
import type { EditorStore } from "./editorStore";

const ids = (doc: EdDoc) => new Set([...doc.nodes.map((n) => n.id), ...doc.edges.map((e) => e.id)]);

/** Adds a node; when `from` is given, connects it after that node (handle included). Answers its id. */
export function addNode(store: EditorStore, type: string, position: XY, data: { [key: string]: Value }, title: string, from?: { node: string; handle?: string | null }): string {
  const doc = store.getState().doc;
  const taken = ids(doc);
  const id = freshId(type, taken);
  const node: EdNode = { id, type, position, data };
  store.edit(`Add ${title}`, (d) => {
    d.nodes.push(node);
    if (from && checkConnection({ ...doc, nodes: [...doc.nodes, node] }, { source: from.node, sourceHandle: from.handle ?? null, target: id }).ok) {
      const edge: EdEdge = { id: freshId(`e-${from.node}-${id}`, taken), source: from.node, target: id };
      if (from.handle) edge.sourceHandle = from.handle;
      d.edges.push(edge);
    }
  });
  store.select({ nodes: [id], edges: [] });
  return id;
}

/** Connects two nodes if the rules allow; answers why not otherwise. */
export function connect(store: EditorStore, a: Attempt): string | null {
  const doc = store.getState().doc;
  const verdict = checkConnection(doc, a);
  if (!verdict.ok) return verdict.reason;
  const source = doc.nodes.find((n) => n.id === a.source)!;
  const target = doc.nodes.find((n) => n.id === a.target)!;
  const edge: EdEdge = { id: freshId(`e-${a.source}-${a.target}`, ids(doc)), source: a.source, target: a.target };
  if (a.sourceHandle) edge.sourceHandle = a.sourceHandle;
  store.edit(`Connect ${labelOf(source)} to ${labelOf(target)}`, (d) => void d.edges.push(edge));
  return null;
}

/** Deletes nodes (with every edge touching them) and edges. */
export function remove(store: EditorStore, nodeIds: string[], edgeIds: string[]): boolean {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  const count = nodeIds.length + edgeIds.length;
  const label = nodeIds.length === 1 && edgeIds.length === 0 ? `Delete ${labelOf(store.getState().doc.nodes.find((n) => n.id === nodeIds[0]) ?? { id: nodeIds[0]!, type: "", position: { x: 0, y: 0 }, data: {} })}` : `Delete ${count} items`;
  return store.edit(label, (d) => {
    d.nodes = d.nodes.filter((n) => !nodes.has(n.id));
    d.edges = d.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target));
  });
}

/** Moves nodes to new positions as one edit (a drag, an alignment, a tidy-up, a nudge). */
export function moveNodes(store: EditorStore, positions: Record<string, XY>, label = "Move", key?: string): boolean {
  return store.edit(
    label,
    (d) => {
      for (const n of d.nodes) {
        const p = positions[n.id];
        if (p && (p.x !== n.position.x || p.y !== n.position.y)) n.position = { x: Math.round(p.x), y: Math.round(p.y) };
      }
    },
    key,
  );
}

/** Sets (or with `undefined` removes) a field of a node's data by dotted path; typing coalesces per field. */
export function setField(store: EditorStore, nodeId: string, path: string, value: Value | undefined, coalesce = true): boolean {
  const node = store.getState().doc.nodes.find((n) => n.id === nodeId);
  if (!node) return false;
  const keys = path.split(".");
  return store.edit(
    `Change ${labelOf(node)}: ${keys[keys.length - 1]}`,
    (d) => {
      const target = d.nodes.find((n) => n.id === nodeId);
      if (!target) return;
      let obj = target.data as { [key: string]: Value };
      for (const k of keys.slice(0, -1)) {
        const next = obj[k];
        if (next === null || typeof next !== "object" || Array.isArray(next)) {
          if (value === undefined) return;
          obj[k] = {};
        }
        obj = obj[k] as { [key: string]: Value };
      }
      const last = keys[keys.length - 1]!;
      if (value === undefined) delete obj[last];
      else if (JSON.stringify(obj[last]) !== JSON.stringify(value)) obj[last] = value;
    },
    coalesce ? `${nodeId}:${path}` : undefined,
  );
}

/** Changes the workflow's own settings (name, description, tags, variables). */
export function setSettings(store: EditorStore, patch: Partial<Pick<EdDoc, "name" | "description" | "tags" | "variables">>, key = "settings"): boolean {
  return store.edit(
    "Change workflow settings",
    (d) => {
      if (patch.name !== undefined) d.name = patch.name;
      if (patch.description !== undefined) d.description = patch.description;
      if (patch.tags !== undefined) d.tags = patch.tags;
      if (patch.variables !== undefined) d.variables = patch.variables;
    },
    key,
  );
}

/** Adds a group of nodes and edges already given fresh ids (paste, duplicate); selects them. */
export function addGraph(store: EditorStore, nodes: EdNode[], edges: EdEdge[], label: string): boolean {
  if (nodes.length === 0) return false;
  const done = store.edit(label, (d) => {
    d.nodes.push(...nodes);
    d.edges.push(...edges);
  });
  store.select({ nodes: nodes.map((n) => n.id), edges: [] });
  return done;
}
