// The editor's notice of sync conflicts on the open workflow ("Ada's version of 2 nodes differs from
// this draft — Compare"): shown only while some are unresolved, it opens the compare view, where the person
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
  // Neutral about who changed first: the copy may be the other desktop's edit, or this desktop's
  // own edit that the workspace set aside for the one it had already (its author is then you).
  const authors = [...new Set(list.map((c) => `${c.authorName.trim() || "Someone"}'s`))];
  const nodes = new Set(list.flatMap((c) => c.nodes)).size;
  const whose = authors.length > 2 ? `${authors.slice(0, -1).join(", ")} and ${authors[authors.length - 1]}` : authors.join(" and ");
  return (
    <>
      {list.length > 0 && (
        <div className="notice notice-warning ed-conflict" role="status">
          <span>
            {whose} {authors.length > 1 ? "versions" : "version"} of {nodes} {nodes === 1 ? "node" : "nodes"} {authors.length > 1 ? "differ" : "differs"} from this draft{list.length > 1 ? ` (${list.length} sync conflicts)` : " (a sync conflict)"}.
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
