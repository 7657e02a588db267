// Settings › Workspace: signing in, connecting a local organization, and a connected one's status
// in plain words (role, plan, changes waiting, the last error) with its conflicts to resolve.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { SyncConflict, SyncStatus, WorkspaceAccount, WorkspaceMembers, WorkspacePlan_Serialize } from "../../bindings";
import { ORG } from "../agents/testData";
import { renderWithBackend } from "../../test/render";
import { WorkspaceSettings } from "./WorkspaceSettings";

const ACCOUNT: WorkspaceAccount = { url: "https://ws.acme.io", userId: "u1", email: "ada@acme.io", name: "Ada" };
const LOCAL: SyncStatus = {
  org: ORG, connected: false, workspaceUrl: null, accountEmail: null, role: null, plan: null, limits: null,
  executionsThisMonth: 0, lastSyncAt: null, pendingChanges: 0, lastError: null, lastErrorAt: null, failures: 0,
  nextAttemptAt: null, openConflicts: 0, rejectedChanges: 0,
};
const CONNECTED: SyncStatus = {
  ...LOCAL, connected: true, workspaceUrl: ACCOUNT.url, accountEmail: ACCOUNT.email, role: "VIEWER", plan: "GROWTH",
  limits: { workflows: 10, agents: 5, executionsPerMonth: 1000, aiHub: true }, executionsThisMonth: 12,
  pendingChanges: 3, lastError: "the workspace could not be reached (could not connect)", failures: 2,
  nextAttemptAt: "2026-11-30T10:00:08.000Z", openConflicts: 1,
};
const MEMBERS: WorkspaceMembers = {
  yourRole: "VIEWER", canManage: false, invitableRoles: [],
  members: [{ id: "m1", userId: "u1", email: "ada@acme.io", name: "Ada", role: "VIEWER", joinedAt: "2026-11-30T10:00:00.000Z", isYou: true, assignableRoles: [], removable: false }],
};
const GROWTH = { workflows: 10, agents: 5, executionsPerMonth: 1000, aiHub: true };
const PLAN: WorkspacePlan_Serialize = {
  plan: "GROWTH", limits: GROWTH, usage: { month: "2026-11-01", workflows: 2, agents: 0, executions: 12 },
  yourRole: "VIEWER", canChange: false, plans: [{ plan: "GROWTH", limits: GROWTH }],
};
const CONFLICT: SyncConflict = {
  id: "c1", workflowId: "w1", workflowName: "Leads", authorName: "Bo", nodes: ["hello"], nodeLabels: ["Greet"], createdAt: "2026-11-30T10:00:00.000Z", resolved: false,
};

describe("WorkspaceSettings", () => {
  it("signs in, then connects the local organization", async () => {
    let account: WorkspaceAccount | null = null;
    const { calls } = renderWithBackend(<WorkspaceSettings org={ORG} />, {
      workspace_account: () => account,
      workspace_login: () => (account = ACCOUNT),
      sync_status: () => LOCAL,
      connect_org: () => ({ ...CONNECTED, role: "OWNER", lastError: null, pendingChanges: 0, openConflicts: 0 }),
      workspace_members: () => MEMBERS,
      workspace_plan: () => PLAN,
    });
    const form = await screen.findByRole("form", { name: "Sign in to a workspace" });
    await userEvent.type(screen.getByLabelText("Workspace address"), "https://ws.acme.io");
    await userEvent.type(within(form).getByLabelText("Email"), "ada@acme.io");
    await userEvent.type(within(form).getByLabelText("Password"), "correct horse battery");
    await userEvent.click(within(form).getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText(/This organization is local/)).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "workspace_login")?.args).toMatchObject({ url: "https://ws.acme.io", email: "ada@acme.io" });
    await userEvent.click(screen.getByRole("button", { name: "Connect and upload it" }));
    expect(await screen.findByLabelText("Sync status")).toHaveTextContent("OWNER");
  });

  it("signs in through the system browser: the app waits for it to come back, then connects", async () => {
    let account: WorkspaceAccount | null = null;
    let cameBack: (a: WorkspaceAccount) => void = () => {};
    const { calls } = renderWithBackend(<WorkspaceSettings org={ORG} />, {
      workspace_account: () => account,
      workspace_begin_browser_login: () => "https://ws.acme.io/api/v1/auth/desktop/authorize?state=s1",
      workspace_finish_browser_login: () => new Promise<WorkspaceAccount>((resolve) => (cameBack = (a) => resolve((account = a)))),
      sync_status: () => LOCAL,
      workspace_members: () => MEMBERS,
      workspace_plan: () => PLAN,
    });
    const button = await screen.findByRole("button", { name: "Sign in with your browser" });
    await userEvent.click(button);
    expect(calls.some((c) => c.cmd === "workspace_begin_browser_login")).toBe(false);
    expect(screen.getByLabelText("Workspace address")).toBeInvalid();

    await userEvent.type(screen.getByLabelText("Workspace address"), "https://ws.acme.io");
    await userEvent.click(button);
    const waiting = (await screen.findByText(/Finish signing in in your browser/)).closest("p")!;
    expect(waiting).toHaveAttribute("role", "status");
    expect(within(waiting).getByRole("link", { name: "the workspace's sign-in page" })).toHaveAttribute("href", expect.stringContaining("/auth/desktop/authorize"));
    expect(calls.find((c) => c.cmd === "workspace_begin_browser_login")?.args).toMatchObject({ url: "https://ws.acme.io", openBrowser: true });

    cameBack(ACCOUNT);
    expect(await screen.findByText(/This organization is local/)).toBeInTheDocument();
    expect(screen.getByText(ACCOUNT.url)).toBeInTheDocument();
  });

  it("shows the role, the plan's limits, the last error in words, and resolves a conflict", async () => {
    let conflicts = [CONFLICT];
    let refused = [{ entity: "workflow", rowId: "w2", code: "FORBIDDEN", message: "a VIEWER cannot edit workflows", at: "2026-11-30T10:00:00.000Z" }];
    const { calls } = renderWithBackend(<WorkspaceSettings org={ORG} />, {
      workspace_account: () => ACCOUNT,
      sync_status: () => CONNECTED,
      workspace_members: () => MEMBERS,
      workspace_plan: () => PLAN,
      sync_conflicts: () => conflicts,
      sync_rejections: () => refused,
      resend_sync_rejections: () => {
        refused = [];
        return 1;
      },
      resolve_sync_conflict: () => {
        conflicts = [{ ...CONFLICT, resolved: true }];
        return null;
      },
    });
    const status = await screen.findByLabelText("Sync status");
    expect(status).toHaveTextContent("VIEWER");
    expect(status).toHaveTextContent("GROWTH");
    expect(status).toHaveTextContent("10 workflows, 5 agents, 1000 runs a month; 12 this month");
    expect(within(status).getByRole("alert")).toHaveTextContent("could not be reached");
    expect(await screen.findByText(/a VIEWER cannot edit workflows/)).toBeInTheDocument();
    const list = await screen.findByRole("list", { name: "Conflicts" });
    expect(list).toHaveTextContent("Leads: Bo changed Greet too.");
    expect(within(list).getByRole("link", { name: "Open in editor" })).toHaveAttribute("href", `#/workflows/${CONFLICT.workflowId}`);
    await userEvent.click(within(list).getByRole("button", { name: "mark it resolved" }));
    expect(calls.some((c) => c.cmd === "resolve_sync_conflict" && c.args.id === "c1")).toBe(true);
    await userEvent.click(screen.getByRole("button", { name: "Send again" }));
    expect(await screen.findByText("1 change is sent again with the next sync")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText(/a VIEWER cannot edit workflows/)).toBeNull());
    // A connected organization shows its members too.
    expect(await screen.findByRole("table", { name: "Members" })).toHaveTextContent("ada@acme.io");
  });
});
