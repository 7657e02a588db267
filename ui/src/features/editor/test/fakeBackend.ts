// A stateful stand-in for the app's side of the editor commands, behind Tauri's IPC mock (only the
// transport is replaced; the editor code under test is the real one). It keeps a workflow, its
// versions and draft the way the contract describes, so screen tests can open, edit, save, version,
// compare and run, and read back what was sent.
import type { RunEvent, SyncConflict, ValidationReport, Value, WorkflowDocument } from "../../../bindings";
import { diffDocuments } from "./fakeDiff";

// Kept free of the test setup (vitest, Testing Library) so the visual check page can load it too.
type Handler = (args: Record<string, unknown>) => unknown;
const appError = (code: string, message: string, details?: unknown) => ({ code, message, details });
import type { EditorCatalog, WorkflowDraft } from "../contract";

export const ORG = "01a20000-0000-7000-8000-000000000001";

export const catalog: EditorCatalog = {
  nodeKinds: [
    { kind: "trigger", title: "Trigger", description: "Starts a run: by hand, on a schedule or from a webhook", group: "Triggers", outputs: [] },
    { kind: "aiAgent", title: "AI agent", description: "Asks one of your agents", group: "AI", outputs: [{ path: "text", description: "the answer" }] },
    { kind: "agentTeam", title: "Agent team", description: "Runs a team of agents on a task", group: "AI", outputs: [{ path: "result", description: "" }] },
    { kind: "condition", title: "Condition", description: "If / else on an expression", group: "Logic", outputs: [{ path: "result", description: "" }] },
    { kind: "transform", title: "Transform", description: "Builds a value from templates", group: "Logic", outputs: [] },
    { kind: "delay", title: "Delay", description: "Waits, then goes on", group: "Flow", outputs: [] },
    { kind: "subWorkflow", title: "Sub-workflow", description: "Runs another workflow", group: "Flow", outputs: [] },
    { kind: "integration", title: "Integration", description: "An integration action", group: "Integrations", outputs: [] },
    { kind: "note", title: "Note", description: "A comment on the canvas", group: "Notes", outputs: [] },
  ],
  actions: [
    {
      name: "slack.postMessage",
      title: "Post a Slack message",
      description: "Sends a message to a Slack channel",
      provider: "SLACK",
      integrationOptional: false,
      params: [
        { name: "channel", label: "Channel", description: "Where to post", kind: "text", required: true, example: "#leads" },
        { name: "text", label: "Message", description: "", kind: "longText", required: true },
      ],
      output: [{ path: "ts", description: "the message's timestamp" }],
    },
    {
      name: "http.request",
      title: "HTTP request",
      description: "Calls any web address",
      provider: "HTTP",
      integrationOptional: true,
      params: [
        { name: "method", label: "Method", description: "", kind: "choice", required: true, choices: ["GET", "POST"] },
        { name: "url", label: "URL", description: "", kind: "url", required: true },
        { name: "headers", label: "Headers", description: "", kind: "stringMap", required: false },
      ],
      output: [{ path: "status", description: "HTTP status" }],
    },
  ],
};

/** A valid workflow of `n` nodes (a trigger, then rows of transforms with a condition every 10), for size checks. */
export function bigDoc(n: number): WorkflowDocument {
  const nodes: WorkflowDocument["nodes"] = [{ id: "start", type: "trigger", position: { x: 0, y: 0 }, data: { label: "Start", trigger: { kind: "manual" } } }];
  const edges: NonNullable<WorkflowDocument["edges"]> = [];
  for (let i = 1; i < n; i++) {
    const col = (i - 1) % 25;
    const condition = i % 10 === 0;
    nodes.push({
      id: `n${i}`,
      type: condition ? "condition" : "transform",
      position: { x: 300 + col * 280, y: Math.floor((i - 1) / 25) * 140 },
      data: condition ? { label: `Check ${i}`, expression: "input.score > 5" } : { label: `Step ${i}`, output: { step: i } },
    });
    const prev = col === 0 ? "start" : `n${i - 1}`;
    edges.push({ id: `e${i}`, source: prev, target: `n${i}`, ...(col !== 0 && (i - 1) % 10 === 0 ? { sourceHandle: "true" } : {}) });
  }
  return { format: 1, name: `Big ${n}`, nodes, edges };
}

export const startDoc = (): WorkflowDocument => ({
  format: 1,
  name: "Greeter",
  description: "",
  tags: [],
  variables: {},
  nodes: [
    { id: "t", type: "trigger", position: { x: 0, y: 0 }, data: { label: "Start", trigger: { kind: "manual" } } },
    { id: "hi", type: "transform", position: { x: 250, y: 0 }, data: { label: "Say hi", output: { greeting: "Hi {{ input.name }}" } } },
  ],
  edges: [{ id: "e1", source: "t", target: "hi" }],
});

/** The validator's stand-in: a transform without output and an empty condition are errors. */
function validate(doc: WorkflowDocument): ValidationReport {
  const errors = [];
  for (const n of doc.nodes) {
    if (n.type === "condition" && !String(n.data?.["expression"] ?? "").trim()) errors.push({ nodeId: n.id, field: "data.expression", message: "an expression is required" });
    if (n.type === "aiAgent" && !n.data?.["agentId"]) errors.push({ nodeId: n.id, field: "data.agentId", message: "choose an agent" });
  }
  return { errors, warnings: [] };
}

export interface Fake {
  handlers: Record<string, Handler>;
  drafts: WorkflowDraft[];
  versions: { version: number; document: WorkflowDocument; message: string | null }[];
  latest: () => number;
  send: (e: RunEvent) => void;
  /** Sync's conflict copies of this workflow, each with the other side's document. */
  conflicts: { conflict: SyncConflict; document: Value }[];
}

/** A conflict copy of w1 by `author`: `document` is the other side's (without `format`, as the workspace keeps it). */
export function conflictCopy(id: string, author: string, nodes: string[], document: WorkflowDocument, createdAt = "2026-11-30T11:00:00.000Z"): { conflict: SyncConflict; document: Value } {
  const { format: _format, ...rest } = document;
  return { conflict: { id, workflowId: "w1", workflowName: document.name, authorName: author, nodes, nodeLabels: nodes.map((n) => String(document.nodes.find((x) => x.id === n)?.data?.label ?? n)), createdAt, resolved: false }, document: JSON.parse(JSON.stringify(rest)) as Value };
}

export function fakeBackend(opts: { draft?: WorkflowDraft | null; latestVersion?: number; document?: WorkflowDocument; conflicts?: Fake["conflicts"] } = {}): Fake {
  const conflicts = opts.conflicts ?? [];
  const versions = [{ version: 1, document: opts.document ?? startDoc(), message: null as string | null }];
  for (let v = 2; v <= (opts.latestVersion ?? 1); v++) versions.push({ version: v, document: startDoc(), message: `v${v}` });
  const drafts: WorkflowDraft[] = [];
  let draft = opts.draft ?? null;
  let published: number | null = null;
  let channel: { onmessage: (e: RunEvent) => void } | null = null;
  const latest = () => versions[versions.length - 1]!.version;
  const record = () => {
    const d = versions[versions.length - 1]!.document;
    return { id: "w1", organizationId: ORG, name: d.name, description: "", tags: [], variables: {}, nodes: d.nodes, edges: d.edges ?? [], isActive: false, version: latest(), latestVersion: latest(), publishedVersion: published, executionCount: 0, lastExecuted: null, templateId: null, createdBy: null, createdAt: "2026-11-20T10:00:00.000Z", updatedAt: "2026-11-21T10:00:00.000Z" };
  };
  const handlers: Record<string, Handler> = {
    editor_catalog: () => catalog,
    get_workflow: () => record(),
    get_draft: () => draft,
    last_run: () => null,
    validate_document: ({ document }) => validate(document as WorkflowDocument),
    save_draft: ({ draft: input }) => {
      const d = input as Omit<WorkflowDraft, "workflowId" | "updatedAt">;
      draft = { ...d, workflowId: "w1", updatedAt: "2026-11-30T10:00:00.000Z" };
      drafts.push(draft);
      return { updatedAt: draft.updatedAt, report: validate(d.document) };
    },
    discard_draft: () => ((draft = null), null),
    check_template: ({ text }) => (String(text).includes("{{") && !String(text).includes("}}") ? { error: "unclosed {{", at: { line: 1, column: String(text).indexOf("{{") + 1 } } : { error: null, at: null }),
    render_preview: () => ({ value: "Hi Ada", error: null }),
    list_versions: () => [...versions].reverse().map((v) => ({ version: v.version, message: v.message, createdAt: "2026-11-21T10:00:00.000Z", createdBy: null, published: v.version === published, nodeCount: v.document.nodes.length })),
    get_version: ({ version }) => {
      const v = versions.find((x) => x.version === version);
      if (!v) throw appError("NOT_FOUND", `no version ${String(version)}`);
      return { workflowId: "w1", version: v.version, document: v.document, createdBy: null, createdAt: "2026-11-21T10:00:00.000Z", message: v.message };
    },
    save_version: ({ document, message, baseVersion }) => {
      if (baseVersion !== latest()) throw appError("CONFLICT", "the workflow changed since this draft began");
      versions.push({ version: latest() + 1, document: document as WorkflowDocument, message: (message as string | null) ?? null });
      return { version: latest(), message, createdAt: "2026-11-30T10:00:00.000Z", createdBy: null, published: false, nodeCount: (document as WorkflowDocument).nodes.length };
    },
    diff_versions: ({ from, to }) => ({ from, to, nodes: [{ id: "x", label: "X", change: "added", fields: [] }], edges: [], settings: [] }),
    diff_documents: ({ before, after }) => diffDocuments(before as WorkflowDocument, after as WorkflowDocument),
    sync_conflicts: ({ workflow }) => conflicts.filter((c) => workflow === null || c.conflict.workflowId === workflow).map((c) => ({ ...c.conflict })),
    sync_conflict_document: ({ id }) => {
      const c = conflicts.find((x) => x.conflict.id === id);
      if (!c) throw appError("NOT_FOUND", `no conflict ${String(id)}`);
      return c.document;
    },
    resolve_sync_conflict: ({ id }) => {
      const c = conflicts.find((x) => x.conflict.id === id);
      if (!c) throw appError("NOT_FOUND", `no conflict ${String(id)}`);
      c.conflict.resolved = true;
      return null;
    },
    restore_version: ({ version }) => {
      const v = versions.find((x) => x.version === version)!;
      versions.push({ version: latest() + 1, document: v.document, message: `Restored version ${String(version)}` });
      return { version: latest(), message: null, createdAt: "", createdBy: null, published: false, nodeCount: v.document.nodes.length };
    },
    publish_version: ({ version }) => ((published = version as number), record()),
    trigger_state: () => ({ status: { address: "http://127.0.0.1:8790", webhooks: [], schedules: [], conflicts: [] }, note: null, settings: { webhookPort: 8790 } }),
    run_draft: ({ onEvent }) => {
      channel = onEvent as { onmessage: (e: RunEvent) => void };
      return "x1";
    },
    get_execution: () => ({ execution: { id: "x1", input: { name: "Ada" } as Value }, steps: [{ nodeId: "hi", input: { name: "Ada" }, output: { greeting: "Hi Ada" }, status: "COMPLETED" }], logs: [] }),
    list_agents: () => ({ items: [{ id: "a1", name: "Ada", modelConfig: { provider: "openai", model: "gpt-4o" } }], total: 1, limit: 500, offset: 0 }),
    list_teams: () => ({ items: [{ id: "team1", name: "Listing team", memberCount: 2 }], total: 1, limit: 200, offset: 0 }),
    list_integrations: () => ({ items: [{ id: "i1", name: "Team Slack", provider: "SLACK", status: "CONNECTED" }, { id: "i2", name: "Signed hook", provider: "WEBHOOK", status: "CONNECTED" }], total: 2, limit: 200, offset: 0 }),
    list_workflows: () => ({ items: [{ id: "w2", name: "Child" }], total: 1, limit: 500, offset: 0 }),
  };
  return { handlers, drafts, versions, latest, send: (e) => channel?.onmessage(e), conflicts };
}
