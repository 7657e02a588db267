// Above a workflow deployed from a template: which template and version it came from, how much of
// its checklist is done (the list a click away), and — when the library has a newer version — "update
// available" with the difference from the workflow as it is now, and taking it (new settings the
// version asks for are filled in right there). Nothing shows for a workflow not made from a template.
import "./templates.css";
import { useState } from "react";
import { CommandError } from "../../api";
import type { TemplateOrigin, TemplateUpdate } from "../../bindings";
import { Modal } from "../../components/Modal";
import { hrefOf } from "../../router";
import { useDataChanged } from "../../state/useDataChanged";
import { useLoad } from "../../state/useLoad";
import { useSubmit } from "../../state/useSubmit";
import type { WorkflowDiff } from "../editor/contract";
import { DiffView } from "../editor/versions/DiffView";
import { takeTemplateUpdate, templateUpdate, workflowTemplate } from "./api";
import { problemsOf } from "./deployForm";

export function TemplateOriginBar({ org, workflow }: { org: string; workflow: string }) {
  const origin = useLoad(() => workflowTemplate(org, workflow), [org, workflow]);
  useDataChanged(["workflow", "template", "integration", "execution"], () => void origin.load(), org);
  const [open, setOpen] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  const o = origin.data;
  if (!o) return null;
  const done = o.checklist.filter((i) => i.done).length;
  return (
    <div className="origin-bar" role="region" aria-label="Template">
      <span>
        From the template{" "}
        {o.templateId ? <a href={hrefOf({ page: "template", id: o.templateId })}>{o.name}</a> : <strong>{o.name}</strong>} (version {o.version})
      </span>
      <button type="button" className="link-button plain" aria-expanded={open} onClick={() => setOpen(!open)}>
        Checklist: {done} of {o.checklist.length} done
      </button>
      {o.updateAvailable && (
        <button type="button" className="button button-small button-primary" onClick={() => setReviewing(true)}>
          Update available: version {o.updateAvailable}
        </button>
      )}
      {open && (
        <ul className="checklist compact">
          {o.checklist.map((i) => (
            <li key={i.id} className={i.done ? "done" : undefined}>
              <span className="check-mark" aria-hidden="true">
                {i.done ? "✓" : "○"}
              </span>
              <span className="visually-hidden">{i.done ? "Done: " : "To do: "}</span>
              {i.label}
              {i.detail && <span className="hint"> — {i.detail}</span>}
            </li>
          ))}
        </ul>
      )}
      {reviewing && <UpdateDialog org={org} origin={o} onClose={() => setReviewing(false)} onTaken={() => void origin.load()} />}
    </div>
  );
}

function UpdateDialog({ org, origin, onClose, onTaken }: { org: string; origin: TemplateOrigin; onClose: () => void; onTaken: () => void }) {
  const update = useLoad(() => templateUpdate(org, origin.workflowId), [org, origin.workflowId]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const { busy, error, run } = useSubmit();
  const take = () =>
    void run(
      async () => {
        await takeTemplateUpdate(org, origin.workflowId, { integrations: {}, agents: {}, teams: {}, variables: values });
        onTaken();
        onClose();
      },
      (e) => {
        setProblems(e instanceof CommandError ? problemsOf(e.details) : {});
        return e instanceof Error ? e.message : String(e);
      },
    );
  const u: TemplateUpdate | null = update.data ?? null;
  return (
    <Modal
      title={`Update “${origin.name}” to version ${origin.updateAvailable}`}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Not now
          </button>
          <button type="button" className="button button-primary" disabled={busy || !u} onClick={take}>
            {busy ? "Taking it…" : "Take the update"}
          </button>
        </>
      }
    >
      {update.error && <p className="field-error">{update.error}</p>}
      {!u && !update.error && <p className="hint">Reading the new version…</p>}
      {u && (
        <>
          <p className="hint">
            It becomes this workflow's next version, filled with the choices made when it was deployed. Your own changes since then are replaced; the current version stays in the history.
          </p>
          {u.missing.length > 0 && (
            <fieldset className="deploy-section">
              <legend>New settings this version needs</legend>
              {u.missing.map((p) =>
                p.kind === "variable" ? (
                  <div key={p.key} className="deploy-row">
                    <label htmlFor={`update-${p.key}`}>{p.key}</label>
                    <input id={`update-${p.key}`} value={values[p.key] ?? ""} onChange={(e) => setValues({ ...values, [p.key]: e.target.value })} />
                    <p className={problems[`${p.kind}:${p.key}`] ? "field-error" : "hint"}>{problems[`${p.kind}:${p.key}`] ?? p.message}</p>
                  </div>
                ) : (
                  <p key={`${p.kind}:${p.key}`} className="field-error">
                    {p.message}
                  </p>
                ),
              )}
            </fieldset>
          )}
          <DiffView diff={u.diff as WorkflowDiff} onClose={onClose} from="your workflow" to={`version ${u.toVersion}`} />
        </>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
