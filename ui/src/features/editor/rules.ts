// Which connections may be made, decided while the person drags so a refused one says why before
// it is dropped: never into a trigger, never from or to a note, from a condition only by its
// true/false (or error) handle, never twice, and never a loop. The engine's validator decides the
// same on save; these rules only keep the canvas from offering what it would refuse.
import { type EdDoc, labelOf, outputHandles } from "./store/doc";

export interface Attempt {
  source: string;
  sourceHandle?: string | null;
  target: string;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/** The ids on a path from `from` to `to` following edges, or null when there is none. */
export function pathBetween(doc: EdDoc, from: string, to: string): string[] | null {
  const out = new Map<string, string[]>();
  for (const e of doc.edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const previous = new Map<string, string>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (id === to) {
      const path = [to];
      while (path[0] !== from) path.unshift(previous.get(path[0]!)!);
      return path;
    }
    for (const next of out.get(id) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      previous.set(next, id);
      queue.push(next);
    }
  }
  return null;
}

export function checkConnection(doc: EdDoc, a: Attempt): Verdict {
  const source = doc.nodes.find((n) => n.id === a.source);
  const target = doc.nodes.find((n) => n.id === a.target);
  if (!source || !target) return { ok: false, reason: "That node no longer exists." };
  if (a.source === a.target) return { ok: false, reason: "A node cannot connect to itself." };
  if (target.type === "trigger") return { ok: false, reason: `${labelOf(target)} is a trigger: a run starts there, nothing leads into it.` };
  if (source.type === "note" || target.type === "note") return { ok: false, reason: "Notes are comments: they do not connect." };
  const handle = a.sourceHandle ?? "";
  const handles = outputHandles(source);
  if (!handles.includes(handle)) {
    const named = handles.filter(Boolean).join(" or ");
    return { ok: false, reason: source.type === "condition" ? `Connect from the condition's ${named} handle.` : `${labelOf(source)} has no “${handle}” output.` };
  }
  if (doc.edges.some((e) => e.source === a.source && (e.sourceHandle ?? "") === handle && e.target === a.target)) {
    return { ok: false, reason: "These two are already connected this way." };
  }
  const back = pathBetween(doc, a.target, a.source);
  if (back) {
    const names = [...back, a.target].map((id) => labelOf(doc.nodes.find((n) => n.id === id)!));
    return { ok: false, reason: `That would make a loop: ${names.join(" → ")}.` };
  }
  return { ok: true };
}

/** Nodes upstream of `id` (every node with a path to it), nearest first. */
export function upstreamOf(doc: EdDoc, id: string): string[] {
  const incoming = new Map<string, string[]>();
  for (const e of doc.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  const order: string[] = [];
  const seen = new Set([id]);
  const queue = [id];
  while (queue.length > 0) {
    for (const prev of incoming.get(queue.shift()!) ?? []) {
      if (seen.has(prev)) continue;
      seen.add(prev);
      order.push(prev);
      queue.push(prev);
    }
  }
  return order;
}
