// Setting what a model costs, typed in dollars per million tokens and kept exactly as integer
// micro-dollars per million tokens (the app's Price), so "$0.15" stays 150000 with no float between.
import { useState, type FormEvent } from "react";
import { call, commands, messageOf } from "../api";
import type { PriceEntry } from "../bindings";
import { Modal } from "../components/Modal";
import { microsToDollars, parseDollars } from "../money";

type Field = "provider" | "model" | "input" | "output";
type Errors = Partial<Record<Field, string>>;

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
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = {};
    if (!provider.trim()) found.provider = "Provider is required";
    if (!model.trim()) found.model = "Model is required";
    const inPrice = parsePrice(input, "Input price");
    const outPrice = parsePrice(output, "Output price");
    if ("error" in inPrice) found.input = inPrice.error;
    if ("error" in outPrice) found.output = outPrice.error;
    setErrors(found);
    setProblem(null);
    if ("error" in inPrice || "error" in outPrice || Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      onSaved(await call(commands.setPrice(org, provider.trim(), model.trim(), { inputPerMtok: inPrice.micros, outputPerMtok: outPrice.micros })));
    } catch (e) {
      setProblem(messageOf(e));
      setSaving(false);
    }
  };

  const field = (name: Field, label: string, value: string, set: (v: string) => void, extra: Record<string, unknown> = {}) => (
    <>
      <label htmlFor={`price-${name}`}>{label}</label>
      <input
        id={`price-${name}`}
        value={value}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `price-${name}-error` : undefined}
        onChange={(e) => set(e.target.value)}
        {...extra}
      />
      {errors[name] && (
        <p id={`price-${name}-error`} className="field-error">
          {errors[name]}
        </p>
      )}
    </>
  );

  return (
    <Modal
      title={existing ? `Price of ${existing.model}` : "Set a model's price"}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="price-form" className="button button-primary" disabled={saving}>
            {saving ? "Saving…" : "Save price"}
          </button>
        </>
      }
    >
      <form id="price-form" className="form" onSubmit={submit} noValidate>
        {field("provider", "Provider", provider, setProvider, { list: "price-providers", readOnly: Boolean(existing) })}
        <datalist id="price-providers">
          {providers.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        {field("model", "Model", model, setModel, { placeholder: "e.g. gpt-4o-mini", readOnly: Boolean(existing) })}
        {field("input", "Input, $ per million tokens", input, setInput, { inputMode: "decimal", placeholder: "0.15" })}
        {field("output", "Output, $ per million tokens", output, setOutput, { inputMode: "decimal", placeholder: "0.60" })}
        <p className="hint">Up to six decimals. A model is matched by the longest priced name it starts with, so “gpt-4o” also prices “gpt-4o-2024-08-06”.</p>
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
      </form>
    </Modal>
  );
}
