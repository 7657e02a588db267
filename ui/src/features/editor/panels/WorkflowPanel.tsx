// The workflow's own settings, edited in the draft like everything else (undoable, saved within a
// second): name, description, tags and variables (`vars.*` in expressions).
import { useState } from "react";
import type { Value } from "../../../bindings";
import { setSettings } from "../store/commands";
import { useEditor, useEditorStore } from "../store/context";

export function WorkflowPanel() {
  const store = useEditorStore();
  const name = useEditor((s) => s.doc.name);
  const description = useEditor((s) => s.doc.description);
  const tags = useEditor((s) => s.doc.tags);
  const variables = useEditor((s) => s.doc.variables);
  const [varsText, setVarsText] = useState<string | null>(null);
  const [varsError, setVarsError] = useState<string | null>(null);
  return (
    <div className="workflow-panel">
      <div className="field">
        <label htmlFor="wf-name">Name</label>
        <input id="wf-name" value={name} onChange={(e) => setSettings(store, { name: e.target.value }, "settings:name")} />
      </div>
      <div className="field">
        <label htmlFor="wf-description">Description</label>
        <textarea id="wf-description" rows={3} value={description} onChange={(e) => setSettings(store, { description: e.target.value }, "settings:description")} />
      </div>
      <div className="field">
        <label htmlFor="wf-tags">Tags (comma-separated)</label>
        <input
          id="wf-tags"
          value={tags.join(", ")}
          onChange={(e) =>
            setSettings(
              store,
              { tags: e.target.value.split(",").map((t) => t.trim()).filter(Boolean) },
              "settings:tags",
            )
          }
        />
      </div>
      <div className="field">
        <label htmlFor="wf-vars">Variables (JSON object)</label>
        <textarea
          id="wf-vars"
          className="code-input"
          rows={6}
          aria-invalid={varsError ? true : undefined}
          aria-describedby={varsError ? "wf-vars-error" : undefined}
          value={varsText ?? JSON.stringify(variables, null, 2)}
          onChange={(e) => {
            setVarsText(e.target.value);
            try {
              const parsed = JSON.parse(e.target.value || "{}") as Value;
              if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("variables must be an object");
              setSettings(store, { variables: parsed }, "settings:variables");
              setVarsError(null);
            } catch (err) {
              setVarsError(err instanceof Error ? err.message : String(err));
            }
          }}
          onBlur={() => !varsError && setVarsText(null)}
        />
        {varsError && (
          <p id="wf-vars-error" className="field-error">
            Not saved yet: {varsError}
          </p>
        )}
      </div>
    </div>
  );
}
