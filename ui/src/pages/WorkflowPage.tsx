// One workflow on a read-only canvas: its nodes and edges as the document places them, with the
// selected node's details beside it.
import { Background, Controls, MiniMap, ReactFlow, type NodeMouseHandler } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useMemo, useState } from "react";
import { call, commands, messageOf } from "../api";
import type { Workflow } from "../bindings";
import { toFlow, type WorkflowFlowNode } from "../canvas/convert";
import { WorkflowNode } from "../canvas/WorkflowNode";
import { EmptyState, ErrorNotice, Loading } from "../components/Feedback";
import { Icon } from "../components/icons";
import { useToast } from "../components/Toasts";
import { hrefOf } from "../router";
import { formatWhen } from "../format";

const nodeTypes = { workflow: WorkflowNode };

export function WorkflowPage({ org, id }: { org: string; id: string }) {
  const toast = useToast();
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setWorkflow(await call(commands.getWorkflow(org, id)));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [org, id]);

  useEffect(() => {
    void load();
  }, [load]);

  const flow = useMemo(() => (workflow ? toFlow(workflow.nodes, workflow.edges) : null), [workflow]);
  const selectedNode = workflow?.nodes.find((n) => n.id === selected) ?? null;
  const onNodeClick: NodeMouseHandler<WorkflowFlowNode> = useCallback((_, node) => setSelected(node.id), []);

  const exportFile = async () => {
    try {
      const path = await call(commands.exportWorkflowFile(org, id));
      if (path) toast("success", `Exported to ${path}`);
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  return (
    <div className="page page-canvas">
      <header className="page-header">
        <div className="title-with-back">
          <a href={hrefOf({ page: "workflows" })} className="icon-button" aria-label="Back to workflows">
            <Icon name="back" />
          </a>
          <div>
            <h1>{workflow?.name ?? "Workflow"}</h1>
            {workflow && (
              <p className="subtitle">
                Version {workflow.version} · {workflow.nodes.length} nodes · {workflow.edges.length} edges · updated{" "}
                {formatWhen(workflow.updatedAt)} · read-only
              </p>
            )}
          </div>
        </div>
        {workflow && (
          <button type="button" className="button" onClick={exportFile}>
            <Icon name="download" /> Export…
          </button>
        )}
      </header>
      {error && <ErrorNotice message={error} onRetry={load} />}
      {!error && !workflow && <Loading label="Opening workflow…" />}
      {workflow && flow && workflow.nodes.length === 0 && (
        <EmptyState icon="workflows" title="This workflow has no nodes" />
      )}
      {workflow && flow && workflow.nodes.length > 0 && (
        <div className="canvas-layout">
          <div className="canvas" aria-label="Workflow canvas">
            <ReactFlow
              nodes={flow.nodes}
              edges={flow.edges}
              nodeTypes={nodeTypes}
              nodesDraggable={false}
              nodesConnectable={false}
              edgesFocusable={false}
              onNodeClick={onNodeClick}
              onPaneClick={() => setSelected(null)}
              onlyRenderVisibleElements
              fitView
              fitViewOptions={{ padding: 0.2 }}
              minZoom={0.1}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={20} />
              <Controls showInteractive={false} />
              <MiniMap pannable zoomable style={{ width: 150, height: 96 }} nodeBorderRadius={6} />
            </ReactFlow>
          </div>
          <aside className="inspector" aria-label="Node details">
            {selectedNode ? (
              <>
                <h2>{String(selectedNode.data?.["label"] ?? selectedNode.id)}</h2>
                <dl>
                  <dt>Id</dt>
                  <dd>
                    <code>{selectedNode.id}</code>
                  </dd>
                  <dt>Type</dt>
                  <dd>{selectedNode.type}</dd>
                </dl>
                <h3>Data</h3>
                <pre className="code-block">{JSON.stringify(selectedNode.data, null, 2)}</pre>
              </>
            ) : (
              <p className="hint">Select a node to see its settings.</p>
            )}
          </aside>
        </div>
      )}
    </div>
  );
}
