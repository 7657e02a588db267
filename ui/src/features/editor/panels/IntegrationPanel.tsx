// An integration node's settings: the action (from the catalog the integrations declare), the
// integration to run it with (of the action's provider, with "Create new…"), and the action's
// parameters as a form built from its declared ParamSpecs — every text a template.
import type { ParamSpec } from "../../../bindings";
import { IntegrationDialog } from "../../integrations/IntegrationDialog";
import { listIntegrations } from "../../integrations/api";
import { findAction } from "../catalog";
import { useEditor } from "../store/context";
import { JsonInput, Section, SelectInput, TemplateInput, useNodeValue } from "./fields";
import { ResourcePicker } from "./ResourcePicker";

function exampleText(p: ParamSpec): string | undefined {
  if (p.example === undefined || p.example === null) return undefined;
  return typeof p.example === "string" ? p.example : JSON.stringify(p.example);
}

export function ParamField({ nodeId, param }: { nodeId: string; param: ParamSpec }) {
  const path = `params.${param.name}`;
  const label = `${param.label}${param.required ? "" : " (optional)"}`;
  const hint = param.description || undefined;
  const placeholder = exampleText(param);
  switch (param.kind) {
    case "choice":
      return <SelectInput nodeId={nodeId} path={path} label={label} hint={hint} empty={param.required ? undefined : "Default"} options={(param.choices ?? []).map((c) => ({ value: c, label: c }))} />;
    case "stringMap":
    case "json":
      return <JsonInput nodeId={nodeId} path={path} label={label} hint={hint ?? (param.kind === "stringMap" ? 'An object of texts, e.g. {"Accept": "application/json"}' : undefined)} rows={4} />;
    default:
      return <TemplateInput nodeId={nodeId} path={path} label={label} multiline={param.kind === "longText"} {...(hint ? { hint } : {})} {...(placeholder ? { placeholder } : {})} />;
  }
}

export function IntegrationPanel({ nodeId, org }: { nodeId: string; org: string }) {
  const catalog = useEditor((s) => s.catalog);
  const actionName = useNodeValue(nodeId, "action");
  const action = findAction(catalog, actionName);
  const provider = action?.provider;
  return (
    <Section title={action?.title ?? "Integration"}>
      <SelectInput nodeId={nodeId} path="action" label="Action" empty="Choose…" options={(catalog?.actions ?? []).map((a) => ({ value: a.name, label: `${a.title} (${a.name})` }))} hint={action?.description} />
      {action && (
        <ResourcePicker
          nodeId={nodeId}
          path="integrationId"
          label="Integration"
          optional={action.integrationOptional}
          load={async () => (await listIntegrations(org)).filter((i) => !provider || i.provider === provider).map((i) => ({ id: i.id, name: i.name, note: i.status.toLowerCase() }))}
          deps={[org, provider]}
          createLabel="Create new integration…"
          create={(done, cancel) => <IntegrationDialog org={org} onClose={cancel} onSaved={(i) => done(i.id)} />}
          hint={action.integrationOptional ? "Optional: without one, the request is sent unauthenticated." : undefined}
        />
      )}
      {action?.params.map((p) => <ParamField key={p.name} nodeId={nodeId} param={p} />)}
      {!action && typeof actionName === "string" && actionName && <p className="field-error">No integration offers “{actionName}”: choose another action.</p>}
    </Section>
  );
}
