// The workflow as an ELK graph: layered left to right, one port per output handle in a fixed order
// (a condition's true above false above error), so "Tidy up" keeps branch order; notes stay where
// they are. Free of the worker, so it is tested alone.
import type { ElkNode } from "elkjs/lib/elk.bundled.js";
import { type EdDoc, type XY, outputHandles } from "../store/doc";
import type { Size } from "../store/editorStore";

const DEFAULT: Size = { width: 220, height: 72 };
const portId = (node: string, handle: string) => `${node}::out::${handle || "main"}`;

export function toElk(doc: EdDoc, sizes: Record<string, Size>): ElkNode {
  const nodes = doc.nodes.filter((n) => n.type !== "note");
  const known = new Set(nodes.map((n) => n.id));
  return {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "90",
      "elk.spacing.nodeNode": "40",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
    },
    children: nodes.map((n) => {
      const size = sizes[n.id] ?? DEFAULT;
      const handles = outputHandles(n);
      return {
        id: n.id,
        width: size.width,
        height: size.height,
        layoutOptions: { "elk.portConstraints": "FIXED_ORDER" },
        ports: [
          { id: `${n.id}::in`, layoutOptions: { "elk.port.side": "WEST" } },
          // ELK orders EAST ports clockwise (top to bottom) by index.
          ...handles.map((h, i) => ({ id: portId(n.id, h), layoutOptions: { "elk.port.side": h === "error" ? "SOUTH" : "EAST", "elk.port.index": String(i) } })),
        ],
      };
    }),
    edges: doc.edges
      .filter((e) => known.has(e.source) && known.has(e.target))
      .map((e) => ({ id: e.id, sources: [portId(e.source, e.sourceHandle ?? "")], targets: [`${e.target}::in`] })),
  };
}

/** Positions from a laid-out graph, shifted so the first trigger stays where it was. */
export function positionsOf(laid: ElkNode, doc: EdDoc): Record<string, XY> {
  const out: Record<string, XY> = {};
  for (const c of laid.children ?? []) out[c.id] = { x: c.x ?? 0, y: c.y ?? 0 };
  const anchor = doc.nodes.find((n) => n.type === "trigger" && out[n.id]) ?? doc.nodes.find((n) => out[n.id]);
  if (!anchor) return out;
  const dx = anchor.position.x - out[anchor.id]!.x;
  const dy = anchor.position.y - out[anchor.id]!.y;
  for (const id of Object.keys(out)) out[id] = { x: out[id]!.x + dx, y: out[id]!.y + dy };
  return out;
}
