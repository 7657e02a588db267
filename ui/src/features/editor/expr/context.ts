// The context a preview evaluates a template against, built from the last recorded run the way the
// engine builds it during a run: {input, vars, execution, nodes: {id: {output}}}, plus `prev`.
import type { ExecutionDetail, Value } from "../../../bindings";
import type { EdDoc } from "../store/doc";

export function previewContext(doc: EdDoc, run: ExecutionDetail | null, nodeId: string, sampleInput: Value): Value {
  const nodes: { [id: string]: Value } = {};
  for (const s of run?.steps ?? []) if (s.output !== undefined && s.output !== null) nodes[s.nodeId] = { output: s.output };
  const direct = [...new Set(doc.edges.filter((e) => e.target === nodeId).map((e) => e.source))];
  const prev = direct.length === 1 ? run?.steps.find((s) => s.nodeId === direct[0])?.output : undefined;
  return {
    input: run?.execution.input ?? sampleInput,
    vars: doc.variables,
    execution: { id: run?.execution.id ?? "preview", startedAt: run?.execution.startedAt ?? new Date(0).toISOString() },
    nodes,
    ...(prev !== undefined && prev !== null ? { prev } : {}),
  };
}
