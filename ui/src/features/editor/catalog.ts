// What can be put on the canvas: the catalog the engine declares (node kinds and integration
// actions, with what each outputs) turned into palette items, searched by name and purpose, and
// the data a new node of each kind starts with. Free of React, tested alone.
import type { ActionSpec, Value } from "../../bindings";
import type { EditorCatalog, NodeKindInfo } from "./contract";

export interface PaletteItem {
  /** Unique among items: the kind, or `integration:<action>`. */
  key: string;
  kind: string;
  action?: string;
  title: string;
  description: string;
  group: string;
  /** Lower-case text searched: title, description, kind, action name, provider. */
  haystack: string;
}

export const GROUP_ORDER = ["Triggers", "AI", "Logic", "Integrations", "Flow", "Notes"];

export function paletteItems(catalog: EditorCatalog): PaletteItem[] {
  const items: PaletteItem[] = [];
  for (const k of catalog.nodeKinds) {
    // The generic integration kind is offered through its actions, one item each.
    if (k.kind === "integration" && catalog.actions.length > 0) continue;
    items.push({ key: k.kind, kind: k.kind, title: k.title, description: k.description, group: k.group, haystack: `${k.title} ${k.description} ${k.kind}`.toLowerCase() });
  }
  for (const a of catalog.actions) {
    items.push({
      key: `integration:${a.name}`,
      kind: "integration",
      action: a.name,
      title: a.title,
      description: a.description,
      group: "Integrations",
      haystack: `${a.title} ${a.description} ${a.name} ${a.provider}`.toLowerCase(),
    });
  }
  const rank = (g: string) => (GROUP_ORDER.indexOf(g) + 100) % 100;
  return items.sort((a, b) => rank(a.group) - rank(b.group) || (a.group === b.group ? 0 : a.group.localeCompare(b.group)));
}

/** Items whose text holds every word of `query`, best matches (title starts with it) first. */
export function searchItems(items: PaletteItem[], query: string): PaletteItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return items;
  const hits = items.filter((i) => words.every((w) => i.haystack.includes(w)));
  const first = words[0] ?? "";
  const score = (i: PaletteItem) => (i.title.toLowerCase().startsWith(first) ? 0 : i.title.toLowerCase().includes(first) ? 1 : 2);
  return hits.map((i, n) => ({ i, n })).sort((a, b) => score(a.i) - score(b.i) || a.n - b.n).map((x) => x.i);
}

/** Items grouped in palette order. */
export function groupItems(items: PaletteItem[]): { group: string; items: PaletteItem[] }[] {
  const groups = new Map<string, PaletteItem[]>();
  for (const i of items) groups.set(i.group, [...(groups.get(i.group) ?? []), i]);
  return [...groups].map(([group, list]) => ({ group, items: list }));
}

export const KIND_TITLES: Record<string, string> = {
  trigger: "Trigger",
  aiAgent: "AI agent",
  agentTeam: "Agent team",
  integration: "Integration",
  condition: "Condition",
  transform: "Transform",
  delay: "Delay",
  subWorkflow: "Sub-workflow",
  note: "Note",
};

export function kindTitle(catalog: EditorCatalog | null, kind: string): string {
  return catalog?.nodeKinds.find((k) => k.kind === kind)?.title ?? KIND_TITLES[kind] ?? kind;
}

export function findKind(catalog: EditorCatalog | null, kind: string): NodeKindInfo | undefined {
  return catalog?.nodeKinds.find((k) => k.kind === kind);
}

export function findAction(catalog: EditorCatalog | null, name: unknown): ActionSpec | undefined {
  return typeof name === "string" ? catalog?.actions.find((a) => a.name === name) : undefined;
}

/** The data a new node starts with: enough to show what to fill in, nothing invented. */
export function defaultData(kind: string, label: string, action?: ActionSpec): { [key: string]: Value } {
  switch (kind) {
    case "trigger":
      return { label, trigger: { kind: "manual" } };
    case "aiAgent":
      return { label, agentId: "", prompt: "" };
    case "agentTeam":
      return { label, teamId: "", task: "" };
    case "integration": {
      const params: { [key: string]: Value } = {};
      for (const p of action?.params ?? []) if (p.required && p.kind === "choice" && p.choices?.[0]) params[p.name] = p.choices[0];
      return { label, action: action?.name ?? "", integrationId: null, params };
    }
    case "condition":
      return { label, expression: "" };
    case "transform":
      return { label, output: {} };
    case "delay":
      return { label, ms: 1000 };
    case "subWorkflow":
      return { label, workflowId: "", input: {} };
    case "note":
      return { label, text: "", color: "yellow" };
    default:
      return { label };
  }
}
