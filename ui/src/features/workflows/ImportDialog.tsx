// Import a workflow by pasting its JSON (the system file dialog is the other way in). A document that
// breaks the rules is refused whole, and every problem is listed with its node or edge.
import { useState } from "react";
import { CommandError, messageOf } from "../../api";
import type { SavedWorkflow, ValidationIssue } from "../../bindings";
import { FormDialog } from "../../components/FormDialog";
import { useSubmit } from "../../state/useSubmit";
import { importWorkflowText } from "./api";

function issuesOf(details: unknown): ValidationIssue[] {
  const errors = (details as { errors?: ValidationIssue[] } | null)?.errors;
  return Array.isArray(errors) ? errors : [];
}

export function ImportDialog({ org, onClose, onImported }: { org: string; onClose: () => void; onImported: (saved: SavedWorkflow) => void }) {
  const [text, setText] = useState("");
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const { busy, error, run } = useSubmit();

  const submit = () => {
    setIssues([]);
    void run(
      async () => {
        onImported(await importWorkflowText(org, text));
        onClose();
      },
      (e) => {
        if (e instanceof CommandError && e.code === "VALIDATION") setIssues(issuesOf(e.details));
        return messageOf(e);
      },
    );
  };

  return (
    <FormDialog
      title="Import a workflow"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Import"
      busy={busy}
      busyLabel="Importing…"
      disabled={!text.trim()}
      error={issues.length === 0 ? error : null}
      wide
    >
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
    </FormDialog>
  );
}
