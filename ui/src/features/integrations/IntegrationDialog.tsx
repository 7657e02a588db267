// Adding or editing an integration: the provider's own fields, and its secret — typed once, sent to
// the app's vault, and from then on shown only as "saved", replaceable but never readable.
import { useState } from "react";
import type { Integration, IntegrationProvider } from "../../bindings";
import { ChoiceCards } from "../../components/ChoiceCards";
import { FormDialog, type EditorProps } from "../../components/FormDialog";
import { SecretField } from "../../components/SecretField";
import { useSubmit } from "../../state/useSubmit";
import { createIntegration, updateIntegration } from "./api";
import { PROVIDERS, configToForm, formToConfig, missingField, providerOf, type Config, type Field } from "./providers";

const CHOICES = PROVIDERS.map((p) => ({ value: p.value, label: p.label, text: p.blurb }));

/** `provider` fixes the kind of a new integration (a template's deploy step asks for one of a kind). */
export function IntegrationDialog({ org, existing, onClose, onSaved, provider: fixed }: EditorProps<Integration> & { provider?: IntegrationProvider }) {
  const [providerValue, setProviderValue] = useState<IntegrationProvider>(existing?.provider ?? fixed ?? "SLACK");
  const provider = providerOf(providerValue);
  const [name, setName] = useState(existing?.name ?? "");
  const [form, setForm] = useState<Config>(existing ? configToForm(existing.config) : { ...provider.defaults });
  const [secret, setSecret] = useState("");
  const { busy, error, setError, run } = useSubmit();
  const secretSpec = provider.secret(form);

  const chooseProvider = (value: IntegrationProvider) => {
    setProviderValue(value);
    setForm({ ...providerOf(value).defaults });
    setError(null);
  };

  const submit = () => {
    const missing = !name.trim() ? "Name is required" : missingField(provider, form);
    if (missing) return setError(missing);
    if (!existing && secretSpec?.required && !secret.trim()) return setError(`${secretSpec.label} is required`);
    const config = formToConfig(provider, form);
    const newSecret = secretSpec && secret.trim() ? secret : null;
    void run(async () => {
      const saved = existing
        ? await updateIntegration(org, existing.id, { name: name.trim(), config, isActive: null }, newSecret)
        : await createIntegration(org, { name: name.trim(), provider: providerValue, config }, newSecret);
      setSecret("");
      onSaved(saved, !existing);
    });
  };

  const visible = provider.fields.filter((f) => !f.when || f.when(form));
  const field = (f: Field) => <FieldInput key={f.key} field={f} value={form[f.key] ?? ""} onChange={(v) => setForm({ ...form, [f.key]: v })} />;
  const advanced = visible.filter((f) => f.advanced);

  return (
    <FormDialog
      title={existing ? `Edit “${existing.name}”` : fixed ? `Add a ${provider.label} integration` : "Add an integration"}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={existing ? "Save" : "Add integration"}
      busy={busy}
      error={error}
      wide
    >
      {!existing && !fixed && <ChoiceCards legend="Provider" name="provider" className="provider-picker" choices={CHOICES} value={providerValue} onChange={chooseProvider} />}
      <label htmlFor="integration-name">Name</label>
      <input id="integration-name" value={name} maxLength={100} placeholder={`e.g. ${provider.label} — office`} onChange={(e) => setName(e.target.value)} />
      {visible.filter((f) => !f.advanced).map(field)}
      {secretSpec && (
        <SecretField
          id="integration-secret"
          name={secretSpec.label}
          optional={!secretSpec.required}
          saved={existing?.hasSecret ?? false}
          keptIn="your keychain"
          value={secret}
          onChange={setSecret}
          placeholder={secretSpec.placeholder}
          hint={secretSpec.hint}
        />
      )}
      {advanced.length > 0 && (
        <details className="advanced">
          <summary>Advanced</summary>
          {advanced.map(field)}
        </details>
      )}
      {providerValue === "GMAIL" && !existing && <p className="hint">After adding it, sign in with Google from the list.</p>}
    </FormDialog>
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
