// From the workflow document to React Flow's nodes and edges. Kept free of React so it can be tested
// alone, and so the canvas, later editable, reads documents one way.
import type { Edge as FlowEdge, Node as FlowNode } from "@xyflow/react";
import type { Edge, Node } from "../../../bindings";
import type { NodeRunState } from "../runs";

export interface WorkflowNodeData extends Record<string, unknown> {
  label: string;
  nodeType: string;
  summary: string | null;
  branch: boolean;
  raw: Node;
  /** The node's state in the run on screen, if any. */
  runState: NodeRunState | null;
  /** Validation problems of this node, to mark it. */
  issues: string[];
}

export type WorkflowFlowNode = FlowNode<WorkflowNodeData, "workflow">;

/** The output handles a node offers on the canvas. */
export function outputHandles(node: Node): string[] {
  const branch = node.data?.["onError"] === "branch";
  const handles = node.type === "condition" ? ["true", "false"] : [""];
  return branch ? [...handles, "error"] : handles;
}

/** One line that says what a node does, from its data. */
export function summarize(node: Node): string | null {
  const data = (node.data ?? {}) as Record<string, unknown>;
  const str = (key: string) => (typeof data[key] === "string" ? (data[key] as string) : null);
  switch (node.type) {
    case "trigger": {
      const t = (data["trigger"] ?? {}) as Record<string, unknown>;
      if (t["kind"] === "schedule") return `Schedule · ${String(t["cron"] ?? "")}${t["timezone"] ? ` (${String(t["timezone"])})` : ""}`;
      if (t["kind"] === "webhook") return `Webhook · ${String(t["method"] ?? "POST")} /${String(t["path"] ?? "")}`;
      return "Manual";
    }
    case "condition":
      return str("expression");
    case "aiAgent":
      return str("prompt");
    case "agentTeam":
      return str("task");
    case "integration":
      return str("action");
    case "delay":
      return typeof data["ms"] === "number" ? `Wait ${formatMs(data["ms"] as number)}` : null;
    case "subWorkflow":
      return str("forEach") ? `For each ${str("forEach")}` : "Runs another workflow";
    default:
      return null;
  }
}

function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 3_600_000).toFixed(1)} h`;
}

export function toFlow(
  nodes: Node[],
  edges: Edge[],
  runStates: Record<string, NodeRunState> = {},
  issues: Record<string, string[]> = {},
): { nodes: WorkflowFlowNode[]; edges: FlowEdge[] } {
  const handles = new Map(nodes.map((n) => [n.id, outputHandles(n)]));
  const flowNodes: WorkflowFlowNode[] = nodes.map((n) => ({
    id: n.id,
    type: "workflow",
    position: { x: n.position?.x ?? 0, y: n.position?.y ?? 0 },
    data: {
      label: typeof n.data?.["label"] === "string" && n.data["label"].trim() ? (n.data["label"] as string) : n.id,
      nodeType: n.type,
      summary: summarize(n),
      branch: n.data?.["onError"] === "branch",
      raw: n,
      runState: runStates[n.id] ?? null,
      issues: issues[n.id] ?? [],
    },
  }));
  const flowEdges: FlowEdge[] = edges.map((e) => {
    const known = handles.get(e.source) ?? [""];
    const handle = e.sourceHandle && known.includes(e.sourceHandle) ? e.sourceHandle : null;
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: handle,
      label: handle ?? undefined,
      className: handle ? `edge-${handle}` : undefined,
    };
  });
  return { nodes: flowNodes, edges: flowEdges };
}
