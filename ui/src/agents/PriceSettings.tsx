// The price table behind every cost the app shows: the shipped list prices and the organization's own
// (which win), in dollars per million tokens, exact; local models cost $0 unless priced here.
import { useState } from "react";
import { useLoad } from "../state/useLoad";
import { call, commands, messageOf } from "../api";
import type { PriceEntry } from "../bindings";
import { ErrorNotice, Loading } from "../components/Feedback";
import { Icon } from "../components/icons";
import { useToast } from "../components/Toasts";
import { formatDollarsExact } from "../money";
import { PriceDialog } from "./PriceDialog";

export function PriceSettings({ org, providers }: { org: string; providers: string[] }) {
  const toast = useToast();
  const { data: items, error, load } = useLoad(() => call(commands.listPrices(org)), [org]);
  const [editing, setEditing] = useState<PriceEntry | "new" | null>(null);

  const reset = async (p: PriceEntry) => {
    try {
      await call(commands.deletePrice(org, p.provider, p.model));
      toast("success", `Removed your price of ${p.model}`);
      await load();
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

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
      {error && <ErrorNotice message={error} onRetry={load} />}
      {!error && items === null && <Loading label="Loading prices…" />}
      {items !== null && (
        <table className="table price-table" aria-labelledby="prices-heading">
          <thead>
            <tr>
              <th>Provider</th>
              <th>Model</th>
              <th className="num">Input $/Mtok</th>
              <th className="num">Output $/Mtok</th>
              <th>Source</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={`${p.provider}/${p.model}`}>
                <td>{p.provider}</td>
                <td className="mono">{p.model}</td>
                <td className="num">{formatDollarsExact(p.price.inputPerMtok)}</td>
                <td className="num">{formatDollarsExact(p.price.outputPerMtok)}</td>
                <td>{p.custom ? <span className="badge badge-blue">Yours</span> : <span className="badge">Shipped</span>}</td>
                <td className="actions">
                  <button type="button" className="button button-small" aria-label={`Edit the price of ${p.provider} ${p.model}`} onClick={() => setEditing(p)}>
                    Edit
                  </button>
                  {p.custom && (
                    <button type="button" className="button button-small" aria-label={`Remove your price of ${p.provider} ${p.model}`} title="The shipped price, if any, applies again" onClick={() => reset(p)}>
                      Reset
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <PriceDialog
          org={org}
          providers={providers}
          {...(editing === "new" ? {} : { existing: editing })}
          onClose={() => setEditing(null)}
          onSaved={(entry) => {
            setEditing(null);
            toast("success", `${entry.model} now costs ${formatDollarsExact(entry.price.inputPerMtok)} in and ${formatDollarsExact(entry.price.outputPerMtok)} out per million tokens`);
            void load();
          }}
        />
      )}
    </div>
  );
}
