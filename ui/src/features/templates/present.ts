// How the library's values read on screen: category, difficulty and provider names, the icon a
// template chose, a rating in words, and whether a card's "needs" are met.
import type { DifficultyLevel, IntegrationProvider, TemplateCard, TemplateCategory } from "../../bindings";
import type { IconName } from "../../components/icons";

export const CATEGORIES: Record<TemplateCategory, string> = {
  SALES: "Sales",
  SUPPORT: "Support",
  MARKETING: "Marketing",
  DATA_PROCESSING: "Data processing",
  AUTOMATION: "Automation",
  ANALYTICS: "Analytics",
  CONTENT: "Content",
  COMMUNICATION: "Communication",
};

export const DIFFICULTIES: Record<DifficultyLevel, string> = {
  BEGINNER: "Beginner",
  INTERMEDIATE: "Intermediate",
  ADVANCED: "Advanced",
  EXPERT: "Expert",
};

export const PROVIDER_NAMES: Record<IntegrationProvider, string> = {
  SLACK: "Slack",
  GMAIL: "Gmail",
  SMTP: "Mail server (SMTP)",
  WEBHOOK: "Signed webhook",
  HTTP: "HTTP API",
};

const ICONS: Record<string, IconName> = {
  bolt: "trigger",
  mail: "mail",
  chart: "analytics",
  home: "home",
  calendar: "calendar",
  star: "star",
  key: "key",
  megaphone: "megaphone",
  clock: "delay",
  phone: "phone",
  search: "search",
  clipboard: "clipboard",
  gift: "gift",
  sun: "sun",
};

/** The icon a template chose, drawn with the app's own set. */
export const templateIcon = (icon: string): IconName => ICONS[icon] ?? "templates";

/** "4.5 from 12 ratings", or "Not rated yet". */
export function ratingText(card: Pick<TemplateCard, "rating">): string {
  const { sum, count } = card.rating;
  if (count === 0) return "Not rated yet";
  return `${(sum / count).toFixed(1)} from ${count} rating${count === 1 ? "" : "s"}`;
}

/** The average rating, 0 when none. */
export const average = (card: Pick<TemplateCard, "rating">) => (card.rating.count === 0 ? 0 : card.rating.sum / card.rating.count);

export const label = <K extends string>(names: Record<K, string>, value: string) => names[value as K] ?? value;
