// The organization's AI agents: each with its model, status and metrics at a glance, a way to create,
// edit and delete them, and (at #/agents/<id>) one agent's page with its playground.
import { useState } from "react";
import type { AiAgent } from "../../bindings";
import { EmptyState } from "../../components/Feedback";
import { Icon } from "../../components/icons";
import { ListPage } from "../../components/ListPage";
import { ResourceTable, type Column } from "../../components/ResourceTable";
import { DeleteButton, EditButton } from "../../components/RowButtons";
import { useToast } from "../../components/Toasts";
import { hrefOf } from "../../router";
import { useLoad } from "../../state/useLoad";
import { AgentDetail } from "./AgentDetail";
import { AgentEditor } from "./AgentEditor";
import { listAgents } from "./api";
import { DeleteAgentDialog } from "./DeleteAgentDialog";
import { AgentAvatar, AgentStatusBadge, formatAverage, formatRate, modelText } from "./present";
import { useDataChanged } from "../../state/useDataChanged";

export function AgentsPage({ org, id }: { org: string; id?: string }) {
  return id ? <AgentDetail key={id} org={org} id={id} /> : <AgentList org={org} />;
}

const COLUMNS: Column<AiAgent>[] = [
  {
    header: "Agent",
    cell: (a) => (
      <div className="agent-name-cell">
        <AgentAvatar agent={a} />
        <div>
          <a className="row-title" href={hrefOf({ page: "agents", id: a.id })}>
            {a.name}
          </a>
          {a.description && <div className="row-sub">{a.description}</div>}
        </div>
      </div>
    ),
  },
  { header: "Model", className: "mono", cell: modelText },
  {
    header: "Status",
    cell: (a) => (
      <>
        <AgentStatusBadge status={a.status} /> {!a.isActive && <span className="badge badge-amber">Off</span>}
      </>
    ),
  },
  { header: "Calls", num: true, cell: (a) => a.executionCount },
  { header: "Success", num: true, cell: (a) => formatRate(a.successRate, a.executionCount) },
  { header: "Avg. response", num: true, cell: (a) => formatAverage(a.avgResponseTimeMs, a.executionCount) },
];

function AgentList({ org }: { org: string }) {
  const toast = useToast();
  const agents = useLoad(() => listAgents(org), [org]);
  useDataChanged(["agent"], () => void agents.load(), org);
  const [editing, setEditing] = useState<AiAgent | "new" | null>(null);
  const [deleting, setDeleting] = useState<AiAgent | null>(null);

  const newButton = (
    <button type="button" className="button button-primary" onClick={() => setEditing("new")}>
      <Icon name="plus" /> New agent
    </button>
  );

  const dialogs = (
    <>
      {editing && (
        <AgentEditor
          org={org}
          {...(editing === "new" ? {} : { existing: editing })}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            toast("success", created ? `Created “${saved.name}”` : `Saved “${saved.name}”`);
            if (created) window.location.hash = hrefOf({ page: "agents", id: saved.id });
            else void agents.load();
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
            void agents.load();
          }}
        />
      )}
    </>
  );

  return (
    <ListPage
      title="Agents"
      subtitle="AI assistants with a personality, a model and tools, for your workflows and teams."
      actions={newButton}
      dialogs={dialogs}
      state={agents}
      loadingLabel="Loading agents…"
      empty={
        <EmptyState icon="agents" title="No agents yet" action={newButton}>
          <p>An agent is a model (OpenAI, Anthropic, Gemini, or a local one through Ollama) with instructions, a tone and the tools it may use.</p>
          <p>Create one, try it in its playground, then use it in a workflow step or a team.</p>
        </EmptyState>
      }
    >
      {(items) => (
        <ResourceTable
          label="Agents"
          rows={items}
          rowKey={(a) => a.id}
          columns={COLUMNS}
          actions={(a) => (
            <>
              <a className="button button-small" href={hrefOf({ page: "agents", id: a.id })}>
                Open playground
              </a>
              <EditButton name={a.name} onClick={() => setEditing(a)} />
              <DeleteButton name={a.name} onClick={() => setDeleting(a)} />
            </>
          )}
        />
      )}
    </ListPage>
  );
}
