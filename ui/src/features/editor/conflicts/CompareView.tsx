// The compare view of sync conflicts: a dialog that takes the open workflow's conflict copies one
// after another (oldest first, "1 of 2"), each with its nodes side by side and a choice per node.
// "Apply" puts the chosen nodes into the draft as one undoable edit, then marks the copy resolved;
// "Keep mine for all" only marks it resolved. If marking fails after the edit, Try again only marks
// (the edit is not made twice). When none are left it says so.
import { useEffect, useRef, useState } from "react";
import { messageOf } from "../../../api";
import type { SyncConflict } from "../../../bindings";
import { ErrorNotice, Loading } from "../../../components/Feedback";
import { Modal } from "../../../components/Modal";
import { useLoad } from "../../../state/useLoad";
import * as api from "../api";
import type { EditorStore } from "../store/editorStore";
import { applyTheirs, type Choice } from "./choices";
import { loadComparison } from "./compare";
import { NodeCompare } from "./NodeCompare";

interface Props {
  org: string;
  /** The unresolved conflicts, as last read; the first is shown. */
  conflicts: SyncConflict[];
  store: EditorStore;
  /** Reads the list again after one was resolved. */
  onResolved: () => Promise<void>;
  onClose: () => void;
}

export function CompareView({ org, conflicts, store, onResolved, onClose }: Props) {
  // Oldest first: the list comes newest first.
  const ordered = [...conflicts].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const current = ordered[0];
  // The buttons of a resolved conflict go away with it: focus stays in the dialog (for Tab and Escape).
  const body = useRef<HTMLDivElement>(null);
  const shown = useRef(current?.id);
  useEffect(() => {
    if (shown.current !== current?.id) body.current?.focus();
    shown.current = current?.id;
  }, [current?.id]);
  return (
    <Modal title="Compare changes" onClose={onClose} wide>
      <div ref={body} tabIndex={-1}>
        {current ? (
          <ConflictCompare key={current.id} org={org} conflict={current} position={`${ordered.length > 1 ? `Conflict 1 of ${ordered.length}: ` : ""}`} store={store} onResolved={onResolved} />
        ) : (
          <>
            <p>Nothing left to resolve: every change from the other desktops is settled.</p>
            <div className="button-row">
              <button type="button" className="button button-primary" onClick={onClose}>
                Close
              </button>
            </div>
          </>
        )}
      </div>
    </Modal>
  );
}

function ConflictCompare({ org, conflict, position, store, onResolved }: { org: string; conflict: SyncConflict; position: string; store: EditorStore; onResolved: () => Promise<void> }) {
  const comparison = useLoad(() => loadComparison(org, conflict, store.getState().doc), [org, conflict.id]);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [applied, setApplied] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const author = conflict.authorName.trim() || "someone";

  const finish = async (useTheirs: boolean) => {
    if (!comparison.data) return;
    setBusy(true);
    setFailure(null);
    try {
      const ids = comparison.data.nodes.filter((n) => choices[n.id] === "theirs").map((n) => n.id);
      if (useTheirs && !applied && ids.length > 0) {
        applyTheirs(store, comparison.data.theirs, ids, conflict.authorName);
        setApplied(true);
      }
      await api.resolveSyncConflict(org, conflict.id);
      store.announce(useTheirs && ids.length > 0 ? `Used ${author}'s version of ${ids.length} ${ids.length === 1 ? "node" : "nodes"}; Ctrl+Z undoes it` : "Kept your version");
      await onResolved();
    } catch (e) {
      setFailure(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (comparison.error) return <ErrorNotice message={`${author}'s version could not be read: ${comparison.error}`} onRetry={() => void comparison.load()} />;
  if (!comparison.data) return <Loading label={`Reading ${author}'s version…`} />;
  const nodes = comparison.data.nodes;
  const theirs = nodes.filter((n) => choices[n.id] === "theirs").length;
  return (
    <div className="conflict-compare">
      <p>
        {position}
        {author}'s version of {conflict.nodes.length} {conflict.nodes.length === 1 ? "node" : "nodes"} differs from this draft. Each node shows this draft beside that version; choose per node.
      </p>
      {nodes.length === 0 && <p className="hint">None of these nodes is left on either side.</p>}
      {nodes.map((n) => (
        <NodeCompare key={n.id} node={n} author={conflict.authorName} choice={choices[n.id] ?? "mine"} disabled={busy || applied} onChoose={(c) => setChoices((old) => ({ ...old, [n.id]: c }))} />
      ))}
      {failure && <ErrorNotice message={`${applied ? "Their version is in the draft, but the conflict" : "The conflict"} could not be marked resolved: ${failure}`} onRetry={() => void finish(applied)} />}
      <div className="form-actions">
        <button type="button" className="button button-primary" disabled={busy || failure !== null} onClick={() => void finish(true)}>
          {theirs > 0 ? `Apply: use theirs for ${theirs} ${theirs === 1 ? "node" : "nodes"}` : "Apply: keep mine"}
        </button>
        <button type="button" className="button" disabled={busy || applied || failure !== null} onClick={() => void finish(false)}>
          Keep mine for all
        </button>
      </div>
    </div>
  );
}
