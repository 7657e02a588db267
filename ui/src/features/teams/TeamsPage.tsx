// The organization's teams of agents: each with its structure (and what that means), how many
// members it has, how often it ran and whether it is on; create, edit, turn on and off, delete with
// confirmation. With an id (#/teams/<id>) it shows that one team: members, run panel and runs.
import { useState } from "react";
import type { AgentTeam } from "../../bindings";
import { EmptyState } from "../../components/Feedback";
import { Icon } from "../../components/icons";
import { ListPage } from "../../components/ListPage";
import { ResourceTable, type Column } from "../../components/ResourceTable";
import { DeleteButton, EditButton } from "../../components/RowButtons";
import { useToast } from "../../components/Toasts";
import { hrefOf, navigate } from "../../router";
import { useAction } from "../../state/useAction";
import { useLoad } from "../../state/useLoad";
import { listTeams, updateTeam } from "./api";
import { DeleteTeamDialog } from "./DeleteTeamDialog";
import { structureOf } from "./structures";
import { TeamDialog } from "./TeamDialog";
import { TeamView } from "./TeamView";
import { useDataChanged } from "../../state/useDataChanged";

export function TeamsPage({ org, id }: { org: string; id?: string }) {
  if (id) return <TeamView key={`${org}/${id}`} org={org} id={id} />;
  return <TeamList key={org} org={org} />;
}

function TeamList({ org }: { org: string }) {
  const toast = useToast();
  const act = useAction();
  const teams = useLoad(() => listTeams(org), [org]);
  useDataChanged(["team"], () => void teams.load(), org);
  const [editing, setEditing] = useState<AgentTeam | "new" | null>(null);
  const [deleting, setDeleting] = useState<AgentTeam | null>(null);

  const toggle = (team: AgentTeam) =>
    act(async () => {
      const updated = await updateTeam(org, team.id, { isActive: !team.isActive });
      teams.setData((all) => all?.map((t) => (t.id === updated.id ? updated : t)) ?? null);
    });

  const columns: Column<AgentTeam>[] = [
    {
      header: "Name",
      cell: (t) => (
        <>
          <a className="row-title" href={hrefOf({ page: "teams", id: t.id })}>
            {t.name}
          </a>
          {t.description && <div className="row-sub">{t.description}</div>}
        </>
      ),
    },
    {
      header: "Structure",
      cell: (t) => (
        <>
          <span className="badge badge-blue">{structureOf(t.structure).label}</span>
          <div className="row-sub">{structureOf(t.structure).blurb}</div>
        </>
      ),
    },
    { header: "Members", num: true, cell: (t) => t.memberCount ?? "—" },
    { header: "Runs", num: true, cell: (t) => t.executionCount },
    {
      header: "On",
      cell: (t) => (
        <label className="switch">
          <input type="checkbox" checked={t.isActive} onChange={() => toggle(t)} aria-label={`${t.name} is on`} />
        </label>
      ),
    },
  ];

  const newButton = (
    <button type="button" className="button button-primary" onClick={() => setEditing("new")}>
      <Icon name="plus" /> New team
    </button>
  );

  const dialogs = (
    <>
      {editing && (
        <TeamDialog
          org={org}
          {...(editing === "new" ? {} : { existing: editing })}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            toast("success", created ? `Created “${saved.name}”: now add its members` : `Saved “${saved.name}”`);
            if (created) navigate({ page: "teams", id: saved.id });
            else void teams.load();
          }}
        />
      )}
      {deleting && (
        <DeleteTeamDialog
          org={org}
          team={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            toast("success", `Deleted “${deleting.name}”`);
            setDeleting(null);
            void teams.load();
          }}
        />
      )}
    </>
  );

  return (
    <ListPage
      title="Teams"
      subtitle="Agents working together on one task: in a pipeline, under a leader, side by side, or by vote."
      actions={newButton}
      dialogs={dialogs}
      state={teams}
      loadingLabel="Loading teams…"
      empty={
        <EmptyState icon="teams" title="No teams yet" action={newButton}>
          <p>A team puts several agents to work on one task. Choose how they work together:</p>
          <p>a pipeline (one after another), hierarchical (a leader delegates and combines), collaborative (a coordinator merges their answers) or democratic (they propose and vote).</p>
          <p>Create a team, then add agents to it with a role and a priority.</p>
        </EmptyState>
      }
    >
      {(items) => (
        <ResourceTable
          label="Teams"
          rows={items}
          rowKey={(t) => t.id}
          columns={columns}
          actions={(t) => (
            <>
              <EditButton name={t.name} onClick={() => setEditing(t)} />
              <DeleteButton name={t.name} onClick={() => setDeleting(t)} />
            </>
          )}
        />
      )}
    </ListPage>
  );
}
