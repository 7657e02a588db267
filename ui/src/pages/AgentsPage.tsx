// The organization's AI agents: each with its model, status and metrics at a glance, a way to create,
// edit and delete them, and (at #/agents/<id>) one agent's page with its playground.
import { useState } from "react";
import { useLoad } from "../state/useLoad";
import { call, commands } from "../api";
import type { AiAgent } from "../bindings";
import { AgentDetail } from "../agents/AgentDetail";
import { AgentEditor } from "../agents/AgentEditor";
import { DeleteAgentDialog } from "../agents/DeleteAgentDialog";
import { AgentAvatar, AgentStatusBadge, formatAverage, formatRate, modelText } from "../agents/present";
import { EmptyState, ErrorNotice, Loading } from "../components/Feedback";
import { DeleteButton, EditButton } from "../components/RowButtons";
import { Icon } from "../components/icons";
import { useToast } from "../components/Toasts";
import { hrefOf } from "../router";

export function AgentsPage({ org, id }: { org: string; id?: string }) {
  return id ? <AgentDetail key={id} org={org} id={id} /> : <AgentList org={org} />;
}

function AgentList({ org }: { org: string }) {
  const toast = useToast();
  const { data: items, error, load } = useLoad(async () => (await call(commands.listAgents(org, { page: { limit: 500, offset: 0 } }))).items, [org]);
  const [editing, setEditing] = useState<AiAgent | "new" | null>(null);
  const [deleting, setDeleting] = useState<AiAgent | null>(null);

  const newButton = (
    <button type="button" className="button button-primary" onClick={() => setEditing("new")}>
      <Icon name="plus" /> New agent
    </button>
  );

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Agents</h1>
          <p className="subtitle">AI assistants with a personality, a model and tools, for your workflows and teams.</p>
        </div>
        {newButton}
      </header>

      {error && <ErrorNotice message={error} onRetry={load} />}
      {!error && items === null && <Loading label="Loading agents…" />}
      {items !== null && items.length === 0 && (
        <EmptyState icon="agents" title="No agents yet" action={newButton}>
          <p>An agent is a model (OpenAI, Anthropic, Gemini, or a local one through Ollama) with instructions, a tone and the tools it may use.</p>
          <p>Create one, try it in its playground, then use it in a workflow step or a team.</p>
        </EmptyState>
      )}
      {items !== null && items.length > 0 && (
        <table className="table" aria-label="Agents">
          <thead>
            <tr>
              <th>Agent</th>
              <th>Model</th>
              <th>Status</th>
              <th className="num">Calls</th>
              <th className="num">Success</th>
              <th className="num">Avg. response</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>
                  <div className="agent-name-cell">
                    <AgentAvatar agent={a} />
                    <div>
                      <a className="row-title" href={hrefOf({ page: "agents", id: a.id })}>
                        {a.name}
                      </a>
                      {a.description && <div className="row-sub">{a.description}</div>}
                    </div>
                  </div>
                </td>
                <td className="mono">{modelText(a)}</td>
                <td>
                  <AgentStatusBadge status={a.status} /> {!a.isActive && <span className="badge badge-amber">Off</span>}
                </td>
                <td className="num">{a.executionCount}</td>
                <td className="num">{formatRate(a.successRate, a.executionCount)}</td>
                <td className="num">{formatAverage(a.avgResponseTimeMs, a.executionCount)}</td>
                <td className="actions">
                  <a className="button button-small" href={hrefOf({ page: "agents", id: a.id })}>
                    Open playground
                  </a>
                  <EditButton name={a.name} onClick={() => setEditing(a)} />
                  <DeleteButton name={a.name} onClick={() => setDeleting(a)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {editing && (
        <AgentEditor
          org={org}
          {...(editing === "new" ? {} : { existing: editing })}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            toast("success", created ? `Created “${saved.name}”` : `Saved “${saved.name}”`);
            if (created) window.location.hash = hrefOf({ page: "agents", id: saved.id });
            else void load();
          }}
        />
      )}
      {deleting && (
        <DeleteAgentDialog
          org={org}
          agent={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            toast("success", `Deleted “${deleting.name}”`);
            setDeleting(null);
            void load();
          }}
        />
      )}
    </div>
  );
}
