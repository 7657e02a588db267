// Creating or editing an agent in a dialog: every field the app stores, checked as people type it
// in, with each problem said next to its field, then saved with createAgent or updateAgent.
import { useEffect, useState, type FormEvent } from "react";
import { CommandError, call, commands, messageOf } from "../api";
import type { AiAgent, PriceEntry, ProviderSettings } from "../bindings";
import { Modal } from "../components/Modal";
import { AgentFields } from "./AgentFields";
import { TOOL_TEXT, defaultProvider, emptyForm, fieldError, formOf, toAgent, toPatch, type AgentField, type AgentForm, type FormErrors } from "./agentForm";
import { fieldId } from "./FormField";

interface Props {
  org: string;
  /** The agent to edit; none to create one. */
  existing?: AiAgent;
  onClose: () => void;
  onSaved: (agent: AiAgent, created: boolean) => void;
}

const ORDER: AgentField[] = ["name", "avatar", "description", "provider", "model", "temperature", "maxTokens", "topP", "capabilities", "windowTurns", "pinnedNotes", "budgetTokens", "budgetDollars"];

export function AgentEditor({ org, existing, onClose, onSaved }: Props) {
  const [form, setForm] = useState<AgentForm>(() => (existing ? formOf(existing) : emptyForm("")));
  const [errors, setErrors] = useState<FormErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [providers, setProviders] = useState<ProviderSettings[] | null>(null);
  const [tools, setTools] = useState<string[]>(Object.keys(TOOL_TEXT));
  const [prices, setPrices] = useState<PriceEntry[]>([]);

  useEffect(() => {
    let live = true;
    call(commands.listProviders(org)).then(
      (list) => {
        if (!live) return;
        setProviders(list);
        if (!existing) setForm((f) => (f.provider ? f : { ...f, provider: defaultProvider(list) }));
      },
      (e) => live && (setProviders([]), setProblem(`The providers could not be loaded: ${messageOf(e)}`)),
    );
    commands.agentTools().then((t) => live && t.length > 0 && setTools(t), () => {});
    call(commands.listPrices(org)).then((p) => live && setPrices(p), () => {});
    return () => {
      live = false;
    };
  }, [org, existing]);

  const set = (field: AgentField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const showErrors = (found: FormErrors) => {
    setErrors(found);
    const first = ORDER.find((f) => found[f]);
    if (first) window.setTimeout(() => document.getElementById(fieldId(first))?.focus(), 0);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    let save: () => Promise<AiAgent>;
    if (existing) {
      const checked = toPatch(form, existing);
      if (checked.errors) return showErrors(checked.errors);
      save = () => call(commands.updateAgent(org, existing.id, checked.patch));
    } else {
      const checked = toAgent(form);
      if (checked.errors) return showErrors(checked.errors);
      save = () => call(commands.createAgent(org, checked.agent));
    }
    setSaving(true);
    try {
      onSaved(await save(), !existing);
    } catch (e) {
      const byField = e instanceof CommandError ? fieldError(e.code, e.message) : null;
      if (byField) showErrors(byField);
      else setProblem(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  const count = Object.values(errors).filter(Boolean).length;
  return (
    <Modal
      title={existing ? `Edit “${existing.name}”` : "New agent"}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="agent-form" className="button button-primary" disabled={saving}>
            {saving ? "Saving…" : existing ? "Save" : "Create agent"}
          </button>
        </>
      }
    >
      <form id="agent-form" className="form agent-form" onSubmit={submit} noValidate>
        <AgentFields form={form} errors={errors} set={set} setForm={setForm} providers={providers} tools={tools} prices={prices} />
        {count > 0 && (
          <p className="field-error" role="alert">
            {count === 1 ? "One field needs attention." : `${count} fields need attention.`}
          </p>
        )}
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
      </form>
    </Modal>
  );
}
