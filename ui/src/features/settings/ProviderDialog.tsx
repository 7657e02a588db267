// Adding an LLM provider or changing one: its address, the wire format it speaks, and its API key —
// typed once and sent to the vault; from then on shown only as "saved", replaceable, never readable.
import { useState } from "react";
import type { ProviderKind, ProviderSettings } from "../../bindings";
import { TextField } from "../../components/Field";
import { FormDialog } from "../../components/FormDialog";
import { SecretField } from "../../components/SecretField";
import { useSubmit } from "../../state/useSubmit";
import { saveProvider } from "./api";

export const KINDS: { kind: ProviderKind; label: string; hint: string }[] = [
  { kind: "openai", label: "OpenAI-compatible", hint: "OpenAI's chat completions: vLLM, llama.cpp, LocalAI, Together, Mistral, DeepSeek …" },
  { kind: "anthropic", label: "Anthropic", hint: "Anthropic's messages API." },
  { kind: "gemini", label: "Google Gemini", hint: "Google's generateContent API." },
];

export const kindLabel = (kind: ProviderKind) => KINDS.find((k) => k.kind === kind)?.label ?? kind;

type Errors = Partial<Record<"id" | "name" | "baseUrl", string>>;

function check(id: string, name: string, baseUrl: string): Errors {
  const errors: Errors = {};
  if (!/^[A-Za-z0-9_-]+$/.test(id.trim())) errors.id = "Id uses letters, digits, - and _ only (e.g. my-vllm)";
  if (!name.trim()) errors.name = "Name is required";
  let url: URL | null = null;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) errors.baseUrl = "Base URL is an http:// or https:// address";
  return errors;
}

interface Props {
  org: string;
  /** The provider to change; none to add one. */
  existing?: ProviderSettings;
  onClose: () => void;
  onSaved: (p: ProviderSettings) => void;
}

export function ProviderDialog({ org, existing, onClose, onSaved }: Props) {
  const [id, setId] = useState(existing?.id ?? "");
  const [name, setName] = useState(existing?.name ?? "");
  const [kind, setKind] = useState<ProviderKind>(existing?.kind ?? "openai");
  const [baseUrl, setBaseUrl] = useState(existing?.baseUrl ?? "http://127.0.0.1:8000/v1");
  const [needsKey, setNeedsKey] = useState(existing?.needsKey ?? true);
  const [key, setKey] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const { busy, error, setError, run } = useSubmit();

  const submit = () => {
    const found = check(id, name, baseUrl);
    setErrors(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    void run(async () => {
      const saved = await saveProvider(org, { id: id.trim().toLowerCase(), name: name.trim(), kind, baseUrl: baseUrl.trim(), needsKey }, key.trim() ? key.trim() : null);
      setKey("");
      onSaved(saved);
    });
  };

  return (
    <FormDialog title={existing ? `Edit ${existing.name}` : "Add a provider"} onClose={onClose} onSubmit={submit} submitLabel={existing ? "Save" : "Add provider"} busy={busy} error={error}>
      {!existing && (
        <>
          <label htmlFor="provider-kind">Speaks</label>
          <select id="provider-kind" value={kind} onChange={(e) => setKind(e.target.value as ProviderKind)}>
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
          <p className="hint">{KINDS.find((k) => k.kind === kind)?.hint}</p>
          <TextField id="provider-id" label="Id" value={id} onChange={setId} error={errors.id} placeholder="my-vllm" autoComplete="off" spellCheck={false} />
        </>
      )}
      <TextField id="provider-name" label="Name" value={name} onChange={setName} error={errors.name} maxLength={100} placeholder="vLLM on the lab server" />
      <TextField id="provider-baseUrl" label="Base URL" type="url" value={baseUrl} onChange={setBaseUrl} error={errors.baseUrl} spellCheck={false} />
      <label className="agent-check">
        <input type="checkbox" checked={needsKey} onChange={(e) => setNeedsKey(e.target.checked)} />
        <span>Needs an API key</span>
      </label>
      <SecretField
        id="provider-key"
        name="API key"
        optional={!needsKey}
        saved={existing?.hasKey ?? false}
        keptIn="your secret store"
        value={key}
        onChange={setKey}
        placeholder="Paste the key"
        hint="The key goes to the app's secret store (the keychain, or the encrypted file) and is never shown again."
      />
    </FormDialog>
  );
}
