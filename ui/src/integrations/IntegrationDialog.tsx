// Adding or editing an integration: the provider's own fields, and its secret — typed once, sent to
// the app's vault, and from then on shown only as "saved", replaceable but never readable.
import { useState, type FormEvent } from "react";
import { call, commands, messageOf } from "../api";
import type { Integration, IntegrationProvider } from "../bindings";
import { Modal } from "../components/Modal";
import { PROVIDERS, configToForm, formToConfig, missingField, providerOf, type Config, type Field } from "./providers";

interface Props {
  org: string;
  /** The integration to edit; none to add one. */
  existing?: Integration;
  onClose: () => void;
  onSaved: (saved: Integration, created: boolean) => void;
}

export function IntegrationDialog({ org, existing, onClose, onSaved }: Props) {
  const [providerValue, setProviderValue] = useState<IntegrationProvider>(existing?.provider ?? "SLACK");
  const provider = providerOf(providerValue);
  const [name, setName] = useState(existing?.name ?? "");
  const [form, setForm] = useState<Config>(existing ? configToForm(existing.config) : { ...provider.defaults });
  const [secret, setSecret] = useState("");
  const [replacing, setReplacing] = useState(!existing?.hasSecret);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const secretSpec = provider.secret(form);

  const chooseProvider = (value: IntegrationProvider) => {
    setProviderValue(value);
    setForm({ ...providerOf(value).defaults });
    setError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = !name.trim() ? "Name is required" : missingField(provider, form);
    if (missing) {
      setError(missing);
      return;
    }
    if (!existing && secretSpec?.required && !secret.trim()) {
      setError(`${secretSpec.label} is required`);
      return;
    }
    setSaving(true);
    setError(null);
    const config = formToConfig(provider, form);
    const newSecret = secretSpec && secret.trim() ? secret : null;
    try {
      const saved = existing
        ? await call(commands.updateIntegration(org, existing.id, { name: name.trim(), config, isActive: null }, newSecret))
        : await call(commands.createIntegration(org, { name: name.trim(), provider: providerValue, config }, newSecret));
      setSecret("");
      onSaved(saved, !existing);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  const visible = provider.fields.filter((f) => !f.when || f.when(form));
  const basic = visible.filter((f) => !f.advanced);
  const advanced = visible.filter((f) => f.advanced);

  return (
    <Modal
      title={existing ? `Edit “${existing.name}”` : "Add an integration"}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="integration-form" className="button button-primary" disabled={saving}>
            {saving ? "Saving…" : existing ? "Save" : "Add integration"}
          </button>
        </>
      }
    >
      <form id="integration-form" className="form" onSubmit={submit} noValidate>
        {!existing && (
          <fieldset className="provider-picker">
            <legend>Provider</legend>
            {PROVIDERS.map((p) => (
              <label key={p.value} className={p.value === providerValue ? "checked" : undefined}>
                <input type="radio" name="provider" value={p.value} checked={p.value === providerValue} onChange={() => chooseProvider(p.value)} />
                <strong>{p.label}</strong>
                <span className="hint">{p.blurb}</span>
              </label>
            ))}
          </fieldset>
        )}
        <label htmlFor="integration-name">Name</label>
        <input id="integration-name" value={name} maxLength={100} placeholder={`e.g. ${provider.label} — office`} onChange={(e) => setName(e.target.value)} />
        {basic.map((f) => (
          <FieldInput key={f.key} field={f} value={form[f.key] ?? ""} onChange={(v) => setForm({ ...form, [f.key]: v })} />
        ))}
        {secretSpec && (
          <>
            <label htmlFor="integration-secret">
              {secretSpec.label}
              {!secretSpec.required && <span className="muted"> (optional)</span>}
            </label>
            {replacing ? (
              <input
                id="integration-secret"
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={secret}
                placeholder={existing?.hasSecret ? "Type a new one to replace the saved one" : secretSpec.placeholder}
                onChange={(e) => setSecret(e.target.value)}
              />
            ) : (
              <div className="secret-saved">
                <span id="integration-secret" className="mono" aria-label={`${secretSpec.label}: saved, hidden`}>
                  ••••••••••••
                </span>
                <span className="muted">Saved in your keychain</span>
                <button type="button" className="button button-small" onClick={() => setReplacing(true)}>
                  Replace…
                </button>
              </div>
            )}
            {secretSpec.hint && <p className="hint">{secretSpec.hint}</p>}
          </>
        )}
        {advanced.length > 0 && (
          <details className="advanced">
            <summary>Advanced</summary>
            {advanced.map((f) => (
              <FieldInput key={f.key} field={f} value={form[f.key] ?? ""} onChange={(v) => setForm({ ...form, [f.key]: v })} />
            ))}
          </details>
        )}
        {providerValue === "GMAIL" && !existing && <p className="hint">After adding it, sign in with Google from the list.</p>}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Modal>
  );
}

function FieldInput({ field, value, onChange }: { field: Field; value: string; onChange: (value: string) => void }) {
  const id = `field-${field.key}`;
  return (
    <>
      <label htmlFor={id}>
        {field.label}
        {field.required && <span aria-hidden="true"> *</span>}
      </label>
      {field.kind === "select" ? (
        <select id={id} value={value || field.options?.[0]?.value} onChange={(e) => onChange(e.target.value)}>
          {field.options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : field.kind === "textarea" ? (
        <textarea id={id} className="code-input" rows={5} value={value} placeholder={field.placeholder} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          id={id}
          inputMode={field.kind === "number" ? "numeric" : undefined}
          type={field.kind === "url" ? "url" : "text"}
          value={value}
          placeholder={field.placeholder}
          required={field.required}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {field.hint && <p className="hint">{field.hint}</p>}
    </>
  );
}
