// Saving a version and publishing, shared by the header, Ctrl+S and the versions panel: a version
// carries the version it was based on (a stale one is refused with CONFLICT and shown as a conflict,
// never overwritten); publishing first saves the draft as a version when it differs from its base.
import { CommandError } from "../../../api";
import * as api from "../api";
import type { VersionSummary } from "../contract";
import type { EditorSession, Session } from "../session/useEditorSession";
import { fingerprint } from "../store/history";
import { fromDocument, toDocument } from "../store/doc";

export async function saveNewVersion(session: Session, editor: EditorSession, org: string, id: string, message: string | null): Promise<VersionSummary | null> {
  const { store } = session;
  const base = store.getState().baseVersion;
  editor.expectVersion(base + 1);
  try {
    const saved = await api.saveVersion(org, id, toDocument(store.getState().doc), message, base);
    editor.expectVersion(saved.version);
    store.setState((s) => ({ baseVersion: saved.version, metaRevision: s.metaRevision + 1 }));
    store.announce(`Saved version ${saved.version}`);
    return saved;
  } catch (e) {
    if (e instanceof CommandError && e.code === "CONFLICT") {
      await editor.reportConflict();
      return null;
    }
    throw e;
  }
}

/** Whether the draft differs from the version it is based on. */
export async function draftChanged(session: Session, org: string, id: string): Promise<boolean> {
  const { store } = session;
  const base = store.getState().baseVersion;
  const stored = await api.getVersion(org, id, base);
  const print = (d: ReturnType<typeof toDocument>) => fingerprint(toDocument(fromDocument(d)));
  return print(stored.document) !== print(toDocument(store.getState().doc));
}

/** Publishes the draft: saved as a version first when it changed; answers the published version. */
export async function publishDraft(session: Session, editor: EditorSession, org: string, id: string): Promise<number | null> {
  let version = session.store.getState().baseVersion;
  if (await draftChanged(session, org, id)) {
    const saved = await saveNewVersion(session, editor, org, id, "Published from the editor");
    if (!saved) return null;
    version = saved.version;
  }
  const workflow = await api.publishVersion(org, id, version);
  editor.setWorkflow(workflow);
  session.store.announce(`Published version ${version}`);
  return version;
}
