// A node on the editing canvas: its kind, label and one line of what it does; handles to connect
// (a condition's true/false, an error handle with onError=branch); marks for problems, run state,
// a pinned output and a version diff. Memoized and defined at module level: it re-renders when its
// own flow node object changes (see flow.ts) or when its text in the store does (useLiveNode). It
// names its React Flow wrapper itself, for the same reason: the label changes as the user types.
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo, useLayoutEffect, useRef } from "react";
import { useLiveNode } from "../store/context";
import { Icon, type IconName } from "../../../components/icons";
import { KIND_TITLES } from "../catalog";
import { labelOf, outputHandles } from "../store/doc";
import type { EdFlowNode } from "./flow";
import { summarize } from "./summary";

const ICONS: Record<string, IconName> = {
  trigger: "trigger",
  aiAgent: "agents",
  agentTeam: "teams",
  integration: "integrations",
  condition: "condition",
  transform: "transform",
  delay: "delay",
  subWorkflow: "subWorkflow",
  note: "templates",
};

const STATE_LABEL: Record<string, string> = {
  running: "running",
  completed: "done",
  failed: "failed",
  skipped: "skipped",
  retrying: "retrying",
  reused: "reused",
  cancelled: "cancelled",
};

function NodeView({ data, selected }: NodeProps<EdFlowNode>) {
  const { issues, runState, pinned, diff } = data;
  const node = useLiveNode(data.node);
  const label = labelOf(node);
  const root = useRef<HTMLDivElement>(null);
  // Named for assistive technology at every zoom, the map level included, where no label is painted.
  const name = `${KIND_TITLES[node.type] ?? node.type}: ${label}`;
  useLayoutEffect(() => root.current?.parentElement?.setAttribute("aria-label", name), [name]);
  if (node.type === "note") {
    const color = typeof node.data["color"] === "string" ? node.data["color"] : "yellow";
    return (
      <div ref={root} className={`ed-note note-${color}${selected ? " selected" : ""}`} data-testid="workflow-node" data-node-id={node.id} data-status="idle">
        <div className="ed-note-title wf-node-label">{label}</div>
        <div className="ed-note-text">{typeof node.data["text"] === "string" ? node.data["text"] : ""}</div>
      </div>
    );
  }
  const classes = ["wf-node", "ed-node", `wf-node-${node.type}`];
  if (selected) classes.push("selected");
  if (runState) classes.push(`run-${runState}`);
  if (issues) classes.push("has-issues");
  if (diff) classes.push(`diff-${diff}`);
  const summary = summarize(node);
  const handles = outputHandles(node);
  const issueCount = issues ? issues.split("\n").length : 0;
  return (
    <div ref={root} className={classes.join(" ")} data-testid="workflow-node" data-node-id={node.id} data-status={runState ?? "idle"}>
      {runState && (
        <span className={`wf-node-state state-${runState}`} aria-label={`${label}: ${STATE_LABEL[runState]}`}>
          {STATE_LABEL[runState]}
        </span>
      )}
      {issueCount > 0 && (
        <span className="wf-node-issue" title={issues} aria-label={`${issueCount} problem(s): ${issues.replace(/\n/g, "; ")}`}>
          <Icon name="alert" size={14} />
        </span>
      )}
      {pinned && (
        <span className="ed-pin" title="Output pinned: test runs use it instead of running this node" aria-label="Output pinned">
          pinned
        </span>
      )}
      {diff && <span className={`ed-diff-mark diff-${diff}`}>{diff}</span>}
      {node.type !== "trigger" && <Handle type="target" position={Position.Left} aria-label={`Input of ${label}`} />}
      <div className="wf-node-kind">
        <Icon name={ICONS[node.type] ?? "workflows"} size={14} />
        <span>{KIND_TITLES[node.type] ?? node.type}</span>
      </div>
      <div className="wf-node-label">{label}</div>
      {summary && <div className="wf-node-summary">{summary}</div>}
      {handles.map((h, i) =>
        h === "error" ? (
          <Handle key={h} id="error" type="source" position={Position.Bottom} className="handle-error" aria-label={`Error output of ${label}`} />
        ) : (
          <Handle
            key={h || "out"}
            id={h || null}
            type="source"
            position={Position.Right}
            className={h ? `handle-${h}` : undefined}
            style={node.type === "condition" ? { top: `${35 + i * 35}%` } : undefined}
            aria-label={h ? `${h} output of ${label}` : `Output of ${label}`}
          >
            {h && <span className="handle-label">{h}</span>}
          </Handle>
        ),
      )}
    </div>
  );
}

export const EditorNode = memo(NodeView);
export const nodeTypes = { ed: EditorNode };
