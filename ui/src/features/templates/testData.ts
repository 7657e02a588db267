// Templates as the app answers them, for the screens' tests.
import type { TemplateCard, TemplateDetail, TemplateResults } from "../../bindings";

export const ORG = "01a20000-0000-7000-8000-000000000001";
export const TEMPLATE = "01a20000-0000-7000-8000-0000000000t1";
export const WORKFLOW = "01a20000-0000-7000-8000-0000000000w1";

export function card(extra: Partial<TemplateCard> = {}): TemplateCard {
  return {
    id: TEMPLATE,
    organizationId: ORG,
    slug: "listing-description-writer",
    version: "1.0.0",
    source: "BUILTIN",
    name: "Listing description writer with a fair-housing check",
    description: "Writes MLS remarks and social captions from the facts you give, checks them for fair-housing problems and posts them to Slack for approval.",
    category: "CONTENT",
    difficulty: "BEGINNER",
    setupMinutes: 5,
    icon: "home",
    tags: ["listings", "copywriting"],
    integrations: ["SLACK"],
    featured: true,
    usageCount: 3,
    rating: { sum: 9, count: 2 },
    estimateTokens: 1800,
    estimateCostMicros: 560,
    lastUsedAt: null,
    cleanupSuggested: false,
    createdAt: "2026-11-20T10:00:00.000Z",
    updatedAt: "2026-11-20T10:00:00.000Z",
    ...extra,
  };
}

const facet = (values: string[], counts: Record<string, number>) => values.map((value) => ({ value, count: counts[value] ?? 0 }));

export function results(items: TemplateCard[]): TemplateResults {
  return {
    page: { items, total: items.length, limit: 24, offset: 0 },
    facets: {
      categories: facet(["SALES", "SUPPORT", "MARKETING", "DATA_PROCESSING", "AUTOMATION", "ANALYTICS", "CONTENT", "COMMUNICATION"], { CONTENT: 1, SALES: 4 }),
      difficulties: facet(["BEGINNER", "INTERMEDIATE", "ADVANCED", "EXPERT"], { BEGINNER: 3, ADVANCED: 2 }),
      integrations: facet(["SLACK", "GMAIL", "SMTP", "WEBHOOK", "HTTP"], { SLACK: 5, GMAIL: 2 }),
    },
  };
}

export function detail(extra: Partial<TemplateDetail> = {}): TemplateDetail {
  const c = card();
  return {
    template: {
      card: c,
      sourceWorkflowId: null,
      file: {
        template: 1,
        slug: c.slug,
        version: c.version,
        name: c.name,
        description: c.description,
        category: c.category,
        difficulty: c.difficulty,
        setupMinutes: 5,
        icon: "home",
        tags: c.tags,
        featured: true,
        requires: {
          app: ">=0.1.0",
          format: 1,
          integrations: [{ key: "slack", provider: "SLACK", purpose: "posts the copy for approval" }],
          agents: [
            {
              key: "writer",
              role: "Listing copywriter",
              description: "Writes the remarks.",
              suggested: { personality: { traits: [], tone: "warm", style: "plain", instructions: "Describe the property." }, modelConfig: { provider: "openai", model: "gpt-4o-mini" }, memory: { windowTurns: 0, pinnedNotes: [] } },
            },
          ],
          teams: [],
          variables: [
            { name: "officeName", description: "Your brokerage's name", example: "Harbor Realty", required: true },
            { name: "mlsCharLimit", description: "Longest MLS remarks", example: 1000, required: true },
          ],
        },
        sampleInput: { address: "88 Ocean Avenue", beds: 3 },
        estimate: { tokensPerRun: 1800, usdPerRun: 0.00056, note: "gpt-4o-mini; two agent calls" },
        compliance: { fairHousing: true, textsPeople: false, consentField: null },
        document: {
          format: 1,
          name: c.name,
          description: "",
          tags: [],
          variables: { officeName: "Harbor Realty", mlsCharLimit: 1000 },
          nodes: [
            { id: "start", type: "trigger", position: { x: 0, y: 0 }, data: { label: "Listing facts", trigger: { kind: "manual" } } },
            { id: "write", type: "aiAgent", position: { x: 260, y: 0 }, data: { label: "Write the copy", agentId: "$agent:writer", prompt: "Write." } },
          ],
          edges: [{ id: "e1", source: "start", target: "write" }],
        },
      },
    },
    integrations: [{ key: "slack", provider: "SLACK", purpose: "posts the copy for approval", candidates: [], preselected: null }],
    agents: [{ key: "writer", role: "Listing copywriter", description: "Writes the remarks.", candidates: [], suggestedProviderReady: true }],
    teams: [],
    deployments: [],
    canRate: false,
    myRating: null,
    blocked: null,
    ...extra,
  } as TemplateDetail;
}
