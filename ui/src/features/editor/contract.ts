// The editor's backend contract, written out while the lead's Rust side lands. Each type mirrors,
// field for field, what tauri-specta will generate in bindings.ts for the editor commands; once the
// bindings have them, api.ts re-exports the generated ones and this file goes. Kept apart so that
// until then only api.ts fails to type-check, and every other editor file stays strictly typed.
import type { ActionSpec, ExecutionDetail, FieldSpec, ValidationReport, Value, Workflow, WorkflowDocument } from "../../bindings";

export interface NodeKindInfo {
  /** 'trigger' | 'aiAgent' | … including 'note'. */
  kind: string;
  title: string;
  description: string;
  /** 'Triggers' | 'AI' | 'Logic' | 'Integrations' | 'Flow' | 'Notes'. */
  group: string;
  outputs: FieldSpec[];
}

export interface EditorCatalog {
  nodeKinds: NodeKindInfo[];
  actions: ActionSpec[];
}

export interface WorkflowDraft {
  workflowId: string;
  document: WorkflowDocument;
  baseVersion: number;
  /** Opaque to the backend: the editor's undo/redo journal (see store/history.ts). */
  history: Value;
  sampleInput: Value;
  pins: { [nodeId: string]: Value };
  updatedAt: string;
}

export interface DraftInput {
  document: WorkflowDocument;
  baseVersion: number;
  history: Value;
  sampleInput: Value;
  pins: { [nodeId: string]: Value };
}

export interface DraftSaved {
  updatedAt: string;
  report: ValidationReport;
}

export interface VersionSummary {
  version: number;
  message: string | null;
  createdAt: string;
  createdBy: string | null;
  published: boolean;
  nodeCount: number;
}

export interface EditorWorkflowVersion {
  workflowId: string;
  version: number;
  document: WorkflowDocument;
  createdBy: string | null;
  createdAt: string;
  message: string | null;
}

export type Change = "added" | "removed" | "changed";

export interface FieldChange {
  /** 'data.prompt', 'position.x' … */
  path: string;
  before: Value | null;
  after: Value | null;
}

export interface NodeDiff {
  id: string;
  label: string;
  change: Change;
  fields: FieldChange[];
}

export interface EdgeDiff {
  id: string;
  source: string;
  target: string;
  change: Change;
}

export interface WorkflowDiff {
  from: number | null;
  to: number | null;
  nodes: NodeDiff[];
  edges: EdgeDiff[];
  settings: FieldChange[];
}

export interface DraftRunOptions {
  /** Run the trigger and what lies on paths to this node, stop after it. */
  upTo: string | null;
  /** Run just this node, every upstream output taken from pins or the last recorded run. */
  only: string | null;
  pins: { [nodeId: string]: Value };
}

export interface TemplatePreview {
  value: Value | null;
  error: string | null;
}

export interface TemplateCheck {
  error: string | null;
  at: { line: number; column: number } | null;
}

/** The Workflow record once it knows its published and latest versions. */
export type EditorWorkflow = Workflow & { publishedVersion: number | null; latestVersion: number };

export type { ExecutionDetail };
