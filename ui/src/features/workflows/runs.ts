// Following a workflow run on the canvas: its events arrive on a Tauri channel as they happen (see
// runWorkflow in api.ts), and this reducer turns them into each node's state. Kept free of React so
// it is tested alone.
import type { RunEvent } from "../../bindings";

export type NodeRunState = "running" | "completed" | "failed" | "skipped" | "retrying" | "reused" | "cancelled";

export interface RunView {
  executionId: string | null;
  nodes: Record<string, NodeRunState>;
  errors: Record<string, string>;
  finished: Extract<RunEvent, { type: "executionFinished" }> | null;
}

export const idleRun: RunView = { executionId: null, nodes: {}, errors: {}, finished: null };

/** Folds one event into the view of a run. */
export function reduceRun(view: RunView, event: RunEvent): RunView {
  switch (event.type) {
    case "executionStarted":
      return { ...idleRun, executionId: event.executionId };
    case "nodeStarted":
      return { ...view, nodes: { ...view.nodes, [event.nodeId]: "running" } };
    case "nodeFinished":
      return { ...view, nodes: { ...view.nodes, [event.nodeId]: event.reused ? "reused" : "completed" } };
    case "nodeSkipped":
      return { ...view, nodes: { ...view.nodes, [event.nodeId]: "skipped" } };
    case "nodeFailed": {
      const state: NodeRunState = event.willRetry ? "retrying" : "failed";
      return { ...view, nodes: { ...view.nodes, [event.nodeId]: state }, errors: { ...view.errors, [event.nodeId]: event.error } };
    }
    case "nodeCancelled":
      // Cancellation is its own outcome, never read from an error's text.
      return { ...view, nodes: { ...view.nodes, [event.nodeId]: "cancelled" } };
    case "executionFinished": {
      // Nodes still marked running when the run ends were stopped by it.
      const nodes = Object.fromEntries(
        Object.entries(view.nodes).map(([id, s]) => [id, s === "running" || s === "retrying" ? "cancelled" : s]),
      ) as Record<string, NodeRunState>;
      return { ...view, nodes, finished: event };
    }
    default:
      return view;
  }
}
