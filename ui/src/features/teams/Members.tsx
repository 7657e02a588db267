// A team's members in the order they run: each agent (linked, marked when turned off) with its role
// and priority, both editable in place (a role on change, a priority on Enter or leaving the field),
// removable; and adding one of the organization's other agents.
import { useEffect, useState, type KeyboardEvent } from "react";
import type { AgentTeam, AiAgent, TeamDetail, TeamMember, TeamRole } from "../../bindings";
import { Icon } from "../../components/icons";
import { ResourceState } from "../../components/ResourceState";
import { ResourceTable, type Column } from "../../components/ResourceTable";
import { useToast } from "../../components/Toasts";
import { hrefOf } from "../../router";
import { useAction } from "../../state/useAction";
import type { Loaded } from "../../state/useLoad";
import { AddMember } from "./AddMember";
import { removeTeamMember, setTeamMember } from "./api";
import { PRIORITY_PROBLEM, ROLES, inOrder, parsePriority, roleHint } from "./structures";

interface Props {
  org: string;
  team: AgentTeam;
  members: TeamMember[];
  /** The organization's agents: to add one, and to mark members turned off. */
  agents: Loaded<AiAgent[]>;
  onChange: (detail: TeamDetail) => void;
}

export function Members({ org, team, members, agents, onChange }: Props) {
  const act = useAction();
  const [busy, setBusy] = useState<string | null>(null);
  const ordered = inOrder(members);

  const change = async (member: TeamMember, work: () => Promise<TeamDetail>, done?: string) => {
    setBusy(member.agentId);
    await act(async () => {
      onChange(await work());
      return done;
    });
    setBusy(null);
  };
  const set = (member: TeamMember, role: TeamRole, priority: number) => change(member, () => setTeamMember(org, team.id, member.agentId, role, priority));
  const remove = (member: TeamMember) => change(member, () => removeTeamMember(org, team.id, member.agentId), `Removed “${member.agentName}” from the team`);

  const columns: Column<TeamMember>[] = [
    { header: "#", num: true, className: "muted", cell: (m) => ordered.indexOf(m) + 1 },
    {
      header: "Agent",
      cell: (m) => (
        <>
          <a className="row-title" href={hrefOf({ page: "agents", id: m.agentId })}>
            {m.agentName}
          </a>
          {agents.data?.find((a) => a.id === m.agentId)?.isActive === false && <span className="badge badge-amber team-badge">Turned off</span>}
          <div className="row-sub">{roleHint(team.structure, m.role)}</div>
        </>
      ),
    },
    {
      header: "Role",
      cell: (m) => (
        <select aria-label={`Role of ${m.agentName}`} value={m.role} disabled={busy === m.agentId} onChange={(e) => set(m, e.target.value as TeamRole, m.priority)}>
          {ROLES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      ),
    },
    { header: "Priority", cell: (m) => <PriorityInput member={m} busy={busy === m.agentId} onCommit={(p) => set(m, m.role, p)} /> },
  ];

  return (
    <section className="card" aria-labelledby="team-members-title">
      <h2 id="team-members-title">
        Members <span className="muted">({members.length})</span>
      </h2>
      {team.structure === "PIPELINE" && ordered.length > 1 && <p className="hint team-order">Runs in this order: {ordered.map((m) => m.agentName).join(" → ")}</p>}
      {members.length === 0 ? (
        <p className="hint">No members yet. Add agents below; a lower priority runs first in a pipeline and wins ties in a vote.</p>
      ) : (
        <ResourceTable
          label="Members"
          className="team-members"
          rows={ordered}
          rowKey={(m) => m.agentId}
          columns={columns}
          actions={(m) => (
            <button type="button" className="icon-button danger" aria-label={`Remove ${m.agentName} from the team`} title="Remove from the team" disabled={busy === m.agentId} onClick={() => remove(m)}>
              <Icon name="trash" />
            </button>
          )}
        />
      )}
      <h3>Add member</h3>
      <ResourceState state={agents} loadingLabel="Loading agents…" isEmpty={() => false} errorText={(message) => `The agents could not be loaded: ${message}`}>
        {(all) => <AddMember org={org} team={team} members={members} agents={all} onChange={onChange} />}
      </ResourceState>
    </section>
  );
}

/** A member's priority, typed in place: saved on Enter or on leaving the field, put back on Escape. */
function PriorityInput({ member, busy, onCommit }: { member: TeamMember; busy: boolean; onCommit: (priority: number) => void }) {
  const toast = useToast();
  const [priority, setPriority] = useState(String(member.priority));
  useEffect(() => setPriority(String(member.priority)), [member.priority]);

  const commit = () => {
    const value = parsePriority(priority);
    if (value === null) {
      setPriority(String(member.priority));
      toast("error", PRIORITY_PROBLEM);
      return;
    }
    if (value !== member.priority) onCommit(value);
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
    <input
      className="team-priority"
      type="number"
      step={1}
      aria-label={`Priority of ${member.agentName}`}
      value={priority}
      disabled={busy}
      onChange={(e) => setPriority(e.target.value)}
      onBlur={commit}
      onKeyDown={onKeyDown}
    />
  );
}
