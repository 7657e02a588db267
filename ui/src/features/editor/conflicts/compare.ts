// One conflict copy laid out for the compare view: for each node both desktops changed, this
// draft's node and the other side's, and their fields side by side. The field lists come from the
// app's own document diff (the one the versions panel shows), so both compare screens agree on what
// a difference is; a node only one side still has is diffed against an empty copy of itself, which
// lists all its fields on that side and "—" on the other.
import type { SyncConflict } from "../../../bindings";
import * as api from "../api";
import type { FieldChange } from "../contract";
import { emptyDoc, labelOf, toDocument, type EdDoc, type EdNode } from "../store/doc";
import { theirDocument } from "./choices";

export interface NodeComparison {
  id: string;
  label: string;
  /** This draft's node; null when it was deleted here. */
  mine: EdNode | null;
  /** The other side's node; null when they deleted it. */
  theirs: EdNode | null;
  /** `before` is this draft's value, `after` theirs; empty when both are the same by now. */
  fields: FieldChange[];
}

export interface Comparison {
  theirs: EdDoc;
  nodes: NodeComparison[];
}

const only = (nodes: EdNode[]) => toDocument({ ...emptyDoc, nodes });

export async function loadComparison(org: string, conflict: SyncConflict, mine: EdDoc): Promise<Comparison> {
  const theirs = theirDocument(await api.syncConflictDocument(org, conflict.id));
  const find = (doc: EdDoc, id: string) => doc.nodes.find((n) => n.id === id) ?? null;
  // A node gone on both sides leaves nothing to choose.
  const pairs = conflict.nodes.map((id) => ({ id, mine: find(mine, id), theirs: find(theirs, id) })).filter((p) => p.mine || p.theirs);
  const both = pairs.filter((p) => p.mine && p.theirs);
  const single = pairs.filter((p) => !p.mine !== !p.theirs);
  const present = (p: (typeof pairs)[number]) => (p.mine ?? p.theirs)!;
  const [changed, one] = await Promise.all([
    both.length > 0 ? api.diffDocuments(only(both.map((p) => p.mine!)), only(both.map((p) => p.theirs!))) : null,
    single.length > 0 ? api.diffDocuments(only(single.map((p) => ({ ...present(p), data: {} }))), only(single.map(present))) : null,
  ]);
  const nodes = pairs.map((p): NodeComparison => {
    const label = labelOf(present(p));
    if (p.mine && p.theirs) return { ...p, label, fields: changed?.nodes.find((n) => n.id === p.id)?.fields ?? [] };
    const fields = one?.nodes.find((n) => n.id === p.id)?.fields ?? [];
    return { ...p, label, fields: fields.map((f) => (p.mine ? { path: f.path, before: f.after, after: null } : { path: f.path, before: null, after: f.after })) };
  });
  return { theirs, nodes };
}
