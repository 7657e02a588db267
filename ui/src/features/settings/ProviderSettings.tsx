// Settings › AI providers: which LLM providers agents can use, where each is and whether its key is
// saved (the key itself stays in the vault and is never shown), then the model prices that every
// agent call's cost comes from.
import { useState } from "react";
import type { ProviderSettings as Provider } from "../../bindings";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Icon } from "../../components/icons";
import { ResourceState } from "../../components/ResourceState";
import { ResourceTable, type Column } from "../../components/ResourceTable";
import { useToast } from "../../components/Toasts";
import { useLoad } from "../../state/useLoad";
import { deleteProvider, listProviders } from "./api";
import { PriceSettings } from "./PriceSettings";
import { ProviderDialog, kindLabel } from "./ProviderDialog";

function KeyBadge({ p }: { p: Provider }) {
  if (p.hasKey) return <span className="badge badge-green">Key saved</span>;
  if (!p.needsKey) return <span className="badge">No key needed</span>;
  return <span className="badge badge-amber">No key</span>;
}

const COLUMNS: Column<Provider>[] = [
  {
    header: "Provider",
    cell: (p) => (
      <>
        <span className="row-title">{p.name}</span>
        <div className="row-sub mono">{p.id}</div>
      </>
    ),
  },
  { header: "Speaks", cell: (p) => kindLabel(p.kind) },
  { header: "Base URL", className: "mono provider-url", cell: (p) => p.baseUrl },
  { header: "Key", cell: (p) => <KeyBadge p={p} /> },
];

export function ProviderSettings({ org }: { org: string }) {
  const toast = useToast();
  const providers = useLoad(() => listProviders(org), [org]);
  const [editing, setEditing] = useState<Provider | "new" | null>(null);
  const [removing, setRemoving] = useState<Provider | null>(null);

  const remove = async (p: Provider) => {
    await deleteProvider(org, p.id);
    toast("success", p.preset ? `${p.name} is back to its first settings` : `Removed ${p.name}`);
    setRemoving(null);
    await providers.load();
  };

  return (
    <>
      <p className="hint agent-section-hint">
        Agents name one of these providers. API keys are kept in the secret store chosen under Secrets (your keychain, or the encrypted file), never in the app's files, and are never shown again
        once saved.
      </p>
      <ResourceState state={providers} loadingLabel="Loading providers…" isEmpty={() => false}>
        {(items) => (
          <ResourceTable
            label="AI providers"
            rows={items}
            rowKey={(p) => p.id}
            columns={COLUMNS}
            actions={(p) => (
              <>
                <button type="button" className="button button-small" aria-label={`Edit ${p.name}`} onClick={() => setEditing(p)}>
                  {p.needsKey && !p.hasKey ? "Add key…" : "Edit"}
                </button>
                {p.preset ? (
                  <button type="button" className="button button-small" aria-label={`Reset ${p.name}`} title="Forget its key and restore its first settings" onClick={() => setRemoving(p)}>
                    Reset…
                  </button>
                ) : (
                  <button type="button" className="icon-button danger" aria-label={`Remove ${p.name}`} title="Remove" onClick={() => setRemoving(p)}>
                    <Icon name="trash" />
                  </button>
                )}
              </>
            )}
          />
        )}
      </ResourceState>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setEditing("new")}>
          <Icon name="plus" /> Add a provider
        </button>
      </div>

      <PriceSettings org={org} providers={(providers.data ?? []).map((p) => p.id)} />

      {editing && (
        <ProviderDialog
          org={org}
          {...(editing === "new" ? {} : { existing: editing })}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            toast("success", `Saved ${saved.name}${saved.hasKey ? " and its key" : ""}`);
            void providers.load();
          }}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={removing.preset ? `Reset ${removing.name}?` : `Remove ${removing.name}?`}
          confirmLabel={removing.preset ? "Forget key and reset" : "Remove provider"}
          onConfirm={() => remove(removing)}
          onClose={() => setRemoving(null)}
        >
          <p>
            {removing.preset
              ? `Its saved key, if any, is deleted from the secret store, and its settings go back to the original ones${removing.needsKey ? `; agents using ${removing.name} will fail until a key is added again` : ""}.`
              : `Its saved key is deleted too. Agents using “${removing.id}” will fail until they use another provider.`}
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
