// What each provider asks for: its settings (never secret) and what its secret is. The form is drawn
// from these, so a provider's fields live in one place. The keys match the config the Rust side
// reads (crates/integrations/src/config.rs).
import type { IntegrationProvider } from "../../bindings";

export type Config = Record<string, string>;

export interface Field {
  key: string;
  label: string;
  kind?: "text" | "number" | "select" | "textarea" | "url";
  options?: { value: string; label: string }[];
  placeholder?: string;
  hint?: string;
  required?: boolean;
  /** Shown only under "Advanced" (base URLs for self-hosted or test servers …). */
  advanced?: boolean;
  /** Shown only when this returns true for the current settings. */
  when?: (config: Config) => boolean;
}

export interface SecretSpec {
  label: string;
  placeholder?: string;
  hint?: string;
  /** Whether the integration cannot work without it. */
  required: boolean;
}

export interface Provider {
  value: IntegrationProvider;
  label: string;
  blurb: string;
  fields: Field[];
  /** What the secret is for these settings; null when there is none. */
  secret: (config: Config) => SecretSpec | null;
  defaults: Config;
}

const HTTP_AUTH = [
  { value: "none", label: "None" },
  { value: "bearer", label: "Bearer token" },
  { value: "basic", label: "Basic (user name and password)" },
  { value: "apiKeyHeader", label: "API key in a header" },
  { value: "apiKeyQuery", label: "API key in the query" },
];

export const PROVIDERS: Provider[] = [
  {
    value: "SLACK",
    label: "Slack",
    blurb: "Post messages to channels, with a bot token or an incoming webhook.",
    defaults: { mode: "bot" },
    fields: [
      {
        key: "mode",
        label: "Posts with",
        kind: "select",
        options: [
          { value: "bot", label: "A bot token (any channel the bot is in)" },
          { value: "webhook", label: "An incoming webhook (one channel)" },
        ],
      },
      { key: "defaultChannel", label: "Default channel", placeholder: "#leads", when: (c) => c.mode !== "webhook" },
      { key: "baseUrl", label: "API base URL", kind: "url", placeholder: "https://slack.com/api", advanced: true, when: (c) => c.mode !== "webhook" },
    ],
    secret: (c) =>
      c.mode === "webhook"
        ? { label: "Incoming webhook URL", placeholder: "https://hooks.slack.com/services/…", required: true }
        : { label: "Bot token", placeholder: "xoxb-…", hint: "From your Slack app's OAuth & Permissions page.", required: true },
  },
  {
    value: "GMAIL",
    label: "Gmail",
    blurb: "Send email from a Google account, after signing in with Google.",
    defaults: {},
    fields: [
      {
        key: "clientId",
        label: "OAuth client ID",
        required: true,
        placeholder: "…apps.googleusercontent.com",
        hint: "A “Desktop app” OAuth client of your Google Cloud project.",
      },
      { key: "authUrl", label: "Authorization URL", kind: "url", placeholder: "https://accounts.google.com/o/oauth2/v2/auth", advanced: true },
      { key: "tokenUrl", label: "Token URL", kind: "url", placeholder: "https://oauth2.googleapis.com/token", advanced: true },
      { key: "apiBaseUrl", label: "Gmail API URL", kind: "url", placeholder: "https://gmail.googleapis.com", advanced: true },
    ],
    secret: () => ({ label: "Client secret", hint: "Only if your OAuth client has one.", required: false }),
  },
  {
    value: "SMTP",
    label: "Email (SMTP)",
    blurb: "Send email through any mail server: Outlook, iCloud, your brokerage's …",
    defaults: { security: "starttls" },
    fields: [
      { key: "host", label: "Server", required: true, placeholder: "smtp.example.com" },
      {
        key: "security",
        label: "Security",
        kind: "select",
        options: [
          { value: "starttls", label: "STARTTLS (usually port 587)" },
          { value: "tls", label: "TLS (usually port 465)" },
          { value: "none", label: "None (only on a trusted network)" },
        ],
      },
      { key: "port", label: "Port", kind: "number", placeholder: "587" },
      { key: "username", label: "User name", placeholder: "ada@example.com" },
      { key: "from", label: "Send as", required: true, placeholder: "Ada Lovelace <ada@example.com>" },
      { key: "caCertificate", label: "Extra trusted certificate (PEM)", kind: "textarea", advanced: true },
    ],
    secret: () => ({ label: "Password", hint: "Often an app password, not your sign-in password.", required: false }),
  },
  {
    value: "WEBHOOK",
    label: "Webhook",
    blurb: "Send signed JSON to a URL, or check the signature of webhooks that start workflows.",
    defaults: {},
    fields: [{ key: "url", label: "Receiver URL", kind: "url", required: true, placeholder: "https://crm.example.com/hooks/neuroflow" }],
    secret: () => ({
      label: "Signing key",
      hint: "Shared with the receiver, which checks the X-NeuroFlow-Signature header (HMAC-SHA256).",
      required: true,
    }),
  },
  {
    value: "HTTP",
    label: "HTTP API",
    blurb: "Call any API: the integration supplies the base URL and the credentials.",
    defaults: { auth: "bearer" },
    fields: [
      { key: "baseUrl", label: "Base URL", kind: "url", placeholder: "https://api.example.com/v1" },
      { key: "auth", label: "Authentication", kind: "select", options: HTTP_AUTH },
      { key: "username", label: "User name", required: true, when: (c) => c.auth === "basic" },
      { key: "header", label: "Header", required: true, placeholder: "X-API-Key", when: (c) => c.auth === "apiKeyHeader" },
      { key: "param", label: "Query parameter", required: true, placeholder: "api_key", when: (c) => c.auth === "apiKeyQuery" },
      { key: "testPath", label: "Path to test", placeholder: "/me", advanced: true, hint: "Requested by “Test”; the base URL by default." },
    ],
    secret: (c) => {
      switch (c.auth) {
        case "none":
          return null;
        case "basic":
          return { label: "Password", required: true };
        case "apiKeyHeader":
        case "apiKeyQuery":
          return { label: "API key", required: true };
        default:
          return { label: "Token", required: true };
      }
    },
  },
];

export function providerOf(value: IntegrationProvider): Provider {
  return PROVIDERS.find((p) => p.value === value) ?? PROVIDERS[0]!;
}

/** The settings the form edits: every value as text. */
export function configToForm(config: Record<string, unknown>): Config {
  const out: Config = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === null || value === undefined) continue;
    out[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return out;
}

/** The settings to save: the visible fields, numbers as numbers, blanks left out. */
export function formToConfig(provider: Provider, form: Config): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const field of provider.fields) {
    if (field.when && !field.when(form)) continue;
    const value = (form[field.key] ?? "").trim();
    if (!value) continue;
    out[field.key] = field.kind === "number" && /^\d+$/.test(value) ? Number(value) : value;
  }
  return out;
}

/** The first required field left blank, as a message; null when the form is complete. */
export function missingField(provider: Provider, form: Config): string | null {
  for (const field of provider.fields) {
    if (!field.required || (field.when && !field.when(form))) continue;
    if (!(form[field.key] ?? "").trim()) return `${field.label} is required`;
  }
  return null;
}
