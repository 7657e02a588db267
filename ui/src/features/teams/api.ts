// The team commands: teams and their members, running one (contributions stream on a channel and
// the run can be stopped), and the record of its runs.
import { call, channelTo } from "../../api";
import { commands, type AgentTeam, type NewTeam_Deserialize, type TeamEvent, type TeamPatch_Deserialize, type TeamRole } from "../../bindings";

export const listTeams = async (org: string): Promise<AgentTeam[]> => (await call(commands.listTeams(org, { page: { limit: 200, offset: 0 } }))).items;
export const getTeam = (org: string, id: string) => call(commands.getTeam(org, id));
export const createTeam = (org: string, team: NewTeam_Deserialize) => call(commands.createTeam(org, team));
export const updateTeam = (org: string, id: string, patch: TeamPatch_Deserialize) => call(commands.updateTeam(org, id, patch));
/** The team and its memberships go; its agents stay. */
export const deleteTeam = (org: string, id: string) => call(commands.deleteTeam(org, id));

/** Adds an agent to the team, or changes its role and priority; answers the team as it is now. */
export const setTeamMember = (org: string, team: string, agent: string, role: TeamRole, priority: number) => call(commands.setTeamMember(org, team, agent, role, priority));
export const removeTeamMember = (org: string, team: string, agent: string) => call(commands.removeTeamMember(org, team, agent));

/** Runs the team on a task; its events go to `onEvent`. Resolves with the finished run's record. */
export const runTeam = (org: string, team: string, task: string, onEvent: (event: TeamEvent) => void) => call(commands.runTeam(org, team, task, channelTo(onEvent)));
/** Stops a run under way; false when it had already finished. */
export const cancelTeamRun = (run: string) => call(commands.cancelTeamRun(run));
export const listTeamRuns = (org: string, team: string, limit: number) => call(commands.listTeamExecutions(org, { teamId: team, page: { limit, offset: 0 } }));
