// A team's members in the order they run: each agent (linked, marked when turned off) with its role
// and priority, both editable in place (a role on change, a priority on Enter or leaving the field),
// removable; and adding one of the organization's other agents.
import { useEffect, useState, type KeyboardEvent } from "react";
import { call, commands, messageOf } from "../api";
import type { AgentTeam, AiAgent, TeamDetail, TeamMember, TeamRole } from "../bindings";
import { ErrorNotice, Loading } from "../components/Feedback";
import { Icon } from "../components/icons";
import { useToast } from "../components/Toasts";
import { hrefOf } from "../router";
import { AddMember } from "./AddMember";
import { ROLES, inOrder, roleHint } from "./structures";

interface Props {
  org: string;
  team: AgentTeam;
  members: TeamMember[];
  /** The organization's agents; null while loading. */
  agents: AiAgent[] | null;
  agentsError: string | null;
  onRetryAgents: () => void;
  onChange: (detail: TeamDetail) => void;
}

export function Members({ org, team, members, agents, agentsError, onRetryAgents, onChange }: Props) {
  const toast = useToast();
  const [busy, setBusy] = useState<string | null>(null);
  const ordered = inOrder(members);

  const set = async (member: TeamMember, role: TeamRole, priority: number) => {
    setBusy(member.agentId);
    try {
      onChange(await call(commands.setTeamMember(org, team.id, member.agentId, role, priority)));
    } catch (e) {
      toast("error", messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const remove = async (member: TeamMember) => {
    setBusy(member.agentId);
    try {
      onChange(await call(commands.removeTeamMember(org, team.id, member.agentId)));
      toast("success", `Removed “${member.agentName}” from the team`);
    } catch (e) {
      toast("error", messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card" aria-labelledby="team-members-title">
      <h2 id="team-members-title">
        Members <span className="muted">({members.length})</span>
      </h2>
      {team.structure === "PIPELINE" && ordered.length > 1 && (
        <p className="hint team-order">Runs in this order: {ordered.map((m) => m.agentName).join(" → ")}</p>
      )}
      {members.length === 0 ? (
        <p className="hint">No members yet. Add agents below; a lower priority runs first in a pipeline and wins ties in a vote.</p>
      ) : (
        <table className="table team-members" aria-label="Members">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Agent</th>
              <th>Role</th>
              <th>Priority</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((m, n) => (
              <MemberRow
                key={m.agentId}
                member={m}
                position={n + 1}
                team={team}
                agent={agents?.find((a) => a.id === m.agentId)}
                busy={busy === m.agentId}
                onSet={set}
                onRemove={remove}
              />
            ))}
          </tbody>
        </table>
      )}
      <h3>Add member</h3>
      {agentsError && <ErrorNotice message={`The agents could not be loaded: ${agentsError}`} onRetry={onRetryAgents} />}
      {!agentsError && agents === null && <Loading label="Loading agents…" />}
      {agents !== null && <AddMember org={org} team={team} members={members} agents={agents} onChange={onChange} />}
    </section>
  );
}

interface RowProps {
  member: TeamMember;
  position: number;
  team: AgentTeam;
  agent: AiAgent | undefined;
  busy: boolean;
  onSet: (member: TeamMember, role: TeamRole, priority: number) => void;
  onRemove: (member: TeamMember) => void;
}

function MemberRow({ member, position, team, agent, busy, onSet, onRemove }: RowProps) {
  const toast = useToast();
  const [priority, setPriority] = useState(String(member.priority));
  useEffect(() => setPriority(String(member.priority)), [member.priority]);
  const name = member.agentName;

  const commitPriority = () => {
    const text = priority.trim();
    if (!/^-?\d{1,9}$/.test(text)) {
      setPriority(String(member.priority));
      toast("error", "Priority is a whole number, like 1 or 2.");
      return;
    }
    if (Number(text) !== member.priority) onSet(member, member.role, Number(text));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      e.currentTarget.blur(); // commits, once, through onBlur
    } else if (e.key === "Escape") {
      setPriority(String(member.priority));
    }
  };

  return (
    <tr>
      <td className="num muted">{position}</td>
      <td>
        <a className="row-title" href={hrefOf({ page: "agents", id: member.agentId })}>
          {name}
        </a>
        {agent && !agent.isActive && <span className="badge badge-amber team-badge">Turned off</span>}
        <div className="row-sub">{roleHint(team.structure, member.role)}</div>
      </td>
      <td>
        <select aria-label={`Role of ${name}`} value={member.role} disabled={busy} onChange={(e) => onSet(member, e.target.value as TeamRole, member.priority)}>
          {ROLES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          className="team-priority"
          type="number"
          step={1}
          aria-label={`Priority of ${name}`}
          value={priority}
          disabled={busy}
          onChange={(e) => setPriority(e.target.value)}
          onBlur={commitPriority}
          onKeyDown={onKeyDown}
        />
      </td>
      <td className="actions">
        <button type="button" className="icon-button danger" aria-label={`Remove ${name} from the team`} title="Remove from the team" disabled={busy} onClick={() => onRemove(member)}>
          <Icon name="trash" />
        </button>
      </td>
    </tr>
  );
}
