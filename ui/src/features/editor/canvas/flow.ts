// From the editor's store to React Flow's nodes and edges, keeping the identity of every node whose
// inputs did not change: React Flow then re-adopts and re-renders only the nodes that moved, were
// selected, or changed (research §3: re-mapping all nodes each change makes a 500-node drag crawl).
// A node's text is not among those inputs: the node reads it from the store (useLiveNode), so
// typing in a panel hands React Flow the very same array and only that node re-renders.
import type { Edge as FlowEdge, Node as FlowNode } from "@xyflow/react";
import type { NodeRunState } from "../../workflows/runs";
import { outputHandles, type EdEdge, type EdNode, type XY } from "../store/doc";
import type { Size } from "../store/editorStore";

export type DiffMark = "added" | "removed" | "changed";

export interface EdFlowData extends Record<string, unknown> {
  /** The node when this flow node was made; its text may be older than the store's (useLiveNode). */
  node: EdNode;
  /** Validation problems of the node, one per line ("" when none). */
  issues: string;
  runState: NodeRunState | null;
  pinned: boolean;
  diff: DiffMark | null;
}

export type EdFlowNode = FlowNode<EdFlowData, "ed">;

export interface Decorations {
  selected: ReadonlySet<string>;
  drag: Record<string, XY> | null;
  sizes: Record<string, Size>;
  issues: ReadonlyMap<string, string>;
  runStates: Record<string, NodeRunState>;
  pins: Record<string, unknown>;
  diff?: ReadonlyMap<string, DiffMark>;
}

interface Cached {
  /** What React Flow itself depends on: where the node is, its kind, its handles. */
  position: XY;
  type: string;
  handles: string;
  selected: boolean;
  pos: XY | undefined;
  size: Size | undefined;
  issues: string;
  run: NodeRunState | null;
  pinned: boolean;
  diff: DiffMark | null;
  out: EdFlowNode;
}

/** A function that derives flow nodes, remembering the last result of each node. */
export function nodeDeriver(): (nodes: EdNode[], d: Decorations) => EdFlowNode[] {
  let cache = new Map<string, Cached>();
  let last: EdFlowNode[] = [];
  return (nodes, d) => {
    const next = new Map<string, Cached>();
    let same = nodes.length === last.length;
    const out = nodes.map((n, i) => {
      const c = cache.get(n.id);
      const handles = outputHandles(n).join(" ");
      const selected = d.selected.has(n.id);
      const pos = d.drag?.[n.id];
      const size = d.sizes[n.id];
      const issues = d.issues.get(n.id) ?? "";
      const run = d.runStates[n.id] ?? null;
      const pinned = n.id in d.pins;
      const diff = d.diff?.get(n.id) ?? null;
      if (c && c.position === n.position && c.type === n.type && c.handles === handles && c.selected === selected && c.pos === pos && c.size === size && c.issues === issues && c.run === run && c.pinned === pinned && c.diff === diff) {
        next.set(n.id, c);
        same &&= last[i] === c.out;
        return c.out;
      }
      same = false;
      const flow: EdFlowNode = {
        id: n.id,
        type: "ed",
        position: pos ?? n.position,
        selected,
        data: { node: n, issues, runState: run, pinned, diff },
        ...(size ? { measured: size } : {}),
        ...(n.type === "note" ? { className: "ed-note-wrapper" } : {}),
      };
      next.set(n.id, { position: n.position, type: n.type, handles, selected, pos, size, issues, run, pinned, diff, out: flow });
      return flow;
    });
    cache = next;
    if (same) return last;
    last = out;
    return out;
  };
}

interface CachedEdge {
  src: EdEdge;
  selected: boolean;
  issue: string;
  diff: DiffMark | null;
  out: FlowEdge;
}

export function edgeDeriver(): (edges: EdEdge[], selected: ReadonlySet<string>, issues: ReadonlyMap<string, string>, diff?: ReadonlyMap<string, DiffMark>) => FlowEdge[] {
  let cache = new Map<string, CachedEdge>();
  return (edges, selected, issues, diff) => {
    const next = new Map<string, CachedEdge>();
    const out = edges.map((e) => {
      const c = cache.get(e.id);
      const sel = selected.has(e.id);
      const issue = issues.get(e.id) ?? "";
      const mark = diff?.get(e.id) ?? null;
      if (c && c.src === e && c.selected === sel && c.issue === issue && c.diff === mark) {
        next.set(e.id, c);
        return c.out;
      }
      const handle = e.sourceHandle ?? null;
      const classes = [handle ? `edge-${handle}` : "", issue ? "edge-issue" : "", mark ? `diff-${mark}` : ""].filter(Boolean).join(" ");
      const flow: FlowEdge = {
        id: e.id,
        source: e.source,
        target: e.target,
        sourceHandle: handle,
        selected: sel,
        ...(issue ? { label: "⚠" } : {}),
        ...(classes ? { className: classes } : {}),
        ariaLabel: issue ? `Connection with a problem: ${issue}` : undefined,
      };
      next.set(e.id, { src: e, selected: sel, issue, diff: mark, out: flow });
      return flow;
    });
    cache = next;
    return out;
  };
}
