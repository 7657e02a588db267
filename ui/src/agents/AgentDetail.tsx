// One agent's page (#/agents/<id>): who it is, its status and metrics, Edit and Delete, the
// playground to talk to it, and its recent calls — metrics and calls refresh after each reply.
import { useCallback, useEffect, useState } from "react";
import { CommandError, call, commands, messageOf } from "../api";
import type { AiAgent } from "../bindings";
import { EmptyState, ErrorNotice, Loading } from "../components/Feedback";
import { Icon } from "../components/icons";
import { useToast } from "../components/Toasts";
import { formatDollarsExact } from "../money";
import { hrefOf } from "../router";
import { AgentCalls } from "./AgentCalls";
import { AgentEditor } from "./AgentEditor";
import { DeleteAgentDialog } from "./DeleteAgentDialog";
import { Playground } from "./Playground";
import { AgentAvatar, AgentStatusBadge, formatAverage, formatRate, modelText } from "./present";

export function AgentDetail({ org, id }: { org: string; id: string }) {
  const toast = useToast();
  const [agent, setAgent] = useState<AiAgent | null>(null);
  const [error, setError] = useState<{ message: string; missing: boolean } | null>(null);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [version, setVersion] = useState(0);

  const load = useCallback(async () => {
    try {
      setAgent(await call(commands.getAgent(org, id)));
      setError(null);
    } catch (e) {
      setError({ message: messageOf(e), missing: e instanceof CommandError && e.code === "NOT_FOUND" });
    }
  }, [org, id]);

  useEffect(() => {
    setAgent(null);
    void load();
  }, [load]);

  const back = (
    <a href={hrefOf({ page: "agents" })} className="icon-button" aria-label="Back to agents">
      <Icon name="back" />
    </a>
  );

  if (error?.missing) {
    return (
      <div className="page">
        <EmptyState icon="agents" title="This agent is not here" action={<a href={hrefOf({ page: "agents" })}>All agents</a>}>
          {error.message}. It may have been deleted, or belong to another organization.
        </EmptyState>
      </div>
    );
  }
  if (!agent) {
    return <div className="page">{error ? <ErrorNotice message={error.message} onRetry={load} /> : <Loading label="Loading the agent…" />}</div>;
  }

  const calls = agent.executionCount;
  return (
    <div className="page">
      <header className="page-header">
        <div className="title-with-back">
          {back}
          <AgentAvatar agent={agent} large />
          <div>
            <h1>
              {agent.name} <AgentStatusBadge status={agent.status} /> {!agent.isActive && <span className="badge badge-amber">Off</span>}
            </h1>
            <p className="subtitle">
              {modelText(agent)}
              {agent.description && ` — ${agent.description}`}
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

      {error && <ErrorNotice message={error.message} onRetry={load} />}
      <div className="stats" aria-label="Metrics">
        <Stat label="Calls" value={String(calls)} />
        <Stat label="Success rate" value={formatRate(agent.successRate, calls)} />
        <Stat label="Average response" value={formatAverage(agent.avgResponseTimeMs, calls)} />
        <Stat label="Tokens used" value={String(agent.tokensUsed)} />
        <Stat label="Total cost" value={formatDollarsExact(agent.costMicros)} />
      </div>

      <Playground
        org={org}
        agent={agent}
        onCallDone={() => {
          setVersion((v) => v + 1);
          void load();
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
            setAgent(saved);
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
