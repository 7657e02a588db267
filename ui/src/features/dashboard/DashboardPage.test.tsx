// The dashboard: today's runs, failures and spend, the latest failures and top costs, read again as
// soon as a run ends anywhere (this app's event, or the change feed from another process).
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { emit } from "../../test/ipc";
import { renderWithBackend } from "../../test/render";
import { ORG, execution, figures, row } from "../analytics/testData";
import { DashboardPage } from "./DashboardPage";

const board = (runs: number, failed: number) => ({
  workflows: 4, activeWorkflows: 2, since: "2026-11-22T05:00:00.000Z", running: 1,
  today: figures({ runs, failed, costMicros: 2_500_000, tokens: 1234 }),
  recentFailures: failed ? [execution("01a20000-0000-7000-8000-0000000000e1")] : [],
  topCostsSince: "2026-11-15T10:00:00.000Z",
  topCosts: [row("w1", "Lead intake", 9, 2_000_000)],
});

describe("DashboardPage", () => {
  it("shows today and follows runs as they end, here or in another process", async () => {
    let runs = 3;
    const { calls } = renderWithBackend(<DashboardPage org={ORG} orgName="Acme Realty" />, {
      dashboard: () => board(runs, runs > 3 ? 1 : 0),
      list_workflows: () => ({ items: [], total: 0, limit: 5, offset: 0 }),
    });
    const today = await screen.findByLabelText("Today");
    expect(within(today).getByText("Runs today · 1 running").previousSibling).toHaveTextContent("3");
    expect(within(today).getByText(/AI spend today/)).toHaveTextContent("1,234 tokens");
    expect(today).toHaveTextContent("$2.50");
    expect(screen.getByText("No failed runs.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Lead intake" })).toHaveAttribute("href", "#/workflows/w1");
    expect(calls.find((c) => c.cmd === "dashboard")?.args).toEqual({ org: ORG, query: { utcOffsetMinutes: -new Date().getTimezoneOffset() } });

    runs = 4;
    await emit("execution-changed", { executionId: "e9", status: "FAILED" });
    await waitFor(() => expect(within(screen.getByLabelText("Today")).getByText("Runs today · 1 running").previousSibling).toHaveTextContent("4"));
    const failures = screen.getByRole("region", { name: "Recent failures" });
    expect(within(failures).getByRole("link", { name: "Lead intake" })).toHaveAttribute("href", "#/executions/01a20000-0000-7000-8000-0000000000e1");

    runs = 5;
    await emit("data-changed", { org: ORG, changes: [{ model: "execution", id: "e10", action: "updated" }] });
    await waitFor(() => expect(within(screen.getByLabelText("Today")).getByText("Runs today · 1 running").previousSibling).toHaveTextContent("5"));
  });
});
