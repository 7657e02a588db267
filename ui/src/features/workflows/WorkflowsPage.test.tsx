// The Workflows list through the real page against the IPC mock: search, sort, empty, retry, import, delete.
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ToastProvider } from "../../components/Toasts";
import { appError, backend } from "../../test/ipc";
import { WorkflowsPage } from "./WorkflowsPage";

const ORG = "01a20000-0000-7000-8000-000000000001";
const summary = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  description: `${name} does things`,
  tags: ["leads"],
  isActive: false,
  version: 1,
  nodeCount: 3,
  executionCount: 0,
  lastExecuted: null,
  createdAt: "2026-11-20T10:00:00.000Z",
  updatedAt: "2026-11-21T10:00:00.000Z",
  ...extra,
});

function renderPage() {
  return render(
    <ToastProvider>
      <WorkflowsPage org={ORG} />
    </ToastProvider>,
  );
}

describe("WorkflowsPage", () => {
  it("lists workflows and searches and sorts through the backend", async () => {
    const { calls } = backend({
      list_workflows: ({ filter }) => {
        const f = filter as { search: string | null };
        const all = [summary("w1", "Lead intake"), summary("w2", "Open house follow-up", { isActive: true })];
        const items = f.search ? all.filter((w) => w.name.toLowerCase().includes(f.search!.toLowerCase())) : all;
        return { items, total: items.length, limit: 200, offset: 0 };
      },
    });
    renderPage();
    const table = await screen.findByRole("table", { name: "Workflows" });
    expect(within(table).getByText("Lead intake")).toBeInTheDocument();
    expect(within(table).getByText("Active")).toBeInTheDocument();

    await userEvent.type(screen.getByRole("searchbox", { name: "Search workflows" }), "open");
    await waitFor(() => expect(screen.queryByText("Lead intake")).not.toBeInTheDocument());
    expect(screen.getByText("Open house follow-up")).toBeInTheDocument();
    expect(calls.at(-1)?.args).toMatchObject({ org: ORG, filter: { search: "open" } });

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Sort workflows" }), "nameAsc");
    await waitFor(() => expect(calls.at(-1)?.args).toMatchObject({ filter: { sort: "nameAsc" } }));
  });

  it("shows an empty state with a way in when there are no workflows", async () => {
    backend({ list_workflows: () => ({ items: [], total: 0, limit: 200, offset: 0 }) });
    renderPage();
    expect(await screen.findByRole("region", { name: "No workflows yet" })).toBeInTheDocument();
    expect(screen.getAllByRole("button", { name: /Paste JSON/ }).length).toBeGreaterThan(0);
  });

  it("shows the failure and retries", async () => {
    let fail = true;
    backend({
      list_workflows: () => {
        if (fail) throw appError("STORAGE", "database error: disk I/O error");
        return { items: [summary("w1", "Back again")], total: 1, limit: 200, offset: 0 };
      },
    });
    renderPage();
    expect(await screen.findByRole("alert")).toHaveTextContent("database error: disk I/O error");
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("Back again")).toBeInTheDocument();
  });

  it("lists every validation problem of a pasted document and imports nothing", async () => {
    const issues = [
      { nodeId: "hot", field: "data.expression", message: "syntax error: unexpected end of input" },
      { edgeId: "e2", field: "target", message: "node 'ghost' does not exist" },
    ];
    backend({
      list_workflows: () => ({ items: [], total: 0, limit: 200, offset: 0 }),
      import_workflow_text: () => {
        throw appError("VALIDATION", "the imported workflow has 2 problems", { errors: issues, warnings: [] });
      },
    });
    renderPage();
    await userEvent.click((await screen.findAllByRole("button", { name: /Paste JSON/ }))[0]!);
    const dialog = screen.getByRole("dialog", { name: "Import a workflow" });
    await userEvent.click(within(dialog).getByRole("textbox"));
    await userEvent.paste('{"format":1}');
    await userEvent.click(within(dialog).getByRole("button", { name: "Import" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("2 problems; nothing was imported");
    expect(alert).toHaveTextContent("node hot");
    expect(alert).toHaveTextContent("node 'ghost' does not exist");
  });

  it("deletes at once and undoes the delete", async () => {
    const all = [summary("w1", "Doomed", { executionCount: 4 })];
    let items = all;
    const { calls } = backend({
      list_workflows: () => ({ items, total: items.length, limit: 200, offset: 0 }),
      delete_workflow: () => {
        items = [];
        return null;
      },
      restore_deleted_workflow: () => {
        items = all;
        return { ...all[0], nodes: [], edges: [], variables: {} };
      },
    });
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Delete Doomed" }));
    expect(await screen.findByRole("region", { name: "No workflows yet" })).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "delete_workflow")?.args).toMatchObject({ org: ORG, id: "w1" });
    await userEvent.click(screen.getByRole("button", { name: "Undo" }));
    expect(await screen.findByText("Doomed")).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "restore_deleted_workflow")?.args).toMatchObject({ org: ORG, id: "w1" });
  });

  it("creates a named workflow and opens it", async () => {
    const { calls } = backend({
      list_workflows: () => ({ items: [], total: 0, limit: 200, offset: 0 }),
      create_workflow: ({ name }) => ({ id: "new1", name, nodes: [], edges: [] }),
    });
    renderPage();
    await userEvent.click((await screen.findAllByRole("button", { name: /New workflow/ }))[0]!);
    const dialog = screen.getByRole("dialog", { name: "New workflow" });
    await userEvent.type(within(dialog).getByLabelText("Name"), "Open house");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create and open" }));
    await waitFor(() => expect(window.location.hash).toBe("#/workflows/new1"));
    expect(calls.find((c) => c.cmd === "create_workflow")?.args).toMatchObject({ org: ORG, name: "Open house" });
  });

  it("renames a workflow", async () => {
    let items = [summary("w1", "Old name")];
    const { calls } = backend({
      list_workflows: () => ({ items, total: items.length, limit: 200, offset: 0 }),
      rename_workflow: ({ name }) => {
        items = [summary("w1", String(name))];
        return { ...items[0], nodes: [], edges: [], variables: {} };
      },
    });
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Rename Old name" }));
    const dialog = screen.getByRole("dialog", { name: "Rename “Old name”" });
    const input = within(dialog).getByLabelText("Name");
    await userEvent.clear(input);
    await userEvent.type(input, "New name");
    await userEvent.click(within(dialog).getByRole("button", { name: "Rename" }));
    expect(await screen.findByText("New name")).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "rename_workflow")?.args).toMatchObject({ org: ORG, id: "w1", name: "New name" });
  });
});
