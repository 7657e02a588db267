// A trigger's settings: by hand, on a schedule (cron read in plain words, a time zone, the next five
// runs), or on a webhook (its full address to copy, method, how it answers, and the webhook
// integration whose key must sign every request).
import { useState } from "react";
import type { Value } from "../../../bindings";
import { useLoad } from "../../../state/useLoad";
import { listIntegrations } from "../../integrations/api";
import { triggerState } from "../../settings/api";
import { readPath } from "../store/doc";
import { formatIn, readCron, timeZones } from "./cron";
import { Section, SelectInput, TextInput, useNodeValue, useSetter } from "./fields";
import { ResourcePicker } from "./ResourcePicker";

const KINDS = [
  { value: "manual", label: "By hand (Run button, CLI)" },
  { value: "schedule", label: "On a schedule" },
  { value: "webhook", label: "When a webhook is called" },
];

const FRESH: Record<string, Value> = {
  manual: { kind: "manual" },
  schedule: { kind: "schedule", cron: "0 9 * * 1-5", timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC" },
  webhook: { kind: "webhook", path: "new-lead", method: "POST" },
};

export function TriggerPanel({ nodeId, org }: { nodeId: string; org: string }) {
  const trigger = useNodeValue(nodeId, "trigger");
  const setTrigger = useSetter(nodeId, "trigger");
  const kind = String(readPath(trigger, "kind") ?? "manual");
  return (
    <Section title="Starts">
      <div className="field">
        <label htmlFor={`f-${nodeId}-trigger.kind`}>How a run starts</label>
        <select id={`f-${nodeId}-trigger.kind`} value={kind} onChange={(e) => setTrigger(FRESH[e.target.value] ?? { kind: "manual" }, false)}>
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      {kind === "schedule" && <Schedule nodeId={nodeId} />}
      {kind === "webhook" && <Webhook nodeId={nodeId} org={org} />}
    </Section>
  );
}

function Schedule({ nodeId }: { nodeId: string }) {
  const cron = String(useNodeValue(nodeId, "trigger.cron") ?? "");
  const tz = (useNodeValue(nodeId, "trigger.timezone") as string | null | undefined) ?? null;
  const reading = readCron(cron, tz);
  const zones = timeZones();
  return (
    <>
      <TextInput nodeId={nodeId} path="trigger.cron" label="Schedule (cron)" placeholder="0 9 * * 1-5" hint="Five fields: minute hour day-of-month month weekday (six with seconds first)." />
      <p className="cron-words" aria-live="polite">
        {reading.words ?? <span className="field-error">{reading.error}</span>}
      </p>
      <SelectInput nodeId={nodeId} path="trigger.timezone" label="Time zone" options={zones.map((z) => ({ value: z, label: z }))} empty="UTC (default)" />
      {reading.next.length > 0 && (
        <div className="cron-next">
          <span className="muted">Next runs</span>
          <ol aria-label="Next five runs">
            {reading.next.map((t) => (
              <li key={t}>{formatIn(t, tz)}</li>
            ))}
          </ol>
        </div>
      )}
    </>
  );
}

function Webhook({ nodeId, org }: { nodeId: string; org: string }) {
  const path = String(useNodeValue(nodeId, "trigger.path") ?? "");
  const state = useLoad(triggerState, []);
  const [copied, setCopied] = useState(false);
  const address = state.data?.status?.address ?? `http://127.0.0.1:${state.data?.settings.webhookPort ?? 8790}`;
  const url = `${address.replace(/\/$/, "")}/webhook/${path.replace(/^\//, "")}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <>
      <TextInput nodeId={nodeId} path="trigger.path" label="Path" placeholder="new-lead" />
      <div className="field">
        <label htmlFor={`f-${nodeId}-url`}>Full address</label>
        <div className="copy-row">
          <input id={`f-${nodeId}-url`} readOnly value={url} />
          <button type="button" className="button button-small" onClick={() => void copy()} aria-label="Copy the webhook address">
            {copied ? "Copied" : "Copy"}
          </button>
        </div>
        {state.data?.note && <p className="hint">{state.data.note}</p>}
      </div>
      <SelectInput nodeId={nodeId} path="trigger.method" label="Method" options={["POST", "GET", "PUT", "PATCH", "DELETE"].map((m) => ({ value: m, label: m }))} />
      <SelectInput
        nodeId={nodeId}
        path="trigger.respond"
        label="Answer the caller"
        empty="With the run's output (waits for it)"
        options={[{ value: "accepted", label: "At once with 202 and the execution id" }]}
      />
      <ResourcePicker
        nodeId={nodeId}
        path="trigger.integrationId"
        label="Signature: requests must be signed with"
        optional
        load={async () => (await listIntegrations(org)).filter((i) => i.provider === "WEBHOOK").map((i) => ({ id: i.id, name: i.name }))}
        deps={[org]}
        hint="A webhook integration's signing key; unsigned or badly signed calls are refused with 401."
      />
    </>
  );
}
