// The editor's notice of sync conflicts on the open workflow ("Ada changed 2 nodes you also changed
// — Compare"): shown only while some are unresolved, it opens the compare view, where the person
// settles them in the draft itself rather than in Settings.
import { useState } from "react";
import { ErrorNotice } from "../../../components/Feedback";
import type { EditorStore } from "../store/editorStore";
import { CompareView } from "./CompareView";
import { useConflicts } from "./useConflicts";

export function SyncConflictNotice({ org, id, store }: { org: string; id: string; store: EditorStore }) {
  const conflicts = useConflicts(org, id);
  const [open, setOpen] = useState(false);
  const list = conflicts.data ?? [];
  if (conflicts.error && !open) return <ErrorNotice message={`The sync conflicts of this workflow could not be read: ${conflicts.error}`} onRetry={() => void conflicts.load()} />;
  const authors = [...new Set(list.map((c) => c.authorName.trim() || "Someone"))];
  const nodes = new Set(list.flatMap((c) => c.nodes)).size;
  const who = authors.length > 2 ? `${authors.slice(0, -1).join(", ")} and ${authors[authors.length - 1]}` : authors.join(" and ");
  return (
    <>
      {list.length > 0 && (
        <div className="notice notice-warning ed-conflict" role="status">
          <span>
            {who} changed {nodes} {nodes === 1 ? "node" : "nodes"} you also changed{list.length > 1 ? ` (${list.length} sync conflicts)` : ""}.
          </span>
          <button type="button" className="button button-small" aria-haspopup="dialog" onClick={() => setOpen(true)}>
            Compare
          </button>
        </div>
      )}
      {open && <CompareView org={org} conflicts={list} store={store} onResolved={conflicts.load} onClose={() => setOpen(false)} />}
    </>
  );
}
