// Nothing lost: every change of the document, its journal, the sample input or the pins is saved
// as the workflow's draft at most `delay` ms later (one save in flight; changes made meanwhile are
// saved right after), and `flush()` saves at once (window blur, closing, leaving the page). A failed
// save is retried with the next change or flush, and says so in the status line.
import type { DraftInput, DraftSaved } from "../contract";
import { toDocument } from "../store/doc";
import type { EditorStore } from "../store/editorStore";
import { fingerprint, serialize } from "../store/history";

export type SaveState = "saved" | "pending" | "saving" | "error";

export interface SaveStatus {
  state: SaveState;
  /** When the last save landed (the app's time). */
  at: string | null;
  error: string | null;
}

export interface Autosaver {
  flush: () => Promise<void>;
  stop: () => void;
}

/** The draft as saved: document, journal tied to it, sample input, pins, base version. */
export function draftOf(store: EditorStore): DraftInput {
  const s = store.getState();
  const document = toDocument(s.doc);
  return { document, baseVersion: s.baseVersion, history: serialize(s.journal, fingerprint(s.doc)), sampleInput: s.sampleInput, pins: s.pins };
}

export function startAutosave(store: EditorStore, save: (draft: DraftInput) => Promise<DraftSaved>, onStatus: (status: SaveStatus) => void, delay = 600): Autosaver {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> | null = null;
  let dirty = false;
  let status: SaveStatus = { state: "saved", at: null, error: null };
  const set = (next: Partial<SaveStatus>) => {
    status = { ...status, ...next };
    onStatus(status);
  };

  const run = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (inFlight) {
      await inFlight;
      if (dirty) return run();
      return;
    }
    if (!dirty) return;
    dirty = false;
    const revision = store.getState().revision;
    set({ state: "saving" });
    inFlight = save(draftOf(store))
      .then((saved) => {
        if (store.getState().revision === revision) store.setState({ report: saved.report });
        set({ state: dirty ? "pending" : "saved", at: saved.updatedAt, error: null });
      })
      .catch((e: unknown) => {
        dirty = true;
        set({ state: "error", error: e instanceof Error ? e.message : String(e) });
      })
      .finally(() => {
        inFlight = null;
      });
    await inFlight;
    if (dirty && status.state !== "error") return run();
  };

  const schedule = () => {
    dirty = true;
    if (status.state !== "saving") set({ state: "pending" });
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), delay);
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.revision !== prev.revision || s.metaRevision !== prev.metaRevision) schedule();
  });

  return {
    flush: () => run(),
    stop: () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    },
  };
}
