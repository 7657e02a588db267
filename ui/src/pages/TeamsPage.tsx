// The organization's teams of agents: each with its structure (and what that means), how many
// members it has, how often it ran and whether it is on; create, edit, turn on and off, delete with
// confirmation. With an id (#/teams/<id>) it shows that one team: members, run panel and runs.
import { useState } from "react";
import { useLoad } from "../state/useLoad";
import { call, commands, messageOf } from "../api";
import type { AgentTeam } from "../bindings";
import { EmptyState, ErrorNotice, Loading } from "../components/Feedback";
import { DeleteButton, EditButton } from "../components/RowButtons";
import { Icon } from "../components/icons";
import { Modal } from "../components/Modal";
import { useToast } from "../components/Toasts";
import { hrefOf, navigate } from "../router";
import { structureOf } from "../teams/structures";
import { TeamDialog } from "../teams/TeamDialog";
import { TeamView } from "../teams/TeamView";

export function TeamsPage({ org, id }: { org: string; id?: string }) {
  if (id) return <TeamView key={`${org}/${id}`} org={org} id={id} />;
  return <TeamList key={org} org={org} />;
}

function TeamList({ org }: { org: string }) {
  const toast = useToast();
  const { data: items, setData: setItems, error, load } = useLoad(async () => (await call(commands.listTeams(org, { page: { limit: 200, offset: 0 } }))).items, [org]);
  const [editing, setEditing] = useState<AgentTeam | "new" | null>(null);
  const [deleting, setDeleting] = useState<AgentTeam | null>(null);

  const toggle = async (team: AgentTeam) => {
    try {
      const updated = await call(commands.updateTeam(org, team.id, { isActive: !team.isActive }));
      setItems((all) => all?.map((t) => (t.id === updated.id ? updated : t)) ?? null);
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    try {
      await call(commands.deleteTeam(org, deleting.id));
      toast("success", `Deleted “${deleting.name}”`);
      setDeleting(null);
      await load();
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  const newButton = (
    <button type="button" className="button button-primary" onClick={() => setEditing("new")}>
      <Icon name="plus" /> New team
    </button>
  );

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Teams</h1>
          <p className="subtitle">Agents working together on one task: in a pipeline, under a leader, side by side, or by vote.</p>
        </div>
        {newButton}
      </header>

      {error && <ErrorNotice message={error} onRetry={load} />}
      {!error && items === null && <Loading label="Loading teams…" />}
      {items !== null && items.length === 0 && (
        <EmptyState icon="teams" title="No teams yet" action={newButton}>
          <p>A team puts several agents to work on one task. Choose how they work together:</p>
          <p>a pipeline (one after another), hierarchical (a leader delegates and combines), collaborative (a coordinator merges their answers) or democratic (they propose and vote).</p>
          <p>Create a team, then add agents to it with a role and a priority.</p>
        </EmptyState>
      )}
      {items !== null && items.length > 0 && (
        <table className="table" aria-label="Teams">
          <thead>
            <tr>
              <th>Name</th>
              <th>Structure</th>
              <th className="num">Members</th>
              <th className="num">Runs</th>
              <th>On</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((t) => {
              const structure = structureOf(t.structure);
              return (
                <tr key={t.id}>
                  <td>
                    <a className="row-title" href={hrefOf({ page: "teams", id: t.id })}>
                      {t.name}
                    </a>
                    {t.description && <div className="row-sub">{t.description}</div>}
                  </td>
                  <td>
                    <span className="badge badge-blue">{structure.label}</span>
                    <div className="row-sub">{structure.blurb}</div>
                  </td>
                  <td className="num">{t.memberCount ?? "—"}</td>
                  <td className="num">{t.executionCount}</td>
                  <td>
                    <label className="switch">
                      <input type="checkbox" checked={t.isActive} onChange={() => toggle(t)} aria-label={`${t.name} is on`} />
                    </label>
                  </td>
                  <td className="actions">
                    <EditButton name={t.name} onClick={() => setEditing(t)} />
                    <DeleteButton name={t.name} onClick={() => setDeleting(t)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      {editing && (
        <TeamDialog
          org={org}
          {...(editing === "new" ? {} : { existing: editing })}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            toast("success", created ? `Created “${saved.name}”: now add its members` : `Saved “${saved.name}”`);
            if (created) navigate({ page: "teams", id: saved.id });
            else void load();
          }}
        />
      )}
      {deleting && (
        <Modal
          title={`Delete “${deleting.name}”?`}
          onClose={() => setDeleting(null)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setDeleting(null)}>
                Cancel
              </button>
              <button type="button" className="button button-danger" onClick={confirmDelete}>
                Delete team
              </button>
            </>
          }
        >
          <p>The team and its memberships are removed; its agents are not. Workflow steps that use this team will fail until they use another one.</p>
        </Modal>
      )}
    </div>
  );
}
