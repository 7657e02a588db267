// The organization's workflows: search, sort, import (file or paste), export, duplicate, delete; a
// row opens the workflow on the canvas.
import { useCallback, useEffect, useState } from "react";
import { call, commands, messageOf } from "../api";
import type { WorkflowSort, WorkflowSummary } from "../bindings";
import { EmptyState, ErrorNotice, Loading } from "../components/Feedback";
import { DeleteButton } from "../components/RowButtons";
import { Icon } from "../components/icons";
import { ImportDialog } from "../components/ImportDialog";
import { Modal } from "../components/Modal";
import { useToast } from "../components/Toasts";
import { hrefOf, navigate } from "../router";
import { formatWhen } from "../format";

const SORTS: { value: WorkflowSort; label: string }[] = [
  { value: "updatedDesc", label: "Recently updated" },
  { value: "nameAsc", label: "Name (A–Z)" },
  { value: "nameDesc", label: "Name (Z–A)" },
  { value: "createdDesc", label: "Newest" },
  { value: "lastExecutedDesc", label: "Last run" },
  { value: "executionCountDesc", label: "Most runs" },
];

export function WorkflowsPage({ org }: { org: string }) {
  const toast = useToast();
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<WorkflowSort>("updatedDesc");
  const [items, setItems] = useState<WorkflowSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<WorkflowSummary | null>(null);

  // Search as the user types, but not on every keystroke.
  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(search.trim()), 200);
    return () => window.clearTimeout(timer);
  }, [search]);

  const load = useCallback(async () => {
    try {
      const page = await call(
        commands.listWorkflows(org, { search: query || null, tag: null, isActive: null, templateId: null, createdBy: null, sort, page: { limit: 200, offset: 0 } }),
      );
      setItems(page.items);
      setTotal(page.total);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [org, query, sort]);

  useEffect(() => {
    void load();
  }, [load]);

  const importFile = async () => {
    try {
      const saved = await call(commands.importWorkflowFile(org));
      if (saved) {
        toast("success", `Imported “${saved.workflow.name}”`);
        await load();
      }
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  const exportFile = async (w: WorkflowSummary) => {
    try {
      const path = await call(commands.exportWorkflowFile(org, w.id));
      if (path) toast("success", `Exported to ${path}`);
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  const duplicate = async (w: WorkflowSummary) => {
    try {
      const copy = await call(commands.duplicateWorkflow(org, w.id));
      toast("success", `Created “${copy.workflow.name}”`);
      await load();
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    try {
      await call(commands.deleteWorkflow(org, deleting.id));
      toast("success", `Deleted “${deleting.name}”`);
      setDeleting(null);
      await load();
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

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

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Workflows</h1>
          <p className="subtitle">Automations that run on this computer, by hand, on a schedule or from a webhook.</p>
        </div>
        {importActions}
      </header>

      <div className="toolbar">
        <div className="search">
          <Icon name="search" />
          <input
            type="search"
            aria-label="Search workflows"
            placeholder="Search by name, description or tag"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
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

      {error && <ErrorNotice message={error} onRetry={load} />}
      {!error && items === null && <Loading label="Loading workflows…" />}
      {items !== null && items.length === 0 && !query && (
        <EmptyState icon="workflows" title="No workflows yet" action={importActions}>
          Import a workflow document to see it here. Building workflows on the canvas comes next.
        </EmptyState>
      )}
      {items !== null && items.length === 0 && query && (
        <EmptyState icon="search" title={`Nothing matches “${query}”`}>
          Try another word, or clear the search.
        </EmptyState>
      )}
      {items !== null && items.length > 0 && (
        <table className="table" aria-label="Workflows">
          <thead>
            <tr>
              <th>Name</th>
              <th className="num">Nodes</th>
              <th>Status</th>
              <th className="num">Runs</th>
              <th>Updated</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((w) => (
              <tr key={w.id} className="clickable" onClick={() => navigate({ page: "workflow", id: w.id })}>
                <td>
                  <a href={hrefOf({ page: "workflow", id: w.id })} className="row-title" onClick={(e) => e.stopPropagation()}>
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
                </td>
                <td className="num">{w.nodeCount}</td>
                <td>
                  <span className={w.isActive ? "badge badge-green" : "badge"}>{w.isActive ? "Active" : "Inactive"}</span>
                </td>
                <td className="num">{w.executionCount}</td>
                <td title={w.updatedAt}>{formatWhen(w.updatedAt)}</td>
                <td className="actions" onClick={(e) => e.stopPropagation()}>
                  <button type="button" className="icon-button" aria-label={`Export ${w.name}`} title="Export" onClick={() => exportFile(w)}>
                    <Icon name="download" />
                  </button>
                  <button type="button" className="icon-button" aria-label={`Duplicate ${w.name}`} title="Duplicate" onClick={() => duplicate(w)}>
                    <Icon name="copy" />
                  </button>
                  <DeleteButton name={w.name} onClick={() => setDeleting(w)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {items !== null && items.length > 0 && total > items.length && (
        <p className="hint">
          Showing {items.length} of {total}. Search to narrow the list.
        </p>
      )}

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
        <Modal
          title="Delete workflow?"
          onClose={() => setDeleting(null)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setDeleting(null)}>
                Cancel
              </button>
              <button type="button" className="button button-danger" onClick={confirmDelete}>
                Delete
              </button>
            </>
          }
        >
          <p>
            “{deleting.name}” will be deleted with its version history and its {deleting.executionCount} recorded runs. This cannot
            be undone; export it first to keep a copy.
          </p>
        </Modal>
      )}
    </div>
  );
}
