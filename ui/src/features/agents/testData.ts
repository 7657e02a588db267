// Agents, calls and providers as the app sends them, shared by the agent screens' tests.
import type { AgentExecution, AiAgent, ProviderSettings } from "../../bindings";

export const ORG = "01a20000-0000-7000-8000-000000000001";

export const AGENT: AiAgent = {
  id: "01a20000-0000-7000-8000-0000000000a1",
  organizationId: ORG,
  name: "Support",
  description: "Answers customers",
  avatar: "🤖",
  personality: { traits: ["patient", "precise"], tone: "friendly", style: "short", instructions: "Never promise refunds." },
  modelConfig: { provider: "openai", model: "gpt-4o-mini", temperature: 0.3, maxTokens: 800, topP: null, frequencyPenalty: 0.5, stop: ["END"] },
  capabilities: ["fetch_url"],
  memory: { windowTurns: 6, pinnedNotes: ["Our shop opens at 9", "Prices include VAT"] },
  budget: { maxTokens: 20000, maxCostMicros: 250_000 },
  isActive: true,
  status: "IDLE",
  executionCount: 4,
  successRate: 0.75,
  avgResponseTimeMs: 1200,
  tokensUsed: 900,
  costMicros: 1234,
  createdBy: null,
  createdAt: "2026-11-20T10:00:00.000Z",
  updatedAt: "2026-11-20T10:00:00.000Z",
};

export function execution(extra: Partial<AgentExecution> = {}): AgentExecution {
  return {
    id: "01a20000-0000-7000-8000-0000000000c1",
    organizationId: ORG,
    agentId: AGENT.id,
    workflowExecutionId: null,
    teamExecutionId: null,
    nodeId: null,
    task: "What are your opening hours?",
    input: {},
    output: { text: "We open at 9." },
    status: "COMPLETED",
    startedAt: "2026-11-21T10:00:00.000Z",
    completedAt: "2026-11-21T10:00:01.500Z",
    durationMs: 1500,
    tokensIn: 42,
    tokensOut: 7,
    tokensUsed: 49,
    costMicros: 11,
    model: "gpt-4o-mini-2024-07-18",
    provider: "openai",
    error: null,
    ...extra,
  } as AgentExecution;
}

export const provider = (id: string, extra: Partial<ProviderSettings> = {}): ProviderSettings =>
  ({ id, name: id, kind: "openai", baseUrl: `https://${id}.example/v1`, needsKey: true, hasKey: false, preset: true, ...extra }) as ProviderSettings;

export const page = <T,>(items: T[]) => ({ items, total: items.length, limit: 500, offset: 0 });
