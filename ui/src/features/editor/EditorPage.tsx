// The workflow editor's page (the route #/workflows/<id>): opens the workflow's draft (or its latest
// version), shows it while loading and when it cannot be read, warns when someone else saved a newer
// version (reload theirs, or keep both) and when sync kept another desktop's edit of the same nodes
// (compare them), and hands the open session to the workspace.
import { ReactFlowProvider } from "@xyflow/react";
import { useState } from "react";
import { messageOf } from "../../api";
import { ErrorNotice, Loading } from "../../components/Feedback";
import { PageHeader } from "../../components/PageHeader";
import { useToast } from "../../components/Toasts";
import { hrefOf, navigate } from "../../router";
import * as api from "./api";
import { SyncConflictNotice } from "./conflicts/SyncConflictNotice";
import { EditorProvider } from "./store/context";
import { toDocument } from "./store/doc";
import { useEditorSession } from "./session/useEditorSession";
import { Workspace } from "./Workspace";

export function EditorPage({ org, id }: { org: string; id: string }) {
  const editor = useEditorSession(org, id);
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const { session, error, conflict } = editor;

  if (error) {
    return (
      <div className="page">
        <PageHeader back={{ href: hrefOf({ page: "workflows" }), label: "Back to workflows" }} title="Workflow" />
        <ErrorNotice message={`The workflow could not be opened: ${error}`} onRetry={() => void editor.reload()} />
      </div>
    );
  }
  if (!session) return <Loading label="Opening workflow…" />;

  const reloadTheirs = async () => {
    setBusy(true);
    try {
      await api.discardDraft(org, id);
      editor.clearConflict();
      await editor.reload();
    } catch (e) {
      toast("error", messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const keepBoth = async () => {
    setBusy(true);
    try {
      const doc = toDocument(session.store.getState().doc);
      const copy = await api.createWorkflowFrom(org, doc, `${doc.name} (your copy)`);
      await api.discardDraft(org, id);
      toast("success", `Your changes are kept in “${copy.name}”`);
      navigate({ page: "workflow", id: copy.id });
    } catch (e) {
      toast("error", messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <EditorProvider key={session.opened} store={session.store}>
      <ReactFlowProvider>
        {conflict !== null && (
          <div className="notice notice-warning ed-conflict" role="alert">
            <span>
              This workflow was changed elsewhere (version {conflict} was saved by the CLI, another window or another desktop) while you edit your draft.
            </span>
            <div className="button-row">
              <button type="button" className="button button-small" disabled={busy} onClick={() => void reloadTheirs()}>
                Reload theirs
              </button>
              <button type="button" className="button button-small" disabled={busy} onClick={() => void keepBoth()}>
                Keep both
              </button>
            </div>
          </div>
        )}
        <SyncConflictNotice org={org} id={id} store={session.store} />
        <Workspace org={org} id={id} editor={editor} session={session} />
      </ReactFlowProvider>
    </EditorProvider>
  );
}
