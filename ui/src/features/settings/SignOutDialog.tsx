// Signing out of the workspace: the person chooses what happens to the organizations this computer
// keeps in sync — keep them here (they stop syncing until the next sign-in) or remove them from this
// computer (the workspace keeps its own copy). Changes not sent yet are named, because removing a
// copy loses them.
import { useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useLoad } from "../../state/useLoad";
import { listOrgs } from "../orgs/api";
import * as api from "./workspaceApi";

interface Connected {
  id: string;
  name: string;
  pending: number;
}

/** This computer's organizations that sync with the workspace, with their changes not sent yet. */
async function connectedOrgs(): Promise<Connected[]> {
  const orgs = await listOrgs();
  const withStatus = await Promise.all(orgs.map(async (o) => ({ o, status: await api.syncStatus(o.id) })));
  return withStatus.flatMap(({ o, status }) => (status.connected ? [{ id: o.id, name: o.name, pending: status.pendingChanges }] : []));
}

export function SignOutDialog({ onClose, onSignedOut }: { onClose: () => void; onSignedOut: () => void }) {
  const connected = useLoad(connectedOrgs, []);
  const [remove, setRemove] = useState(false);
  const list = connected.data ?? [];
  const unsent = list.filter((o) => o.pending > 0);
  const signOut = async () => {
    if (remove) {
      for (const o of list) await api.disconnectOrg(o.id, true);
    }
    await api.workspaceLogout();
    onSignedOut();
  };
  return (
    <ConfirmDialog title="Sign out of the workspace?" confirmLabel="Sign out" busyLabel="Signing out…" disabled={connected.loading} onConfirm={signOut} onClose={onClose}>
      {connected.error && <p className="error-text">The organizations could not be listed: {connected.error}</p>}
      <fieldset className="field">
        <legend>The organizations this computer keeps in sync{list.length > 0 ? ` (${list.map((o) => o.name).join(", ")})` : ""}</legend>
        <label className="field-inline">
          <input type="radio" name="sign-out" checked={!remove} onChange={() => setRemove(false)} />
          <span>Keep them on this computer; they sync again after the next sign-in</span>
        </label>
        <label className="field-inline">
          <input type="radio" name="sign-out" checked={remove} onChange={() => setRemove(true)} />
          <span>Remove them from this computer; the workspace keeps its copy</span>
        </label>
      </fieldset>
      {remove && unsent.length > 0 && (
        <p className="notice notice-warning" role="alert">
          Not sent yet, and lost when removed: {unsent.map((o) => `${o.name} (${o.pending} ${o.pending === 1 ? "change" : "changes"})`).join(", ")}.
        </p>
      )}
    </ConfirmDialog>
  );
}
