// Creating or editing a team: name, description, how its members work together (each structure
// explained where it is chosen), what one run may spend (tokens, and dollars kept exact as integer
// micro-dollars), and whether it is on.
import { useState } from "react";
import type { AgentTeam, TeamStructure } from "../../bindings";
import { ChoiceCards } from "../../components/ChoiceCards";
import { FormDialog, type EditorProps } from "../../components/FormDialog";
import { microsToDollars, parseDollars } from "../../money";
import { useSubmit } from "../../state/useSubmit";
import { createTeam, updateTeam } from "./api";
import { STRUCTURES } from "./structures";

const CHOICES = STRUCTURES.map((s) => ({ value: s.value, label: s.label, text: s.blurb }));

export function TeamDialog({ org, existing, onClose, onSaved }: EditorProps<AgentTeam>) {
  const [name, setName] = useState(existing?.name ?? "");
  const [description, setDescription] = useState(existing?.description ?? "");
  const [structure, setStructure] = useState<TeamStructure>(existing?.structure ?? "PIPELINE");
  const [maxTokens, setMaxTokens] = useState(existing?.budget.maxTokens != null ? String(existing.budget.maxTokens) : "");
  const [maxDollars, setMaxDollars] = useState(existing?.budget.maxCostMicros != null ? microsToDollars(existing.budget.maxCostMicros) : "");
  const [isActive, setIsActive] = useState(existing?.isActive ?? true);
  const { busy, error, setError, run } = useSubmit();

  const submit = () => {
    if (!name.trim()) return setError("Name is required");
    const tokens = maxTokens.trim();
    if (tokens && !/^\d{1,12}$/.test(tokens)) return setError("Token limit: a whole number of tokens, or blank for no limit");
    const dollars = parseDollars(maxDollars);
    if (!dollars.ok) return setError(`Cost limit: ${dollars.error}`);
    const budget = { maxTokens: tokens ? Number(tokens) : null, maxCostMicros: dollars.micros };
    const fields = { name: name.trim(), description: description.trim(), structure, budget };
    void run(async () => {
      if (existing) return onSaved(await updateTeam(org, existing.id, { ...fields, isActive }), false);
      const created = await createTeam(org, fields);
      onSaved(isActive ? created : await updateTeam(org, created.id, { isActive: false }), true);
    });
  };

  return (
    <FormDialog title={existing ? `Edit “${existing.name}”` : "New team"} onClose={onClose} onSubmit={submit} submitLabel={existing ? "Save" : "Create team"} busy={busy} error={error} wide>
      <label htmlFor="team-name">Name</label>
      <input id="team-name" value={name} maxLength={100} placeholder="e.g. Listing writers" onChange={(e) => setName(e.target.value)} />
      <label htmlFor="team-description">
        Description <span className="muted">(optional)</span>
      </label>
      <textarea id="team-description" rows={2} value={description} placeholder="What this team is for" onChange={(e) => setDescription(e.target.value)} />
      <ChoiceCards legend="Structure: how the members work together" name="team-structure" className="provider-picker team-structures" choices={CHOICES} value={structure} onChange={setStructure} />
      {existing && structure !== existing.structure && <p className="hint">Check the members' roles after changing the structure: each structure needs different ones.</p>}
      <div className="team-budget">
        <div className="team-field">
          <label htmlFor="team-max-tokens">
            Token limit per run <span className="muted">(optional)</span>
          </label>
          <input id="team-max-tokens" inputMode="numeric" value={maxTokens} placeholder="No limit" onChange={(e) => setMaxTokens(e.target.value)} />
        </div>
        <div className="team-field">
          <label htmlFor="team-max-cost">
            Cost limit per run, USD <span className="muted">(optional)</span>
          </label>
          <input id="team-max-cost" inputMode="decimal" value={maxDollars} placeholder="No limit, e.g. 0.50" onChange={(e) => setMaxDollars(e.target.value)} />
        </div>
      </div>
      <p className="hint">Reaching a limit stops the run; each member's own agent budget applies too.</p>
      <label className="switch team-switch">
        <input type="checkbox" checked={isActive} onChange={(e) => setIsActive(e.target.checked)} />
        The team is on (it can run)
      </label>
    </FormDialog>
  );
}
