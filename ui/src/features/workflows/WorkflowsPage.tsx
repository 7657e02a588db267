// The organization's workflows: a new one (named, then straight to its canvas), search, sort,
// import (file, paste, or a file dropped on the window), export, duplicate, rename, and delete with
// undo (a soft delete the app keeps for 30 days); a row opens the workflow in the editor.
import { useEffect, useState, type DragEvent } from "react";
import { messageOf } from "../../api";
import type { WorkflowSort, WorkflowSummary } from "../../bindings";
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
import { createWorkflow, deleteWorkflow, renameWorkflow, restoreDeletedWorkflow } from "../editor/api";
import { duplicateWorkflow, exportWorkflowFile, importWorkflowFile, importWorkflowText, listWorkflows } from "./api";
import { ImportDialog } from "./ImportDialog";
import { NameDialog } from "./NameDialog";
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
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<WorkflowSummary | null>(null);
  const [deleted, setDeleted] = useState<WorkflowSummary | null>(null);
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

  const remove = (w: WorkflowSummary) =>
    act(async () => {
      await deleteWorkflow(org, w.id);
      setDeleted(w);
      await load();
    });
  const undoDelete = (w: WorkflowSummary) =>
    act(async () => {
      await restoreDeletedWorkflow(org, w.id);
      setDeleted(null);
      await load();
      return `Restored “${w.name}”`;
    });
  // The undo offer stays a while, then goes (the app keeps the workflow 30 days either way).
  useEffect(() => {
    if (!deleted) return;
    const timer = window.setTimeout(() => setDeleted(null), 15_000);
    return () => window.clearTimeout(timer);
  }, [deleted]);

  const onDragOver = (e: DragEvent) => {
    if (e.dataTransfer.types.includes("Files")) e.preventDefault();
  };
  const onDrop = (e: DragEvent) => {
    const files = [...e.dataTransfer.files];
    if (files.length === 0) return;
    e.preventDefault();
    for (const file of files) {
      void file
        .text()
        .then((text) => importWorkflowText(org, text))
        .then(
          (saved) => {
            toast("success", `Imported “${saved.workflow.name}”`);
            void load();
          },
          (err) => toast("error", `${file.name}: ${messageOf(err)}`),
        );
    }
  };

  const importActions = (
    <div className="button-row">
      <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
        <Icon name="plus" /> New workflow
      </button>
      <button type="button" className="button" onClick={() => setImporting(true)}>
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
      {creating && (
        <NameDialog
          title="New workflow"
          submitLabel="Create and open"
          onClose={() => setCreating(false)}
          onSubmit={async (name) => {
            const created = await createWorkflow(org, name);
            navigate({ page: "workflow", id: created.id });
          }}
        />
      )}
      {renaming && (
        <NameDialog
          title={`Rename “${renaming.name}”`}
          submitLabel="Rename"
          initial={renaming.name}
          onClose={() => setRenaming(null)}
          onSubmit={async (name) => {
            await renameWorkflow(org, renaming.id, name);
            toast("success", `Renamed to “${name}”`);
            await load();
          }}
        />
      )}
    </>
  );

  const undoBar = deleted && (
    <div className="notice undo-bar" role="status">
      <span>Deleted “{deleted.name}”.</span>
      <button type="button" className="button button-small" onClick={() => void undoDelete(deleted)}>
        Undo
      </button>
    </div>
  );

  return (
    <div className="drop-zone" onDragOver={onDragOver} onDrop={onDrop}>
    <ListPage
      title="Workflows"
      subtitle="Automations that run on this computer, by hand, on a schedule or from a webhook."
      actions={importActions}
      above={
        <>
          {undoBar}
          {toolbar}
        </>
      }
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
          <EmptyState
            icon="workflows"
            title="No workflows yet"
            action={
              <div className="button-row">
                <a className="button button-primary" href={hrefOf({ page: "templates" })}>
                  <Icon name="templates" /> Start from a template
                </a>
                {importActions}
              </div>
            }
          >
            Start from a ready-made real-estate workflow, create one and build it on the canvas, or import a workflow document (or drop its file here).
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
                <button type="button" className="icon-button" aria-label={`Rename ${w.name}`} title="Rename" onClick={() => setRenaming(w)}>
                  <Icon name="settings" />
                </button>
                <DeleteButton name={w.name} onClick={() => void remove(w)} />
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
    </div>
  );
}
