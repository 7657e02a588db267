// From the workflow document to what React Flow draws: positions, labels, handles, one-line summaries.
import { describe, expect, it } from "vitest";
import type { Edge, Node } from "../../../bindings";
import { outputHandles, summarize, toFlow } from "./convert";

const node = (id: string, type: string, data: Record<string, unknown> = {}): Node => ({ id, type, position: { x: 1, y: 2 }, data: data as Node["data"] });
const edge = (id: string, source: string, target: string, sourceHandle?: string): Edge => ({ id, source, target, sourceHandle: sourceHandle ?? null, targetHandle: null });

describe("toFlow", () => {
  it("keeps positions, labels (falling back to ids) and types", () => {
    const { nodes } = toFlow([node("a", "trigger", { label: "Start", trigger: { kind: "manual" } }), node("b", "transform", { label: " " })], []);
    expect(nodes.map((n) => [n.id, n.data.label, n.data.nodeType, n.position])).toEqual([
      ["a", "Start", "trigger", { x: 1, y: 2 }],
      ["b", "b", "transform", { x: 1, y: 2 }],
    ]);
  });

  it("routes condition edges to their true/false handles and drops handles a node does not have", () => {
    const nodes = [node("c", "condition", { expression: "x" }), node("t", "transform"), node("u", "transform")];
    const { edges } = toFlow(nodes, [edge("e1", "c", "t", "true"), edge("e2", "t", "u", "sideways")]);
    expect(edges[0]).toMatchObject({ sourceHandle: "true", label: "true", className: "edge-true" });
    expect(edges[1]).toMatchObject({ sourceHandle: null });
  });

  it("offers an error handle only with onError branch", () => {
    expect(outputHandles(node("a", "transform", { onError: "branch" }))).toEqual(["", "error"]);
    expect(outputHandles(node("c", "condition"))).toEqual(["true", "false"]);
  });
});

describe("summarize", () => {
  it("says what each kind of node does", () => {
    expect(summarize(node("t", "trigger", { trigger: { kind: "schedule", cron: "0 8 * * 1-5", timezone: "America/New_York" } }))).toBe(
      "Schedule · 0 8 * * 1-5 (America/New_York)",
    );
    expect(summarize(node("w", "trigger", { trigger: { kind: "webhook", path: "lead" } }))).toBe("Webhook · POST /lead");
    expect(summarize(node("d", "delay", { ms: 90_000 }))).toBe("Wait 1.5 min");
    expect(summarize(node("i", "integration", { action: "slack.postMessage" }))).toBe("slack.postMessage");
    expect(summarize(node("x", "mystery"))).toBeNull();
  });
});
