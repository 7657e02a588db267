// One team (#/teams/<id>): its structure explained, its members with roles and priorities, what
// stops it from running, a run panel that shows each member's contribution as it arrives, and its
// recent runs. Edit and delete are in the header.
import { useState } from "react";
import type { TeamDetail } from "../../bindings";
import { PageHeader } from "../../components/PageHeader";
import { ResourceState } from "../../components/ResourceState";
import { EditDeleteButtons } from "../../components/RowButtons";
import { useToast } from "../../components/Toasts";
import { hrefOf, navigate } from "../../router";
import { useLoad } from "../../state/useLoad";
import { listAgents } from "../agents/api";
import { getTeam } from "./api";
import { DeleteTeamDialog } from "./DeleteTeamDialog";
import { Members } from "./Members";
import { RunPanel } from "./RunPanel";
import { problemsOf, structureOf } from "./structures";
import { TeamDialog } from "./TeamDialog";
import { TeamRuns } from "./TeamRuns";

export function TeamView({ org, id }: { org: string; id: string }) {
  const toast = useToast();
  const state = useLoad<TeamDetail>(() => getTeam(org, id), [org, id]);
  const agents = useLoad(() => listAgents(org), [org]);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [runsVersion, setRunsVersion] = useState(0);

  return (
    <div className="page">
      {state.data === null && state.error && (
        <p>
          <a href={hrefOf({ page: "teams" })}>← All teams</a>
        </p>
      )}
      <ResourceState state={state} loadingLabel="Loading the team…" isEmpty={() => false}>
        {({ team, members }) => {
          const structure = structureOf(team.structure);
          return (
            <>
              <PageHeader
                back={{ href: hrefOf({ page: "teams" }), label: "Back to teams" }}
                title={
                  <>
                    {team.name} {!team.isActive && <span className="badge badge-amber">Off</span>}
                  </>
                }
                subtitle={team.description}
                actions={<EditDeleteButtons onEdit={() => setEditing(true)} onDelete={() => setDeleting(true)} />}
              >
                <p className="subtitle team-structure-line">
                  <span className="badge badge-blue">{structure.label}</span> {structure.blurb}
                </p>
              </PageHeader>

              <Members org={org} team={team} members={members} agents={agents} onChange={(detail) => state.setData(detail)} />
              <RunPanel
                org={org}
                team={team}
                members={members}
                problems={problemsOf(team, members, agents.data ?? [])}
                onFinished={() => {
                  setRunsVersion((v) => v + 1);
                  void state.load();
                }}
              />
              <TeamRuns org={org} teamId={team.id} version={runsVersion} />

              {editing && (
                <TeamDialog
                  org={org}
                  existing={team}
                  onClose={() => setEditing(false)}
                  onSaved={(saved) => {
                    setEditing(false);
                    state.setData((d) => (d ? { ...d, team: saved } : d));
                    toast("success", `Saved “${saved.name}”`);
                  }}
                />
              )}
              {deleting && (
                <DeleteTeamDialog
                  org={org}
                  team={team}
                  onClose={() => setDeleting(false)}
                  onDeleted={() => {
                    toast("success", `Deleted “${team.name}”`);
                    setDeleting(false);
                    navigate({ page: "teams" });
                  }}
                />
              )}
            </>
          );
        }}
      </ResourceState>
    </div>
  );
}
