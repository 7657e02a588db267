// The Settings section for AI: which LLM providers agents can use, where each is and whether its key
// is saved (the key itself stays in the vault and is never shown), then the model prices that every
// agent call's cost comes from.
import { useState } from "react";
import { useLoad } from "../state/useLoad";
import { call, commands, messageOf } from "../api";
import type { ProviderSettings as Provider } from "../bindings";
import { PriceSettings } from "../agents/PriceSettings";
import { ProviderDialog, kindLabel } from "../agents/ProviderDialog";
import { ErrorNotice, Loading } from "./Feedback";
import { Icon } from "./icons";
import { Modal } from "./Modal";
import { useToast } from "./Toasts";

function KeyBadge({ p }: { p: Provider }) {
  if (p.hasKey) return <span className="badge badge-green">Key saved</span>;
  if (!p.needsKey) return <span className="badge">No key needed</span>;
  return <span className="badge badge-amber">No key</span>;
}

export function ProviderSettings({ org }: { org: string }) {
  const toast = useToast();
  const { data: items, error, load } = useLoad(() => call(commands.listProviders(org)), [org]);
  const [editing, setEditing] = useState<Provider | "new" | null>(null);
  const [removing, setRemoving] = useState<Provider | null>(null);

  const remove = async () => {
    if (!removing) return;
    try {
      await call(commands.deleteProvider(org, removing.id));
      toast("success", removing.preset ? `${removing.name} is back to its first settings` : `Removed ${removing.name}`);
      setRemoving(null);
      await load();
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  return (
    <>
      <p className="hint agent-section-hint">
        Agents name one of these providers. API keys are kept in the secret store chosen under Secrets (your keychain, or the encrypted file), never in the app's files, and are never shown again
        once saved.
      </p>
      {error && <ErrorNotice message={error} onRetry={load} />}
      {!error && items === null && <Loading label="Loading providers…" />}
      {items !== null && (
        <table className="table" aria-label="AI providers">
          <thead>
            <tr>
              <th>Provider</th>
              <th>Speaks</th>
              <th>Base URL</th>
              <th>Key</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id}>
                <td>
                  <span className="row-title">{p.name}</span>
                  <div className="row-sub mono">{p.id}</div>
                </td>
                <td>{kindLabel(p.kind)}</td>
                <td className="mono provider-url">{p.baseUrl}</td>
                <td>
                  <KeyBadge p={p} />
                </td>
                <td className="actions">
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
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setEditing("new")}>
          <Icon name="plus" /> Add a provider
        </button>
      </div>

      <PriceSettings org={org} providers={(items ?? []).map((p) => p.id)} />

      {editing && (
        <ProviderDialog
          org={org}
          {...(editing === "new" ? {} : { existing: editing })}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            toast("success", `Saved ${saved.name}${saved.hasKey ? " and its key" : ""}`);
            void load();
          }}
        />
      )}
      {removing && (
        <Modal
          title={removing.preset ? `Reset ${removing.name}?` : `Remove ${removing.name}?`}
          onClose={() => setRemoving(null)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setRemoving(null)}>
                Cancel
              </button>
              <button type="button" className="button button-danger" onClick={remove}>
                {removing.preset ? "Forget key and reset" : "Remove provider"}
              </button>
            </>
          }
        >
          <p>
            {removing.preset
              ? `Its saved key, if any, is deleted from the secret store, and its settings go back to the original ones${removing.needsKey ? `; agents using ${removing.name} will fail until a key is added again` : ""}.`
              : `Its saved key is deleted too. Agents using “${removing.id}” will fail until they use another provider.`}
          </p>
        </Modal>
      )}
    </>
  );
}
