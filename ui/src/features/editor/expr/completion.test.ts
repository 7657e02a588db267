// The completion source: names in scope at the top, fields under `input`, upstream node ids under
// `nodes` (declared outputs and keys seen in the last run under their `output`), bracketed ids that
// are not identifiers, `prev` for a single predecessor, and nothing outside `{{ }}` in a template.
import { autocompletion, CompletionContext } from "@codemirror/autocomplete";
import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import type { ExecutionDetail } from "../../../bindings";
import type { EditorCatalog } from "../contract";
import type { EdDoc } from "../store/doc";
import { completions, completionSource, insideTemplate, splitPath } from "./completion";
import { buildScope } from "./scope";

const catalog: EditorCatalog = {
  nodeKinds: [{ kind: "aiAgent", title: "AI agent", description: "", group: "AI", outputs: [{ path: "text", description: "the answer" }, { path: "usage.inputTokens", description: "tokens in" }] }],
  actions: [{ name: "http.request", title: "HTTP request", description: "", provider: "HTTP", integrationOptional: true, params: [], output: [{ path: "status", description: "HTTP status" }, { path: "body", description: "" }] }],
};
const node = (id: string, type: string, data = {}) => ({ id, type, position: { x: 0, y: 0 }, data: { label: id, ...data } });
const doc: EdDoc = {
  name: "",
  description: "",
  tags: [],
  variables: { threshold: 80 },
  nodes: [node("start", "trigger"), node("draft", "aiAgent"), node("lead-1", "integration", { action: "http.request" }), node("last", "transform"), node("other", "transform")],
  edges: [
    { id: "1", source: "start", target: "draft" },
    { id: "2", source: "draft", target: "lead-1" },
    { id: "3", source: "lead-1", target: "last" },
  ],
};
const lastRun = {
  execution: { input: { name: "Ada", score: 9 } },
  steps: [{ nodeId: "lead-1", output: { status: 200, headers: { server: "x" } } }],
} as unknown as ExecutionDetail;
const scope = buildScope(doc, catalog, lastRun, "last", {});
const labels = (text: string) => completions(scope, text)?.options.map((o) => o.label) ?? [];

describe("expression completion", () => {
  it("splits paths", () => {
    expect(splitPath("input.na")).toEqual({ path: ["input"], partial: "na", from: 6 });
    expect(splitPath('nodes["lead-1"].output.')).toEqual({ path: ["nodes", "lead-1", "output"], partial: "", from: 23 });
    expect(splitPath("")).toEqual({ path: [], partial: "", from: 0 });
  });
  it("offers the names in scope, prev for a single predecessor", () => {
    expect(labels("")).toEqual(["input", "vars", "execution", "nodes", "prev"]);
    expect(labels("in")).toEqual(["input"]);
    expect(labels("vars.")).toEqual(["threshold"]);
  });
  it("offers input fields from the last run", () => {
    expect(labels("input.")).toEqual(["name", "score"]);
  });
  it("offers only upstream nodes, bracketing ids that are not identifiers", () => {
    const found = completions(scope, "nodes.");
    expect(found?.options.map((o) => [o.label, o.apply])).toEqual([
      ["lead-1", '["lead-1"]'],
      ["draft", "draft"],
      ["start", "start"],
    ]);
    expect(found?.from).toBe(5);
  });
  it("offers declared outputs and recorded keys", () => {
    expect(labels("nodes.draft.output.")).toEqual(["text", "usage"]);
    expect(labels("nodes.draft.output.usage.")).toEqual(["inputTokens"]);
    expect(labels('nodes["lead-1"].output.')).toEqual(["status", "body", "headers"]);
    expect(labels("prev.st")).toEqual(["status"]);
  });
  it("completes inside {{ }} only, in a real CodeMirror state", () => {
    expect(insideTemplate("Hi {{ inp")).toBe(true);
    expect(insideTemplate("Hi {{ a }} b")).toBe(false);
    const source = completionSource(() => scope, false);
    const at = (text: string) => source(new CompletionContext(EditorState.create({ doc: text, extensions: [autocompletion()] }), text.length, true));
    const result = at("Hello {{ input.na");
    expect(result && "options" in result ? result.options.map((o) => o.label) : null).toEqual(["name"]);
    expect(result && "from" in result ? result.from : null).toBe(15);
    expect(at("Hello input.na")).toBeNull();
  });
});
