// The price table behind every cost the app shows: the shipped list prices and the organization's own
// (which win), in dollars per million tokens, exact; local models cost $0 unless priced here.
import { useState } from "react";
import type { PriceEntry } from "../../bindings";
import { Icon } from "../../components/icons";
import { ResourceState } from "../../components/ResourceState";
import { ResourceTable, type Column } from "../../components/ResourceTable";
import { useToast } from "../../components/Toasts";
import { formatDollarsExact } from "../../money";
import { useAction } from "../../state/useAction";
import { useLoad } from "../../state/useLoad";
import { deletePrice, listPrices } from "./api";
import { PriceDialog } from "./PriceDialog";

const COLUMNS: Column<PriceEntry>[] = [
  { header: "Provider", cell: (p) => p.provider },
  { header: "Model", className: "mono", cell: (p) => p.model },
  { header: "Input $/Mtok", num: true, cell: (p) => formatDollarsExact(p.price.inputPerMtok) },
  { header: "Output $/Mtok", num: true, cell: (p) => formatDollarsExact(p.price.outputPerMtok) },
  { header: "Source", cell: (p) => (p.custom ? <span className="badge badge-blue">Yours</span> : <span className="badge">Shipped</span>) },
];

export function PriceSettings({ org, providers }: { org: string; providers: string[] }) {
  const toast = useToast();
  const act = useAction();
  const prices = useLoad(() => listPrices(org), [org]);
  const [editing, setEditing] = useState<PriceEntry | "new" | null>(null);

  const reset = (p: PriceEntry) =>
    act(async () => {
      await deletePrice(org, p.provider, p.model);
      await prices.load();
      return `Removed your price of ${p.model}`;
    });

  return (
    <div className="price-settings">
      <div className="agent-subhead">
        <h3 id="prices-heading">Model prices</h3>
        <button type="button" className="button button-small" onClick={() => setEditing("new")}>
          <Icon name="plus" size={14} /> Set a price
        </button>
      </div>
      <p className="hint">
        What each call costs is worked out from these prices, in dollars per million tokens. Models on Ollama and LM Studio (this computer) cost $0 unless you price them here; models with no price are
        recorded at $0.
      </p>
      <ResourceState state={prices} loadingLabel="Loading prices…" isEmpty={() => false}>
        {(items) => (
          <ResourceTable
            labelledBy="prices-heading"
            className="price-table"
            rows={items}
            rowKey={(p) => `${p.provider}/${p.model}`}
            columns={COLUMNS}
            actions={(p) => (
              <>
                <button type="button" className="button button-small" aria-label={`Edit the price of ${p.provider} ${p.model}`} onClick={() => setEditing(p)}>
                  Edit
                </button>
                {p.custom && (
                  <button type="button" className="button button-small" aria-label={`Remove your price of ${p.provider} ${p.model}`} title="The shipped price, if any, applies again" onClick={() => reset(p)}>
                    Reset
                  </button>
                )}
              </>
            )}
          />
        )}
      </ResourceState>
      {editing && (
        <PriceDialog
          org={org}
          providers={providers}
          {...(editing === "new" ? {} : { existing: editing })}
          onClose={() => setEditing(null)}
          onSaved={(entry) => {
            setEditing(null);
            toast("success", `${entry.model} now costs ${formatDollarsExact(entry.price.inputPerMtok)} in and ${formatDollarsExact(entry.price.outputPerMtok)} out per million tokens`);
            void prices.load();
          }}
        />
      )}
    </div>
  );
}
