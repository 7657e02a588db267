// What an expression in a node can name, as a tree for completion: `input` (the trigger's output:
// fields of the sample input and of the last run's input), `vars` (the workflow's variables),
// `execution`, `prev` when exactly one node leads in, and `nodes.<id>.output.<field…>` for every
// node upstream, from the fields its kind or action declares and the keys its last recorded output had.
import type { ExecutionDetail, Value } from "../../../bindings";
import { findAction, findKind } from "../catalog";
import type { EditorCatalog } from "../contract";
import { upstreamOf } from "../rules";
import { type EdDoc, labelOf } from "../store/doc";

export interface ScopeNode {
  detail?: string;
  info?: string;
  children: Map<string, ScopeNode>;
}

const leaf = (detail?: string, info?: string): ScopeNode => ({ children: new Map(), ...(detail ? { detail } : {}), ...(info ? { info } : {}) });

function child(parent: ScopeNode, key: string, detail?: string, info?: string): ScopeNode {
  let c = parent.children.get(key);
  if (!c) {
    c = leaf(detail, info);
    parent.children.set(key, c);
  } else {
    if (detail && !c.detail) c.detail = detail;
    if (info && !c.info) c.info = info;
  }
  return c;
}

/** Adds a dotted path ("usage.inputTokens") under `at`. */
function addPath(at: ScopeNode, path: string, info?: string) {
  const keys = path.split(".").filter(Boolean);
  let cur = at;
  keys.forEach((k, i) => (cur = child(cur, k, undefined, i === keys.length - 1 ? info : undefined)));
}

/** Adds the keys of a recorded value, two levels deep (objects only). */
function addValue(at: ScopeNode, value: Value | null | undefined, depth = 2) {
  if (depth === 0 || value === null || typeof value !== "object" || Array.isArray(value)) return;
  for (const [k, v] of Object.entries(value)) addValue(child(at, k, Array.isArray(v) ? "list" : v === null ? "null" : typeof v === "object" ? "object" : typeof v), v, depth - 1);
}

export function buildScope(doc: EdDoc, catalog: EditorCatalog | null, lastRun: ExecutionDetail | null, nodeId: string, sampleInput: Value): ScopeNode {
  const root = leaf();
  const input = child(root, "input", "the run's input", "What the trigger received (webhook: {body, headers, query}).");
  addValue(input, sampleInput);
  addValue(input, lastRun?.execution.input);
  const vars = child(root, "vars", "workflow variables");
  for (const [k, v] of Object.entries(doc.variables)) child(vars, k, typeof v);
  const execution = child(root, "execution", "this run");
  child(execution, "id", "string");
  child(execution, "startedAt", "string");

  const outputsOf = (id: string, at: ScopeNode) => {
    const n = doc.nodes.find((x) => x.id === id);
    if (!n) return;
    const declared = n.type === "integration" ? (findAction(catalog, n.data["action"])?.output ?? []) : (findKind(catalog, n.type)?.outputs ?? []);
    for (const f of declared) addPath(at, f.path, f.description);
    addValue(at, lastRun?.steps.find((s) => s.nodeId === id)?.output);
  };

  const upstream = upstreamOf(doc, nodeId);
  const nodes = child(root, "nodes", "outputs of earlier nodes");
  for (const id of upstream) {
    const n = doc.nodes.find((x) => x.id === id)!;
    if (n.type === "note") continue;
    const entry = child(nodes, id, labelOf(n));
    outputsOf(id, child(entry, "output", `${labelOf(n)}'s output`));
  }
  const direct = doc.edges.filter((e) => e.target === nodeId).map((e) => e.source);
  if (new Set(direct).size === 1) outputsOf(direct[0]!, child(root, "prev", "the output of the node before"));
  return root;
}
