// The editor's names for the generated editor types (bindings.ts, from the Rust side): what the app
// sends back is the `_Serialize` shape, what the editor sends is the `_Deserialize` one. One place,
// so the rest of the editor reads `WorkflowDraft`, not which direction a type travels.
import type {
  DraftInput_Deserialize,
  DraftRunOptions_Deserialize,
  DraftSaved_Serialize,
  EditorCatalog_Serialize,
  ExecutionDetail,
  FieldChange_Serialize,
  NodeDiff_Serialize,
  TemplateCheck_Serialize,
  TemplatePreview_Serialize,
  VersionSummary_Serialize,
  WorkflowDiff_Serialize,
  WorkflowDraft_Serialize,
  WorkflowVersion_Serialize,
  Workflow_Serialize,
} from "../../bindings";

export type { DiffChange as Change, EdgeDiff, NodeKindInfo } from "../../bindings";
export type EditorCatalog = EditorCatalog_Serialize;
export type WorkflowDraft = WorkflowDraft_Serialize;
export type DraftInput = DraftInput_Deserialize;
export type DraftSaved = DraftSaved_Serialize;
export type VersionSummary = VersionSummary_Serialize;
export type EditorWorkflowVersion = WorkflowVersion_Serialize;
export type FieldChange = FieldChange_Serialize;
export type NodeDiff = NodeDiff_Serialize;
export type WorkflowDiff = WorkflowDiff_Serialize;
export type DraftRunOptions = DraftRunOptions_Deserialize;
export type TemplatePreview = TemplatePreview_Serialize;
export type TemplateCheck = TemplateCheck_Serialize;
/** The workflow record, with its published and latest versions. */
export type EditorWorkflow = Workflow_Serialize;
export type { ExecutionDetail };
