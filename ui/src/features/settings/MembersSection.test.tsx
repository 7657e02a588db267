// Settings › Workspace › Members: an OWNER changes a role (only the offered ones), removes someone
// after confirming, invites by email (the code shown once) and revokes; a VIEWER sees the list
// read-only with who to ask; a failed read says so with Try again; a refusal keeps the old role.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { WorkspaceInvitation, WorkspaceMember, WorkspaceMembers } from "../../bindings";
import { ORG } from "../agents/testData";
import { renderWithBackend } from "../../test/render";
import { appError } from "../../test/ipc";
import { MembersSection } from "./MembersSection";

const ALL = ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const;
const member = (id: string, name: string, role: WorkspaceMember["role"], more: Partial<WorkspaceMember> = {}): WorkspaceMember => ({
  id, userId: `u-${id}`, name, email: `${name.toLowerCase()}@acme.io`, role, joinedAt: "2026-11-30T10:00:00.000Z",
  isYou: false, assignableRoles: [...ALL], removable: true, ...more,
});
const AS_OWNER: WorkspaceMembers = {
  yourRole: "OWNER", canManage: true, invitableRoles: ["ADMIN", "MEMBER", "VIEWER"],
  members: [member("m1", "Olga", "OWNER", { isYou: true }), member("m2", "Ada", "MEMBER"), member("m3", "Max", "MEMBER")],
};
const AS_VIEWER: WorkspaceMembers = {
  yourRole: "VIEWER", canManage: false, invitableRoles: [],
  // Anyone may leave: only Ada's own row is removable.
  members: AS_OWNER.members.map((m) => ({ ...m, isYou: m.name === "Ada", role: m.name === "Ada" ? "VIEWER" : m.role, assignableRoles: [], removable: m.name === "Ada" })),
};
const INVITE: WorkspaceInvitation = {
  id: "i1", email: "ivy@acme.io", role: "VIEWER", createdAt: "2026-11-30T10:00:00.000Z", expiresAt: "2026-12-07T10:00:00.000Z",
};

describe("MembersSection", () => {
  it("lets an OWNER change a role, remove someone, invite and revoke", async () => {
    let list = AS_OWNER;
    let pending: WorkspaceInvitation[] = [];
    const { calls } = renderWithBackend(<MembersSection org={ORG} />, {
      workspace_members: () => list,
      set_member_role: (a) => (list = { ...list, members: list.members.map((m) => (m.id === a.member ? { ...m, role: a.role as WorkspaceMember["role"] } : m)) }),
      remove_member: (a) => {
        list = { ...list, members: list.members.filter((m) => m.id !== a.member) };
        return null;
      },
      workspace_invitations: () => pending,
      invite_member: (a) => {
        pending = [{ ...INVITE, email: String(a.email), role: a.role as WorkspaceMember["role"] }];
        return { invitation: pending[0], token: "nfi_once" };
      },
      revoke_invitation: () => {
        pending = [];
        return null;
      },
    });
    const table = await screen.findByRole("table", { name: "Members" });
    expect(within(table).getByText("ada@acme.io")).toBeInTheDocument();
    expect(within(table).getByText("you")).toBeInTheDocument();

    const ada = within(table).getByRole("combobox", { name: "Role of Ada" });
    expect(within(ada).getAllByRole("option").map((o) => o.textContent)).toEqual([...ALL]);
    await userEvent.selectOptions(ada, "ADMIN");
    await waitFor(() => expect(within(table).getByRole("combobox", { name: "Role of Ada" })).toHaveValue("ADMIN"));
    expect(calls.find((c) => c.cmd === "set_member_role")?.args).toMatchObject({ org: ORG, member: "m2", role: "ADMIN" });

    await userEvent.click(within(table).getByRole("button", { name: "Remove Max" }));
    const dialog = await screen.findByRole("dialog", { name: "Remove Max?" });
    expect(calls.some((c) => c.cmd === "remove_member")).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Remove member" }));
    await waitFor(() => expect(screen.queryByText("max@acme.io")).toBeNull());
    expect(calls.find((c) => c.cmd === "remove_member")?.args).toMatchObject({ member: "m3" });

    const form = screen.getByRole("form", { name: "Invite a member" });
    const roles = within(form).getByLabelText("Role");
    expect(within(roles).getAllByRole("option").map((o) => o.textContent)).toEqual(["ADMIN", "MEMBER", "VIEWER"]);
    await userEvent.type(within(form).getByLabelText("Email"), "ivy@acme.io");
    await userEvent.selectOptions(roles, "VIEWER");
    await userEvent.click(within(form).getByRole("button", { name: "Invite" }));
    expect(await screen.findByLabelText("Invitation code")).toHaveValue("nfi_once");
    expect(calls.find((c) => c.cmd === "invite_member")?.args).toMatchObject({ email: "ivy@acme.io", role: "VIEWER" });
    const waiting = await screen.findByRole("list", { name: "Invitations waiting" });
    expect(waiting).toHaveTextContent("ivy@acme.io");
    await userEvent.click(within(waiting).getByRole("button", { name: "Revoke the invitation for ivy@acme.io" }));
    expect(await screen.findByText("No invitations are waiting.")).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "revoke_invitation")?.args).toMatchObject({ invitation: "i1" });
  });

  it("shows a VIEWER the list read-only and who can change it, and lets her leave", async () => {
    const { calls } = renderWithBackend(<MembersSection org={ORG} />, { workspace_members: () => AS_VIEWER, remove_member: () => null });
    const table = await screen.findByRole("table", { name: "Members" });
    expect(within(table).getByText("olga@acme.io")).toBeInTheDocument();
    expect(within(table).queryAllByRole("combobox")).toHaveLength(0);
    expect(within(table).getAllByRole("button").map((b) => b.textContent)).toEqual(["Leave"]);
    await userEvent.click(within(table).getByRole("button", { name: "Leave the organization" }));
    const confirm = await screen.findByRole("dialog", { name: "Leave the organization?" });
    expect(confirm).toHaveTextContent("this computer keeps its copy but can no longer sync it");
    await userEvent.click(within(confirm).getByRole("button", { name: "Leave" }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "remove_member")?.args).toMatchObject({ member: "m2" }));
    expect(screen.getByText(/Only an ADMIN or the OWNER can invite people or change roles: ask Olga \(OWNER\)/)).toBeInTheDocument();
    expect(screen.queryByRole("form", { name: "Invite a member" })).toBeNull();
    expect(calls.some((c) => c.cmd === "workspace_invitations")).toBe(false);
  });

  it("says when the members cannot be read, and reads again", async () => {
    let fail = true;
    renderWithBackend(<MembersSection org={ORG} />, {
      workspace_members: () => {
        if (fail) throw appError("PROVIDER", "the workspace could not be reached (could not connect)");
        return AS_VIEWER;
      },
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("The members could not be read: the workspace could not be reached");
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("table", { name: "Members" })).toBeInTheDocument();
  });

  it("keeps the old role when the workspace refuses the change", async () => {
    renderWithBackend(<MembersSection org={ORG} />, {
      workspace_members: () => ({ ...AS_OWNER, yourRole: "ADMIN", invitableRoles: ["ADMIN", "MEMBER", "VIEWER"] }),
      workspace_invitations: () => [],
      set_member_role: () => {
        throw appError("UNAUTHORIZED", "changing the member's role to OWNER: the workspace refused: only an OWNER can change, add or remove an OWNER");
      },
    });
    const ada = await screen.findByRole("combobox", { name: "Role of Ada" });
    await userEvent.selectOptions(ada, "OWNER");
    expect(await screen.findByText(/only an OWNER can change, add or remove an OWNER/)).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Role of Ada" })).toHaveValue("MEMBER");
  });
});
