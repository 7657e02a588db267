// Creating or editing an agent in a dialog: every field the app stores, checked before saving, with
// each problem said next to its field (the app's own refusals too, when they name one), then saved
// with createAgent or updateAgent.
import { useEffect, useState } from "react";
import { CommandError, messageOf } from "../../api";
import type { AiAgent } from "../../bindings";
import { FormDialog, type EditorProps } from "../../components/FormDialog";
import { useLoad } from "../../state/useLoad";
import { useSubmit } from "../../state/useSubmit";
import { listPrices, listProviders } from "../settings/api";
import { AgentFields } from "./AgentFields";
import { TOOL_TEXT, defaultProvider, emptyForm, fieldError, formOf, toAgent, toPatch, type AgentField, type AgentForm, type FormErrors } from "./agentForm";
import { agentTools, createAgent, updateAgent } from "./api";
import { fieldId } from "./FormField";

const ORDER: AgentField[] = ["name", "avatar", "description", "provider", "model", "temperature", "maxTokens", "topP", "capabilities", "windowTurns", "pinnedNotes", "budgetTokens", "budgetDollars"];

export function AgentEditor({ org, existing, onClose, onSaved }: EditorProps<AiAgent>) {
  const [form, setForm] = useState<AgentForm>(() => (existing ? formOf(existing) : emptyForm("")));
  const [errors, setErrors] = useState<FormErrors>({});
  const { busy, error, setError, run } = useSubmit();
  // What the fields offer: without tools or prices the editor still works, so their failures are quiet.
  const providers = useLoad(() => listProviders(org), [org]);
  const tools = useLoad(agentTools, []);
  const prices = useLoad(() => listPrices(org), [org]);

  // A new agent starts on the first provider that can be used now.
  useEffect(() => {
    const list = providers.data;
    if (!existing && list) setForm((f) => (f.provider ? f : { ...f, provider: defaultProvider(list) }));
  }, [existing, providers.data]);

  const set = (field: AgentField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const showErrors = (found: FormErrors) => {
    setErrors(found);
    const first = ORDER.find((f) => found[f]);
    if (first) window.setTimeout(() => document.getElementById(fieldId(first))?.focus(), 0);
  };

  const submit = () => {
    setError(null);
    let save: () => Promise<AiAgent>;
    if (existing) {
      const checked = toPatch(form, existing);
      if (checked.errors) return showErrors(checked.errors);
      save = () => updateAgent(org, existing.id, checked.patch);
    } else {
      const checked = toAgent(form);
      if (checked.errors) return showErrors(checked.errors);
      save = () => createAgent(org, checked.agent);
    }
    void run(
      async () => onSaved(await save(), !existing),
      (e) => {
        const byField = e instanceof CommandError ? fieldError(e.code, e.message) : null;
        if (!byField) return messageOf(e);
        showErrors(byField);
        return null;
      },
    );
  };

  const count = Object.values(errors).filter(Boolean).length;
  const loadProblem = providers.error && `The providers could not be loaded: ${providers.error}`;
  return (
    <FormDialog
      title={existing ? `Edit “${existing.name}”` : "New agent"}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={existing ? "Save" : "Create agent"}
      busy={busy}
      error={error ?? loadProblem}
      className="form agent-form"
      wide
    >
      <AgentFields
        form={form}
        errors={errors}
        set={set}
        setForm={setForm}
        providers={providers.error ? [] : providers.data}
        tools={tools.data?.length ? tools.data : Object.keys(TOOL_TEXT)}
        prices={prices.data ?? []}
      />
      {count > 0 && (
        <p className="field-error" role="alert">
          {count === 1 ? "One field needs attention." : `${count} fields need attention.`}
        </p>
      )}
    </FormDialog>
  );
}
