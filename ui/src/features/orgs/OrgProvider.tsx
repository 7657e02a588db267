// The organizations on this machine and the one being worked in, shared by the whole window. The
// choice is remembered between runs; if it disappears (deleted from the CLI, say) the first
// remaining one is chosen.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { Organization } from "../../bindings";
import { useLoad } from "../../state/useLoad";
import { createOrg, deleteOrg, listOrgs, renameOrg } from "./api";
import { useDataChanged } from "../../state/useDataChanged";

const STORAGE_KEY = "neuroflow.currentOrg";

interface OrgState {
  orgs: Organization[];
  current: Organization | null;
  loading: boolean;
  error: string | null;
  select: (id: string) => void;
  create: (name: string) => Promise<Organization>;
  rename: (id: string, name: string) => Promise<void>;
  remove: (id: string) => Promise<void>;
  refresh: () => Promise<void>;
}

const OrgContext = createContext<OrgState | null>(null);

export function OrgProvider({ children }: { children: ReactNode }) {
  const { data, loading, error, load: refresh } = useLoad(listOrgs, []);
  useDataChanged(["organization"], () => void refresh());
  const [currentId, setCurrentId] = useState<string | null>(() => localStorage.getItem(STORAGE_KEY));
  const orgs = useMemo(() => data ?? [], [data]);
  const current = useMemo(() => orgs.find((o) => o.id === currentId) ?? orgs[0] ?? null, [orgs, currentId]);

  const select = useCallback((id: string) => {
    setCurrentId(id);
    localStorage.setItem(STORAGE_KEY, id);
  }, []);

  const create = useCallback(
    async (name: string) => {
      const org = await createOrg(name);
      await refresh();
      select(org.id);
      return org;
    },
    [refresh, select],
  );

  const rename = useCallback(
    async (id: string, name: string) => {
      await renameOrg(id, name);
      await refresh();
    },
    [refresh],
  );

  const remove = useCallback(
    async (id: string) => {
      await deleteOrg(id);
      if (currentId === id) localStorage.removeItem(STORAGE_KEY);
      await refresh();
    },
    [refresh, currentId],
  );

  const value = useMemo(
    () => ({ orgs, current, loading, error, select, create, rename, remove, refresh }),
    [orgs, current, loading, error, select, create, rename, remove, refresh],
  );
  return <OrgContext.Provider value={value}>{children}</OrgContext.Provider>;
}

export function useOrgs(): OrgState {
  const state = useContext(OrgContext);
  if (!state) throw new Error("useOrgs must be used inside <OrgProvider>");
  return state;
}
