// The organization's integrations: status and last test at a glance, add and edit per provider,
// test with a visible result, Gmail's sign-in with Google, turn on and off, delete with confirmation.
// Where the secrets are is said at the top, with what to do when that store cannot be used.
import { useState } from "react";
import type { Integration, IntegrationStatus, IntegrationTest, VaultInfo } from "../../bindings";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { EmptyState } from "../../components/Feedback";
import { Icon } from "../../components/icons";
import { ListPage } from "../../components/ListPage";
import { ResourceTable, type Column } from "../../components/ResourceTable";
import { DeleteButton, EditButton } from "../../components/RowButtons";
import { useToast } from "../../components/Toasts";
import { formatWhen } from "../../format";
import { useAction } from "../../state/useAction";
import { useLoad } from "../../state/useLoad";
import { vaultStatus } from "../settings/api";
import { VaultNotice } from "../settings/VaultNotice";
import { deleteIntegration, listIntegrations, setIntegrationActive, testIntegration } from "./api";
import { IntegrationDialog } from "./IntegrationDialog";
import { providerOf } from "./providers";
import { SignInDialog } from "./SignInDialog";

const STATUS: Record<IntegrationStatus, { label: string; tone: string }> = {
  CONNECTED: { label: "Connected", tone: "badge-green" },
  ERROR: { label: "Error", tone: "badge-red" },
  TESTING: { label: "Testing…", tone: "badge-blue" },
  DISCONNECTED: { label: "Not tested", tone: "" },
};

type Result = { ok: boolean; message: string };

export function IntegrationsPage({ org }: { org: string }) {
  const toast = useToast();
  const act = useAction();
  const integrations = useLoad<Integration[]>(() => listIntegrations(org), [org]);
  // The store's own failure is for Settings to explain; here it only means no notice.
  const vault = useLoad<VaultInfo>(vaultStatus, [org]);
  const [editing, setEditing] = useState<Integration | "new" | null>(null);
  const [deleting, setDeleting] = useState<Integration | null>(null);
  const [signingIn, setSigningIn] = useState<Integration | null>(null);
  const [testing, setTesting] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<Record<string, Result>>({});
  const { load, setData } = integrations;
  // The rows appear with the header's line about the keychain, never before it: a line arriving
  // later would push the rows down under a pointer about to click one.
  const shown = vault.loading ? { ...integrations, data: null, loading: true } : integrations;

  const replace = (updated: Integration) => setData((all) => all?.map((i) => (i.id === updated.id ? updated : i)) ?? null);
  const record = (outcome: IntegrationTest) => {
    replace(outcome.integration);
    setResults((r) => ({ ...r, [outcome.integration.id]: { ok: outcome.ok, message: outcome.message } }));
  };
  const busyWith = (id: string, on: boolean) =>
    setTesting((t) => {
      const next = new Set(t);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const test = async (integration: Integration) => {
    busyWith(integration.id, true);
    replace({ ...integration, status: "TESTING" });
    const tested = await act(async () => {
      const outcome = await testIntegration(org, integration.id);
      record(outcome);
      toast(outcome.ok ? "success" : "error", `${integration.name}: ${outcome.message}`);
    });
    if (!tested) replace(integration);
    busyWith(integration.id, false);
  };
  const toggle = (integration: Integration) => act(async () => replace(await setIntegrationActive(org, integration.id, !integration.isActive)));

  const columns: Column<Integration>[] = [
    {
      header: "Name",
      cell: (i) => {
        const result = results[i.id];
        const problem = i.status === "ERROR" ? i.lastError : null;
        return (
          <>
            <span className="row-title">{i.name}</span>
            {!i.hasSecret && providerOf(i.provider).secret(i.config as Record<string, string>)?.required && <div className="row-sub">No credentials saved yet</div>}
            {problem && <div className="row-sub error-text">{problem}</div>}
            {result?.ok && <div className="row-sub">{result.message}</div>}
          </>
        );
      },
    },
    { header: "Provider", cell: (i) => providerOf(i.provider).label },
    { header: "Status", cell: (i) => <span className={`badge ${STATUS[i.status].tone}`}>{STATUS[i.status].label}</span> },
    { header: "Last tested", cell: (i) => formatWhen(i.lastTested), title: (i) => i.lastTested ?? undefined },
    {
      header: "On",
      cell: (i) => (
        <label className="switch">
          <input type="checkbox" checked={i.isActive} onChange={() => toggle(i)} aria-label={`${i.name} is on`} />
        </label>
      ),
    },
  ];

  const addButton = (
    <button type="button" className="button button-primary" onClick={() => setEditing("new")}>
      <Icon name="plus" /> Add integration
    </button>
  );

  const dialogs = (
    <>
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
            record(outcome);
            toast(outcome.ok ? "success" : "error", outcome.message);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete “${deleting.name}”?`}
          confirmLabel="Delete integration"
          busyLabel="Deleting…"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await deleteIntegration(org, deleting.id);
            toast("success", `Deleted “${deleting.name}” and its secret`);
            setDeleting(null);
            await load();
          }}
        >
          <p>Its secret is removed from your keychain. Workflows that use it will fail until they use another integration.</p>
        </ConfirmDialog>
      )}
    </>
  );

  return (
    <ListPage
      title="Integrations"
      subtitle={
        <>
          Slack, Gmail, email, webhooks and HTTP APIs for your workflows.
          {vault.data && ` Secrets are kept in the ${vault.data.name}, never in the app's files.`}
        </>
      }
      actions={addButton}
      above={vault.data && <VaultNotice vault={vault.data} onChange={(next) => vault.setData(next)} />}
      dialogs={dialogs}
      state={shown}
      loadingLabel="Loading integrations…"
      empty={
        <EmptyState icon="integrations" title="No integrations yet" action={addButton}>
          Connect Slack, Gmail, a mail server, a webhook or any HTTP API, then use it in a workflow's integration steps.
        </EmptyState>
      }
    >
      {(items) => (
        <ResourceTable
          label="Integrations"
          rows={items}
          rowKey={(i) => i.id}
          columns={columns}
          actions={(i) => (
            <>
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
            </>
          )}
        />
      )}
    </ListPage>
  );
}
