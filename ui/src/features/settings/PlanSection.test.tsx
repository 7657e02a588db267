// Settings › Workspace › Plan: the usage against the plan's limits and every plan side by side; the
// OWNER moves to a smaller plan after being told what it holds beyond it; everyone else sees who can
// change it; a failed read says so with Try again; a refusal is shown in the dialog, the plan unchanged.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Plan, PlanChoice_Serialize, WorkspacePlan_Serialize } from "../../bindings";
import { ORG } from "../agents/testData";
import { renderWithBackend } from "../../test/render";
import { appError } from "../../test/ipc";
import { PlanSection, overLimits } from "./PlanSection";

const LIMITS: Record<Plan, PlanChoice_Serialize["limits"]> = {
  FREE: { workflows: 3, agents: 0, executionsPerMonth: 100, aiHub: false },
  STARTER: { workflows: 5, agents: 0, executionsPerMonth: 500, aiHub: false },
  GROWTH: { workflows: 10, agents: 5, executionsPerMonth: 1000, aiHub: true },
  ELITE: { workflows: null, agents: null, executionsPerMonth: null, aiHub: true },
  ENTERPRISE: { workflows: null, agents: null, executionsPerMonth: null, aiHub: true },
};
const PLANS = (Object.keys(LIMITS) as Plan[]).map((plan) => ({ plan, limits: LIMITS[plan] }));
const on = (plan: Plan, more: Partial<WorkspacePlan_Serialize> = {}): WorkspacePlan_Serialize => ({
  plan, limits: LIMITS[plan], usage: { month: "2026-12-01", workflows: 4, agents: 1, executions: 1234 },
  yourRole: "OWNER", canChange: true, plans: PLANS, ...more,
});

describe("PlanSection", () => {
  it("shows the usage, and lets the OWNER move to a smaller plan after saying what it holds beyond it", async () => {
    let now = on("GROWTH");
    const changed = vi.fn();
    const { calls } = renderWithBackend(<PlanSection org={ORG} onChanged={changed} />, {
      workspace_plan: () => now,
      set_workspace_plan: (a) => (now = on(a.plan as Plan)),
    });
    const usage = await screen.findByLabelText("Usage");
    expect(usage).toHaveTextContent("Workflows4 of 10");
    expect(usage).toHaveTextContent("Agents1 of 5");
    expect(usage).toHaveTextContent("Runs in December 2026");
    expect(usage).toHaveTextContent("1,234 of 1,000");
    const table = screen.getByRole("table", { name: "Plans" });
    const rows = within(table).getAllByRole("row").slice(1) as HTMLTableRowElement[];
    expect(rows.map((r) => r.cells[0]?.textContent)).toEqual(["FREE", "STARTER", "GROWTH current", "ELITE", "ENTERPRISE"]);
    expect(rows[0]).toHaveTextContent("none");
    expect(rows[3]).toHaveTextContent("unlimited");
    expect(rows[2]?.getAttribute("aria-current")).toBe("true");
    expect(within(rows[2] as HTMLElement).queryByRole("button")).toBeNull();

    await userEvent.click(within(table).getByRole("button", { name: "Move to FREE" }));
    const dialog = await screen.findByRole("dialog", { name: "Move to FREE?" });
    const note = within(dialog).getByRole("note", { name: "Over the new plan" });
    expect(note).toHaveTextContent("4 workflows, where FREE allows 3");
    expect(note).toHaveTextContent("1 agent, where FREE allows 0");
    expect(note).toHaveTextContent("1,234 runs this month, where FREE allows 100");
    expect(note).toHaveTextContent("agents and teams can no longer be added, changed or run");
    expect(calls.some((c) => c.cmd === "set_workspace_plan")).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Move to FREE" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(calls.find((c) => c.cmd === "set_workspace_plan")?.args).toMatchObject({ org: ORG, plan: "FREE" });
    expect(within(screen.getByRole("table", { name: "Plans" })).getAllByRole("row")[1]).toHaveTextContent("FREE current");
    expect(screen.getByLabelText("Usage")).toHaveTextContent("Workflows4 of 3");
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it("shows an ADMIN the plans without choices, and who can change them", async () => {
    renderWithBackend(<PlanSection org={ORG} />, { workspace_plan: () => on("STARTER", { yourRole: "ADMIN", canChange: false }) });
    const table = await screen.findByRole("table", { name: "Plans" });
    expect(within(table).queryAllByRole("button")).toHaveLength(0);
    expect(screen.getByText("Your role is ADMIN. Only the OWNER can change the plan.")).toBeInTheDocument();
  });

  it("says when the plan cannot be read, and reads again", async () => {
    let fail = true;
    renderWithBackend(<PlanSection org={ORG} />, {
      workspace_plan: () => {
        if (fail) throw appError("PROVIDER", "reading the plan: the workspace could not be reached (could not connect)");
        return on("GROWTH");
      },
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("The plan could not be read: reading the plan: the workspace could not be reached");
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("table", { name: "Plans" })).toBeInTheDocument();
  });

  it("keeps the plan and shows the refusal in the dialog", async () => {
    renderWithBackend(<PlanSection org={ORG} />, {
      workspace_plan: () => on("GROWTH"),
      set_workspace_plan: () => {
        throw appError("UNAUTHORIZED", "your role in this organization is ADMIN, which cannot change the plan; that needs OWNER");
      },
    });
    await userEvent.click(await screen.findByRole("button", { name: "Move to ELITE" }));
    const dialog = await screen.findByRole("dialog", { name: "Move to ELITE?" });
    expect(within(dialog).queryByRole("note")).toBeNull();
    await userEvent.click(within(dialog).getByRole("button", { name: "Move to ELITE" }));
    expect(await within(dialog).findByText(/which cannot change the plan; that needs OWNER/)).toBeInTheDocument();
    expect(within(screen.getByRole("table", { name: "Plans" })).getAllByRole("row")[3]).toHaveTextContent("GROWTH current");
  });

  it("names nothing when the new plan holds everything", () => {
    expect(overLimits(on("GROWTH"), { plan: "ELITE", limits: LIMITS.ELITE })).toEqual([]);
  });
});
