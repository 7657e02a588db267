// The agent editor's fields, grouped as people think of an agent: who it is, how it speaks, which
// model it uses, what it may do, what it remembers and what it may spend.
import type { PriceEntry, ProviderSettings } from "../../bindings";
import { FieldNotes, fieldAria } from "../../components/Field";
import { hrefOf } from "../../router";
import { MAX_WINDOW_TURNS, TOOL_TEXT, type AgentField, type AgentForm, type FormErrors } from "./agentForm";
import { FormField, fieldId } from "./FormField";

interface Props {
  form: AgentForm;
  errors: FormErrors;
  set: (field: AgentField, value: string) => void;
  setForm: (form: AgentForm) => void;
  providers: ProviderSettings[] | null;
  tools: string[];
  prices: PriceEntry[];
}

export function AgentFields({ form, errors, set, setForm, providers, tools, prices }: Props) {
  const common = { form, errors, set };
  const chosen = providers?.find((p) => p.id === form.provider);
  const models = [...new Set(prices.filter((p) => p.provider === form.provider).map((p) => p.model))];
  const toolNames = [...new Set([...tools, ...form.capabilities])];
  const noKey = Boolean(chosen && chosen.needsKey && !chosen.hasKey);
  const providerId = fieldId("provider");
  const toggleTool = (tool: string, on: boolean) =>
    setForm({ ...form, capabilities: on ? [...form.capabilities, tool] : form.capabilities.filter((t) => t !== tool) });

  return (
    <>
      <fieldset className="agent-section">
        <legend>Identity</legend>
        <div className="agent-grid">
          <FormField {...common} field="name" label="Name" maxLength={100} placeholder="e.g. Support assistant" />
          <FormField {...common} field="avatar" label="Avatar" placeholder="🤖" hint="An emoji or a couple of letters; the name's initials otherwise." />
        </div>
        <FormField {...common} field="description" label="Description" rows={2} placeholder="What this agent is for" />
      </fieldset>

      <fieldset className="agent-section">
        <legend>Personality</legend>
        <div className="agent-grid">
          <FormField {...common} field="traits" label="Traits" placeholder="patient, precise" hint="Separated by commas." />
          <FormField {...common} field="tone" label="Tone" placeholder="friendly" />
          <FormField {...common} field="style" label="Style" placeholder="short answers, bullet points" />
        </div>
        <FormField {...common} field="instructions" label="Instructions" rows={4} placeholder="Anything the agent should always do or never do" hint="Added to the agent's system prompt." />
      </fieldset>

      <fieldset className="agent-section">
        <legend>Model</legend>
        <div className="agent-grid">
          <div className="agent-field">
            <label htmlFor={providerId}>Provider</label>
            <select {...fieldAria(providerId, errors.provider, noKey)} value={form.provider} onChange={(e) => set("provider", e.target.value)}>
              {providers === null && <option value={form.provider}>{form.provider || "Loading providers…"}</option>}
              {providers !== null && !chosen && <option value={form.provider}>{form.provider ? `${form.provider} (not set up)` : "Choose a provider"}</option>}
              {providers?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                  {p.needsKey && !p.hasKey ? " — no key saved" : ""}
                </option>
              ))}
            </select>
            <FieldNotes
              id={providerId}
              hint={
                chosen &&
                noKey && (
                  <>
                    No API key is saved for {chosen.name}: <a href={hrefOf({ page: "settings" })}>add it in Settings</a>.
                  </>
                )
              }
              error={errors.provider}
            />
          </div>
          <FormField {...common} field="model" label="Model" list="agent-model-list" placeholder="e.g. gpt-4o-mini" />
          <datalist id="agent-model-list">
            {models.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </div>
        <div className="agent-grid agent-grid-3">
          <FormField {...common} field="temperature" label="Temperature" numeric="decimal" placeholder="default" hint="0 to 2; lower is more predictable." />
          <FormField {...common} field="maxTokens" label="Max tokens" numeric="numeric" placeholder="default" hint="The longest reply, in tokens." />
          <FormField {...common} field="topP" label="Top P" numeric="decimal" placeholder="default" hint="0 to 1." />
        </div>
      </fieldset>

      <fieldset className="agent-section">
        <legend>Tools</legend>
        <p className="hint agent-section-hint">What the agent may do on its own while answering.</p>
        <div className="agent-tools">
          {toolNames.map((tool) => (
            <label key={tool} className="agent-check">
              <input type="checkbox" checked={form.capabilities.includes(tool)} onChange={(e) => toggleTool(tool, e.target.checked)} />
              <span>
                <strong>{TOOL_TEXT[tool] ?? tool}</strong> <code>{tool}</code>
              </span>
            </label>
          ))}
        </div>
        {errors.capabilities && <p className="field-error">{errors.capabilities}</p>}
      </fieldset>

      <fieldset className="agent-section">
        <legend>Memory</legend>
        <FormField {...common} field="windowTurns" label="Turns remembered" numeric="numeric" hint={`How many past questions and answers are sent with each call: 0 to ${MAX_WINDOW_TURNS}, 0 for none.`} />
        <FormField {...common} field="pinnedNotes" label="Pinned notes" rows={3} hint="One per line; sent with every call." />
      </fieldset>

      <fieldset className="agent-section">
        <legend>Budget per call</legend>
        <div className="agent-grid">
          <FormField {...common} field="budgetTokens" label="Token budget" numeric="numeric" placeholder="no limit" hint="A call stops after this many tokens." />
          <FormField {...common} field="budgetDollars" label="Dollar budget" numeric="decimal" placeholder="no limit" hint="A call stops after spending this much, e.g. 0.50." />
        </div>
      </fieldset>

      <label className="agent-check">
        <input type="checkbox" checked={form.isActive} onChange={(e) => setForm({ ...form, isActive: e.target.checked })} />
        <span>
          <strong>Active</strong> <span className="muted">— an agent that is off answers nobody: not workflows, teams or the playground</span>
        </span>
      </label>
    </>
  );
}
