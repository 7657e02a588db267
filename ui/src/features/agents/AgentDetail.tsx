// One agent's page (#/agents/<id>): who it is, its status and metrics, Edit and Delete, the
// playground to talk to it, and its recent calls — metrics and calls refresh after each reply.
import { useState } from "react";
import type { AiAgent } from "../../bindings";
import { EmptyState } from "../../components/Feedback";
import { PageHeader } from "../../components/PageHeader";
import { ResourceState } from "../../components/ResourceState";
import { EditDeleteButtons } from "../../components/RowButtons";
import { useToast } from "../../components/Toasts";
import { formatDollarsExact } from "../../money";
import { hrefOf } from "../../router";
import { useLoad } from "../../state/useLoad";
import { AgentCalls } from "./AgentCalls";
import { AgentEditor } from "./AgentEditor";
import { getAgent } from "./api";
import { DeleteAgentDialog } from "./DeleteAgentDialog";
import { Playground } from "./Playground";
import { AgentAvatar, AgentStatusBadge, formatAverage, formatRate, modelText } from "./present";

export function AgentDetail({ org, id }: { org: string; id: string }) {
  const toast = useToast();
  const state = useLoad<AiAgent>(() => getAgent(org, id), [org, id]);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [version, setVersion] = useState(0);

  if (state.errorCode === "NOT_FOUND") {
    return (
      <div className="page">
        <EmptyState icon="agents" title="This agent is not here" action={<a href={hrefOf({ page: "agents" })}>All agents</a>}>
          {state.error}. It may have been deleted, or belong to another organization.
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="page">
      <ResourceState state={state} loadingLabel="Loading the agent…" isEmpty={() => false}>
        {(agent) => (
          <>
            <PageHeader
              back={{ href: hrefOf({ page: "agents" }), label: "Back to agents" }}
              lead={<AgentAvatar agent={agent} large />}
              title={
                <>
                  {agent.name} <AgentStatusBadge status={agent.status} /> {!agent.isActive && <span className="badge badge-amber">Off</span>}
                </>
              }
              subtitle={
                <>
                  {modelText(agent)}
                  {agent.description && ` — ${agent.description}`}
                </>
              }
              actions={<EditDeleteButtons onEdit={() => setEditing(true)} onDelete={() => setDeleting(true)} />}
            />
            <div className="stats" aria-label="Metrics">
              <Stat label="Calls" value={String(agent.executionCount)} />
              <Stat label="Success rate" value={formatRate(agent.successRate, agent.executionCount)} />
              <Stat label="Average response" value={formatAverage(agent.avgResponseTimeMs, agent.executionCount)} />
              <Stat label="Tokens used" value={String(agent.tokensUsed)} />
              <Stat label="Total cost" value={formatDollarsExact(agent.costMicros)} />
            </div>

            <Playground
              org={org}
              agent={agent}
              onCallDone={() => {
                setVersion((v) => v + 1);
                void state.load();
              }}
            />
            <AgentCalls org={org} agent={agent.id} version={version} />

            {editing && (
              <AgentEditor
                org={org}
                existing={agent}
                onClose={() => setEditing(false)}
                onSaved={(saved) => {
                  setEditing(false);
                  state.setData(saved);
                  toast("success", `Saved “${saved.name}”`);
                }}
              />
            )}
            {deleting && (
              <DeleteAgentDialog
                org={org}
                agent={agent}
                onClose={() => setDeleting(false)}
                onDeleted={() => {
                  toast("success", `Deleted “${agent.name}”`);
                  window.location.hash = hrefOf({ page: "agents" });
                }}
              />
            )}
          </>
        )}
      </ResourceState>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}
