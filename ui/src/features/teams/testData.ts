// Teams, members, agents and runs as the app sends them, for the Teams page's tests.
export const ORG = "01a20000-0000-7000-8000-000000000001";
export const T1 = "01a20000-0000-7000-8000-0000000000f1";
export const RUN = "01a20000-0000-7000-8000-0000000000f9";

export const team = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  organizationId: ORG,
  name,
  description: "",
  structure: "PIPELINE",
  budget: {},
  isActive: true,
  executionCount: 0,
  memberCount: 0,
  createdBy: null,
  createdAt: "2026-11-20T10:00:00.000Z",
  updatedAt: "2026-11-21T10:00:00.000Z",
  ...extra,
});

export const agent = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  organizationId: ORG,
  name,
  description: "",
  avatar: null,
  personality: { traits: [], tone: "", style: "", instructions: "" },
  modelConfig: { provider: "openai", model: "gpt-4o-mini" },
  capabilities: [],
  memory: {},
  budget: {},
  isActive: true,
  status: "IDLE",
  executionCount: 0,
  successRate: null,
  avgResponseTimeMs: 0,
  tokensUsed: 0,
  costMicros: 0,
  createdBy: null,
  createdAt: "2026-11-20T10:00:00.000Z",
  updatedAt: "2026-11-21T10:00:00.000Z",
  ...extra,
});

export const member = (agentId: string, agentName: string, role: string, priority: number) => ({
  id: `m-${agentId}`,
  organizationId: ORG,
  teamId: T1,
  agentId,
  agentName,
  role,
  priority,
  joinedAt: "2026-11-20T10:00:00.000Z",
});

export const page = (items: unknown[]) => ({ items, total: items.length, limit: 200, offset: 0 });

export const execution = (extra: Record<string, unknown> = {}) => ({
  id: RUN,
  organizationId: ORG,
  teamId: T1,
  workflowExecutionId: null,
  pattern: "PIPELINE",
  task: "Describe 12 Elm Street",
  input: { task: "Describe 12 Elm Street" },
  output: { result: "A sunny three-bedroom home." },
  status: "COMPLETED",
  startedAt: "2026-11-21T10:00:00.000Z",
  completedAt: "2026-11-21T10:00:04.000Z",
  durationMs: 4200,
  agentResults: [],
  tokensUsed: 0,
  costMicros: 0,
  error: null,
  ...extra,
});

/** A member's recorded contribution, as the app writes it. */
export const contribution = (agentId: string, agentName: string, role: string, phase: string, output: string, tokensUsed: number, costMicros: number) => ({
  agentId,
  agentName,
  role,
  phase,
  prompt: "…",
  tokensUsed,
  costMicros,
  status: "COMPLETED",
  output,
});
