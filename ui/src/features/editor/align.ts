// Align and distribute the selected nodes, as positions to hand to moveNodes (one undoable edit).
// Sizes come from what the canvas measured; a node not yet measured counts as the default size.
import type { EdNode, XY } from "./store/doc";
import type { Size } from "./store/editorStore";

export type Alignment = "left" | "center" | "right" | "top" | "middle" | "bottom";
export type Distribution = "horizontal" | "vertical";

const DEFAULT: Size = { width: 220, height: 72 };

interface Box {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

const boxes = (nodes: EdNode[], sizes: Record<string, Size>): Box[] =>
  nodes.map((n) => ({ id: n.id, x: n.position.x, y: n.position.y, w: (sizes[n.id] ?? DEFAULT).width, h: (sizes[n.id] ?? DEFAULT).height }));

export function align(nodes: EdNode[], sizes: Record<string, Size>, how: Alignment): Record<string, XY> {
  const b = boxes(nodes, sizes);
  if (b.length < 2) return {};
  const left = Math.min(...b.map((n) => n.x));
  const right = Math.max(...b.map((n) => n.x + n.w));
  const top = Math.min(...b.map((n) => n.y));
  const bottom = Math.max(...b.map((n) => n.y + n.h));
  const out: Record<string, XY> = {};
  for (const n of b) {
    const x = how === "left" ? left : how === "right" ? right - n.w : how === "center" ? (left + right) / 2 - n.w / 2 : n.x;
    const y = how === "top" ? top : how === "bottom" ? bottom - n.h : how === "middle" ? (top + bottom) / 2 - n.h / 2 : n.y;
    out[n.id] = { x, y };
  }
  return out;
}

/** Equal gaps between the nodes, the outermost two staying where they are. */
export function distribute(nodes: EdNode[], sizes: Record<string, Size>, how: Distribution): Record<string, XY> {
  const b = boxes(nodes, sizes);
  if (b.length < 3) return {};
  const horizontal = how === "horizontal";
  const sorted = [...b].sort((p, q) => (horizontal ? p.x - q.x : p.y - q.y));
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const span = horizontal ? last.x + last.w - first.x : last.y + last.h - first.y;
  const total = sorted.reduce((sum, n) => sum + (horizontal ? n.w : n.h), 0);
  const gap = (span - total) / (sorted.length - 1);
  const out: Record<string, XY> = {};
  let cursor = horizontal ? first.x : first.y;
  for (const n of sorted) {
    out[n.id] = horizontal ? { x: cursor, y: n.y } : { x: n.x, y: cursor };
    cursor += (horizontal ? n.w : n.h) + gap;
  }
  return out;
}
