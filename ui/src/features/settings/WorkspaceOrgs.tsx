// Settings › Workspace › Organizations: which organizations this computer keeps in sync. Each one on
// this computer is either connected (kept in sync; disconnecting keeps it here) or local (connecting
// uploads it); the workspace's organizations with no copy here can be downloaded, arriving connected.
// The organization being worked in shows its own sync status below this list (WorkspaceSettings).
import type { Organization, SyncStatus, WorkspaceOrg } from "../../bindings";
import { ResourceState } from "../../components/ResourceState";
import { useAction } from "../../state/useAction";
import { useLoad } from "../../state/useLoad";
import { listOrgs } from "../orgs/api";
import * as api from "./workspaceApi";

interface Here {
  org: Organization;
  status: SyncStatus;
}

const readHere = async (): Promise<Here[]> => {
  const orgs = await listOrgs();
  const statuses = await Promise.all(orgs.map((o) => api.syncStatus(o.id)));
  return orgs.map((org, i) => ({ org, status: statuses[i]! }));
};

/** `onChanged`: an organization was connected, disconnected or downloaded (the page re-reads its status). */
export function WorkspaceOrgs({ onChanged }: { onChanged: () => void }) {
  const here = useLoad(readHere, []);
  const there = useLoad<WorkspaceOrg[]>(api.workspaceOrgs, []);
  const act = useAction();
  const reload = async () => {
    await Promise.all([here.load(), there.load()]);
    onChanged();
  };
  const connect = (o: Organization) =>
    act(async () => {
      await api.connectOrg(o.id);
      await reload();
      return `${o.name} is connected: its data is uploaded and kept in sync`;
    });
  const disconnect = (o: Organization) =>
    act(async () => {
      await api.disconnectOrg(o.id, false);
      await reload();
      return `${o.name} is disconnected and stays on this computer`;
    });
  const download = (o: WorkspaceOrg) =>
    act(async () => {
      await api.downloadOrg(o.id);
      await reload();
      return `${o.name} is downloaded and kept in sync`;
    });
  return (
    <section aria-labelledby="workspace-orgs-heading">
      <h3 id="workspace-orgs-heading">Organizations</h3>
      <ResourceState state={here} loadingLabel="Loading organizations…" isEmpty={(list) => list.length === 0} empty={<p className="muted">No organization on this computer yet.</p>}>
        {(list) => (
          <table className="table" aria-label="Organizations on this computer">
            <thead>
              <tr>
                <th scope="col">On this computer</th>
                <th scope="col">Sync</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map(({ org, status }) => (
                <tr key={org.id}>
                  <td>{org.name}</td>
                  <td>{status.connected ? `Connected${status.role ? ` (${status.role})` : ""}` : "Only on this computer"}</td>
                  <td>
                    {status.connected ? (
                      <button type="button" className="button button-small" onClick={() => void disconnect(org)} aria-label={`Disconnect ${org.name}`}>
                        Disconnect
                      </button>
                    ) : (
                      <button type="button" className="button button-small" onClick={() => void connect(org)} aria-label={`Connect and upload ${org.name}`}>
                        Connect and upload
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ResourceState>
      <ResourceState state={there} loadingLabel="Loading the workspace's organizations…" isEmpty={() => false} errorText={(m) => `The workspace's organizations could not be read: ${m}`}>
        {(orgs) => {
          const missing = orgs.filter((o) => !o.local);
          if (missing.length === 0) return null;
          return (
            <table className="table" aria-label="In the workspace, not on this computer">
              <thead>
                <tr>
                  <th scope="col">In the workspace</th>
                  <th scope="col">Your role</th>
                  <th scope="col">Plan</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {missing.map((o) => (
                  <tr key={o.id}>
                    <td>{o.name}</td>
                    <td>{o.role}</td>
                    <td>{o.plan}</td>
                    <td>
                      <button type="button" className="button button-small" onClick={() => void download(o)} aria-label={`Download ${o.name}`}>
                        Download
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </ResourceState>
    </section>
  );
}
