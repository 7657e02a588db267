// The guided deploy, one step: for each integration the template needs, one of the organization's
// (the only one of its provider already chosen) or a new one created right here; for each agent,
// one of the organization's or a new one from the template's suggestion; the variables, each at its
// example. The app checks it all before it writes anything and names every missing piece, which
// shows beside its field. Once deployed, the same dialog shows the checklist: test-run it with the
// sample input, then switch it on.
import { useId, useState } from "react";
import { CommandError } from "../../api";
import type { DeployOutcome, Integration, IntegrationChoice, IntegrationNeed, RequiredVariable, TemplateDetail } from "../../bindings";
import { FormDialog } from "../../components/FormDialog";
import { Modal } from "../../components/Modal";
import { useSubmit } from "../../state/useSubmit";
import { IntegrationDialog } from "../integrations/IntegrationDialog";
import { deployTemplate } from "./api";
import { DeployedPanel } from "./DeployedPanel";
import { NEW_AGENT, initialForm, problemsOf, toRequest, type DeployForm } from "./deployForm";
import { PROVIDER_NAMES, label } from "./present";

interface Props {
  org: string;
  detail: TemplateDetail;
  onClose: () => void;
  /** Told once the workflow exists (the page refreshes its deployments). */
  onDeployed: (outcome: DeployOutcome) => void;
}

export function DeployDialog({ org, detail, onClose, onDeployed }: Props) {
  const [form, setForm] = useState<DeployForm>(() => initialForm(detail));
  const [created, setCreated] = useState<Record<string, IntegrationChoice[]>>({});
  const [creatingFor, setCreatingFor] = useState<IntegrationNeed | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<DeployOutcome | null>(null);
  const { busy, error, run } = useSubmit();
  const file = detail.template.file;
  const ids = useId();

  if (outcome) {
    return (
      <Modal title={`Deployed “${outcome.workflow.name}”`} onClose={onClose} wide>
        <DeployedPanel org={org} outcome={outcome} onClose={onClose} />
      </Modal>
    );
  }

  const submit = () =>
    void run(
      async () => {
        setProblems({});
        const done = await deployTemplate(org, detail.template.card.id, toRequest(form));
        setOutcome(done);
        onDeployed(done);
      },
      (e) => {
        const byField = e instanceof CommandError ? problemsOf(e.details) : {};
        setProblems(byField);
        const n = Object.keys(byField).length;
        return n > 0 ? `Nothing was deployed: ${n === 1 ? "one piece is" : `${n} pieces are`} missing (see above).` : e instanceof Error ? e.message : String(e);
      },
    );

  const onIntegrationCreated = (need: IntegrationNeed, saved: Integration) => {
    const choice: IntegrationChoice = { id: saved.id, name: saved.name, status: saved.status, isActive: saved.isActive };
    setCreated({ ...created, [need.key]: [...(created[need.key] ?? []), choice] });
    setForm((f) => ({ ...f, integrations: { ...f.integrations, [need.key]: saved.id } }));
    setCreatingFor(null);
  };

  const fieldId = (kind: string, key: string) => `${ids}-${kind}-${key}`;
  const problem = (kind: string, key: string) => problems[`${kind}:${key}`];

  return (
    <>
      <FormDialog
        title={`Deploy “${file.name}”`}
        onClose={onClose}
        onSubmit={submit}
        submitLabel="Deploy (switched off)"
        busyLabel="Deploying…"
        busy={busy}
        error={problems["app:"] ?? error}
        wide
        className="form deploy-form"
      >
        <p className="hint">
          It lands switched off, with a checklist. Nothing is written until every piece below is chosen.
        </p>
        <label htmlFor={fieldId("name", "")}>Workflow name</label>
        <input id={fieldId("name", "")} value={form.name} maxLength={200} onChange={(e) => setForm({ ...form, name: e.target.value })} />

        {detail.integrations.length > 0 && (
          <fieldset className="deploy-section">
            <legend>Integrations</legend>
            {detail.integrations.map((need) => {
              const id = fieldId("integration", need.key);
              const candidates = [...need.candidates, ...(created[need.key] ?? [])];
              const issue = problem("integration", need.key);
              return (
                <div key={need.key} className="deploy-row">
                  <label htmlFor={id}>
                    {label(PROVIDER_NAMES, need.provider)} <span className="muted">({need.key})</span>
                  </label>
                  <p className="hint" id={`${id}-hint`}>
                    {need.purpose}
                  </p>
                  <div className="inline-fields">
                    <select
                      id={id}
                      value={form.integrations[need.key] ?? ""}
                      aria-describedby={issue ? `${id}-hint ${id}-error` : `${id}-hint`}
                      aria-invalid={issue ? true : undefined}
                      onChange={(e) => setForm({ ...form, integrations: { ...form.integrations, [need.key]: e.target.value } })}
                    >
                      <option value="">{candidates.length === 0 ? `No ${label(PROVIDER_NAMES, need.provider)} integration yet` : "Choose…"}</option>
                      {candidates.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name}
                          {c.status === "CONNECTED" ? "" : c.status === "ERROR" ? " (last test failed)" : " (not tested yet)"}
                          {c.isActive ? "" : " — switched off"}
                        </option>
                      ))}
                    </select>
                    <button type="button" className="button" onClick={() => setCreatingFor(need)}>
                      Create new…
                    </button>
                  </div>
                  {issue && (
                    <p id={`${id}-error`} className="field-error">
                      {issue}
                    </p>
                  )}
                </div>
              );
            })}
          </fieldset>
        )}

        {detail.agents.length > 0 && (
          <fieldset className="deploy-section">
            <legend>Agents</legend>
            {detail.agents.map((need) => {
              const id = fieldId("agent", need.key);
              const issue = problem("agent", need.key);
              const suggested = (file.requires.agents ?? []).find((a) => a.key === need.key)?.suggested.modelConfig;
              return (
                <div key={need.key} className="deploy-row">
                  <label htmlFor={id}>{need.role}</label>
                  <p className="hint" id={`${id}-hint`}>
                    {need.description}
                  </p>
                  <select
                    id={id}
                    value={form.agents[need.key] ?? NEW_AGENT}
                    aria-describedby={`${id}-hint`}
                    aria-invalid={issue ? true : undefined}
                    onChange={(e) => setForm({ ...form, agents: { ...form.agents, [need.key]: e.target.value } })}
                  >
                    <option value={NEW_AGENT}>
                      Create “{need.role}” from the template{suggested ? ` (${suggested.provider} · ${suggested.model})` : ""}
                    </option>
                    {need.candidates.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name} ({c.provider} · {c.model})
                      </option>
                    ))}
                  </select>
                  {form.agents[need.key] === NEW_AGENT && !need.suggestedProviderReady && (
                    <p className="hint warning-text">Its model provider “{suggested?.provider}” has no key yet: add it in Settings before the test run.</p>
                  )}
                  {issue && <p className="field-error">{issue}</p>}
                </div>
              );
            })}
          </fieldset>
        )}

        {detail.teams.length > 0 && (
          <fieldset className="deploy-section">
            <legend>Teams</legend>
            {detail.teams.map((need) => {
              const id = fieldId("team", need.key);
              return (
                <div key={need.key} className="deploy-row">
                  <label htmlFor={id}>{need.key}</label>
                  <p className="hint">{need.purpose}</p>
                  <select id={id} value={form.teams[need.key] ?? ""} onChange={(e) => setForm({ ...form, teams: { ...form.teams, [need.key]: e.target.value } })}>
                    <option value="">Choose…</option>
                    {need.candidates.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                  {problem("team", need.key) && <p className="field-error">{problem("team", need.key)}</p>}
                </div>
              );
            })}
          </fieldset>
        )}

        {(file.requires.variables ?? []).length > 0 && (
          <fieldset className="deploy-section">
            <legend>Settings</legend>
            {(file.requires.variables ?? []).map((v) => (
              <VariableField
                key={v.name}
                id={fieldId("variable", v.name)}
                variable={v}
                value={form.variables[v.name] ?? ""}
                problem={problem("variable", v.name)}
                onChange={(value) => setForm({ ...form, variables: { ...form.variables, [v.name]: value } })}
              />
            ))}
          </fieldset>
        )}
      </FormDialog>
      {creatingFor && (
        <IntegrationDialog
          org={org}
          provider={creatingFor.provider}
          onClose={() => setCreatingFor(null)}
          onSaved={(saved) => onIntegrationCreated(creatingFor, saved)}
        />
      )}
    </>
  );
}

function VariableField({ id, variable: v, value, problem, onChange }: { id: string; variable: RequiredVariable; value: string | boolean; problem: string | undefined; onChange: (value: string | boolean) => void }) {
  const describedBy = [`${id}-hint`, problem ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className="deploy-row">
      {typeof value === "boolean" ? (
        <label className="checkbox">
          <input id={id} type="checkbox" checked={value} aria-describedby={describedBy} onChange={(e) => onChange(e.target.checked)} /> {v.name}
        </label>
      ) : (
        <>
          <label htmlFor={id}>
            {v.name}
            {v.required && <span aria-hidden="true"> *</span>}
          </label>
          <input id={id} value={value} required={v.required} aria-describedby={describedBy} aria-invalid={problem ? true : undefined} onChange={(e) => onChange(e.target.value)} />
        </>
      )}
      <p className="hint" id={`${id}-hint`}>
        {v.description}
      </p>
      {problem && (
        <p id={`${id}-error`} className="field-error">
          {problem}
        </p>
      )}
    </div>
  );
}
