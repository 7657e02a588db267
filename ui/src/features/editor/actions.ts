// The editor's verbs that need more than the store: adding from the palette (with a default label
// and data from the catalog), copy/cut/paste/duplicate through the clipboard payload, deleting the
// selection, selecting all, tidy up, align and distribute. The toolbar, the context menu and the
// keyboard all call these, so each verb behaves one way wherever it is started.
import { align, distribute, type Alignment, type Distribution } from "./align";
import { defaultData, findAction, kindTitle } from "./catalog";
import { copyPayload, parsePayload, remap } from "./clipboard";
import type { EditorCatalog } from "./contract";
import { tidy } from "./layout/tidy";
import { addGraph, addNode, moveNodes, remove } from "./store/commands";
import type { XY } from "./store/doc";
import type { EditorStore } from "./store/editorStore";

/** Adds the palette item `key` (`kind` or `integration:<action>`) at `at`; connects after `from`. */
export function addFromPalette(store: EditorStore, catalog: EditorCatalog | null, key: string, at: XY, from?: { node: string; handle: string | null }): string {
  const [kind, actionName] = key.split(":") as [string, string | undefined];
  const action = findAction(catalog, actionName);
  const title = action?.title ?? kindTitle(catalog, kind);
  const count = store.getState().doc.nodes.filter((n) => n.type === kind).length;
  const label = count === 0 ? title : `${title} ${count + 1}`;
  return addNode(store, kind, at, defaultData(kind, label, action), title, from);
}

/** Where a node added without a place goes: right of the selection, else right of everything; never on top of another. */
export function nextPlace(store: EditorStore): XY {
  const { doc, selection } = store.getState();
  const chosen = doc.nodes.filter((n) => selection.nodes.includes(n.id));
  const base = chosen.length > 0 ? chosen : doc.nodes;
  if (base.length === 0) return { x: 0, y: 0 };
  const right = base.reduce((a, n) => (n.position.x > a.position.x ? n : a));
  return freeSpot(store, { x: right.position.x + 280, y: right.position.y });
}

/** The first place at or below `at` that no node covers (nodes are 220 × ~80). */
export function freeSpot(store: EditorStore, at: XY): XY {
  const { doc } = store.getState();
  const taken = (p: XY) => doc.nodes.some((n) => Math.abs(n.position.x - p.x) < 230 && Math.abs(n.position.y - p.y) < 100);
  let p = at;
  for (let i = 0; i < 200 && taken(p); i++) p = { x: p.x, y: p.y + 120 };
  return p;
}

export function copyText(store: EditorStore): string | null {
  const { doc, selection } = store.getState();
  if (selection.nodes.length === 0) return null;
  return JSON.stringify(copyPayload(doc, selection.nodes));
}

/** Pastes clipboard text; answers a message when it is refused. */
export function pasteText(store: EditorStore, text: string, at?: XY): string | null {
  const parsed = parsePayload(text);
  if (!parsed.ok) return parsed.reason;
  const { nodes, edges } = remap(store.getState().doc, parsed.payload, at ? { at } : { offset: { x: 40, y: 40 } });
  addGraph(store, nodes, edges, nodes.length === 1 ? "Paste 1 node" : `Paste ${nodes.length} nodes`);
  return null;
}

export function duplicateSelection(store: EditorStore): boolean {
  const text = copyText(store);
  if (!text) return false;
  const parsed = parsePayload(text);
  if (!parsed.ok) return false;
  const { nodes, edges } = remap(store.getState().doc, parsed.payload, { offset: { x: 40, y: 40 } });
  return addGraph(store, nodes, edges, nodes.length === 1 ? "Duplicate 1 node" : `Duplicate ${nodes.length} nodes`);
}

export function deleteSelection(store: EditorStore): boolean {
  const { selection } = store.getState();
  return remove(store, selection.nodes, selection.edges);
}

export function selectAll(store: EditorStore): void {
  const { doc } = store.getState();
  store.select({ nodes: doc.nodes.map((n) => n.id), edges: [] });
}

export function alignSelection(store: EditorStore, how: Alignment): boolean {
  const { doc, selection, sizes } = store.getState();
  const positions = align(doc.nodes.filter((n) => selection.nodes.includes(n.id)), sizes, how);
  return moveNodes(store, positions, `Align ${how}`);
}

export function distributeSelection(store: EditorStore, how: Distribution): boolean {
  const { doc, selection, sizes } = store.getState();
  const positions = distribute(doc.nodes.filter((n) => selection.nodes.includes(n.id)), sizes, how);
  return moveNodes(store, positions, `Distribute ${how}ly`);
}

export async function tidyUp(store: EditorStore): Promise<boolean> {
  const { doc, sizes } = store.getState();
  const positions = await tidy(doc, sizes);
  return moveNodes(store, positions, "Tidy up");
}

/** Moves the selection by (dx, dy); repeated nudges within a second are one edit. */
export function nudge(store: EditorStore, dx: number, dy: number): boolean {
  const { doc, selection } = store.getState();
  const positions: Record<string, XY> = {};
  for (const n of doc.nodes) if (selection.nodes.includes(n.id)) positions[n.id] = { x: n.position.x + dx, y: n.position.y + dy };
  return moveNodes(store, positions, "Move with the keyboard", `nudge:${selection.nodes.join(",")}`);
}

/** The node the arrow keys lead to from the selected one: right = next, left = previous, up/down = siblings. */
export function walk(store: EditorStore, key: "ArrowRight" | "ArrowLeft" | "ArrowUp" | "ArrowDown"): string | null {
  const { doc, selection } = store.getState();
  const current = selection.nodes[0];
  if (!current) return doc.nodes.find((n) => n.type === "trigger")?.id ?? doc.nodes[0]?.id ?? null;
  if (key === "ArrowRight") return doc.edges.find((e) => e.source === current)?.target ?? null;
  if (key === "ArrowLeft") return doc.edges.find((e) => e.target === current)?.source ?? null;
  const parent = doc.edges.find((e) => e.target === current)?.source;
  const siblings = parent ? doc.edges.filter((e) => e.source === parent).map((e) => e.target) : doc.nodes.filter((n) => n.type === "trigger").map((n) => n.id);
  const i = siblings.indexOf(current);
  const next = siblings[i + (key === "ArrowDown" ? 1 : -1)];
  return next ?? null;
}
