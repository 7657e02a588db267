// While a connection is being dragged over a node, says whether it can be made and, if not, why —
// the same rules onConnect applies (rules.ts) — next to the pointer, and to screen readers.
import { useConnection, ViewportPortal } from "@xyflow/react";
import { checkConnection } from "../rules";
import { useEditorStore } from "../store/context";

export function ConnectionHint() {
  const store = useEditorStore();
  const c = useConnection();
  if (!c.inProgress || !c.toNode || c.fromHandle.type !== "source") return null;
  const verdict = checkConnection(store.getState().doc, { source: c.fromNode.id, sourceHandle: c.fromHandle.id ?? null, target: c.toNode.id });
  if (verdict.ok) return null;
  return (
    <ViewportPortal>
      <div className="ed-connect-hint" role="status" style={{ transform: `translate(${c.to.x + 14}px, ${c.to.y + 14}px)` }}>
        {verdict.reason}
      </div>
    </ViewportPortal>
  );
}
