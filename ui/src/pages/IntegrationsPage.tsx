// The organization's integrations: status and last test at a glance, add and edit per provider,
// test with a visible result, Gmail's sign-in with Google, turn on and off, delete with confirmation.
// Where the secrets are is said at the top, with what to do when that store cannot be used.
import { useCallback, useEffect, useState } from "react";
import { call, commands, messageOf } from "../api";
import type { Integration, IntegrationStatus, VaultInfo } from "../bindings";
import { EmptyState, ErrorNotice, Loading } from "../components/Feedback";
import { DeleteButton, EditButton } from "../components/RowButtons";
import { Icon } from "../components/icons";
import { Modal } from "../components/Modal";
import { useToast } from "../components/Toasts";
import { VaultNotice } from "../features/settings/VaultNotice";
import { formatWhen } from "../format";
import { IntegrationDialog } from "../integrations/IntegrationDialog";
import { SignInDialog } from "../integrations/SignInDialog";
import { providerOf } from "../integrations/providers";

const STATUS: Record<IntegrationStatus, { label: string; tone: string }> = {
  CONNECTED: { label: "Connected", tone: "badge-green" },
  ERROR: { label: "Error", tone: "badge-red" },
  TESTING: { label: "Testing…", tone: "badge-blue" },
  DISCONNECTED: { label: "Not tested", tone: "" },
};

export function IntegrationsPage({ org }: { org: string }) {
  const toast = useToast();
  const [items, setItems] = useState<Integration[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [vault, setVault] = useState<VaultInfo | null>(null);
  const [editing, setEditing] = useState<Integration | "new" | null>(null);
  const [deleting, setDeleting] = useState<Integration | null>(null);
  const [signingIn, setSigningIn] = useState<Integration | null>(null);
  const [testing, setTesting] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<Record<string, { ok: boolean; message: string }>>({});

  const load = useCallback(async () => {
    try {
      const page = await call(commands.listIntegrations(org, { search: null, provider: null, status: null, isActive: null, page: { limit: 200, offset: 0 } }));
      setItems(page.items);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [org]);

  useEffect(() => {
    void load();
    commands.vaultStatus().then((r) => setVault(r.status === "ok" ? r.data : null), () => setVault(null));
  }, [load]);

  const replace = (updated: Integration) => setItems((all) => all?.map((i) => (i.id === updated.id ? updated : i)) ?? null);

  const test = async (integration: Integration) => {
    setTesting((t) => new Set(t).add(integration.id));
    replace({ ...integration, status: "TESTING" });
    try {
      const outcome = await call(commands.testIntegration(org, integration.id));
      replace(outcome.integration);
      setResults((r) => ({ ...r, [integration.id]: { ok: outcome.ok, message: outcome.message } }));
      toast(outcome.ok ? "success" : "error", `${integration.name}: ${outcome.message}`);
    } catch (e) {
      replace(integration);
      toast("error", messageOf(e));
    } finally {
      setTesting((t) => {
        const next = new Set(t);
        next.delete(integration.id);
        return next;
      });
    }
  };

  const toggle = async (integration: Integration) => {
    try {
      const updated = await call(commands.updateIntegration(org, integration.id, { name: null, config: null, isActive: !integration.isActive }, null));
      replace(updated);
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    try {
      await call(commands.deleteIntegration(org, deleting.id));
      toast("success", `Deleted “${deleting.name}” and its secret`);
      setDeleting(null);
      await load();
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  const addButton = (
    <button type="button" className="button button-primary" onClick={() => setEditing("new")}>
      <Icon name="plus" /> Add integration
    </button>
  );

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Integrations</h1>
          <p className="subtitle">
            Slack, Gmail, email, webhooks and HTTP APIs for your workflows.
            {vault && ` Secrets are kept in the ${vault.name}, never in the app's files.`}
          </p>
        </div>
        {addButton}
      </header>

      {vault && <VaultNotice vault={vault} onChange={setVault} />}
      {error && <ErrorNotice message={error} onRetry={load} />}
      {!error && items === null && <Loading label="Loading integrations…" />}
      {items !== null && items.length === 0 && (
        <EmptyState icon="integrations" title="No integrations yet" action={addButton}>
          Connect Slack, Gmail, a mail server, a webhook or any HTTP API, then use it in a workflow's integration steps.
        </EmptyState>
      )}
      {items !== null && items.length > 0 && (
        <table className="table" aria-label="Integrations">
          <thead>
            <tr>
              <th>Name</th>
              <th>Provider</th>
              <th>Status</th>
              <th>Last tested</th>
              <th>On</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => {
              const status = STATUS[i.status];
              const result = results[i.id];
              const problem = i.status === "ERROR" ? i.lastError : null;
              return (
                <tr key={i.id}>
                  <td>
                    <span className="row-title">{i.name}</span>
                    {!i.hasSecret && providerOf(i.provider).secret(i.config as Record<string, string>)?.required && (
                      <div className="row-sub">No credentials saved yet</div>
                    )}
                    {problem && <div className="row-sub error-text">{problem}</div>}
                    {result?.ok && <div className="row-sub">{result.message}</div>}
                  </td>
                  <td>{providerOf(i.provider).label}</td>
                  <td>
                    <span className={`badge ${status.tone}`}>{status.label}</span>
                  </td>
                  <td title={i.lastTested ?? undefined}>{formatWhen(i.lastTested)}</td>
                  <td>
                    <label className="switch">
                      <input type="checkbox" checked={i.isActive} onChange={() => toggle(i)} aria-label={`${i.name} is on`} />
                    </label>
                  </td>
                  <td className="actions">
                    {i.provider === "GMAIL" && (
                      <button type="button" className="button button-small" onClick={() => setSigningIn(i)}>
                        {i.status === "CONNECTED" ? "Sign in again" : "Sign in with Google"}
                      </button>
                    )}
                    <button type="button" className="button button-small" disabled={testing.has(i.id)} onClick={() => test(i)}>
                      {testing.has(i.id) ? "Testing…" : "Test"}
                    </button>
                    <EditButton name={i.name} onClick={() => setEditing(i)} />
                    <DeleteButton name={i.name} onClick={() => setDeleting(i)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      {editing && (
        <IntegrationDialog
          org={org}
          {...(editing === "new" ? {} : { existing: editing })}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            toast("success", created ? `Added “${saved.name}”` : `Saved “${saved.name}”`);
            void load();
            if (created && saved.provider === "GMAIL") setSigningIn(saved);
          }}
        />
      )}
      {signingIn && (
        <SignInDialog
          org={org}
          integration={signingIn}
          onClose={() => setSigningIn(null)}
          onDone={(outcome) => {
            setSigningIn(null);
            replace(outcome.integration);
            setResults((r) => ({ ...r, [outcome.integration.id]: { ok: outcome.ok, message: outcome.message } }));
            toast(outcome.ok ? "success" : "error", outcome.message);
          }}
        />
      )}
      {deleting && (
        <Modal
          title={`Delete “${deleting.name}”?`}
          onClose={() => setDeleting(null)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setDeleting(null)}>
                Cancel
              </button>
              <button type="button" className="button button-danger" onClick={confirmDelete}>
                Delete integration
              </button>
            </>
          }
        >
          <p>Its secret is removed from your keychain. Workflows that use it will fail until they use another integration.</p>
        </Modal>
      )}
    </div>
  );
}
