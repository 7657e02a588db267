// The editor's one door to the app: every command the workflow editor uses (catalog, drafts,
// versions, diffs, test runs, template checks) is wrapped here through `call()`, so no other editor
// file touches the bindings' command envelopes. The contract is the lead's (see the editor issue);
// types come from the generated bindings and are re-exported for the editor's other files.
import { call, channelTo } from "../../api";
import { commands, type ExecutionDetail, type RunEvent, type SavedWorkflow, type SyncConflict, type ValidationReport, type Value, type WorkflowDocument } from "../../bindings";
import type {
  DraftInput,
  DraftRunOptions,
  DraftSaved,
  EditorCatalog,
  EditorWorkflow,
  EditorWorkflowVersion,
  TemplateCheck,
  TemplatePreview,
  VersionSummary,
  WorkflowDiff,
  WorkflowDraft,
} from "./contract";

export type * from "./contract";


/** What the palette offers: every node kind and every integration action, with their outputs. */
export const editorCatalog = (): Promise<EditorCatalog> => call(commands.editorCatalog());

/** A new workflow with one manual trigger (version 1). */
export const createWorkflow = (org: string, name: string): Promise<EditorWorkflow> => call(commands.createWorkflow(org, name));
export const renameWorkflow = (org: string, id: string, name: string): Promise<EditorWorkflow> => call(commands.renameWorkflow(org, id, name));
/** A soft delete: `restoreDeletedWorkflow` undoes it for 30 days. */
export const deleteWorkflow = (org: string, id: string): Promise<null> => call(commands.deleteWorkflow(org, id));
export const restoreDeletedWorkflow = (org: string, id: string): Promise<EditorWorkflow> => call(commands.restoreDeletedWorkflow(org, id));
export const duplicateWorkflow = (org: string, id: string): Promise<SavedWorkflow> => call(commands.duplicateWorkflow(org, id));
export const getWorkflow = (org: string, id: string): Promise<EditorWorkflow> => call(commands.getWorkflow(org, id));
/** A copy of a document as a new workflow ("keep both" after a conflict). */
export const createWorkflowFrom = (org: string, document: WorkflowDocument, name: string): Promise<EditorWorkflow> => call(commands.createWorkflowFrom(org, document, name));

/** The draft being edited, or null when the workflow has none (open its latest version then). */
export const getDraft = (org: string, id: string): Promise<WorkflowDraft | null> => call(commands.getDraft(org, id));
/** Saves the draft even when it has errors; answers when it was saved and its validation report. */
export const saveDraft = (org: string, id: string, draft: DraftInput): Promise<DraftSaved> => call(commands.saveDraft(org, id, draft));
export const discardDraft = (org: string, id: string): Promise<null> => call(commands.discardDraft(org, id));

export const listVersions = (org: string, id: string): Promise<VersionSummary[]> => call(commands.listVersions(org, id));
export const getVersion = (org: string, id: string, version: number): Promise<EditorWorkflowVersion> => call(commands.getVersion(org, id, version));
/** Fails with CONFLICT when the latest version is no longer `baseVersion`. */
export const saveVersion = (org: string, id: string, document: WorkflowDocument, message: string | null, baseVersion: number): Promise<VersionSummary> =>
  call(commands.saveVersion(org, id, document, message, baseVersion));
export const diffVersions = (org: string, id: string, from: number, to: number): Promise<WorkflowDiff> => call(commands.diffVersions(org, id, from, to));
export const diffDocuments = (before: WorkflowDocument, after: WorkflowDocument): Promise<WorkflowDiff> => call(commands.diffDocuments(before, after));
export const restoreVersion = (org: string, id: string, version: number): Promise<VersionSummary> => call(commands.restoreVersion(org, id, version));
/** Refused with VALIDATION when that version has errors. */
export const publishVersion = (org: string, id: string, version: number): Promise<EditorWorkflow> => call(commands.publishVersion(org, id, version));

export const validateDocument = (document: WorkflowDocument): Promise<ValidationReport> => call(commands.validateDocument(document));

/** Runs the draft (refused with VALIDATION while it has errors); events go to `onEvent`. */
export const runDraft = (org: string, id: string, document: WorkflowDocument, input: Value, options: DraftRunOptions, onEvent: (event: RunEvent) => void): Promise<string> =>
  call(commands.runDraft(org, id, document, input, options, channelTo(onEvent)));
export const getExecution = (org: string, id: string): Promise<ExecutionDetail> => call(commands.getExecution(org, id));
export const cancelExecution = (org: string, id: string): Promise<null> => call(commands.cancelExecution(org, id));
/** The workflow's most recent execution with its steps, for completion and previews. */
export const lastRun = (org: string, id: string): Promise<ExecutionDetail | null> => call(commands.lastRun(org, id));

/** Evaluates a template in the engine's sandbox against `context`. */
export const renderPreview = (template: string, context: Value): Promise<TemplatePreview> => call(commands.renderPreview(template, context));
/** The engine's parser: the first error and where, or none. */
export const checkTemplate = (text: string, expression: boolean): Promise<TemplateCheck> => call(commands.checkTemplate(text, expression));

/** The conflict copies sync kept for this workflow (both desktops changed the same nodes), unresolved first. */
export const syncConflicts = (org: string, id: string): Promise<SyncConflict[]> => call(commands.syncConflicts(org, id));
/** The other side's whole document of a conflict copy (name, nodes, edges …), as the workspace kept it. */
export const syncConflictDocument = (org: string, conflict: string): Promise<Value> => call(commands.syncConflictDocument(org, conflict));
/** Marks a conflict copy resolved (a synced change: the other desktops see it resolved too). */
export const resolveSyncConflict = (org: string, conflict: string): Promise<null> => call(commands.resolveSyncConflict(org, conflict));
