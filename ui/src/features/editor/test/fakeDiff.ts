// The fake backend's document diff: the same rules as the app's (crates/app/src/workflows/diff.rs),
// in short — nodes by id, fields as JSON leaves under `data` plus type and position, edges by id —
// so screens that show a diff (versions, the sync compare view) see real differences in tests.
import type { Value, WorkflowDocument } from "../../../bindings";

interface Field {
  path: string;
  before: Value | null;
  after: Value | null;
}

const same = (a: Value | undefined, b: Value | undefined) => JSON.stringify(a) === JSON.stringify(b);
const isObject = (v: Value | undefined): v is { [key: string]: Value } => v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);

function leaves(out: Field[], path: string, was: Value | undefined, now: Value | undefined) {
  if (isObject(was) && isObject(now)) {
    for (const key of [...new Set([...Object.keys(was), ...Object.keys(now)])].sort()) leaves(out, path ? `${path}.${key}` : key, was[key], now[key]);
  } else if (!same(was, now)) out.push({ path, before: was ?? null, after: now ?? null });
}

export function diffDocuments(before: WorkflowDocument, after: WorkflowDocument) {
  const settings: Field[] = [];
  leaves(settings, "name", before.name, after.name);
  leaves(settings, "description", before.description ?? "", after.description ?? "");
  const label = (n: WorkflowDocument["nodes"][number]) => (typeof n.data?.["label"] === "string" ? n.data["label"] : n.id);
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const fresh = new Map(after.nodes.map((n) => [n.id, n]));
  const nodes = [];
  for (const [id, n] of fresh) {
    const was = old.get(id);
    if (!was) {
      nodes.push({ id, label: label(n), change: "added" as const, fields: [] });
      continue;
    }
    const fields: Field[] = [];
    leaves(fields, "type", was.type, n.type);
    leaves(fields, "position.x", was.position?.x ?? 0, n.position?.x ?? 0);
    leaves(fields, "position.y", was.position?.y ?? 0, n.position?.y ?? 0);
    leaves(fields, "data", was.data ?? {}, n.data ?? {});
    if (fields.length > 0) nodes.push({ id, label: label(n), change: "changed" as const, fields });
  }
  for (const [id, n] of old) if (!fresh.has(id)) nodes.push({ id, label: label(n), change: "removed" as const, fields: [] });
  const oldEdges = new Map((before.edges ?? []).map((e) => [e.id, e]));
  const newEdges = new Map((after.edges ?? []).map((e) => [e.id, e]));
  const edges = [];
  for (const [id, e] of newEdges) {
    const was = oldEdges.get(id);
    if (!was) edges.push({ id, source: e.source, target: e.target, change: "added" as const });
    else if (was.source !== e.source || was.target !== e.target) edges.push({ id, source: e.source, target: e.target, change: "changed" as const });
  }
  for (const [id, e] of oldEdges) if (!newEdges.has(id)) edges.push({ id, source: e.source, target: e.target, change: "removed" as const });
  return { from: null, to: null, nodes, edges, settings };
}
