// The Analytics page against a fake backend: tiles against the previous period, the period and
// workflow sent to the app, the three views, sorting, drill-down to the runs behind a figure (each
// opening its execution page), CSV export, live refresh, and the error state.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { appError, emit } from "../../test/ipc";
import { renderWithBackend } from "../../test/render";
import { AnalyticsPage } from "./AnalyticsPage";
import { ORG, errorsOf, execution, row, seriesOf, summaryOf } from "./testData";

const page = (items: unknown[]) => ({ items, total: items.length, limit: 25, offset: 0 });

function handlers(over: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  return {
    analytics_summary: () => summaryOf(),
    analytics_series: () => seriesOf(),
    analytics_breakdown: ({ by }: Record<string, unknown>) => ({
      window: summaryOf().window,
      by,
      rows: by === "model"
        ? [row("openai/gpt-4o-mini", "gpt-4o-mini (openai)", 30, 900_000), row("anthropic/claude-haiku", "claude-haiku (anthropic)", 50, 300_000, 5)]
        : [row("w1", "Lead intake", 80, 1_000_000, 4), row("w2", "Listing writer", 40, 234_567)],
    }),
    analytics_errors: () => errorsOf(),
    analytics_runs: () => page([execution("01a20000-0000-7000-8000-0000000000e9")]),
    list_workflows: () => ({ items: [{ id: "w1", name: "Lead intake" }], total: 1, limit: 500, offset: 0 }),
    save_text_file: () => "/home/broker/analytics.csv",
    ...over,
  };
}

describe("AnalyticsPage", () => {
  it("shows the period's figures against the one before, and asks again for another period or workflow", async () => {
    const { calls } = renderWithBackend(<AnalyticsPage org={ORG} />, handlers());
    const runs = await screen.findByRole("group", { name: "Runs" });
    expect(runs).toHaveTextContent("120");
    expect(runs).toHaveTextContent("+20%, better than the period before");
    expect(screen.getByRole("group", { name: "Success rate" })).toHaveTextContent("95.0%Success rate+6.0 pts, better");
    expect(screen.getByRole("group", { name: "p95 duration" })).toHaveTextContent("2.30 s");
    expect(screen.getByRole("group", { name: "p95 duration" })).toHaveTextContent("±3.1%");
    expect(screen.getByRole("group", { name: "AI spend" })).toHaveTextContent("$1.23AI spend+23%, worse than the period before");
    expect(calls.find((c) => c.cmd === "analytics_summary")?.args).toEqual({ org: ORG, query: { range: { kind: "last7Days" }, workflowId: null } });

    await userEvent.click(screen.getByRole("button", { name: "24 hours" }));
    await waitFor(() => expect(calls.at(-1)?.args.query).toEqual({ range: { kind: "last24Hours" }, workflowId: null }));
    expect(screen.getByRole("button", { name: "24 hours" })).toHaveAttribute("aria-pressed", "true");
    await userEvent.selectOptions(await screen.findByRole("combobox", { name: "Workflow" }), "w1");
    await waitFor(() => expect(calls.at(-1)?.args.query).toEqual({ range: { kind: "last24Hours" }, workflowId: "w1" }));
  });

  it("draws the figures over time, described, and lists the runs behind a bucket", async () => {
    const { calls } = renderWithBackend(<AnalyticsPage org={ORG} />, handlers());
    expect(await screen.findByText("Runs", { selector: "figcaption" })).toBeInTheDocument();
    expect(screen.getByText(/^Runs per hour: 10 in all, 1 failed; the busiest hour was .* with 7\.$/)).toBeInTheDocument();
    expect(screen.queryByRole("table", { name: "Figures over time" })).toBeNull();
    await userEvent.click(screen.getByText(/^Figures by hour/));
    const table = await screen.findByRole("table", { name: "Figures over time" });
    expect(within(table).getAllByRole("row")).toHaveLength(3);
    await userEvent.click(within(table).getAllByRole("button", { name: /^Runs of/ })[0]!);
    await waitFor(() => expect(calls.some((c) => c.cmd === "analytics_runs")).toBe(true));
    const drill = calls.find((c) => c.cmd === "analytics_runs")!.args.drill as Record<string, unknown>;
    expect(drill).toMatchObject({ from: "2026-11-22T08:00:00.000Z", to: "2026-11-22T09:00:00.000Z", topLevel: true, workflowId: null });
    const runs = await screen.findByRole("region", { name: /^Runs of/ });
    expect(within(runs).getByRole("link", { name: "Lead intake" })).toHaveAttribute("href", "#/executions/01a20000-0000-7000-8000-0000000000e9");
    expect(runs.querySelector("h2")).toHaveFocus();
  });

  it("breaks figures down, sorts any column and drills into a row", async () => {
    const { calls } = renderWithBackend(<AnalyticsPage org={ORG} />, handlers());
    await userEvent.click(await screen.findByRole("tab", { name: "Breakdown" }));
    await userEvent.selectOptions(await screen.findByRole("combobox", { name: "Break down by" }), "model");
    const table = await screen.findByRole("table", { name: "Breakdown by model" });
    const names = () => within(table).getAllByRole("row").slice(1).map((r) => within(r).getAllByRole("cell")[0]!.textContent);
    expect(names()).toEqual(["gpt-4o-mini (openai)", "claude-haiku (anthropic)"]);
    expect(within(table).getByRole("columnheader", { name: /Cost/ })).toHaveAttribute("aria-sort", "descending");
    await userEvent.click(within(table).getByRole("button", { name: /^Calls/ }));
    expect(names()).toEqual(["claude-haiku (anthropic)", "gpt-4o-mini (openai)"]);
    expect(within(table).getByRole("columnheader", { name: /Calls/ })).toHaveAttribute("aria-sort", "descending");
    await userEvent.click(within(table).getByRole("button", { name: "Runs of claude-haiku (anthropic)" }));
    await waitFor(() => expect(calls.at(-1)?.cmd).toBe("analytics_runs"));
    expect(calls.at(-1)?.args.drill).toMatchObject({ provider: "anthropic", model: "claude-haiku" });
  });

  it("groups errors and lists the runs of a group", async () => {
    const { calls } = renderWithBackend(<AnalyticsPage org={ORG} />, handlers());
    const tab = await screen.findByRole("tab", { name: "Over time" });
    tab.focus();
    await userEvent.keyboard("{ArrowLeft}");
    expect(screen.getByRole("tab", { name: "Errors" })).toHaveAttribute("aria-selected", "true");
    const table = await screen.findByRole("table", { name: "Error groups" });
    expect(table).toHaveTextContent("HTTP 503 after {n} ms");
    expect(table).toHaveTextContent("Push to CRM");
    expect(within(table).getByRole("link", { name: "HTTP 503 after 3012 ms" })).toHaveAttribute("href", "#/executions/01a20000-0000-7000-8000-0000000000e9");
    await userEvent.click(within(table).getByRole("button", { name: /^Runs failing with/ }));
    await waitFor(() => expect(calls.at(-1)?.args.drill).toMatchObject({ errorGroup: "a1b2c3d4e5f60718", topLevel: false }));
  });

  it("exports the view as CSV and reads again when a run ends anywhere", async () => {
    const { calls } = renderWithBackend(<AnalyticsPage org={ORG} />, handlers());
    await screen.findByText("Runs", { selector: "figcaption" });
    await userEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "save_text_file")).toBe(true));
    const saved = calls.find((c) => c.cmd === "save_text_file")!.args;
    expect(saved.extension).toBe("csv");
    expect(String(saved.text)).toContain("period,from,to,runs,completed");
    expect(String(saved.text)).toContain("2026-11-22T08:00:00.000Z,7,6,1,0,400,2100,900,0.025");
    expect(await screen.findByText("Saved /home/broker/analytics.csv")).toBeInTheDocument();

    const before = calls.filter((c) => c.cmd === "analytics_summary").length;
    await emit("execution-changed", { executionId: "e3", status: "COMPLETED" });
    await waitFor(() => expect(calls.filter((c) => c.cmd === "analytics_summary").length).toBe(before + 1));
  });

  it("says what failed, and tries again", async () => {
    let fail = true;
    renderWithBackend(
      <AnalyticsPage org={ORG} />,
      handlers({
        analytics_summary: () => {
          if (fail) throw appError("STORAGE", "database error: disk I/O error");
          return summaryOf();
        },
      }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("disk I/O error");
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("group", { name: "Runs" })).toHaveTextContent("120");
  });
});
