// The open workflow's unresolved sync conflicts. Read on opening and again whenever the workflow
// changes (a pull that records a conflict copy announces a workflow change; so does resolving one
// on another desktop), so the editor's notice appears and goes without polling.
import { useDataChanged } from "../../../state/useDataChanged";
import { useLoad, type Loaded } from "../../../state/useLoad";
import type { SyncConflict } from "../../../bindings";
import * as api from "../api";

export function useConflicts(org: string, id: string): Loaded<SyncConflict[]> {
  const list = useLoad(async () => (await api.syncConflicts(org, id)).filter((c) => !c.resolved && c.workflowId === id), [org, id]);
  useDataChanged(["workflow"], (changes) => changes.some((c) => c.id === id) && void list.load(), org);
  return list;
}
