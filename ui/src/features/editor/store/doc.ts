// The document as the editor holds it: the workflow format's nodes and edges with every optional
// part made concrete (a position, a data object), so commands and components never guess. Converted
// from and back to the generated WorkflowDocument at the edges (open, save, run, clipboard).
import type { Edge, Node, Value, WorkflowDocument } from "../../../bindings";

export interface XY {
  x: number;
  y: number;
}

export interface EdNode {
  id: string;
  type: string;
  position: XY;
  data: { [key: string]: Value };
}

export interface EdEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

export interface EdDoc {
  name: string;
  description: string;
  tags: string[];
  variables: { [key: string]: Value };
  nodes: EdNode[];
  edges: EdEdge[];
}

export const emptyDoc: EdDoc = { name: "", description: "", tags: [], variables: {}, nodes: [], edges: [] };

export function fromNode(n: Node): EdNode {
  return { id: n.id, type: n.type, position: { x: n.position?.x ?? 0, y: n.position?.y ?? 0 }, data: { ...(n.data ?? {}) } };
}

export function fromEdge(e: Edge): EdEdge {
  const out: EdEdge = { id: e.id, source: e.source, target: e.target };
  if (e.sourceHandle) out.sourceHandle = e.sourceHandle;
  if (e.targetHandle) out.targetHandle = e.targetHandle;
  return out;
}

export function fromDocument(d: WorkflowDocument): EdDoc {
  return {
    name: d.name,
    description: d.description ?? "",
    tags: [...(d.tags ?? [])],
    variables: { ...(d.variables ?? {}) },
    nodes: d.nodes.map(fromNode),
    edges: (d.edges ?? []).map(fromEdge),
  };
}

export function toDocument(d: EdDoc): WorkflowDocument {
  return {
    format: 1,
    name: d.name,
    description: d.description,
    tags: d.tags,
    variables: d.variables,
    nodes: d.nodes.map((n) => ({ id: n.id, type: n.type, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) }, data: n.data })),
    edges: d.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, sourceHandle: e.sourceHandle ?? null, targetHandle: e.targetHandle ?? null })),
  };
}

/** The name people see for a node: its label, else its id. */
export function labelOf(n: EdNode): string {
  const label = n.data["label"];
  return typeof label === "string" && label.trim() ? label : n.id;
}

/** An id not used yet in `taken`, built from `base` ("aiAgent" → "aiAgent-2"). */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  const stem = base.replace(/[^A-Za-z0-9_-]/g, "") || "node";
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) {
    const id = `${stem}${i}`;
    if (!taken.has(id)) return id;
  }
}

/** The output handles a node offers: a condition's true/false, else one; `error` with onError=branch. */
export function outputHandles(n: EdNode): string[] {
  if (n.type === "note") return [];
  const base = n.type === "condition" ? ["true", "false"] : [""];
  return n.data["onError"] === "branch" ? [...base, "error"] : base;
}

/** A dotted path read from a value ("trigger.cron"). */
export function readPath(data: Value | undefined, path: string): Value | undefined {
  let cur: Value | undefined = data;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}
