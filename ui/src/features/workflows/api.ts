// The workflow commands the screens use: listing, reading, importing and exporting (the file
// dialogs run in Rust, so the UI never handles a path it chose), changing, validating and running.
import { call, channelTo } from "../../api";
import { commands, type RunEvent, type Value, type Workflow, type WorkflowSort } from "../../bindings";

/** A window of the organization's workflows, searched and sorted by the app. */
export const listWorkflows = (org: string, { search, sort, limit }: { search: string | null; sort: WorkflowSort; limit: number }) =>
  call(commands.listWorkflows(org, { search, tag: null, isActive: null, templateId: null, createdBy: null, sort, page: { limit, offset: 0 } }));
export const getWorkflow = (org: string, id: string) => call(commands.getWorkflow(org, id));
export const deleteWorkflow = (org: string, id: string) => call(commands.deleteWorkflow(org, id));
export const duplicateWorkflow = (org: string, id: string) => call(commands.duplicateWorkflow(org, id));
export const setWorkflowActive = (org: string, id: string, isActive: boolean) => call(commands.updateWorkflow(org, id, { document: null, isActive, expectedVersion: null }));
export const importWorkflowText = (org: string, text: string) => call(commands.importWorkflowText(org, text));
/** Asks for a file and imports it; null when the person cancels. */
export const importWorkflowFile = (org: string) => call(commands.importWorkflowFile(org));
/** Asks where to save and writes the document there; the path, or null when the person cancels. */
export const exportWorkflowFile = (org: string, id: string) => call(commands.exportWorkflowFile(org, id));

/** Every problem of a stored workflow, as the run would find them. */
export const validateWorkflow = (wf: Workflow) =>
  call(commands.validateDocument({ format: 1, name: wf.name, description: wf.description, tags: wf.tags, variables: wf.variables, nodes: wf.nodes, edges: wf.edges }));

/** Starts a run; its events go to `onEvent`. Resolves with the execution id. */
export const runWorkflow = (org: string, workflow: string, input: Value, triggerNode: string | null, onEvent: (event: RunEvent) => void) =>
  call(commands.runWorkflow(org, workflow, input, triggerNode, channelTo(onEvent)));
