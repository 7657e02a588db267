// Settings › Workspace › Organizations: every organization on this computer with its sync, connect
// and disconnect each, and download one the workspace has that this computer does not.
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Organization, SyncStatus, WorkspaceOrg } from "../../bindings";
import { renderWithBackend } from "../../test/render";
import { WorkspaceOrgs } from "./WorkspaceOrgs";

const org = (id: string, name: string): Organization => ({ id, name, createdAt: "2026-12-01T09:00:00.000Z" });
const local = (id: string): SyncStatus => ({
  org: id, connected: false, workspaceUrl: null, accountEmail: null, role: null, plan: null, limits: null,
  executionsThisMonth: 0, lastSyncAt: null, pendingChanges: 0, lastError: null, lastErrorAt: null, failures: 0,
  nextAttemptAt: null, openConflicts: 0, rejectedChanges: 0,
});
const connected = (id: string): SyncStatus => ({ ...local(id), connected: true, role: "OWNER", plan: "GROWTH" });

describe("WorkspaceOrgs", () => {
  it("connects, disconnects and downloads organizations, each by name", async () => {
    const orgs = [org("a", "Acme Realty"), org("b", "Bay Homes")];
    const linked = new Set(["a"]);
    const there: WorkspaceOrg[] = [
      { id: "a", name: "Acme Realty", role: "OWNER", plan: "GROWTH", local: true },
      { id: "c", name: "Cove Lofts", role: "MEMBER", plan: "ENTERPRISE", local: false },
    ];
    let changed = 0;
    const { calls } = renderWithBackend(<WorkspaceOrgs onChanged={() => (changed += 1)} />, {
      list_orgs: () => orgs,
      sync_status: ({ org: id }) => (linked.has(id as string) ? connected(id as string) : local(id as string)),
      workspace_orgs: () => there,
      connect_org: ({ org: id }) => (linked.add(id as string), connected(id as string)),
      disconnect_org: ({ org: id }) => (linked.delete(id as string), null),
      download_org: ({ org: id }) => {
        orgs.push(org(id as string, "Cove Lofts"));
        there[1] = { ...there[1]!, local: true };
        linked.add(id as string);
        return connected(id as string);
      },
    });
    const mine = await screen.findByRole("table", { name: "Organizations on this computer" });
    const row = (name: string) => within(mine).getByRole("row", { name: new RegExp(name) });
    expect(row("Acme Realty")).toHaveTextContent("Connected (OWNER)");
    expect(row("Bay Homes")).toHaveTextContent("Only on this computer");

    await userEvent.click(screen.getByRole("button", { name: "Connect and upload Bay Homes" }));
    expect(await within(mine).findByRole("button", { name: "Disconnect Bay Homes" })).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "connect_org")?.args).toEqual({ org: "b" });

    await userEvent.click(screen.getByRole("button", { name: "Disconnect Acme Realty" }));
    expect(await within(mine).findByRole("button", { name: "Connect and upload Acme Realty" })).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "disconnect_org")?.args).toEqual({ org: "a", remove: false });

    const missing = screen.getByRole("table", { name: "In the workspace, not on this computer" });
    expect(within(missing).getByRole("row", { name: /Cove Lofts/ })).toHaveTextContent("MEMBER");
    await userEvent.click(screen.getByRole("button", { name: "Download Cove Lofts" }));
    expect(await screen.findByRole("button", { name: "Disconnect Cove Lofts" })).toBeInTheDocument();
    expect(screen.queryByRole("table", { name: "In the workspace, not on this computer" })).not.toBeInTheDocument();
    expect(changed).toBe(3);
  });
});
