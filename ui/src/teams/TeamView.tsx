// One team (#/teams/<id>): its structure explained, its members with roles and priorities, what
// stops it from running, a run panel that shows each member's contribution as it arrives, and its
// recent runs. Edit and delete are in the header.
import { useCallback, useEffect, useState } from "react";
import { call, commands, messageOf } from "../api";
import type { AiAgent, TeamDetail } from "../bindings";
import { ErrorNotice, Loading } from "../components/Feedback";
import { Icon } from "../components/icons";
import { Modal } from "../components/Modal";
import { useToast } from "../components/Toasts";
import { hrefOf, navigate } from "../router";
import { Members } from "./Members";
import { RunPanel } from "./RunPanel";
import { problemsOf, structureOf } from "./structures";
import { TeamDialog } from "./TeamDialog";
import { TeamRuns } from "./TeamRuns";

export function TeamView({ org, id }: { org: string; id: string }) {
  const toast = useToast();
  const [detail, setDetail] = useState<TeamDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [agents, setAgents] = useState<AiAgent[] | null>(null);
  const [agentsError, setAgentsError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [runsVersion, setRunsVersion] = useState(0);

  const load = useCallback(async () => {
    try {
      setDetail(await call(commands.getTeam(org, id)));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [org, id]);

  const loadAgents = useCallback(async () => {
    try {
      const page = await call(commands.listAgents(org, { page: { limit: 500, offset: 0 } }));
      setAgents(page.items);
      setAgentsError(null);
    } catch (e) {
      setAgentsError(messageOf(e));
    }
  }, [org]);

  useEffect(() => {
    void load();
    void loadAgents();
  }, [load, loadAgents]);

  const confirmDelete = async () => {
    if (!detail) return;
    try {
      await call(commands.deleteTeam(org, detail.team.id));
      toast("success", `Deleted “${detail.team.name}”`);
      setDeleting(false);
      navigate({ page: "teams" });
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  if (error) {
    return (
      <div className="page">
        <p>
          <a href={hrefOf({ page: "teams" })}>← All teams</a>
        </p>
        <ErrorNotice message={error} onRetry={load} />
      </div>
    );
  }
  if (!detail) return <Loading label="Loading the team…" />;
  const { team, members } = detail;
  const structure = structureOf(team.structure);
  const problems = problemsOf(team, members, agents ?? []);

  return (
    <div className="page">
      <header className="page-header">
        <div className="title-with-back">
          <a href={hrefOf({ page: "teams" })} className="icon-button" aria-label="Back to teams">
            <Icon name="back" />
          </a>
          <div>
            <h1>
              {team.name} {!team.isActive && <span className="badge badge-amber">Off</span>}
            </h1>
            {team.description && <p className="subtitle">{team.description}</p>}
            <p className="subtitle team-structure-line">
              <span className="badge badge-blue">{structure.label}</span> {structure.blurb}
            </p>
          </div>
        </div>
        <div className="button-row">
          <button type="button" className="button" onClick={() => setEditing(true)}>
            <Icon name="settings" /> Edit
          </button>
          <button type="button" className="button" onClick={() => setDeleting(true)}>
            <Icon name="trash" /> Delete
          </button>
        </div>
      </header>

      <Members
        org={org}
        team={team}
        members={members}
        agents={agents}
        agentsError={agentsError}
        onRetryAgents={loadAgents}
        onChange={setDetail}
      />
      <RunPanel
        org={org}
        team={team}
        members={members}
        problems={problems}
        onFinished={() => {
          setRunsVersion((v) => v + 1);
          void load();
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
            setDetail((d) => (d ? { ...d, team: saved } : d));
            toast("success", `Saved “${saved.name}”`);
          }}
        />
      )}
      {deleting && (
        <Modal
          title={`Delete “${team.name}”?`}
          onClose={() => setDeleting(false)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setDeleting(false)}>
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
