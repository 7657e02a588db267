// The Executions list: its figures, filters sent to the app, live updates, the empty state.
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { backend, emit } from "../../test/ipc";
import { ExecutionsPage } from "./ExecutionsPage";

const ORG = "01a20000-0000-7000-8000-000000000001";
const run = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  organizationId: ORG,
  workflowId: "w1",
  workflowName: "Lead intake",
  workflowVersion: 1,
  status,
  trigger: "WEBHOOK",
  triggerNode: "hook",
  parentExecutionId: null,
  rerunOf: null,
  rerunFrom: null,
  startedAt: "2026-11-21T10:00:00.000Z",
  completedAt: "2026-11-21T10:00:01.000Z",
  durationMs: 1234,
  input: {},
  output: null,
  error: status === "FAILED" ? "node 'crm' failed: HTTP 503" : null,
  nodesExecuted: 4,
  tokensUsed: 120,
  costMicros: 2500,
  logCount: 5,
  logsDropped: 0,
  ...extra,
});

describe("ExecutionsPage", () => {
  it("lists runs with status, duration, tokens and cost, and filters through the backend", async () => {
    let rows = [run("e1", "COMPLETED"), run("e2", "FAILED")];
    const { calls } = backend({
      list_executions: ({ filter }) => {
        const f = filter as { status: string | null };
        const items = f.status ? rows.filter((r) => r.status === f.status) : rows;
        return { items, total: items.length, limit: 50, offset: 0 };
      },
    });
    render(<ExecutionsPage org={ORG} />);
    const table = await screen.findByRole("table", { name: "Executions" });
    expect(within(table).getAllByRole("row")).toHaveLength(3);
    expect(within(table).getByText("node 'crm' failed: HTTP 503")).toBeInTheDocument();
    expect(within(table).getAllByText("1.2 s")).toHaveLength(2);
    expect(within(table).getAllByText("$0.0025")).toHaveLength(2);

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Filter by status" }), "FAILED");
    await waitFor(() => expect(screen.getAllByRole("row")).toHaveLength(2));
    expect(calls.at(-1)?.args).toMatchObject({ org: ORG, filter: { status: "FAILED", workflowId: null } });

    await userEvent.type(screen.getByLabelText("Started on or after"), "2026-11-20");
    await waitFor(() => expect((calls.at(-1)?.args.filter as { since: string | null }).since).not.toBeNull());

    // A run that starts elsewhere (a webhook) shows up without a reload.
    await userEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    rows = [run("e3", "RUNNING", { durationMs: null, completedAt: null }), ...rows];
    await emit("execution-changed", { executionId: "e3", status: "RUNNING" });
    expect(await screen.findByText("Running")).toBeInTheDocument();
  });

  it("says when nothing has run yet", async () => {
    backend({ list_executions: () => ({ items: [], total: 0, limit: 50, offset: 0 }) });
    render(<ExecutionsPage org={ORG} />);
    expect(await screen.findByRole("region", { name: "No runs yet" })).toBeInTheDocument();
  });
});
