// The organization's workflows: search, sort, import (file or paste), export, duplicate, delete; a
// row opens the workflow on the canvas.
import { useEffect, useState } from "react";
import type { WorkflowSort, WorkflowSummary } from "../../bindings";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { EmptyState } from "../../components/Feedback";
import { Icon } from "../../components/icons";
import { ListPage } from "../../components/ListPage";
import { ResourceTable, stopRowClick, type Column } from "../../components/ResourceTable";
import { DeleteButton } from "../../components/RowButtons";
import { useToast } from "../../components/Toasts";
import { formatWhen } from "../../format";
import { hrefOf, navigate } from "../../router";
import { useAction } from "../../state/useAction";
import { useLoad } from "../../state/useLoad";
import { deleteWorkflow, duplicateWorkflow, exportWorkflowFile, importWorkflowFile, listWorkflows } from "./api";
import { ImportDialog } from "./ImportDialog";
import { useDataChanged } from "../../state/useDataChanged";

const SORTS: { value: WorkflowSort; label: string }[] = [
  { value: "updatedDesc", label: "Recently updated" },
  { value: "nameAsc", label: "Name (A–Z)" },
  { value: "nameDesc", label: "Name (Z–A)" },
  { value: "createdDesc", label: "Newest" },
  { value: "lastExecutedDesc", label: "Last run" },
  { value: "executionCountDesc", label: "Most runs" },
];
const LIMIT = 200;

const COLUMNS: Column<WorkflowSummary>[] = [
  {
    header: "Name",
    cell: (w) => (
      <>
        <a href={hrefOf({ page: "workflow", id: w.id })} className="row-title" onClick={stopRowClick}>
          {w.name}
        </a>
        {w.description && <div className="row-sub">{w.description}</div>}
        {w.tags.length > 0 && (
          <div className="tags">
            {w.tags.map((t) => (
              <span key={t} className="tag">
                {t}
              </span>
            ))}
          </div>
        )}
      </>
    ),
  },
  { header: "Nodes", num: true, cell: (w) => w.nodeCount },
  { header: "Status", cell: (w) => <span className={w.isActive ? "badge badge-green" : "badge"}>{w.isActive ? "Active" : "Inactive"}</span> },
  { header: "Runs", num: true, cell: (w) => w.executionCount },
  { header: "Updated", cell: (w) => formatWhen(w.updatedAt), title: (w) => w.updatedAt },
];

export function WorkflowsPage({ org }: { org: string }) {
  const toast = useToast();
  const act = useAction();
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<WorkflowSort>("updatedDesc");
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<WorkflowSummary | null>(null);
  const workflows = useLoad(() => listWorkflows(org, { search: query || null, sort, limit: LIMIT }), [org, query, sort]);
  useDataChanged(["workflow"], () => void workflows.load(), org);
  const { load } = workflows;

  // Search as the user types, but not on every keystroke.
  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(search.trim()), 200);
    return () => window.clearTimeout(timer);
  }, [search]);

  const importFile = () =>
    act(async () => {
      const saved = await importWorkflowFile(org);
      if (!saved) return null;
      await load();
      return `Imported “${saved.workflow.name}”`;
    });
  const exportFile = (w: WorkflowSummary) => act(async () => {
    const path = await exportWorkflowFile(org, w.id);
    return path && `Exported to ${path}`;
  });
  const duplicate = (w: WorkflowSummary) =>
    act(async () => {
      const copy = await duplicateWorkflow(org, w.id);
      await load();
      return `Created “${copy.workflow.name}”`;
    });

  const importActions = (
    <div className="button-row">
      <button type="button" className="button button-primary" onClick={() => setImporting(true)}>
        <Icon name="upload" /> Paste JSON…
      </button>
      <button type="button" className="button" onClick={importFile}>
        <Icon name="upload" /> Import file…
      </button>
    </div>
  );

  const toolbar = (
    <div className="toolbar">
      <div className="search">
        <Icon name="search" />
        <input type="search" aria-label="Search workflows" placeholder="Search by name, description or tag" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <label className="sort">
        <span>Sort</span>
        <select aria-label="Sort workflows" value={sort} onChange={(e) => setSort(e.target.value as WorkflowSort)}>
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );

  const dialogs = (
    <>
      {importing && (
        <ImportDialog
          org={org}
          onClose={() => setImporting(false)}
          onImported={(saved) => {
            toast("success", `Imported “${saved.workflow.name}”`);
            void load();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete workflow?"
          confirmLabel="Delete"
          busyLabel="Deleting…"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await deleteWorkflow(org, deleting.id);
            toast("success", `Deleted “${deleting.name}”`);
            setDeleting(null);
            await load();
          }}
        >
          <p>
            “{deleting.name}” will be deleted with its version history and its {deleting.executionCount} recorded runs. This cannot be undone; export it first to keep a copy.
          </p>
        </ConfirmDialog>
      )}
    </>
  );

  return (
    <ListPage
      title="Workflows"
      subtitle="Automations that run on this computer, by hand, on a schedule or from a webhook."
      actions={importActions}
      above={toolbar}
      dialogs={dialogs}
      state={workflows}
      loadingLabel="Loading workflows…"
      isEmpty={(page) => page.items.length === 0}
      empty={
        query ? (
          <EmptyState icon="search" title={`Nothing matches “${query}”`}>
            Try another word, or clear the search.
          </EmptyState>
        ) : (
          <EmptyState icon="workflows" title="No workflows yet" action={importActions}>
            Import a workflow document to see it here. Building workflows on the canvas comes next.
          </EmptyState>
        )
      }
    >
      {(page) => (
        <>
          <ResourceTable
            label="Workflows"
            rows={page.items}
            rowKey={(w) => w.id}
            columns={COLUMNS}
            onRowClick={(w) => navigate({ page: "workflow", id: w.id })}
            actions={(w) => (
              <>
                <button type="button" className="icon-button" aria-label={`Export ${w.name}`} title="Export" onClick={() => exportFile(w)}>
                  <Icon name="download" />
                </button>
                <button type="button" className="icon-button" aria-label={`Duplicate ${w.name}`} title="Duplicate" onClick={() => duplicate(w)}>
                  <Icon name="copy" />
                </button>
                <DeleteButton name={w.name} onClick={() => setDeleting(w)} />
              </>
            )}
          />
          {page.total > page.items.length && (
            <p className="hint">
              Showing {page.items.length} of {page.total}. Search to narrow the list.
            </p>
          )}
        </>
      )}
    </ListPage>
  );
}
