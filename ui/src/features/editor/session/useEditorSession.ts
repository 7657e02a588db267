// Opening a workflow for editing: the catalog, the workflow record and its draft (or, without one,
// its latest version) become one store; autosave and validation start; the draft is flushed when
// the window loses focus, is hidden or closed, and when the page goes. A change of the workflow
// made elsewhere (the CLI, another window) that moves its latest version past the draft's base is
// reported as a conflict, so nothing is overwritten silently.
import { useCallback, useEffect, useRef, useState } from "react";
import { messageOf } from "../../../api";
import { useDataChanged } from "../../../state/useDataChanged";
import * as api from "../api";
import type { EditorCatalog, EditorWorkflow } from "../contract";
import { fromDocument, type EdDoc } from "../store/doc";
import { createEditorStore, type EditorStore } from "../store/editorStore";
import { deserialize, fingerprint } from "../store/history";
import { startAutosave, type Autosaver } from "./autosave";
import { startValidation } from "./validation";

export interface Session {
  /** Counts openings (a reload makes a new store): the workspace is keyed by it. */
  opened: number;
  store: EditorStore;
  workflow: EditorWorkflow;
  catalog: EditorCatalog;
}

export interface EditorSession {
  session: Session | null;
  error: string | null;
  /** The latest version is newer than the draft's base: someone else saved. */
  conflict: number | null;
  reload: () => Promise<void>;
  flush: () => Promise<void>;
  setWorkflow: (w: EditorWorkflow) => void;
  /** Our own version change is coming: do not call it a conflict. */
  expectVersion: (version: number) => void;
  clearConflict: () => void;
  /** A save was refused as stale: read the latest version and show the conflict. */
  reportConflict: () => Promise<void>;
}

const docOfWorkflow = (w: EditorWorkflow): EdDoc =>
  fromDocument({ format: 1, name: w.name, description: w.description, tags: w.tags, variables: w.variables, nodes: w.nodes, edges: w.edges });

export function useEditorSession(org: string, id: string): EditorSession {
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<number | null>(null);
  const saver = useRef<Autosaver | null>(null);
  const expected = useRef(new Set<number>());
  const openings = useRef(0);

  const open = useCallback(async () => {
    setError(null);
    try {
      const [catalog, workflow, draft] = await Promise.all([api.editorCatalog(), api.getWorkflow(org, id), api.getDraft(org, id)]);
      let store: EditorStore;
      if (draft) {
        const doc = fromDocument(draft.document);
        store = createEditorStore(doc, deserialize(draft.history, fingerprint(doc)));
        store.setState({ baseVersion: draft.baseVersion, sampleInput: draft.sampleInput ?? {}, pins: draft.pins ?? {} });
        store.setState({ saveStatus: { state: "saved", at: draft.updatedAt, error: null } });
      } else {
        store = createEditorStore(docOfWorkflow(workflow));
        store.setState({ baseVersion: workflow.latestVersion });
      }
      store.setState({ catalog });
      setConflict(draft && workflow.latestVersion > draft.baseVersion ? workflow.latestVersion : null);
      openings.current += 1;
      setSession({ opened: openings.current, store, workflow, catalog });
      api.lastRun(org, id).then((run) => store.setState({ lastRun: run }), () => {});
    } catch (e) {
      setError(messageOf(e));
    }
  }, [org, id]);

  useEffect(() => {
    void open();
  }, [open]);

  useEffect(() => {
    if (!session) return;
    const { store } = session;
    const autosave = startAutosave(store, (draft) => api.saveDraft(org, id, draft), (saveStatus) => store.setState({ saveStatus }));
    saver.current = autosave;
    const stopValidation = startValidation(store, api.validateDocument);
    const flush = () => void autosave.flush();
    const onHidden = () => document.visibilityState === "hidden" && flush();
    window.addEventListener("blur", flush);
    window.addEventListener("pagehide", flush);
    window.addEventListener("beforeunload", flush);
    document.addEventListener("visibilitychange", onHidden);
    return () => {
      window.removeEventListener("blur", flush);
      window.removeEventListener("pagehide", flush);
      window.removeEventListener("beforeunload", flush);
      document.removeEventListener("visibilitychange", onHidden);
      void autosave.flush().finally(() => autosave.stop());
      stopValidation();
      saver.current = null;
    };
  }, [session, org, id]);

  useDataChanged(
    ["workflow"],
    (changes) => {
      if (!session || !changes.some((c) => c.id === id)) return;
      void api.getWorkflow(org, id).then((w) => {
        const base = session.store.getState().baseVersion;
        if (w.latestVersion > base && !expected.current.has(w.latestVersion)) setConflict(w.latestVersion);
        setSession((s) => (s ? { ...s, workflow: w } : s));
      }, () => {});
    },
    org,
  );

  return {
    session,
    error,
    conflict,
    reload: open,
    flush: async () => {
      await saver.current?.flush();
    },
    setWorkflow: (w) => setSession((s) => (s ? { ...s, workflow: w } : s)),
    expectVersion: (v) => expected.current.add(v),
    clearConflict: () => setConflict(null),
    reportConflict: async () => {
      const w = await api.getWorkflow(org, id);
      setSession((s) => (s ? { ...s, workflow: w } : s));
      setConflict(w.latestVersion);
    },
  };
}
