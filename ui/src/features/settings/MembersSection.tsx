// Settings › Workspace › Members, for a connected organization: who is in it and their roles. The
// workspace decides who may do what; the app sends, for each member, the roles the signed-in person
// may give them, so a role <select> offers only those and a member nobody here may change is shown
// read-only. ADMINs and OWNERs also invite by email and revoke (MemberInvitations); everyone else
// sees the list and who to ask.
import { useState } from "react";
import type { MemberRole, WorkspaceMember, WorkspaceMembers } from "../../bindings";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ResourceState } from "../../components/ResourceState";
import { useAction } from "../../state/useAction";
import { useLoad } from "../../state/useLoad";
import { MemberInvitations } from "./MemberInvitations";
import * as api from "./workspaceApi";

/** `onYourRoleChanged`: the sync status re-reads its role (the next sync records the new one). */
export function MembersSection({ org, onYourRoleChanged }: { org: string; onYourRoleChanged?: () => void }) {
  const members = useLoad<WorkspaceMembers>(() => api.workspaceMembers(org), [org]);
  return (
    <section aria-labelledby="members-heading">
      <h3 id="members-heading">Members</h3>
      <ResourceState
        state={members}
        loadingLabel="Loading members…"
        isEmpty={(m) => m.members.length === 0}
        empty={<p className="muted">No members yet.</p>}
        errorText={(m) => `The members could not be read: ${m}`}
      >
        {(m) => (
          <>
            <MemberTable org={org} list={m} onChanged={members.setData} reload={members.load} onYourRoleChanged={onYourRoleChanged} />
            {m.canManage ? <MemberInvitations org={org} roles={m.invitableRoles} /> : <WhoCanChange list={m} />}
          </>
        )}
      </ResourceState>
    </section>
  );
}

function WhoCanChange({ list }: { list: WorkspaceMembers }) {
  const managers = list.members.filter((m) => m.role === "OWNER" || m.role === "ADMIN").map((m) => `${m.name} (${m.role})`);
  return (
    <p className="hint">
      Your role is {list.yourRole}. Only an ADMIN or the OWNER can invite people or change roles{managers.length > 0 ? `: ask ${managers.join(", ")}` : ""}.
    </p>
  );
}

interface TableProps {
  org: string;
  list: WorkspaceMembers;
  onChanged: (next: WorkspaceMembers) => void;
  reload: () => Promise<void>;
  onYourRoleChanged?: () => void;
}

function MemberTable({ org, list, onChanged, reload, onYourRoleChanged }: TableProps) {
  const act = useAction();
  const [busy, setBusy] = useState<string | null>(null);
  const [removing, setRemoving] = useState<WorkspaceMember | null>(null);
  // Anyone may leave, so a read-only list still has an action: the person's own Leave.
  const actions = list.canManage || list.members.some((m) => m.removable);
  const changeRole = (member: WorkspaceMember, role: MemberRole) => {
    setBusy(member.id);
    void act(async () => {
      onChanged(await api.setMemberRole(org, member.id, role));
      if (member.isYou) onYourRoleChanged?.();
      return `${member.name} is now ${role}`;
    }).finally(() => setBusy(null));
  };
  return (
    <>
      <table className="table" aria-label="Members">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            {actions && <th scope="col"><span className="visually-hidden">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {list.members.map((m) => (
            <tr key={m.id}>
              <td>
                {m.name}
                {m.isYou && (
                  <>
                    {" "}
                    <span className="badge">you</span>
                  </>
                )}
              </td>
              <td>{m.email}</td>
              <td>
                {m.assignableRoles.length > 0 ? (
                  <select aria-label={`Role of ${m.name}`} value={m.role} disabled={busy === m.id} onChange={(e) => changeRole(m, e.target.value as MemberRole)}>
                    {m.assignableRoles.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                ) : (
                  m.role
                )}
              </td>
              {actions && (
                <td>
                  {m.removable && (
                    <button type="button" className="button button-small" aria-label={m.isYou ? "Leave the organization" : `Remove ${m.name}`} onClick={() => setRemoving(m)}>
                      {m.isYou ? "Leave" : "Remove"}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {removing && (
        <ConfirmDialog
          title={removing.isYou ? "Leave the organization?" : `Remove ${removing.name}?`}
          confirmLabel={removing.isYou ? "Leave" : "Remove member"}
          busyLabel={removing.isYou ? "Leaving…" : "Removing…"}
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await api.removeMember(org, removing.id);
            setRemoving(null);
            await reload();
          }}
        >
          <p>
            {removing.isYou
              ? "You leave the organization: this computer keeps its copy but can no longer sync it."
              : `${removing.name} (${removing.email}) loses access to the organization in the workspace. They can be invited again.`}
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
