// Folding a workflow run's events into each node's state on the canvas.
import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../bindings";
import { idleRun, reduceRun } from "./runs";

const X = "01a20000-0000-7000-8000-0000000000e1";
const fold = (events: RunEvent[]) => events.reduce(reduceRun, idleRun);

describe("reduceRun", () => {
  it("follows each node from running to its end", () => {
    const view = fold([
      { type: "executionStarted", executionId: X, workflowId: "w", triggerNode: "t", at: "" },
      { type: "nodeStarted", executionId: X, nodeId: "t", attempt: 1, at: "" },
      { type: "nodeFinished", executionId: X, nodeId: "t", durationUs: 3, output: {}, reused: false },
      { type: "nodeStarted", executionId: X, nodeId: "a", attempt: 1, at: "" },
      { type: "nodeFailed", executionId: X, nodeId: "a", attempt: 1, error: "503", willRetry: true, handled: false },
      { type: "nodeSkipped", executionId: X, nodeId: "b" },
    ]);
    expect(view.executionId).toBe(X);
    expect(view.nodes).toEqual({ t: "completed", a: "retrying", b: "skipped" });
    expect(view.errors).toEqual({ a: "503" });
    expect(view.finished).toBeNull();
  });

  it("marks nodes still running as cancelled when the run ends", () => {
    const view = fold([
      { type: "executionStarted", executionId: X, workflowId: "w", triggerNode: "t", at: "" },
      { type: "nodeStarted", executionId: X, nodeId: "wait", attempt: 1, at: "" },
      { type: "executionFinished", executionId: X, status: "CANCELLED", output: null, error: "cancelled", durationMs: 5, nodesExecuted: 1, tokensUsed: 0, costMicros: 0 },
    ]);
    expect(view.nodes.wait).toBe("cancelled");
    expect(view.finished?.status).toBe("CANCELLED");
  });

  it("shows a cancelled delay as cancelled, whatever words its error uses", () => {
    const view = fold([
      { type: "executionStarted", executionId: X, workflowId: "w", triggerNode: "t", at: "" },
      { type: "nodeStarted", executionId: X, nodeId: "wait", attempt: 1, at: "" },
      { type: "nodeCancelled", executionId: X, nodeId: "wait" },
      { type: "nodeStarted", executionId: X, nodeId: "other", attempt: 1, at: "" },
      { type: "nodeFailed", executionId: X, nodeId: "other", attempt: 1, error: "cancelled", willRetry: false, handled: false },
    ]);
    expect(view.nodes.wait).toBe("cancelled");
    expect(view.nodes.other).toBe("failed");
  });
});
