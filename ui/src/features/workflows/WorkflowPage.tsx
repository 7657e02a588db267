// One workflow on the canvas: its nodes and edges as the document places them, its validation
// problems marked on the nodes, and runs — started here, followed live node by node, cancellable —
// with the result beside the canvas.
import { Background, Controls, MiniMap, ReactFlow, type NodeMouseHandler } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useMemo, useReducer, useState } from "react";
import type { RunEvent, Value } from "../../bindings";
import { EmptyState, ErrorNotice } from "../../components/Feedback";
import { Icon } from "../../components/icons";
import { PageHeader } from "../../components/PageHeader";
import { ResourceState } from "../../components/ResourceState";
import { formatWhen } from "../../format";
import { hrefOf } from "../../router";
import { useAction } from "../../state/useAction";
import { useLoad } from "../../state/useLoad";
import { cancelExecution } from "../executions/api";
import { triggerState } from "../settings/api";
import { exportWorkflowFile, getWorkflow, runWorkflow, setWorkflowActive, validateWorkflow } from "./api";
import { toFlow, type WorkflowFlowNode } from "./canvas/convert";
import { WorkflowNode } from "./canvas/WorkflowNode";
import { RunDialog, type TriggerChoice } from "./RunDialog";
import { idleRun, reduceRun, type RunView } from "./runs";
import { WorkflowInspector } from "./WorkflowInspector";

const nodeTypes = { workflow: WorkflowNode };

type RunAction = { type: "reset" } | { type: "event"; event: RunEvent };
function runReducer(view: RunView, action: RunAction): RunView {
  return action.type === "reset" ? idleRun : reduceRun(view, action.event);
}

export function WorkflowPage({ org, id }: { org: string; id: string }) {
  const act = useAction();
  const state = useLoad(async () => {
    const workflow = await getWorkflow(org, id);
    return { workflow, report: await validateWorkflow(workflow) };
  }, [org, id]);
  const triggers = useLoad(triggerState, []);
  const [selected, setSelected] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [run, dispatch] = useReducer(runReducer, idleRun);
  const [starting, setStarting] = useState(false);
  const workflow = state.data?.workflow ?? null;
  const report = state.data?.report ?? null;

  const issues = useMemo(() => {
    const byNode: Record<string, string[]> = {};
    for (const issue of report?.errors ?? []) {
      if (issue.nodeId) (byNode[issue.nodeId] ??= []).push(`${issue.field}: ${issue.message}`);
    }
    return byNode;
  }, [report]);
  const flow = useMemo(() => (workflow ? toFlow(workflow.nodes, workflow.edges, run.nodes, issues) : null), [workflow, run.nodes, issues]);
  const onNodeClick: NodeMouseHandler<WorkflowFlowNode> = useCallback((_, node) => setSelected(node.id), []);
  const running = run.executionId !== null && run.finished === null;
  const choices: TriggerChoice[] = (workflow?.nodes ?? [])
    .filter((n) => n.type === "trigger")
    .map((n) => ({ id: n.id, label: `${String(n.data?.["label"] ?? n.id)} (${String((n.data?.["trigger"] as { kind?: string } | undefined)?.kind ?? "manual")})` }));
  const webhooks = (triggers.data?.status?.webhooks ?? []).filter((w) => w.workflow === workflow?.name);

  const begin = async (input: Value, trigger: string | null) => {
    dispatch({ type: "reset" });
    setStarting(true);
    await act(() => runWorkflow(org, id, input, trigger, (event) => dispatch({ type: "event", event })).then(() => null));
    setStarting(false);
  };
  const cancel = () => run.executionId && act(() => cancelExecution(org, run.executionId!));
  const setActive = (active: boolean) =>
    act(async () => {
      const saved = await setWorkflowActive(org, id, active);
      state.setData((d) => d && { ...d, workflow: saved.workflow });
      // The trigger server picks the change up shortly.
      window.setTimeout(() => void triggers.load(), 1500);
      return active ? "Active: its webhook and schedule triggers now run it" : "Inactive: its triggers are off";
    });
  const exportFile = () => act(async () => {
    const path = await exportWorkflowFile(org, id);
    return path && `Exported to ${path}`;
  });

  const invalid = (report?.errors.length ?? 0) > 0;
  return (
    <div className="page page-canvas">
      <PageHeader
        back={{ href: hrefOf({ page: "workflows" }), label: "Back to workflows" }}
        title={workflow?.name ?? "Workflow"}
        subtitle={
          workflow && (
            <>
              Version {workflow.version} · {workflow.nodes.length} nodes · {workflow.edges.length} edges · updated {formatWhen(workflow.updatedAt)} · {workflow.executionCount} runs
            </>
          )
        }
        actions={
          workflow && (
            <div className="button-row">
              <label className="switch">
                <input type="checkbox" checked={workflow.isActive} onChange={(e) => setActive(e.target.checked)} />
                <span>{workflow.isActive ? "Active" : "Inactive"}</span>
              </label>
              <a className="button" href={hrefOf({ page: "executions", workflow: id })}>
                Executions
              </a>
              <button type="button" className="button" onClick={exportFile}>
                <Icon name="download" /> Export…
              </button>
              {running ? (
                <button type="button" className="button button-danger" onClick={cancel}>
                  <Icon name="stop" /> Cancel run
                </button>
              ) : (
                <button type="button" className="button button-primary" disabled={invalid || starting} onClick={() => setAsking(true)} title={invalid ? "Fix the problems marked on the nodes first" : undefined}>
                  <Icon name="runs" /> Run
                </button>
              )}
            </div>
          )
        }
      />
      {invalid && <ErrorNotice message={`This workflow has ${report!.errors.length} problem(s), marked on the nodes; it cannot run until they are fixed.`} />}
      <ResourceState
        state={state}
        loadingLabel="Opening workflow…"
        isEmpty={(d) => d.workflow.nodes.length === 0}
        empty={<EmptyState icon="workflows" title="This workflow has no nodes" />}
      >
        {(d) =>
          flow && (
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
              <WorkflowInspector run={run} starting={starting} webhooks={webhooks} selected={d.workflow.nodes.find((n) => n.id === selected) ?? null} issues={issues} />
            </div>
          )
        }
      </ResourceState>
      {asking && workflow && <RunDialog workflow={id} triggers={choices} onRun={begin} onClose={() => setAsking(false)} />}
    </div>
  );
}
