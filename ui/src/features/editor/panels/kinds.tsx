// The settings of each node kind but triggers and integrations (see TriggerPanel, IntegrationPanel):
// an agent's call, a team's task, a condition, a transform, a delay, a sub-workflow, a note. Agents,
// teams and workflows are chosen from the organization's own lists, with "Create new…".
import { AgentEditor } from "../../agents/AgentEditor";
import { listAgents } from "../../agents/api";
import { TeamDialog } from "../../teams/TeamDialog";
import { listTeams } from "../../teams/api";
import { listWorkflows } from "../../workflows/api";
import { formatMs } from "../canvas/summary";
import { JsonInput, NumberInput, Section, SelectInput, TemplateInput, TextInput, useNodeValue, useSetter } from "./fields";
import { ResourcePicker } from "./ResourcePicker";

interface P {
  nodeId: string;
  org: string;
}

export function AgentPanel({ nodeId, org }: P) {
  return (
    <Section title="AI agent">
      <ResourcePicker
        nodeId={nodeId}
        path="agentId"
        label="Agent"
        load={async () => (await listAgents(org)).map((a) => ({ id: a.id, name: a.name, note: `${a.modelConfig.provider} ${a.modelConfig.model}` }))}
        deps={[org]}
        createLabel="Create new agent…"
        create={(done, cancel) => <AgentEditor org={org} onClose={cancel} onSaved={(a) => done(a.id)} />}
      />
      <TemplateInput nodeId={nodeId} path="prompt" label="Prompt" multiline placeholder="Write a two-line reply to {{ input.name }}…" hint="Type {{ to insert data from the input or earlier nodes." />
      <TemplateInput nodeId={nodeId} path="system" label="Extra instructions (optional)" multiline />
      <SelectInput nodeId={nodeId} path="responseFormat" label="Answer as" empty="Text" options={[{ value: "json", label: "JSON" }]} />
      <TextInput nodeId={nodeId} path="overrides.model" label="Model override (optional)" placeholder="the agent's own model" />
    </Section>
  );
}

export function TeamPanel({ nodeId, org }: P) {
  return (
    <Section title="Agent team">
      <ResourcePicker
        nodeId={nodeId}
        path="teamId"
        label="Team"
        load={async () => (await listTeams(org)).map((t) => ({ id: t.id, name: t.name, note: `${t.memberCount ?? 0} members` }))}
        deps={[org]}
        createLabel="Create new team…"
        create={(done, cancel) => <TeamDialog org={org} onClose={cancel} onSaved={(t) => done(t.id)} />}
      />
      <TemplateInput nodeId={nodeId} path="task" label="Task" multiline placeholder="Research {{ input.address }} and draft a listing." />
    </Section>
  );
}

export function ConditionPanel({ nodeId }: P) {
  return (
    <Section title="Condition">
      <TemplateInput nodeId={nodeId} path="expression" label="Expression" expression placeholder="input.score >= vars.threshold" hint="True takes the “true” handle, false the “false” one." />
    </Section>
  );
}

export function TransformPanel({ nodeId }: P) {
  return (
    <Section title="Transform">
      <JsonInput nodeId={nodeId} path="output" label="Output (JSON; strings are templates)" rows={8} hint='e.g. {"name": "{{ input.name }}", "status": "nurture"}' />
    </Section>
  );
}

export function DelayPanel({ nodeId }: P) {
  const ms = useNodeValue(nodeId, "ms");
  return (
    <Section title="Delay">
      <NumberInput nodeId={nodeId} path="ms" label="Wait (milliseconds)" min={0} hint={typeof ms === "number" ? `That is ${formatMs(ms)}.` : undefined} />
    </Section>
  );
}

export function SubWorkflowPanel({ nodeId, org }: P) {
  return (
    <Section title="Sub-workflow">
      <ResourcePicker
        nodeId={nodeId}
        path="workflowId"
        label="Workflow to run"
        load={async () => (await listWorkflows(org, { search: null, sort: "nameAsc", limit: 500 })).items.map((w) => ({ id: w.id, name: w.name }))}
        deps={[org]}
      />
      <JsonInput nodeId={nodeId} path="input" label="Its input (JSON; strings are templates)" hint="Inside “for each”, item is the current element and index its position." />
      <TemplateInput nodeId={nodeId} path="forEach" label="For each (optional)" placeholder="{{ input.leads }}" />
      <NumberInput nodeId={nodeId} path="concurrency" label="At once" min={1} placeholder="1" />
    </Section>
  );
}

const COLORS = ["yellow", "blue", "green", "pink", "gray"];

export function NotePanel({ nodeId }: P) {
  const id = `f-${nodeId}-text`;
  return (
    <Section title="Note">
      <NoteText id={id} nodeId={nodeId} />
      <SelectInput nodeId={nodeId} path="color" label="Colour" options={COLORS.map((c) => ({ value: c, label: c[0]!.toUpperCase() + c.slice(1) }))} />
    </Section>
  );
}

/** A note's text is plain (never evaluated), so a plain text area. */
function NoteText({ id, nodeId }: { id: string; nodeId: string }) {
  const value = useNodeValue(nodeId, "text");
  const set = useSetter(nodeId, "text");
  return (
    <div className="field">
      <label htmlFor={id}>Text</label>
      <textarea id={id} rows={6} value={typeof value === "string" ? value : ""} onChange={(e) => set(e.target.value)} />
    </div>
  );
}

/** What every node may set: retries, a time limit, what a failure does. */
export function FailureSettings({ nodeId }: { nodeId: string }) {
  return (
    <Section title="When it fails">
      <div className="field-grid">
        <NumberInput nodeId={nodeId} path="retry.maxAttempts" label="Attempts" min={1} placeholder="1" />
        <NumberInput nodeId={nodeId} path="retry.backoffMs" label="Wait between (ms)" min={0} placeholder="1000" />
      </div>
      <NumberInput nodeId={nodeId} path="timeoutMs" label="Time limit per attempt (ms)" min={1} placeholder="none" />
      <SelectInput
        nodeId={nodeId}
        path="onError"
        label="On error"
        empty="Fail the run (default)"
        options={[
          { value: "continue", label: "Continue with {error} as output" },
          { value: "branch", label: "Take the “error” handle" },
        ]}
      />
    </Section>
  );
}
