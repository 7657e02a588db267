// One template (#/templates/<id>): what it does, its workflow drawn read-only, what it needs beside
// what the organization already has, its settings, the sample input it is tested with and the output
// of the organization's own test run, its cost per run, its rating and how often it was deployed.
// Deploy opens the guided step.
import "./templates.css";
import { lazy, Suspense, useState } from "react";
import type { TemplateDetail } from "../../bindings";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Loading } from "../../components/Feedback";
import { Icon } from "../../components/icons";
import { JsonView } from "../../components/JsonView";
import { PageHeader } from "../../components/PageHeader";
import { ResourceState } from "../../components/ResourceState";
import { useToast } from "../../components/Toasts";
import { formatCost, formatWhen } from "../../format";
import { hrefOf, navigate } from "../../router";
import { useAction } from "../../state/useAction";
import { useDataChanged } from "../../state/useDataChanged";
import { useLoad } from "../../state/useLoad";
import { lastRun } from "../editor/api";
import { deleteTemplate, exportTemplateFile, templateDetail } from "./api";
import { DeployDialog } from "./DeployDialog";
import { CATEGORIES, DIFFICULTIES, PROVIDER_NAMES, label, templateIcon } from "./present";
import { RatingPanel } from "./RatingPanel";

const TemplateCanvas = lazy(() => import("./TemplateCanvas").then((m) => ({ default: m.TemplateCanvas })));

export function TemplatePage({ org, id }: { org: string; id: string }) {
  const act = useAction();
  const toast = useToast();
  const [deploying, setDeploying] = useState(false);
  const state = useLoad(async () => {
    const detail = await templateDetail(org, id);
    const first = detail.deployments[0];
    const run = first ? await lastRun(org, first.workflowId).catch(() => null) : null;
    return { detail, run: run && run.execution.status === "COMPLETED" ? { output: run.execution.output, workflow: first!.workflowName } : null };
  }, [org, id]);
  useDataChanged(["template", "workflow", "integration", "agent"], () => void state.load(), org);

  const exportFile = () => act(async () => {
    const path = await exportTemplateFile(org, id);
    return path && `Saved the template file to ${path}`;
  });
  const [deleting, setDeleting] = useState(false);

  return (
    <div className="page">
      <ResourceState state={state} loadingLabel="Loading the template…" isEmpty={() => false} errorText={(m) => `The template could not be read: ${m}`}>
        {({ detail, run }) => {
          const { card, file } = detail.template;
          return (
            <>
              <PageHeader
                title={card.name}
                back={{ href: hrefOf({ page: "templates" }), label: "Back to templates" }}
                lead={
                  <span className="template-icon" aria-hidden="true">
                    <Icon name={templateIcon(card.icon)} size={22} />
                  </span>
                }
                subtitle={`${label(CATEGORIES, card.category)} · ${label(DIFFICULTIES, card.difficulty)} · about ${card.setupMinutes} minutes to set up · version ${card.version}${card.source === "BUILTIN" ? "" : card.source === "PRIVATE" ? " · published by your organization" : " · imported"}`}
                actions={
                  <div className="button-row">
                    <button type="button" className="button button-primary" disabled={Boolean(detail.blocked)} onClick={() => setDeploying(true)}>
                      <Icon name="plus" /> Deploy…
                    </button>
                    <button type="button" className="button" onClick={exportFile}>
                      <Icon name="download" /> Export file…
                    </button>
                    {card.source !== "BUILTIN" && (
                      <button type="button" className="button button-danger" onClick={() => setDeleting(true)}>
                        <Icon name="trash" /> Delete
                      </button>
                    )}
                  </div>
                }
              />
              {detail.blocked && (
                <div className="notice notice-error" role="alert">
                  <Icon name="alert" /> This app cannot deploy it: {detail.blocked}
                </div>
              )}
              {card.cleanupSuggested && (
                <div className="notice" role="status">
                  Nobody deployed this template for 180 days. It stays until you delete it.
                </div>
              )}
              <p className="template-lead">{card.description}</p>
              <section className="card">
                <h2>The workflow</h2>
                <Suspense fallback={<Loading label="Drawing the workflow…" />}>
                  <TemplateCanvas document={file.document} />
                </Suspense>
              </section>
              <div className="template-layout">
                <div className="template-main">
                  <section className="card">
                    <h2>Sample input and output</h2>
                    <JsonView value={file.sampleInput} label="What a test run starts with" />
                    {run ? (
                      <JsonView value={run.output} label={`Output of your test run of “${run.workflow}”`} />
                    ) : (
                      <p className="hint">Deploy it and test-run it: the output of your run shows here.</p>
                    )}
                  </section>
                </div>
                <div className="template-side">
                  <Needs detail={detail} />
                  <section className="card">
                    <h2>Cost per run</h2>
                    <p>
                      <strong>{formatCost(card.estimateCostMicros)}</strong> · about {card.estimateTokens} tokens
                    </p>
                    {file.estimate.note && <p className="hint">{file.estimate.note}</p>}
                  </section>
                  <RatingPanel org={org} detail={detail} onRated={() => void state.load()} />
                  {(file.compliance.fairHousing || file.compliance.textsPeople) && (
                    <section className="card">
                      <h2>Compliance</h2>
                      <ul className="plain-list">
                        {file.compliance.fairHousing && <li>Fair housing: its AI steps avoid protected-class questions and steering.</li>}
                        {file.compliance.textsPeople && <li>Texts a person only with their recorded consent ({file.compliance.consentField}).</li>}
                      </ul>
                    </section>
                  )}
                  <section className="card">
                    <h2>Deployed here</h2>
                    {detail.deployments.length === 0 ? (
                      <p className="hint">Not deployed in this organization yet.</p>
                    ) : (
                      <ul className="list">
                        {detail.deployments.map((d) => (
                          <li key={d.workflowId}>
                            <a href={hrefOf({ page: "workflow", id: d.workflowId })}>{d.workflowName}</a>
                            <span className="muted">
                              {d.isActive ? "on" : "off"} · v{d.version} · {formatWhen(d.deployedAt)}
                            </span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </section>
                </div>
              </div>
              {deleting && (
                <ConfirmDialog
                  title={`Delete “${card.name}”?`}
                  confirmLabel="Delete template"
                  busyLabel="Deleting…"
                  onClose={() => setDeleting(false)}
                  onConfirm={async () => {
                    await deleteTemplate(org, id);
                    toast("success", `Deleted “${card.name}”`);
                    navigate({ page: "templates" });
                  }}
                >
                  <p>The template leaves your library. Workflows deployed from it keep working; they only stop hearing of its updates.</p>
                </ConfirmDialog>
              )}
              {deploying && (
                <DeployDialog
                  org={org}
                  detail={detail}
                  onClose={() => {
                    setDeploying(false);
                    void state.load();
                  }}
                  onDeployed={(o) => toast("success", `Deployed “${o.workflow.name}” (switched off)`)}
                />
              )}
            </>
          );
        }}
      </ResourceState>
    </div>
  );
}

function Needs({ detail }: { detail: TemplateDetail }) {
  const vars = detail.template.file.requires.variables ?? [];
  return (
    <section className="card">
      <h2>What it needs</h2>
      <ul className="needs">
        {detail.integrations.map((n) => {
          const have = n.candidates.length;
          return (
            <li key={n.key} className={have > 0 ? "have" : "missing"}>
              <span className="check-mark" aria-hidden="true">
                {have > 0 ? "✓" : "○"}
              </span>
              <span>
                <strong>{label(PROVIDER_NAMES, n.provider)}</strong> — {n.purpose}
                <span className="hint">
                  {" "}
                  {have === 0 ? "You have none yet: create one while deploying." : have === 1 ? `You have “${n.candidates[0]!.name}”.` : `You have ${have} to choose from.`}
                </span>
              </span>
            </li>
          );
        })}
        {detail.agents.map((a) => (
          <li key={a.key} className={a.suggestedProviderReady || a.candidates.length > 0 ? "have" : "missing"}>
            <span className="check-mark" aria-hidden="true">
              {a.suggestedProviderReady || a.candidates.length > 0 ? "✓" : "○"}
            </span>
            <span>
              <strong>Agent: {a.role}</strong> — {a.description}
              <span className="hint">
                {" "}
                {a.suggestedProviderReady ? "Made from the template's suggestion, or pick one of yours." : "Its model provider needs a key (Settings › Providers), or pick one of your agents."}
              </span>
            </span>
          </li>
        ))}
      </ul>
      {vars.length > 0 && (
        <>
          <h3>Settings you fill in</h3>
          <dl className="variables">
            {vars.map((v) => (
              <div key={v.name}>
                <dt>
                  {v.name}
                  {v.required ? " *" : ""}
                </dt>
                <dd>
                  {v.description} <span className="muted">e.g. {typeof v.example === "string" ? v.example : JSON.stringify(v.example)}</span>
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}
