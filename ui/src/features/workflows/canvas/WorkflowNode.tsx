// How a node looks on the canvas: its kind, its label, one line of what it does, and its handles.
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { Icon, type IconName } from "../../../components/icons";
import type { WorkflowFlowNode } from "./convert";

const KIND: Record<string, { icon: IconName; name: string }> = {
  trigger: { icon: "trigger", name: "Trigger" },
  aiAgent: { icon: "agents", name: "AI agent" },
  agentTeam: { icon: "teams", name: "Agent team" },
  integration: { icon: "integrations", name: "Integration" },
  condition: { icon: "condition", name: "Condition" },
  transform: { icon: "transform", name: "Transform" },
  delay: { icon: "delay", name: "Delay" },
  subWorkflow: { icon: "subWorkflow", name: "Sub-workflow" },
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

function WorkflowNodeView({ data, selected }: NodeProps<WorkflowFlowNode>) {
  const kind = KIND[data.nodeType] ?? { icon: "workflows" as IconName, name: data.nodeType };
  const classes = ["wf-node", `wf-node-${data.nodeType}`];
  if (selected) classes.push("selected");
  if (data.runState) classes.push(`run-${data.runState}`);
  if (data.issues.length > 0) classes.push("has-issues");
  return (
    <div className={classes.join(" ")} data-testid="workflow-node" data-node-id={data.raw.id} data-status={data.runState ?? "idle"}>
      {data.runState && (
        <span className={`wf-node-state state-${data.runState}`} aria-label={`${data.label}: ${STATE_LABEL[data.runState]}`}>
          {STATE_LABEL[data.runState]}
        </span>
      )}
      {data.issues.length > 0 && (
        <span className="wf-node-issue" title={data.issues.join("\n")} aria-label={`${data.issues.length} problem(s): ${data.issues.join("; ")}`}>
          <Icon name="alert" size={14} />
        </span>
      )}
      {data.nodeType !== "trigger" && <Handle type="target" position={Position.Left} isConnectable={false} />}
      <div className="wf-node-kind">
        <Icon name={kind.icon} size={14} />
        <span>{kind.name}</span>
      </div>
      <div className="wf-node-label">{data.label}</div>
      {data.summary && <div className="wf-node-summary">{data.summary}</div>}
      {data.nodeType === "condition" ? (
        <>
          <Handle id="true" type="source" position={Position.Right} style={{ top: "35%" }} isConnectable={false} />
          <Handle id="false" type="source" position={Position.Right} style={{ top: "70%" }} isConnectable={false} />
        </>
      ) : (
        <Handle type="source" position={Position.Right} isConnectable={false} />
      )}
      {data.branch && <Handle id="error" type="source" position={Position.Bottom} isConnectable={false} />}
    </div>
  );
}

export const WorkflowNode = memo(WorkflowNodeView);
