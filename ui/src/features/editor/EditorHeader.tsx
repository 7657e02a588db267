// The editor's header: the workflow's name, where the draft stands (saved / saving / not saved),
// the version it is based on and the published one, the problem count; undo and redo (named for
// what they undo), save version, publish, run or cancel, and the shortcuts sheet.
import { useState } from "react";
import { messageOf } from "../../api";
import { Icon } from "../../components/icons";
import { PageHeader } from "../../components/PageHeader";
import { useToast } from "../../components/Toasts";
import { formatWhen } from "../../format";
import { hrefOf } from "../../router";
import type { Runner } from "./run/useRunner";
import type { SaveStatus } from "./session/autosave";
import type { EditorSession, Session } from "./session/useEditorSession";
import type { Tab } from "./SidePanel";
import { useEditor } from "./store/context";
import { exportWorkflowFile, setWorkflowActive } from "../workflows/api";
import { publishDraft } from "./versions/versionOps";

/** A curved arrow: undo as drawn, redo mirrored. */
function UndoIcon({ redo = false }: { redo?: boolean }) {
  return (
    <svg width={18} height={18} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" style={redo ? { transform: "scaleX(-1)" } : undefined}>
      <path d="M9 14L4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />
    </svg>
  );
}

function saveText(s: SaveStatus): string {
  if (s.state === "saving") return "Saving draft…";
  if (s.state === "pending") return "Unsaved changes";
  if (s.state === "error") return `Draft not saved: ${s.error ?? "unknown error"} (retrying)`;
  return s.at ? `Draft saved ${formatWhen(s.at)}` : "Draft up to date";
}

interface Props {
  org: string;
  id: string;
  editor: EditorSession;
  session: Session;
  runner: Runner;
  onSaveVersion: () => void;
  onHelp: () => void;
  onShowTab: (tab: Tab) => void;
  /** Opens the Run dialog (the sample input, then Run). */
  onAskRun: () => void;
}

export function EditorHeader({ org, id, editor, session, runner, onSaveVersion, onHelp, onShowTab, onAskRun }: Props) {
  const { store, workflow } = session;
  const toast = useToast();
  const name = useEditor((s) => s.doc.name);
  const undoLabel = useEditor((s) => s.journal.past[s.journal.past.length - 1]?.label ?? null);
  const redoLabel = useEditor((s) => s.journal.future[s.journal.future.length - 1]?.label ?? null);
  const base = useEditor((s) => s.baseVersion);
  const errors = useEditor((s) => s.report?.errors.length ?? 0);
  const running = useEditor((s) => s.run.executionId !== null && s.run.finished === null);
  const saveStatus = useEditor((s) => s.saveStatus);
  const [publishing, setPublishing] = useState(false);

  const publish = async () => {
    if (errors > 0) {
      toast("error", `Fix the ${errors} problem(s) before publishing: a published workflow must be valid.`);
      onShowTab("problems");
      return;
    }
    setPublishing(true);
    try {
      const v = await publishDraft(session, editor, org, id);
      if (v !== null) toast("success", `Published version ${v}: triggers and “neuroflow run” now use it`);
    } catch (e) {
      toast("error", messageOf(e));
    } finally {
      setPublishing(false);
    }
  };

  const published = workflow.publishedVersion;
  const setActive = async (active: boolean) => {
    try {
      const saved = await setWorkflowActive(org, id, active);
      editor.setWorkflow({ ...workflow, isActive: saved.workflow.isActive });
      toast("success", active ? `Active: its webhook and schedule triggers run version ${published ?? "?"}` : "Inactive: its triggers are off");
    } catch (e) {
      toast("error", messageOf(e));
    }
  };
  const exportFile = async () => {
    try {
      const path = await exportWorkflowFile(org, id);
      if (path) toast("success", `Exported to ${path}`);
    } catch (e) {
      toast("error", messageOf(e));
    }
  };
  return (
    <PageHeader
      back={{ href: hrefOf({ page: "workflows" }), label: "Back to workflows" }}
      title={name || workflow.name}
      subtitle={
        <>
          <span className={`save-state save-${saveStatus.state}`} role="status">
            {saveText(saveStatus)}
          </span>
          {" · "}based on version {base}
          {" · "}
          {published === null ? <span className="badge">Not published</span> : <span className="badge badge-green">Published: version {published}</span>}
          {errors > 0 && (
            <>
              {" · "}
              <button type="button" className="link-button problems-link" onClick={() => onShowTab("problems")}>
                {errors} problem{errors === 1 ? "" : "s"}
              </button>
            </>
          )}
        </>
      }
      actions={
        <div className="button-row">
          <label className="switch" title={published === null ? "Publish a version first: triggers run the published version" : undefined}>
            <input type="checkbox" checked={workflow.isActive} disabled={published === null && !workflow.isActive} onChange={(e) => void setActive(e.target.checked)} />
            <span>{workflow.isActive ? "Active" : "Inactive"}</span>
          </label>
          <a className="button" href={hrefOf({ page: "executions", workflow: id })}>
            Executions
          </a>
          <button type="button" className="icon-button" aria-label="Export the workflow to a file" title="Export…" onClick={() => void exportFile()}>
            <Icon name="download" />
          </button>
          <button type="button" className="icon-button" aria-label={undoLabel ? `Undo: ${undoLabel}` : "Undo (nothing to undo)"} title={undoLabel ? `Undo: ${undoLabel} (Ctrl+Z)` : "Nothing to undo"} disabled={!undoLabel} onClick={() => store.undo()}>
            <UndoIcon />
          </button>
          <button type="button" className="icon-button" aria-label={redoLabel ? `Redo: ${redoLabel}` : "Redo (nothing to redo)"} title={redoLabel ? `Redo: ${redoLabel} (Ctrl+Shift+Z)` : "Nothing to redo"} disabled={!redoLabel} onClick={() => store.redo()}>
            <UndoIcon redo />
          </button>
          <button type="button" className="button" onClick={onSaveVersion} title="Ctrl+S">
            Save version
          </button>
          <button type="button" className="button" disabled={publishing} onClick={() => void publish()}>
            {publishing ? "Publishing…" : "Publish"}
          </button>
          {running ? (
            <button type="button" className="button button-danger" onClick={() => void runner.cancel()}>
              <Icon name="stop" /> Cancel run
            </button>
          ) : (
            <button type="button" className="button button-primary" title={errors > 0 ? "Fix the problems first" : "Ctrl+Enter"} onClick={onAskRun}>
              <Icon name="runs" /> Run
            </button>
          )}
          <button type="button" className="icon-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={onHelp}>
            ?
          </button>
        </div>
      }
    />
  );
}
