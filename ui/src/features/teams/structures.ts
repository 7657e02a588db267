// What a team's structure and its members' roles mean, in words people can choose by; and the same
// checks the app makes before a run (members, roles, agents turned off), so the Teams page can say
// what is missing before anyone presses Run.
import type { AgentTeam, AiAgent, TeamMember, TeamRole, TeamStructure } from "../../bindings";

export interface StructureInfo {
  value: TeamStructure;
  label: string;
  /** One line: how the members work together. */
  blurb: string;
}

export const STRUCTURES: StructureInfo[] = [
  { value: "PIPELINE", label: "Pipeline", blurb: "Members work one after another in priority order, each building on the previous output." },
  { value: "HIERARCHICAL", label: "Hierarchical", blurb: "The leader splits the task into subtasks for members, who work at once; the leader combines their results." },
  { value: "COLLABORATIVE", label: "Collaborative", blurb: "Members answer at once; the coordinator (or the leader) merges their answers." },
  { value: "DEMOCRATIC", label: "Democratic", blurb: "Members propose answers, then every member votes; the majority wins, ties go to the lowest priority." },
];

export function structureOf(value: TeamStructure): StructureInfo {
  return STRUCTURES.find((s) => s.value === value) ?? { value, label: value, blurb: "" };
}

export const ROLES: { value: TeamRole; label: string }[] = [
  { value: "LEADER", label: "Leader" },
  { value: "COORDINATOR", label: "Coordinator" },
  { value: "WORKER", label: "Worker" },
  { value: "SPECIALIST", label: "Specialist" },
];

export function roleLabel(role: string): string {
  return ROLES.find((r) => r.value === role)?.label ?? role;
}

/** What a role does in a team of this structure, in a few words. */
export function roleHint(structure: TeamStructure, role: TeamRole): string {
  switch (structure) {
    case "HIERARCHICAL":
      return role === "LEADER" ? "plans, delegates and combines" : "does the subtasks the leader gives it";
    case "COLLABORATIVE":
      if (role === "COORDINATOR") return "merges the answers";
      if (role === "LEADER") return "merges the answers when there is no coordinator";
      return "answers the task";
    case "PIPELINE":
      return "works in priority order";
    case "DEMOCRATIC":
      return "proposes and votes";
  }
}

/** A member's priority as typed, or null when it is not a whole number. */
export function parsePriority(text: string): number | null {
  const t = text.trim();
  return /^-?\d{1,9}$/.test(t) ? Number(t) : null;
}

export const PRIORITY_PROBLEM = "Priority is a whole number, like 1 or 2.";

/** Members in the order the app runs them: lowest priority first, then by name. */
export function inOrder(members: TeamMember[]): TeamMember[] {
  return [...members].sort((a, b) => a.priority - b.priority || a.agentName.localeCompare(b.agentName));
}

/**
 * Why the team cannot run yet, as the app would say it (empty when it can). `agents` are the org's
 * agents, to know which members are turned off or have no model; unknown ones are not judged.
 */
export function problemsOf(team: AgentTeam, members: TeamMember[], agents: AiAgent[]): string[] {
  const problems: string[] = [];
  if (!team.isActive) problems.push("This team is turned off: turn it on (Edit) to run it.");
  if (members.length === 0) {
    problems.push("This team has no members yet: add at least one agent below.");
    return problems;
  }
  const byId = new Map(agents.map((a) => [a.id, a]));
  const off = members.filter((m) => byId.get(m.agentId)?.isActive === false).map((m) => `“${m.agentName}”`);
  if (off.length > 0) {
    problems.push(`${off.join(", ")} ${off.length === 1 ? "is" : "are"} turned off: turn ${off.length === 1 ? "it" : "them"} on in Agents, or remove ${off.length === 1 ? "it" : "them"} from the team.`);
  }
  const unset = members
    .filter((m) => {
      const agent = byId.get(m.agentId);
      return agent !== undefined && (!(agent.modelConfig.provider ?? "").trim() || !(agent.modelConfig.model ?? "").trim());
    })
    .map((m) => `“${m.agentName}”`);
  if (unset.length > 0) problems.push(`${unset.join(", ")} ${unset.length === 1 ? "has" : "have"} no provider and model chosen.`);
  const leaders = members.filter((m) => m.role === "LEADER");
  const coordinators = members.filter((m) => m.role === "COORDINATOR");
  switch (team.structure) {
    case "HIERARCHICAL":
      if (leaders.length === 0) problems.push("A hierarchical team needs a leader: give one member the Leader role.");
      if (leaders.length > 1) problems.push(`A hierarchical team needs exactly one leader; it has ${leaders.length} (${leaders.map((m) => m.agentName).join(", ")}).`);
      if (members.length < 2) problems.push("A hierarchical team needs members besides its leader, to delegate to.");
      break;
    case "COLLABORATIVE":
      if (coordinators.length === 0 && leaders.length === 0) problems.push("A collaborative team needs a coordinator (or a leader) to merge the answers.");
      if (members.length < 2) problems.push("A collaborative team needs members besides its coordinator.");
      break;
    case "DEMOCRATIC":
      if (members.length < 2) problems.push("A democratic team needs at least two members to vote.");
      break;
    case "PIPELINE":
      break;
  }
  return problems;
}
