// Adding an LLM provider or changing one: its address, the wire format it speaks, and its API key —
// typed once and sent to the vault; from then on shown only as "saved", replaceable, never readable.
import { useState, type FormEvent } from "react";
import { call, commands, messageOf } from "../api";
import type { ProviderKind, ProviderSettings } from "../bindings";
import { Modal } from "../components/Modal";

export const KINDS: { kind: ProviderKind; label: string; hint: string }[] = [
  { kind: "openai", label: "OpenAI-compatible", hint: "OpenAI's chat completions: vLLM, llama.cpp, LocalAI, Together, Mistral, DeepSeek …" },
  { kind: "anthropic", label: "Anthropic", hint: "Anthropic's messages API." },
  { kind: "gemini", label: "Google Gemini", hint: "Google's generateContent API." },
];

export const kindLabel = (kind: ProviderKind) => KINDS.find((k) => k.kind === kind)?.label ?? kind;

type Errors = Partial<Record<"id" | "name" | "baseUrl" | "key", string>>;

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

export function ProviderDialog({ org, existing, onClose, onSaved }: { org: string; existing?: ProviderSettings; onClose: () => void; onSaved: (p: ProviderSettings) => void }) {
  const [id, setId] = useState(existing?.id ?? "");
  const [name, setName] = useState(existing?.name ?? "");
  const [kind, setKind] = useState<ProviderKind>(existing?.kind ?? "openai");
  const [baseUrl, setBaseUrl] = useState(existing?.baseUrl ?? "http://127.0.0.1:8000/v1");
  const [needsKey, setNeedsKey] = useState(existing?.needsKey ?? true);
  const [key, setKey] = useState("");
  const [replacing, setReplacing] = useState(!existing?.hasKey);
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = check(id, name, baseUrl);
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      const saved = await call(commands.saveProvider(org, { id: id.trim().toLowerCase(), name: name.trim(), kind, baseUrl: baseUrl.trim(), needsKey }, key.trim() ? key.trim() : null));
      setKey("");
      onSaved(saved);
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  const input = (field: keyof Errors) => ({
    id: `provider-${field}`,
    "aria-invalid": errors[field] ? true : undefined,
    "aria-describedby": errors[field] ? `provider-${field}-error` : undefined,
  });
  const error = (field: keyof Errors) =>
    errors[field] && (
      <p id={`provider-${field}-error`} className="field-error">
        {errors[field]}
      </p>
    );

  return (
    <Modal
      title={existing ? `Edit ${existing.name}` : "Add a provider"}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="provider-form" className="button button-primary" disabled={saving}>
            {saving ? "Saving…" : existing ? "Save" : "Add provider"}
          </button>
        </>
      }
    >
      <form id="provider-form" className="form" onSubmit={submit} noValidate>
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
            <label htmlFor="provider-id">Id</label>
            <input {...input("id")} value={id} placeholder="my-vllm" autoComplete="off" spellCheck={false} onChange={(e) => setId(e.target.value)} />
            {error("id")}
          </>
        )}
        <label htmlFor="provider-name">Name</label>
        <input {...input("name")} value={name} maxLength={100} placeholder="vLLM on the lab server" onChange={(e) => setName(e.target.value)} />
        {error("name")}
        <label htmlFor="provider-baseUrl">Base URL</label>
        <input {...input("baseUrl")} type="url" value={baseUrl} spellCheck={false} onChange={(e) => setBaseUrl(e.target.value)} />
        {error("baseUrl")}
        <label className="agent-check">
          <input type="checkbox" checked={needsKey} onChange={(e) => setNeedsKey(e.target.checked)} />
          <span>Needs an API key</span>
        </label>
        <label htmlFor="provider-key">API key{!needsKey && <span className="muted"> (optional)</span>}</label>
        {replacing ? (
          <input
            id="provider-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            placeholder={existing?.hasKey ? "Type a new one to replace the saved one" : "Paste the key"}
            onChange={(e) => setKey(e.target.value)}
          />
        ) : (
          <div className="secret-saved">
            <span id="provider-key" className="mono" aria-label="API key: saved, hidden">
              ••••••••••••
            </span>
            <span className="muted">Saved in your secret store</span>
            <button type="button" className="button button-small" onClick={() => setReplacing(true)}>
              Replace…
            </button>
          </div>
        )}
        <p className="hint">The key goes to the app's secret store (the keychain, or the encrypted file) and is never shown again.</p>
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
      </form>
    </Modal>
  );
}
