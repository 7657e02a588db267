// A template's workflow drawn read-only: the editor's own node view and flow derivation (so a step
// looks the same here as on the canvas it lands on), with dragging, connecting and selecting off.
// Panning and zooming stay, by mouse and by the controls. Loaded on first use, like the editor.
import { Background, Controls, ReactFlow, ReactFlowProvider } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import type { WorkflowDocument } from "../../bindings";
import { nodeTypes } from "../editor/canvas/EditorNode";
import { edgeDeriver, nodeDeriver } from "../editor/canvas/flow";
import type { EdEdge, EdNode } from "../editor/store/doc";

const NONE = { selected: new Set<string>(), drag: null, sizes: {}, issues: new Map<string, string>(), runStates: {}, pins: {} };

export function TemplateCanvas({ document }: { document: WorkflowDocument }) {
  const nodes = useMemo(() => nodeDeriver()(document.nodes as unknown as EdNode[], NONE), [document]);
  const edges = useMemo(() => edgeDeriver()(document.edges as unknown as EdEdge[], NONE.selected, NONE.issues), [document]);
  const steps = document.nodes.filter((n) => n.type !== "note").length;
  return (
    <div className="template-canvas" role="figure" aria-label={`The workflow: ${steps} steps (read-only; pan and zoom to look around)`}>
      <ReactFlowProvider>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          edgesFocusable={false}
          nodesFocusable={false}
          fitView
          fitViewOptions={{ padding: 0.08, maxZoom: 1, duration: 0 }}
          minZoom={0.2}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={20} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
