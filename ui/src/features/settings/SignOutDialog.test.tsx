// Signing out keeps this computer's synced organizations by default; choosing to remove them names
// the changes that would be lost, removes each connected one (and only those), then signs out.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Organization, SyncStatus } from "../../bindings";
import { renderWithBackend } from "../../test/render";
import { SignOutDialog } from "./SignOutDialog";

const ORGS: Organization[] = [
  { id: "o1", name: "Harbor Realty", createdAt: "2026-11-30T10:00:00.000Z" },
  { id: "o2", name: "Home Notes", createdAt: "2026-11-30T10:00:00.000Z" },
];
const status = (org: string, connected: boolean, pendingChanges: number): SyncStatus => ({
  org, connected, workspaceUrl: null, accountEmail: null, role: null, plan: null, limits: null, executionsThisMonth: 0,
  lastSyncAt: null, pendingChanges, lastError: null, lastErrorAt: null, failures: 0, nextAttemptAt: null, openConflicts: 0, rejectedChanges: 0,
});
const handlers = {
  list_orgs: () => ORGS,
  sync_status: (args: Record<string, unknown>) => (args.org === "o1" ? status("o1", true, 3) : status("o2", false, 0)),
  disconnect_org: () => null,
  workspace_logout: () => null,
};

describe("SignOutDialog", () => {
  it("keeps the organizations by default", async () => {
    const onSignedOut = vi.fn();
    const { calls } = renderWithBackend(<SignOutDialog onClose={() => {}} onSignedOut={onSignedOut} />, handlers);
    const dialog = await screen.findByRole("dialog", { name: "Sign out of the workspace?" });
    expect(await within(dialog).findByText(/keeps in sync \(Harbor Realty\)/)).toBeInTheDocument();
    expect(within(dialog).getByRole("radio", { name: /Keep them on this computer/ })).toBeChecked();
    await userEvent.click(within(dialog).getByRole("button", { name: "Sign out" }));
    await waitFor(() => expect(onSignedOut).toHaveBeenCalled());
    expect(calls.map((c) => c.cmd)).toContain("workspace_logout");
    expect(calls.some((c) => c.cmd === "disconnect_org")).toBe(false);
  });

  it("removes only the connected organizations, after naming what is lost", async () => {
    const onSignedOut = vi.fn();
    const { calls } = renderWithBackend(<SignOutDialog onClose={() => {}} onSignedOut={onSignedOut} />, handlers);
    const dialog = await screen.findByRole("dialog", { name: "Sign out of the workspace?" });
    await within(dialog).findByText(/keeps in sync \(Harbor Realty\)/);
    expect(within(dialog).queryByRole("alert")).toBeNull();
    await userEvent.click(within(dialog).getByRole("radio", { name: /Remove them from this computer/ }));
    expect(within(dialog).getByRole("alert")).toHaveTextContent("Harbor Realty (3 changes)");
    await userEvent.click(within(dialog).getByRole("button", { name: "Sign out" }));
    await waitFor(() => expect(onSignedOut).toHaveBeenCalled());
    const order = calls.filter((c) => c.cmd === "disconnect_org" || c.cmd === "workspace_logout");
    expect(order.map((c) => [c.cmd, c.args.org ?? null, c.args.remove ?? null])).toEqual([
      ["disconnect_org", "o1", true],
      ["workspace_logout", null, null],
    ]);
  });
});
