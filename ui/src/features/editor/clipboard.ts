// Copy and paste through the system clipboard, within and across workflows (and windows): the
// selection goes out as a versioned JSON payload, and a paste gives every node and edge a fresh id
// (edges follow their nodes), offsets the positions so the copy does not hide the original, and
// refuses text that is not ours with a message instead of guessing.
import type { Edge, Node } from "../../bindings";
import { type EdDoc, type EdEdge, type EdNode, fromEdge, fromNode, freshId } from "./store/doc";

export const CLIPBOARD_KIND = "neuroflow-nodes";
export const CLIPBOARD_VERSION = 1;

export interface ClipboardPayload {
  kind: typeof CLIPBOARD_KIND;
  version: number;
  nodes: Node[];
  edges: Edge[];
}

/** The payload for the chosen nodes: them, and the edges between them. */
export function copyPayload(doc: EdDoc, nodeIds: string[]): ClipboardPayload {
  const chosen = new Set(nodeIds);
  return {
    kind: CLIPBOARD_KIND,
    version: CLIPBOARD_VERSION,
    nodes: doc.nodes.filter((n) => chosen.has(n.id)).map((n) => ({ id: n.id, type: n.type, position: n.position, data: n.data })),
    edges: doc.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target)).map((e) => ({ ...e })),
  };
}

export type Parsed = { ok: true; payload: ClipboardPayload } | { ok: false; reason: string };

export function parsePayload(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "The clipboard holds no NeuroFlow nodes (copy nodes in a workflow first)." };
  }
  const p = value as Partial<ClipboardPayload> | null;
  if (!p || typeof p !== "object" || p.kind !== CLIPBOARD_KIND) return { ok: false, reason: "The clipboard holds no NeuroFlow nodes (copy nodes in a workflow first)." };
  if (p.version !== CLIPBOARD_VERSION) return { ok: false, reason: `These nodes were copied by another version of NeuroFlow Hub (format ${String(p.version)}); this one reads format ${CLIPBOARD_VERSION}.` };
  const nodeOk = (n: unknown) => typeof n === "object" && n !== null && typeof (n as Node).id === "string" && typeof (n as Node).type === "string";
  const edgeOk = (e: unknown) => typeof e === "object" && e !== null && typeof (e as Edge).source === "string" && typeof (e as Edge).target === "string";
  if (!Array.isArray(p.nodes) || !p.nodes.every(nodeOk) || !Array.isArray(p.edges ?? []) || !(p.edges ?? []).every(edgeOk)) {
    return { ok: false, reason: "The copied nodes are damaged and cannot be pasted." };
  }
  return { ok: true, payload: { kind: CLIPBOARD_KIND, version: CLIPBOARD_VERSION, nodes: p.nodes, edges: p.edges ?? [] } };
}

/**
 * Nodes and edges ready to add to `doc`: fresh ids, positions moved by `offset` (or placed with
 * their top-left at `at`), edges kept only when both ends were copied.
 */
export function remap(doc: EdDoc, payload: ClipboardPayload, place: { offset: { x: number; y: number } } | { at: { x: number; y: number } }): { nodes: EdNode[]; edges: EdEdge[] } {
  const taken = new Set([...doc.nodes.map((n) => n.id), ...doc.edges.map((e) => e.id)]);
  const source = payload.nodes.map(fromNode);
  const minX = Math.min(...source.map((n) => n.position.x));
  const minY = Math.min(...source.map((n) => n.position.y));
  const shift = "offset" in place ? place.offset : { x: place.at.x - minX, y: place.at.y - minY };
  const newId = new Map<string, string>();
  const nodes = source.map((n) => {
    const id = freshId(n.id, taken);
    taken.add(id);
    newId.set(n.id, id);
    return { ...n, id, position: { x: n.position.x + shift.x, y: n.position.y + shift.y } };
  });
  const edges: EdEdge[] = [];
  for (const e of payload.edges.map(fromEdge)) {
    const s = newId.get(e.source);
    const t = newId.get(e.target);
    if (!s || !t) continue;
    const id = freshId(`e-${s}-${t}`, taken);
    taken.add(id);
    edges.push({ ...e, id, source: s, target: t });
  }
  return { nodes, edges };
}
