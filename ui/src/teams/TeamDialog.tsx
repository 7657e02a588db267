// Creating or editing a team: name, description, how its members work together (each structure
// explained where it is chosen), what one run may spend (tokens, and dollars kept exact as integer
// micro-dollars), and whether it is on.
import { useState, type FormEvent } from "react";
import { call, commands, messageOf } from "../api";
import type { AgentTeam, TeamStructure } from "../bindings";
import { Modal } from "../components/Modal";
import { microsToDollars, parseDollars } from "../money";
import { STRUCTURES } from "./structures";

interface Props {
  org: string;
  /** The team to edit; none to create one. */
  existing?: AgentTeam;
  onClose: () => void;
  onSaved: (saved: AgentTeam, created: boolean) => void;
}

export function TeamDialog({ org, existing, onClose, onSaved }: Props) {
  const [name, setName] = useState(existing?.name ?? "");
  const [description, setDescription] = useState(existing?.description ?? "");
  const [structure, setStructure] = useState<TeamStructure>(existing?.structure ?? "PIPELINE");
  const [maxTokens, setMaxTokens] = useState(existing?.budget.maxTokens != null ? String(existing.budget.maxTokens) : "");
  const [maxDollars, setMaxDollars] = useState(existing?.budget.maxCostMicros != null ? microsToDollars(existing.budget.maxCostMicros) : "");
  const [isActive, setIsActive] = useState(existing?.isActive ?? true);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError("Name is required");
      return;
    }
    const tokens = maxTokens.trim();
    if (tokens && !/^\d{1,12}$/.test(tokens)) {
      setError("Token limit: a whole number of tokens, or blank for no limit");
      return;
    }
    const dollars = parseDollars(maxDollars);
    if (!dollars.ok) {
      setError(`Cost limit: ${dollars.error}`);
      return;
    }
    const budget = { maxTokens: tokens ? Number(tokens) : null, maxCostMicros: dollars.micros };
    setSaving(true);
    setError(null);
    try {
      let saved: AgentTeam;
      if (existing) {
        saved = await call(commands.updateTeam(org, existing.id, { name: name.trim(), description: description.trim(), structure, budget, isActive }));
      } else {
        saved = await call(commands.createTeam(org, { name: name.trim(), description: description.trim(), structure, budget }));
        if (!isActive) saved = await call(commands.updateTeam(org, saved.id, { isActive: false }));
      }
      onSaved(saved, !existing);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={existing ? `Edit “${existing.name}”` : "New team"}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="team-form" className="button button-primary" disabled={saving}>
            {saving ? "Saving…" : existing ? "Save" : "Create team"}
          </button>
        </>
      }
    >
      <form id="team-form" className="form" onSubmit={submit} noValidate>
        <label htmlFor="team-name">Name</label>
        <input id="team-name" value={name} maxLength={100} placeholder="e.g. Listing writers" onChange={(e) => setName(e.target.value)} />
        <label htmlFor="team-description">
          Description <span className="muted">(optional)</span>
        </label>
        <textarea id="team-description" rows={2} value={description} placeholder="What this team is for" onChange={(e) => setDescription(e.target.value)} />
        <fieldset className="provider-picker team-structures">
          <legend>Structure: how the members work together</legend>
          {STRUCTURES.map((s) => (
            <label key={s.value} className={s.value === structure ? "checked" : undefined}>
              <input type="radio" name="team-structure" value={s.value} checked={s.value === structure} onChange={() => setStructure(s.value)} />
              <strong>{s.label}</strong>
              <span className="hint">{s.blurb}</span>
            </label>
          ))}
        </fieldset>
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
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Modal>
  );
}
