// The problems list: every error and warning the engine's validator found in the draft, each naming
// its node or connection and field; choosing one selects it on the canvas and focuses the field.
import type { ValidationIssue } from "../../bindings";
import { useEditor, useEditorStore } from "./store/context";
import { labelOf } from "./store/doc";

export function ProblemsPanel({ onJump }: { onJump: (nodeId: string) => void }) {
  const store = useEditorStore();
  const report = useEditor((s) => s.report);
  const doc = useEditor((s) => s.doc);
  if (!report) return <p className="hint">Checking…</p>;
  const all: { issue: ValidationIssue; level: "error" | "warning" }[] = [...report.errors.map((issue) => ({ issue, level: "error" as const })), ...report.warnings.map((issue) => ({ issue, level: "warning" as const }))];
  if (all.length === 0) return <p className="panel-empty">No problems: this draft can be run and published.</p>;
  const where = (i: ValidationIssue) => {
    const node = i.nodeId ? doc.nodes.find((n) => n.id === i.nodeId) : undefined;
    if (node) return labelOf(node);
    const edge = i.edgeId ? doc.edges.find((e) => e.id === i.edgeId) : undefined;
    if (edge) return `Connection ${edge.source} → ${edge.target}`;
    return "Workflow";
  };
  const jump = (i: ValidationIssue) => {
    if (i.nodeId && doc.nodes.some((n) => n.id === i.nodeId)) {
      onJump(i.nodeId);
      const field = i.field.replace(/^data\./, "").replace(/\[.*$/, "");
      window.setTimeout(() => {
        const el = document.getElementById(`f-${i.nodeId}-${field}`) ?? document.querySelector<HTMLElement>(`[data-field="f-${i.nodeId}-${field}"] .cm-content`);
        el?.focus();
      }, 80);
    } else if (i.edgeId) store.select({ nodes: [], edges: [i.edgeId] });
  };
  return (
    <ul className="problems" aria-label="Problems">
      {all.map(({ issue, level }, n) => (
        <li key={n}>
          <button type="button" className={`problem problem-${level}`} onClick={() => jump(issue)}>
            <span className={level === "error" ? "badge badge-red" : "badge badge-amber"}>{level}</span>
            <strong>{where(issue)}</strong>
            <span className="muted">{issue.field}</span>
            <span>{issue.message}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
