// Setting what a model costs, typed in dollars per million tokens and kept exactly as integer
// micro-dollars per million tokens (the app's Price), so "$0.15" stays 150000 with no float between.
import { useState } from "react";
import type { PriceEntry } from "../../bindings";
import { TextField } from "../../components/Field";
import { FormDialog } from "../../components/FormDialog";
import { microsToDollars, parseDollars } from "../../money";
import { useSubmit } from "../../state/useSubmit";
import { setPrice } from "./api";

type Errors = Partial<Record<"provider" | "model" | "input" | "output", string>>;

/** Dollars per million tokens → micro-dollars per million tokens, or what is wrong with it. */
export function parsePrice(text: string, label: string): { micros: number } | { error: string } {
  if (!text.trim()) return { error: `${label} is required (0 for free)` };
  const parsed = parseDollars(text);
  if (!parsed.ok) return { error: `${label}: ${parsed.error}` };
  return { micros: parsed.micros ?? 0 };
}

interface Props {
  org: string;
  /** The price to change; none to price another model. */
  existing?: PriceEntry;
  providers: string[];
  onClose: () => void;
  onSaved: (entry: PriceEntry) => void;
}

export function PriceDialog({ org, existing, providers, onClose, onSaved }: Props) {
  const [provider, setProvider] = useState(existing?.provider ?? providers[0] ?? "");
  const [model, setModel] = useState(existing?.model ?? "");
  const [input, setInput] = useState(existing ? microsToDollars(existing.price.inputPerMtok) : "");
  const [output, setOutput] = useState(existing ? microsToDollars(existing.price.outputPerMtok) : "");
  const [errors, setErrors] = useState<Errors>({});
  const { busy, error, setError, run } = useSubmit();

  const submit = () => {
    const found: Errors = {};
    if (!provider.trim()) found.provider = "Provider is required";
    if (!model.trim()) found.model = "Model is required";
    const inPrice = parsePrice(input, "Input price");
    const outPrice = parsePrice(output, "Output price");
    if ("error" in inPrice) found.input = inPrice.error;
    if ("error" in outPrice) found.output = outPrice.error;
    setErrors(found);
    setError(null);
    if ("error" in inPrice || "error" in outPrice || Object.keys(found).length > 0) return;
    void run(async () => onSaved(await setPrice(org, provider.trim(), model.trim(), { inputPerMtok: inPrice.micros, outputPerMtok: outPrice.micros })));
  };

  const plain = { autoComplete: "off", spellCheck: false } as const;
  return (
    <FormDialog title={existing ? `Price of ${existing.model}` : "Set a model's price"} onClose={onClose} onSubmit={submit} submitLabel="Save price" busy={busy} error={error}>
      <TextField id="price-provider" label="Provider" value={provider} onChange={setProvider} error={errors.provider} list="price-providers" readOnly={Boolean(existing)} {...plain} />
      <datalist id="price-providers">
        {providers.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <TextField id="price-model" label="Model" value={model} onChange={setModel} error={errors.model} placeholder="e.g. gpt-4o-mini" readOnly={Boolean(existing)} {...plain} />
      <TextField id="price-input" label="Input, $ per million tokens" value={input} onChange={setInput} error={errors.input} inputMode="decimal" placeholder="0.15" {...plain} />
      <TextField id="price-output" label="Output, $ per million tokens" value={output} onChange={setOutput} error={errors.output} inputMode="decimal" placeholder="0.60" {...plain} />
      <p className="hint">Up to six decimals. A model is matched by the longest priced name it starts with, so “gpt-4o” also prices “gpt-4o-2024-08-06”.</p>
    </FormDialog>
  );
}
