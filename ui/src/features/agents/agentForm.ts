// The agent editor's form as people type it (every field a string or a choice), and its exact
// translation into what the app stores: numbers checked and parsed, lists split, the dollar budget
// turned into integer micro-dollars without a float in between.
import type { AgentPatch_Deserialize, AgentStatus, AiAgent, NewAgent_Deserialize, ProviderSettings } from "../../bindings";
import { microsToDollars, parseDollars } from "../../money";

export interface AgentForm {
  name: string;
  description: string;
  avatar: string;
  traits: string;
  tone: string;
  style: string;
  instructions: string;
  provider: string;
  model: string;
  temperature: string;
  maxTokens: string;
  topP: string;
  capabilities: string[];
  windowTurns: string;
  pinnedNotes: string;
  budgetTokens: string;
  budgetDollars: string;
  isActive: boolean;
}

export type AgentField = keyof AgentForm;
export type FormErrors = Partial<Record<AgentField, string>>;

/** What each tool lets an agent do, in a line. */
export const TOOL_TEXT: Record<string, string> = {
  fetch_url: "Read a web page or an API",
  current_time: "Know the current date and time",
  run_workflow: "Run one of your workflows",
  use_integration: "Post to Slack, send email or call APIs through your integrations",
};

export const AGENT_STATUS: Record<AgentStatus, { label: string; tone: string }> = {
  IDLE: { label: "Idle", tone: "badge-green" },
  BUSY: { label: "Busy", tone: "badge-blue" },
  ERROR: { label: "Error", tone: "badge-red" },
  OFFLINE: { label: "Offline", tone: "" },
};

/** The provider a new agent starts with: the first one that can be used now, else the first. */
export function defaultProvider(providers: ProviderSettings[]): string {
  return (providers.find((p) => p.hasKey || !p.needsKey) ?? providers[0])?.id ?? "openai";
}

export function emptyForm(provider: string): AgentForm {
  return {
    name: "",
    description: "",
    avatar: "",
    traits: "",
    tone: "",
    style: "",
    instructions: "",
    provider,
    model: "",
    temperature: "",
    maxTokens: "",
    topP: "",
    capabilities: [],
    windowTurns: "10",
    pinnedNotes: "",
    budgetTokens: "",
    budgetDollars: "",
    isActive: true,
  };
}

const text = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));

export function formOf(agent: AiAgent): AgentForm {
  const p = agent.personality;
  const m = agent.modelConfig;
  return {
    name: agent.name,
    description: agent.description,
    avatar: agent.avatar ?? "",
    traits: (p.traits ?? []).join(", "),
    tone: p.tone ?? "",
    style: p.style ?? "",
    instructions: p.instructions ?? "",
    provider: m.provider ?? "",
    model: m.model ?? "",
    temperature: text(m.temperature),
    maxTokens: text(m.maxTokens),
    topP: text(m.topP),
    capabilities: [...agent.capabilities],
    windowTurns: text(agent.memory.windowTurns ?? 10),
    pinnedNotes: (agent.memory.pinnedNotes ?? []).join("\n"),
    budgetTokens: text(agent.budget.maxTokens),
    budgetDollars: agent.budget.maxCostMicros === null || agent.budget.maxCostMicros === undefined ? "" : microsToDollars(agent.budget.maxCostMicros),
    isActive: agent.isActive,
  };
}

type Num = { value: number | null } | { error: string };

function decimal(value: string, min: number, max: number, label: string): Num {
  const t = value.trim();
  if (t === "") return { value: null };
  const n = Number(t);
  if (!/^\d*\.?\d+$|^\d+\.$/.test(t) || !Number.isFinite(n) || n < min || n > max) return { error: `${label} is a number from ${min} to ${max}` };
  return { value: n };
}

function whole(value: string, min: number, label: string, max: number = Number.MAX_SAFE_INTEGER): Num {
  const t = value.trim();
  if (t === "") return { value: null };
  const n = Number(t);
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(n) || n < min || n > max) {
    return { error: max === Number.MAX_SAFE_INTEGER ? `${label} is a whole number of at least ${min}` : `${label} is a whole number from ${min} to ${max}` };
  }
  return { value: n };
}

/** The most past turns the app sends with a call (it refuses more). */
export const MAX_WINDOW_TURNS = 100;
/** Model max tokens are stored as an unsigned 32-bit number. */
const MAX_MODEL_TOKENS = 4_294_967_295;
/** An avatar is an emoji or a couple of letters. */
const MAX_AVATAR = 8;

/**
 * The form as the app's NewAgent, or the problems to show by field. `base` keeps the model settings
 * the form does not show (penalties, stop sequences).
 */
export function toAgent(form: AgentForm, base?: AiAgent): { agent: NewAgent_Deserialize; errors: null } | { agent: null; errors: FormErrors } {
  const errors: FormErrors = {};
  const read = (field: AgentField, n: Num): number | null => {
    if ("error" in n) {
      errors[field] = n.error;
      return null;
    }
    return n.value;
  };
  const name = form.name.trim();
  if (!name) errors.name = "Name is required";
  else if ([...name].length > 100) errors.name = "Name is at most 100 characters";
  if ([...form.avatar.trim()].length > MAX_AVATAR) errors.avatar = `Avatar is an emoji or at most ${MAX_AVATAR} characters`;
  if (!form.provider.trim()) errors.provider = "Choose a provider";
  if (!form.model.trim()) errors.model = "Model is required (e.g. gpt-4o-mini)";
  const temperature = read("temperature", decimal(form.temperature, 0, 2, "Temperature"));
  const maxTokens = read("maxTokens", whole(form.maxTokens, 1, "Max tokens", MAX_MODEL_TOKENS));
  const topP = read("topP", decimal(form.topP, 0, 1, "Top P"));
  const windowTurns = read("windowTurns", whole(form.windowTurns, 0, "Turns remembered", MAX_WINDOW_TURNS));
  if (!errors.windowTurns && form.windowTurns.trim() === "") errors.windowTurns = `Turns remembered is required: a whole number from 0 to ${MAX_WINDOW_TURNS}`;
  const budgetTokens = read("budgetTokens", whole(form.budgetTokens, 1, "Token budget"));
  const dollars = parseDollars(form.budgetDollars);
  if (!dollars.ok) errors.budgetDollars = `Dollar budget: ${dollars.error}`;
  else if (dollars.micros === 0) errors.budgetDollars = "Dollar budget is more than $0 (leave it blank for no limit)";
  if (Object.keys(errors).length > 0) return { agent: null, errors };

  const list = (s: string, sep: RegExp) =>
    s
      .split(sep)
      .map((x) => x.trim())
      .filter(Boolean);
  return {
    errors: null,
    agent: {
      name,
      description: form.description.trim(),
      avatar: form.avatar.trim() || null,
      personality: { traits: list(form.traits, /[,\n]/), tone: form.tone.trim(), style: form.style.trim(), instructions: form.instructions.trim() },
      modelConfig: { ...(base?.modelConfig ?? {}), provider: form.provider.trim(), model: form.model.trim(), temperature, maxTokens, topP },
      capabilities: [...form.capabilities],
      memory: { windowTurns: windowTurns ?? 10, pinnedNotes: list(form.pinnedNotes, /\n/) },
      budget: { maxTokens: budgetTokens, maxCostMicros: dollars.ok ? dollars.micros : null },
      isActive: form.isActive,
    },
  };
}

/**
 * The form as a change to `base` that sets every field the editor shows. The avatar is sent as ""
 * rather than null to clear it (null in a patch means "leave as it is").
 */
export function toPatch(form: AgentForm, base: AiAgent): { patch: AgentPatch_Deserialize; errors: null } | { patch: null; errors: FormErrors } {
  const result = toAgent(form, base);
  if (result.errors) return { patch: null, errors: result.errors };
  const { agent } = result;
  return { errors: null, patch: { ...agent, avatar: agent.avatar ?? "", isActive: form.isActive } };
}

const SERVER_FIELDS: [string, AgentField][] = [
  ["name:", "name"],
  ["modelConfig.provider:", "provider"],
  ["memory.windowTurns:", "windowTurns"],
  ["capabilities:", "capabilities"],
];

/** The field an error from the app is about ("name: …", a name conflict), with its text; else null. */
export function fieldError(code: string, message: string): FormErrors | null {
  if (code === "CONFLICT") return { name: message.charAt(0).toUpperCase() + message.slice(1) };
  for (const [prefix, field] of SERVER_FIELDS) {
    if (message.startsWith(prefix)) {
      const text = message.slice(prefix.length).trim();
      return { [field]: text.charAt(0).toUpperCase() + text.slice(1) };
    }
  }
  return null;
}
