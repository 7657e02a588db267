// One workflow on the canvas: its nodes and edges as the document places them, its validation
// problems marked on the nodes, and runs — started here, followed live node by node, cancellable —
// with the result beside the canvas.
import { Background, Controls, MiniMap, ReactFlow, type NodeMouseHandler } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useMemo, useReducer, useState } from "react";
import { call, commands, messageOf } from "../api";
import type { RunEvent, TriggerState, ValidationReport, Workflow } from "../bindings";
import { toFlow, type WorkflowFlowNode } from "../canvas/convert";
import { WorkflowNode } from "../canvas/WorkflowNode";
import { EmptyState, ErrorNotice, Loading } from "../components/Feedback";
import { Icon } from "../components/icons";
import { JsonView } from "../components/JsonView";
import { RunDialog, type TriggerChoice } from "../components/RunDialog";
import { StatusBadge } from "../components/StatusBadge";
import { useToast } from "../components/Toasts";
import { formatCost, formatDuration, formatWhen } from "../format";
import { hrefOf } from "../router";
import { idleRun, reduceRun, startRun, type RunView } from "../runs";

const nodeTypes = { workflow: WorkflowNode };

type RunAction = { type: "reset" } | { type: "event"; event: RunEvent };
function runReducer(view: RunView, action: RunAction): RunView {
  return action.type === "reset" ? idleRun : reduceRun(view, action.event);
}

export function WorkflowPage({ org, id }: { org: string; id: string }) {
  const toast = useToast();
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  const [report, setReport] = useState<ValidationReport | null>(null);
  const [triggerState, setTriggerState] = useState<TriggerState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [run, dispatch] = useReducer(runReducer, idleRun);
  const [starting, setStarting] = useState(false);

  const load = useCallback(async () => {
    try {
      const wf = await call(commands.getWorkflow(org, id));
      setWorkflow(wf);
      setError(null);
      const document = { format: 1, name: wf.name, description: wf.description, tags: wf.tags, variables: wf.variables, nodes: wf.nodes, edges: wf.edges };
      setReport(await commands.validateDocument(document));
    } catch (e) {
      setError(messageOf(e));
    }
  }, [org, id]);

  useEffect(() => {
    void load();
    commands.triggerState().then(setTriggerState, () => setTriggerState(null));
  }, [load]);

  const issues = useMemo(() => {
    const byNode: Record<string, string[]> = {};
    for (const issue of report?.errors ?? []) {
      if (issue.nodeId) (byNode[issue.nodeId] ??= []).push(`${issue.field}: ${issue.message}`);
    }
    return byNode;
  }, [report]);
  const flow = useMemo(() => (workflow ? toFlow(workflow.nodes, workflow.edges, run.nodes, issues) : null), [workflow, run.nodes, issues]);
  const selectedNode = workflow?.nodes.find((n) => n.id === selected) ?? null;
  const onNodeClick: NodeMouseHandler<WorkflowFlowNode> = useCallback((_, node) => setSelected(node.id), []);
  const running = run.executionId !== null && run.finished === null;
  const triggers: TriggerChoice[] = (workflow?.nodes ?? [])
    .filter((n) => n.type === "trigger")
    .map((n) => ({ id: n.id, label: `${String(n.data?.["label"] ?? n.id)} (${String((n.data?.["trigger"] as { kind?: string } | undefined)?.kind ?? "manual")})` }));
  const webhooks = (triggerState?.status?.webhooks ?? []).filter((w) => w.workflow === workflow?.name);

  const begin = async (input: unknown, trigger: string | null) => {
    dispatch({ type: "reset" });
    setStarting(true);
    try {
      await startRun(org, id, input, trigger, (event) => dispatch({ type: "event", event }));
    } catch (e) {
      toast("error", messageOf(e));
    } finally {
      setStarting(false);
    }
  };

  const cancel = async () => {
    if (!run.executionId) return;
    try {
      await call(commands.cancelExecution(org, run.executionId));
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  const setActive = async (active: boolean) => {
    try {
      const saved = await call(commands.updateWorkflow(org, id, { document: null, isActive: active, expectedVersion: null }));
      setWorkflow(saved.workflow);
      toast("success", active ? "Active: its webhook and schedule triggers now run it" : "Inactive: its triggers are off");
      window.setTimeout(() => commands.triggerState().then(setTriggerState, () => {}), 1500);
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  const exportFile = async () => {
    try {
      const path = await call(commands.exportWorkflowFile(org, id));
      if (path) toast("success", `Exported to ${path}`);
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  const invalid = (report?.errors.length ?? 0) > 0;
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
                Version {workflow.version} · {workflow.nodes.length} nodes · {workflow.edges.length} edges · updated {formatWhen(workflow.updatedAt)} ·{" "}
                {workflow.executionCount} runs
              </p>
            )}
          </div>
        </div>
        {workflow && (
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
        )}
      </header>
      {error && <ErrorNotice message={error} onRetry={load} />}
      {invalid && <ErrorNotice message={`This workflow has ${report!.errors.length} problem(s), marked on the nodes; it cannot run until they are fixed.`} />}
      {!error && !workflow && <Loading label="Opening workflow…" />}
      {workflow && flow && workflow.nodes.length === 0 && <EmptyState icon="workflows" title="This workflow has no nodes" />}
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
          <aside className="inspector" aria-label="Details">
            {(run.executionId || starting) && <RunResult run={run} starting={starting} />}
            {webhooks.length > 0 && (
              <section className="inspector-section">
                <h3>Webhook</h3>
                {webhooks.map((w) => (
                  <p key={w.url + w.method} className="mono small">
                    {w.method} {w.url}
                  </p>
                ))}
              </section>
            )}
            {selectedNode ? (
              <section className="inspector-section">
                <h2>{String(selectedNode.data?.["label"] ?? selectedNode.id)}</h2>
                <dl>
                  <dt>Id</dt>
                  <dd>
                    <code>{selectedNode.id}</code>
                  </dd>
                  <dt>Type</dt>
                  <dd>{selectedNode.type}</dd>
                </dl>
                {(issues[selectedNode.id] ?? []).map((m) => (
                  <p key={m} className="field-error">
                    {m}
                  </p>
                ))}
                {run.errors[selectedNode.id] && <p className="field-error">Run: {run.errors[selectedNode.id]}</p>}
                <h3>Data</h3>
                <pre className="code-block">{JSON.stringify(selectedNode.data, null, 2)}</pre>
              </section>
            ) : (
              !run.executionId && <p className="hint">Select a node to see its settings. Run the workflow to watch each node as it runs.</p>
            )}
          </aside>
        </div>
      )}
      {asking && workflow && <RunDialog workflow={id} triggers={triggers} onRun={begin} onClose={() => setAsking(false)} />}
    </div>
  );
}

function RunResult({ run, starting }: { run: RunView; starting: boolean }) {
  const f = run.finished;
  return (
    <section className="inspector-section run-result" aria-live="polite" aria-label="Run">
      <h3>Run</h3>
      {!f ? (
        <p className="running-line">
          <span className="spinner" aria-hidden="true" /> {starting && !run.executionId ? "Starting…" : "Running…"}
        </p>
      ) : (
        <>
          <p>
            <StatusBadge status={f.status} /> in {formatDuration(f.durationMs)} · {f.nodesExecuted} nodes
            {f.tokensUsed > 0 && ` · ${f.tokensUsed} tokens · ${formatCost(f.costMicros)}`}
          </p>
          {f.error && <p className="field-error">{f.error}</p>}
          {f.status === "COMPLETED" && <JsonView label="Output" value={f.output} />}
        </>
      )}
      {run.executionId && (
        <p>
          <a href={hrefOf({ page: "execution", id: run.executionId })}>Open this run’s record</a>
        </p>
      )}
    </section>
  );
}
