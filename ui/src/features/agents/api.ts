// The agent commands: the agents themselves, the tools they may be given, asking one (its answer
// streams on a channel and can be stopped), and the record of its calls.
import { call, channelTo } from "../../api";
import { commands, type AgentEvent, type AgentPatch_Deserialize, type AiAgent, type NewAgent_Deserialize } from "../../bindings";

/** Every agent of the organization (a few hundred at most: the screens show them all). */
export const listAgents = async (org: string): Promise<AiAgent[]> => (await call(commands.listAgents(org, { page: { limit: 500, offset: 0 } }))).items;
export const getAgent = (org: string, id: string) => call(commands.getAgent(org, id));
export const createAgent = (org: string, agent: NewAgent_Deserialize) => call(commands.createAgent(org, agent));
export const updateAgent = (org: string, id: string, patch: AgentPatch_Deserialize) => call(commands.updateAgent(org, id, patch));
/** Its calls' record goes with it, and it leaves every team. */
export const deleteAgent = (org: string, id: string) => call(commands.deleteAgent(org, id));
/** The names of the tools an agent can be given. */
export const agentTools = () => call(commands.agentTools());

/** Asks an agent; its events go to `onEvent` (the first says the call's id). Resolves with the call's record. */
export const askAgent = (org: string, agent: string, prompt: string, forget: boolean, onEvent: (event: AgentEvent) => void) =>
  call(commands.askAgent(org, agent, prompt, forget, channelTo(onEvent)));
/** Stops a call under way; false when it had already ended. */
export const cancelAgentCall = (callId: string) => call(commands.cancelAgentCall(callId));

/** The agent's most recent calls, newest first, from wherever they came. */
export const listAgentCalls = (org: string, agent: string, limit: number) => call(commands.listAgentExecutions(org, { agentId: agent, page: { limit, offset: 0 } }));
