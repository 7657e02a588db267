// How a node looks on the canvas: its kind, its label, one line of what it does, and its handles.
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { Icon, type IconName } from "../components/icons";
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

function WorkflowNodeView({ data, selected }: NodeProps<WorkflowFlowNode>) {
  const kind = KIND[data.nodeType] ?? { icon: "workflows" as IconName, name: data.nodeType };
  return (
    <div className={`wf-node wf-node-${data.nodeType}${selected ? " selected" : ""}`} data-testid="workflow-node">
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
