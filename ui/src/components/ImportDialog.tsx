// Import a workflow by pasting its JSON (the system file dialog is the other way in). A document that
// breaks the rules is refused whole, and every problem is listed with its node or edge.
import { useState, type FormEvent } from "react";
import { call, commands, CommandError, messageOf } from "../api";
import type { SavedWorkflow, ValidationIssue } from "../bindings";
import { Modal } from "./Modal";

export function ImportDialog({ org, onClose, onImported }: { org: string; onClose: () => void; onImported: (saved: SavedWorkflow) => void }) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<ValidationIssue[]>([]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setIssues([]);
    try {
      onImported(await call(commands.importWorkflowText(org, text)));
      onClose();
    } catch (e) {
      setError(messageOf(e));
      if (e instanceof CommandError && e.code === "VALIDATION") setIssues(issuesOf(e.details));
      setBusy(false);
    }
  };

  return (
    <Modal title="Import a workflow" onClose={onClose} wide>
      <form onSubmit={submit} className="form">
        <label htmlFor="import-text">Workflow document (JSON)</label>
        <textarea
          id="import-text"
          className="code-input"
          rows={14}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder='{"format": 1, "name": "…", "nodes": [...], "edges": [...]}'
        />
        {error && issues.length === 0 && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {issues.length > 0 && (
          <div className="issues" role="alert">
            <p>
              The workflow has {issues.length} {issues.length === 1 ? "problem" : "problems"}; nothing was imported.
            </p>
            <ul>
              {issues.map((issue, i) => (
                <li key={i}>
                  <strong>{issue.nodeId ? `node ${issue.nodeId}` : issue.edgeId ? `edge ${issue.edgeId}` : "document"}</strong>
                  {issue.field ? <code>{issue.field}</code> : null} {issue.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || !text.trim()}>
            {busy ? "Importing…" : "Import"}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function issuesOf(details: unknown): ValidationIssue[] {
  const errors = (details as { errors?: ValidationIssue[] } | null)?.errors;
  return Array.isArray(errors) ? errors : [];
}
