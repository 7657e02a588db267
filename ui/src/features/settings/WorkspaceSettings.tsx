// Settings › Workspace: sign in to the organization's workspace (in the system browser, so the
// password is typed on the workspace's own page and never in the app; or here, with email and
// password, where no browser can be had), choose which organizations this computer keeps in sync
// (WorkspaceOrgs: connecting one uploads it; downloading brings one here), see where the current one stands — last sync, changes waiting, the
// last error in plain words, the role and plan the app enforces — the conflicts to resolve, its
// plan and this month's usage (PlanSection: the OWNER changes it), its members and roles
// (MembersSection), and sign out, keeping or removing the copies (SignOutDialog).
import { useRef, useState, type FormEvent } from "react";
import type { SyncStatus, WorkspaceAccount } from "../../bindings";
import { ResourceState } from "../../components/ResourceState";
import { hrefOf } from "../../router";
import { useAction } from "../../state/useAction";
import { useLoad } from "../../state/useLoad";
import { MembersSection } from "./MembersSection";
import { PlanSection } from "./PlanSection";
import { SignOutDialog } from "./SignOutDialog";
import { WorkspaceOrgs } from "./WorkspaceOrgs";
import * as api from "./workspaceApi";

// Read as `{ account }`: null data means "still loading" to ResourceState, a null account "signed out".
const readAccount = async () => ({ account: await api.workspaceAccount() });

export function WorkspaceSettings({ org }: { org: string }) {
  const state = useLoad<{ account: WorkspaceAccount | null }>(readAccount, []);
  return (
    <ResourceState state={state} isEmpty={() => false}>
      {({ account }) =>
        account ? (
          <SignedIn account={account} org={org} onSignOut={() => state.setData({ account: null })} />
        ) : (
          <SignIn onSignedIn={(next) => state.setData({ account: next })} />
        )
      }
    </ResourceState>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (a: WorkspaceAccount) => void }) {
  const act = useAction();
  const [url, setUrl] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  /** The sign-in page open in the browser while the app waits for it to come back. */
  const [browserPage, setBrowserPage] = useState<string | null>(null);
  const address = useRef<HTMLInputElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!address.current?.reportValidity()) return;
    void act(async () => {
      const a = await api.workspaceLogin(url, email, password);
      setPassword("");
      onSignedIn(a);
      return `Signed in to ${a.url}`;
    });
  };
  const inBrowser = () => {
    if (!address.current?.reportValidity()) return;
    void act(async () => {
      try {
        setBrowserPage(await api.workspaceBeginBrowserLogin(url));
        const a = await api.workspaceFinishBrowserLogin();
        onSignedIn(a);
        return `Signed in to ${a.url}`;
      } finally {
        setBrowserPage(null);
      }
    });
  };
  return (
    <div className="stack">
      <p className="hint">Local organizations stay on this computer until you connect one to a workspace.</p>
      <label>
        Workspace address
        <input ref={address} type="url" required size={40} placeholder="https://workspace.example.com" value={url} onChange={(e) => setUrl(e.target.value)} />
      </label>
      {browserPage ? (
        <p role="status">
          Finish signing in in your browser; this page follows by itself. If no browser opened, open{" "}
          <a href={browserPage} target="_blank" rel="noreferrer">
            the workspace's sign-in page
          </a>
          .
        </p>
      ) : (
        <p>
          <button type="button" className="button button-primary" onClick={inBrowser}>
            Sign in with your browser
          </button>
        </p>
      )}
      <form onSubmit={submit} className="stack" aria-label="Sign in to a workspace">
        <p className="hint">Or sign in here with your email and password:</p>
        <label>
          Email
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input type="password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" className="button">
          Sign in
        </button>
      </form>
    </div>
  );
}

function SignedIn({ account, org, onSignOut }: { account: WorkspaceAccount; org: string; onSignOut: () => void }) {
  const status = useLoad<SyncStatus>(() => api.syncStatus(org), [org]);
  const [signingOut, setSigningOut] = useState(false);
  return (
    <>
      <p>
        Signed in to <strong>{account.url}</strong> as {account.name} ({account.email}).{" "}
        <button type="button" className="button" onClick={() => setSigningOut(true)}>
          Sign out
        </button>
      </p>
      {signingOut && <SignOutDialog onClose={() => setSigningOut(false)} onSignedOut={onSignOut} />}
      <WorkspaceOrgs onChanged={() => void status.load()} />
      <ResourceState state={status} isEmpty={() => false}>
        {(s) => <OrgSync org={org} status={s} onChange={(next) => status.setData(next)} reload={status.load} />}
      </ResourceState>
    </>
  );
}

function when(t: string | null | undefined): string {
  return t ? new Date(t).toLocaleString() : "never";
}

function OrgSync({ org, status, onChange, reload }: { org: string; status: SyncStatus; onChange: (s: SyncStatus) => void; reload: () => Promise<void> }) {
  const act = useAction();
  if (!status.connected) {
    return (
      <p>
        This organization is local: no roles, no plan limits, nothing leaves this computer.{" "}
        <button type="button" className="button button-primary" onClick={() => act(async () => onChange(await api.connectOrg(org)))}>
          Connect and upload it
        </button>
      </p>
    );
  }
  const syncNow = () =>
    act(async () => {
      const r = await api.syncNow(org);
      await reload();
      return `Synced: ${r.pushed} sent, ${r.pulled} received${r.rejected ? `, ${r.rejected} refused` : ""}`;
    });
  const disconnect = () =>
    act(async () => {
      await api.disconnectOrg(org, false);
      await reload();
      return "Disconnected; the organization stays on this computer";
    });
  return (
    <>
      <h3>This organization</h3>
      <dl className="facts" aria-label="Sync status">
        <dt>Role</dt>
        <dd>{status.role ?? "not known yet"}</dd>
        <dt>Plan</dt>
        <dd>
          {status.plan ?? "not known yet"}
          {status.limits && (
            <span className="hint">
              {" "}
              ({status.limits.workflows ?? "unlimited"} workflows, {status.limits.agents ?? "unlimited"} agents, {status.limits.executionsPerMonth ?? "unlimited"} runs a month; {status.executionsThisMonth} this month)
            </span>
          )}
        </dd>
        <dt>Last sync</dt>
        <dd>{when(status.lastSyncAt)}</dd>
        <dt>Changes waiting</dt>
        <dd>{status.pendingChanges}</dd>
        {status.lastError && (
          <>
            <dt>Last error</dt>
            <dd className="field-error" role="alert">
              {status.lastError} (next try {when(status.nextAttemptAt)})
            </dd>
          </>
        )}
      </dl>
      <p>
        <button type="button" className="button button-primary" onClick={syncNow}>
          Sync now
        </button>{" "}
        <button type="button" className="button" onClick={disconnect}>
          Disconnect
        </button>
      </p>
      {(status.openConflicts > 0 || status.rejectedChanges > 0) && <Conflicts org={org} onResolved={reload} />}
      <PlanSection org={org} onChanged={() => void reload()} />
      <MembersSection org={org} onYourRoleChanged={() => void reload()} />
    </>
  );
}

function Conflicts({ org, onResolved }: { org: string; onResolved: () => Promise<void> }) {
  const act = useAction();
  const conflicts = useLoad(() => api.syncConflicts(org), [org]);
  const refused = useLoad(() => api.syncRejections(org), [org]);
  const resend = () =>
    act(async () => {
      const queued = await api.resendSyncRejections(org);
      await Promise.all([refused.load(), onResolved()]);
      return `${queued} ${queued === 1 ? "change is" : "changes are"} sent again with the next sync`;
    });
  const resolve = (id: string) =>
    act(async () => {
      await api.resolveSyncConflict(org, id);
      await Promise.all([conflicts.load(), onResolved()]);
      return "Marked resolved";
    });
  return (
    <>
      <h3>Conflicts</h3>
      <ul aria-label="Conflicts">
        {(conflicts.data ?? [])
          .filter((c) => !c.resolved)
          .map((c) => (
            <li key={c.id}>
              <strong>{c.workflowName}</strong>: {c.authorName || "someone"} changed {c.nodeLabels.join(", ")} too. Their version is kept;{" "}
              <a href={hrefOf({ page: "workflow", id: c.workflowId })}>Open in editor</a> to compare and keep what you want, or{" "}
              <button type="button" className="button button-small" onClick={() => resolve(c.id)}>
                mark it resolved
              </button>
            </li>
          ))}
      </ul>
      {(refused.data ?? []).length > 0 && (
        <>
          <h3>Changes the workspace refused</h3>
          <ul aria-label="Refused changes">
            {(refused.data ?? []).map((r) => (
              <li key={`${r.entity}-${r.rowId}-${r.at}`}>
                {r.entity}: {r.message}
              </li>
            ))}
          </ul>
          <p className="muted">
            They stay on this computer. A change of your role or the plan sends them again by itself; after you change what was refused, you can too.{" "}
            <button type="button" className="button button-small" onClick={() => void resend()}>
              Send again
            </button>
          </p>
        </>
      )}
    </>
  );
}
