// Settings › Workspace › Members, for ADMINs and OWNERs: invite someone by email as one of the roles
// they may give (never OWNER: ownership is given once someone has joined), and the invitations still
// waiting, each with Revoke. The invitation's code is shown once, right after it is made: the
// workspace keeps only its hash, so it cannot be shown again.
import { useState, type FormEvent } from "react";
import type { CreatedWorkspaceInvitation, MemberRole } from "../../bindings";
import { ResourceState } from "../../components/ResourceState";
import { useAction } from "../../state/useAction";
import { useLoad } from "../../state/useLoad";
import { useSubmit } from "../../state/useSubmit";
import * as api from "./workspaceApi";

function when(t: string): string {
  return new Date(t).toLocaleString();
}

export function MemberInvitations({ org, roles }: { org: string; roles: MemberRole[] }) {
  const act = useAction();
  const pending = useLoad(() => api.workspaceInvitations(org), [org]);
  const { busy, error, run } = useSubmit();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<MemberRole>(roles.includes("MEMBER") ? "MEMBER" : (roles[roles.length - 1] ?? "VIEWER"));
  const [created, setCreated] = useState<CreatedWorkspaceInvitation | null>(null);
  const invite = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      setCreated(await api.inviteMember(org, email, role));
      setEmail("");
      await pending.load();
    });
  };
  const revoke = (id: string, who: string) =>
    act(async () => {
      await api.revokeInvitation(org, id);
      await pending.load();
      return `The invitation for ${who} is revoked`;
    });
  return (
    <>
      <h3>Invite someone</h3>
      <form className="inline-form" aria-label="Invite a member" onSubmit={invite}>
        <label>
          Email
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as MemberRole)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Inviting…" : "Invite"}
        </button>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {created && (
        <div className="notice" role="status">
          <p>
            {created.invitation.email} is invited as {created.invitation.role} until {when(created.invitation.expiresAt)}. Send them this code to accept it; it is shown only
            now:
          </p>
          <div className="copy-row">
            <input readOnly aria-label="Invitation code" size={created.token.length + 2} value={created.token} onFocus={(e) => e.currentTarget.select()} />
          </div>
        </div>
      )}
      <h3>Invitations waiting</h3>
      <ResourceState
        state={pending}
        loadingLabel="Loading invitations…"
        empty={<p className="muted">No invitations are waiting.</p>}
        errorText={(m) => `The invitations could not be read: ${m}`}
      >
        {(list) => (
          <ul className="list" aria-label="Invitations waiting">
            {list.map((i) => (
              <li key={i.id}>
                <span>
                  {i.email} <span className="badge">{i.role}</span> <span className="muted">until {when(i.expiresAt)}</span>
                </span>
                <button type="button" className="button button-small" aria-label={`Revoke the invitation for ${i.email}`} onClick={() => void revoke(i.id, i.email)}>
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        )}
      </ResourceState>
    </>
  );
}
