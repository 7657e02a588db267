// Settings › Workspace: the commands behind it (sign-in, connecting organizations, sync status,
// conflicts). Every one goes through `call`, so failures arrive as CommandError with a code.
import { call } from "../../api";
import { commands, type MemberRole, type Plan } from "../../bindings";

export const workspaceAccount = () => call(commands.workspaceAccount());
export const workspaceLogin = (url: string, email: string, password: string) => call(commands.workspaceLogin(url, email, password));
/** Starts a sign-in in the system browser (opened by the app); resolves with the page's address. */
export const workspaceBeginBrowserLogin = (url: string) => call(commands.workspaceBeginBrowserLogin(url, true));
/** Waits (up to five minutes) for the browser to come back signed in. */
export const workspaceFinishBrowserLogin = () => call(commands.workspaceFinishBrowserLogin());
export const workspaceLogout = () => call(commands.workspaceLogout());
export const workspaceOrgs = () => call(commands.workspaceOrgs());
export const connectOrg = (org: string) => call(commands.connectOrg(org));
export const downloadOrg = (org: string) => call(commands.downloadOrg(org));
export const disconnectOrg = (org: string, remove: boolean) => call(commands.disconnectOrg(org, remove));
export const syncStatus = (org: string) => call(commands.syncStatus(org));
export const syncNow = (org: string) => call(commands.syncNow(org));
export const syncConflicts = (org: string) => call(commands.syncConflicts(org, null));
export const resolveSyncConflict = (org: string, id: string) => call(commands.resolveSyncConflict(org, id));
export const syncRejections = (org: string) => call(commands.syncRejections(org));
/** Queues the refused changes again, as they stand now; resolves with how many records. */
export const resendSyncRejections = (org: string) => call(commands.resendSyncRejections(org));
// Members and roles of a connected organization (the workspace decides; the app refuses first what
// the synced role does not allow).
export const workspaceMembers = (org: string) => call(commands.workspaceMembers(org));
export const setMemberRole = (org: string, member: string, role: MemberRole) => call(commands.setMemberRole(org, member, role));
export const removeMember = (org: string, member: string) => call(commands.removeMember(org, member));
export const workspaceInvitations = (org: string) => call(commands.workspaceInvitations(org));
export const inviteMember = (org: string, email: string, role: MemberRole) => call(commands.inviteMember(org, email, role));
export const revokeInvitation = (org: string, invitation: string) => call(commands.revokeInvitation(org, invitation));
// The organization's plan and this month's usage; the OWNER moves it to another plan.
export const workspacePlan = (org: string) => call(commands.workspacePlan(org));
export const setWorkspacePlan = (org: string, plan: Plan) => call(commands.setWorkspacePlan(org, plan));
