// Adding an agent to a team: any of the organization's agents not in it yet, with a role (the one
// the structure still lacks is suggested) and a priority (after the last member by default).
import { useState, type FormEvent } from "react";
import type { AgentTeam, AiAgent, TeamDetail, TeamMember, TeamRole } from "../../bindings";
import { Icon } from "../../components/icons";
import { useToast } from "../../components/Toasts";
import { hrefOf } from "../../router";
import { useSubmit } from "../../state/useSubmit";
import { setTeamMember } from "./api";
import { PRIORITY_PROBLEM, ROLES, parsePriority, roleLabel } from "./structures";

interface Props {
  org: string;
  team: AgentTeam;
  members: TeamMember[];
  agents: AiAgent[];
  onChange: (detail: TeamDetail) => void;
}

/** The role a new member most likely needs in this team. */
export function suggestedRole(team: AgentTeam, members: TeamMember[]): TeamRole {
  const has = (role: TeamRole) => members.some((m) => m.role === role);
  if (team.structure === "HIERARCHICAL" && !has("LEADER")) return "LEADER";
  if (team.structure === "COLLABORATIVE" && !has("COORDINATOR") && !has("LEADER")) return "COORDINATOR";
  return "WORKER";
}

const nextPriority = (members: TeamMember[]) => (members.length === 0 ? 1 : Math.max(...members.map((m) => m.priority)) + 1);

export function AddMember({ org, team, members, agents, onChange }: Props) {
  const toast = useToast();
  const candidates = agents.filter((a) => !members.some((m) => m.agentId === a.id));
  const [agent, setAgent] = useState("");
  const [role, setRole] = useState<TeamRole | null>(null);
  const [priority, setPriority] = useState<string | null>(null);
  const { busy, error, setError, run } = useSubmit();

  if (agents.length === 0) {
    return (
      <p className="hint">
        This organization has no agents yet. <a href={hrefOf({ page: "agents" })}>Create an agent</a>, then add it here.
      </p>
    );
  }
  if (candidates.length === 0) return <p className="hint">Every agent of this organization is in this team.</p>;

  const chosen = candidates.some((a) => a.id === agent) ? agent : (candidates[0]?.id ?? "");
  const chosenRole = role ?? suggestedRole(team, members);
  const chosenPriority = priority ?? String(nextPriority(members));

  const add = (event: FormEvent) => {
    event.preventDefault();
    const value = parsePriority(chosenPriority);
    if (value === null) return setError(PRIORITY_PROBLEM);
    void run(async () => {
      const detail = await setTeamMember(org, team.id, chosen, chosenRole, value);
      const name = candidates.find((a) => a.id === chosen)?.name ?? "the agent";
      toast("success", `Added “${name}” as ${roleLabel(chosenRole).toLowerCase()}`);
      setAgent("");
      setRole(null);
      setPriority(null);
      onChange(detail);
    });
  };

  return (
    <form className="team-add" onSubmit={add} aria-label="Add member">
      <div className="team-field">
        <label htmlFor="add-member-agent">Agent</label>
        <select id="add-member-agent" value={chosen} onChange={(e) => setAgent(e.target.value)}>
          {candidates.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
              {a.isActive ? "" : " (turned off)"}
            </option>
          ))}
        </select>
      </div>
      <div className="team-field">
        <label htmlFor="add-member-role">Role</label>
        <select id="add-member-role" value={chosenRole} onChange={(e) => setRole(e.target.value as TeamRole)}>
          {ROLES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
      <div className="team-field team-field-narrow">
        <label htmlFor="add-member-priority">Priority</label>
        <input
          id="add-member-priority"
          type="number"
          step={1}
          value={chosenPriority}
          aria-invalid={error ? true : undefined}
          onChange={(e) => (setPriority(e.target.value), setError(null))}
        />
      </div>
      <button type="submit" className="button" disabled={busy || !chosen}>
        <Icon name="plus" /> {busy ? "Adding…" : "Add member"}
      </button>
      {error && (
        <p className="field-error team-add-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
