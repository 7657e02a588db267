// The guided deploy's form, apart from its screen: what it starts with (the only integration of a
// provider chosen, a new agent from the suggestion, each variable at its example), the request it
// sends, and the app's refusal spread over the fields it names.
import type { AgentChoice, DeployRequest, TemplateDetail, Value } from "../../bindings";

export interface DeployForm {
  name: string;
  /** Integration key → the chosen integration's id ("" while none). */
  integrations: Record<string, string>;
  /** Agent key → an agent's id, or "new" for one made from the template's suggestion. */
  agents: Record<string, string>;
  teams: Record<string, string>;
  /** Variable name → what the person typed (a switch for a true/false variable). */
  variables: Record<string, string | boolean>;
}

export const NEW_AGENT = "new";

/** A variable's example as the text a field starts with. */
export function asText(v: Value): string | boolean {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") return v;
  if (v === null) return "";
  return typeof v === "number" ? String(v) : JSON.stringify(v);
}

export function initialForm(d: TemplateDetail): DeployForm {
  const file = d.template.file;
  return {
    name: file.name,
    integrations: Object.fromEntries(d.integrations.map((n) => [n.key, n.preselected ?? ""])),
    agents: Object.fromEntries(d.agents.map((n) => [n.key, NEW_AGENT])),
    teams: Object.fromEntries(d.teams.map((n) => [n.key, n.candidates.length === 1 ? n.candidates[0]!.id : ""])),
    variables: Object.fromEntries((file.requires.variables ?? []).map((v) => [v.name, asText(v.example)])),
  };
}

/** The request for the app; it converts typed text to each variable's type and checks it all. */
export function toRequest(form: DeployForm): DeployRequest {
  const chosen = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== ""));
  const agents: Record<string, AgentChoice> = Object.fromEntries(
    Object.entries(form.agents).map(([k, v]) => [k, v === NEW_AGENT ? { kind: "create", name: null } : { kind: "existing", id: v }]),
  );
  return {
    name: form.name.trim() || null,
    integrations: chosen(form.integrations),
    agents,
    teams: chosen(form.teams),
    variables: form.variables as Record<string, Value>,
  };
}

export interface Problem {
  kind: string;
  key: string;
  message: string;
}

/** The pieces a refusal names, by `kind:key` (`integration:slack`, `variable:crmBaseUrl`, `app:`). */
export function problemsOf(details: unknown): Record<string, string> {
  const list = (details as { problems?: Problem[] } | null)?.problems;
  if (!Array.isArray(list)) return {};
  return Object.fromEntries(list.map((p) => [`${p.kind}:${p.key}`, p.message]));
}
