// The selected node's panel: its name, the settings of its kind (typed from the bindings' node
// kinds), what it does on failure, and its data from the last run (input and output, with pinning
// so test runs reuse an output instead of calling a service again).
import type { ReactNode } from "react";
import { JsonView } from "../../../components/JsonView";
import { kindTitle } from "../catalog";
import type { Runner } from "../run/useRunner";
import { useEditor, useEditorStore } from "../store/context";
import { FailureSettings, AgentPanel, ConditionPanel, DelayPanel, NotePanel, SubWorkflowPanel, TeamPanel, TransformPanel } from "./kinds";
import { IntegrationPanel } from "./IntegrationPanel";
import { TextInput } from "./fields";
import { TriggerPanel } from "./TriggerPanel";

const PANELS: Record<string, (p: { nodeId: string; org: string }) => ReactNode> = {
  trigger: TriggerPanel,
  aiAgent: AgentPanel,
  agentTeam: TeamPanel,
  integration: IntegrationPanel,
  condition: ConditionPanel,
  transform: TransformPanel,
  delay: DelayPanel,
  subWorkflow: SubWorkflowPanel,
  note: NotePanel,
};

export function NodePanel({ org, runner }: { org: string; runner: Runner }) {
  const selected = useEditor((s) => (s.selection.nodes.length === 1 ? s.selection.nodes[0]! : null));
  const count = useEditor((s) => s.selection.nodes.length);
  const type = useEditor((s) => s.doc.nodes.find((n) => n.id === selected)?.type ?? null);
  const catalog = useEditor((s) => s.catalog);
  if (!selected || !type) {
    return (
      <div className="panel-empty">
        <p>{count > 1 ? `${count} nodes selected. Right-click for align and distribute.` : "Select a node to set it up."}</p>
        <p className="hint">Add one with “Add node”, “/” or by dragging from a node's handle onto empty canvas.</p>
      </div>
    );
  }
  const Kind = PANELS[type];
  return (
    <div className="node-panel" key={selected} aria-label={`Settings of ${selected}`}>
      <p className="panel-kind">
        {kindTitle(catalog, type)} · <code>{selected}</code>
      </p>
      <TextInput nodeId={selected} path="label" label="Name" />
      {Kind ? <Kind nodeId={selected} org={org} /> : <p className="field-error">This node's kind “{type}” is unknown to this app.</p>}
      {type !== "note" && <FailureSettings nodeId={selected} />}
      {type !== "note" && <RunData nodeId={selected} runner={runner} />}
    </div>
  );
}

function RunData({ nodeId, runner }: { nodeId: string; runner: Runner }) {
  const store = useEditorStore();
  const step = useEditor((s) => s.lastRun?.steps.find((x) => x.nodeId === nodeId) ?? null);
  const pinned = useEditor((s) => (nodeId in s.pins ? s.pins[nodeId] : undefined));
  const live = useEditor((s) => s.run.nodes[nodeId] ?? null);
  const error = useEditor((s) => s.run.errors[nodeId] ?? step?.error ?? null);
  const pin = () => store.setState((s) => ({ pins: { ...s.pins, [nodeId]: step?.output ?? null }, metaRevision: s.metaRevision + 1 }));
  const unpin = () => store.setState((s) => ({ pins: Object.fromEntries(Object.entries(s.pins).filter(([k]) => k !== nodeId)), metaRevision: s.metaRevision + 1 }));
  return (
    <section className="panel-section" aria-label="Test this node">
      <h3>Test</h3>
      <div className="button-row">
        <button type="button" className="button button-small" onClick={() => void runner.run({ upTo: nodeId })}>
          Run up to here
        </button>
        <button type="button" className="button button-small" onClick={() => void runner.run({ only: nodeId })}>
          Run this node
        </button>
        {pinned !== undefined ? (
          <button type="button" className="button button-small" onClick={unpin}>
            Unpin output
          </button>
        ) : (
          <button type="button" className="button button-small" disabled={!step || step.output === null || step.output === undefined} onClick={pin}>
            Pin output
          </button>
        )}
      </div>
      {live && <p className="hint">This run: {live}</p>}
      {error && <p className="field-error">{error}</p>}
      {pinned !== undefined && <JsonView label="Pinned output (used by test runs)" value={pinned} />}
      {step ? (
        <>
          <JsonView label={`Input (last run, ${step.status.toLowerCase()})`} value={step.input} />
          <JsonView label="Output (last run)" value={step.output} />
        </>
      ) : (
        <p className="hint">No recorded data yet: run the workflow to see this node's input and output.</p>
      )}
    </section>
  );
}
