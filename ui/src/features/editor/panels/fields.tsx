// The fields every node panel is made of, each bound to one path of the node's data: it reads that
// value from the store, writes it back as a named, coalesced edit (one undo entry per pause), and
// shows the validator's problem for that very field under it (`data.<path>` in the report).
import { useId, useState, type ReactNode } from "react";
import type { Value } from "../../../bindings";
import { FieldNotes, fieldAria } from "../../../components/Field";
import { ExpressionEditor } from "../expr/ExpressionEditor";
import { setField } from "../store/commands";
import { useEditor, useEditorStore } from "../store/context";
import { readPath } from "../store/doc";

/** The node's value at `path` (kept stable for selectors). */
export function useNodeValue(nodeId: string, path: string): Value | undefined {
  return useEditor((s) => readPath(s.doc.nodes.find((n) => n.id === nodeId)?.data, path));
}

/** The validator's message for `data.<path>` of the node, if any. */
export function useFieldIssue(nodeId: string, path: string): string | null {
  return useEditor((s) => {
    const field = `data.${path}`;
    const hit = s.report?.errors.find((i) => i.nodeId === nodeId && (i.field === field || i.field.startsWith(`${field}.`) || i.field.startsWith(`${field}[`)));
    return hit?.message ?? null;
  });
}

export function useSetter(nodeId: string, path: string) {
  const store = useEditorStore();
  return (value: Value | undefined, coalesce = true) => setField(store, nodeId, path, value, coalesce);
}

interface Base {
  nodeId: string;
  path: string;
  label: string;
  hint?: ReactNode;
}

export function TextInput({ nodeId, path, label, hint, placeholder, type = "text" }: Base & { placeholder?: string; type?: "text" | "url" | "email" }) {
  const id = `f-${nodeId}-${path}`;
  const value = useNodeValue(nodeId, path);
  const set = useSetter(nodeId, path);
  const error = useFieldIssue(nodeId, path);
  return (
    <div className="field" data-field={id}>
      <label htmlFor={id}>{label}</label>
      <input {...fieldAria(id, error, Boolean(hint))} type={type} value={typeof value === "string" ? value : ""} placeholder={placeholder} onChange={(e) => set(e.target.value)} />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

export function NumberInput({ nodeId, path, label, hint, min, placeholder }: Base & { min?: number; placeholder?: string }) {
  const id = `f-${nodeId}-${path}`;
  const value = useNodeValue(nodeId, path);
  const set = useSetter(nodeId, path);
  const error = useFieldIssue(nodeId, path);
  return (
    <div className="field" data-field={id}>
      <label htmlFor={id}>{label}</label>
      <input
        {...fieldAria(id, error, Boolean(hint))}
        type="number"
        inputMode="numeric"
        min={min}
        placeholder={placeholder}
        value={typeof value === "number" ? value : ""}
        onChange={(e) => set(e.target.value === "" ? undefined : Number(e.target.value))}
      />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

export function SelectInput({ nodeId, path, label, hint, options, empty }: Base & { options: { value: string; label: string }[]; empty?: string }) {
  const id = `f-${nodeId}-${path}`;
  const value = useNodeValue(nodeId, path);
  const set = useSetter(nodeId, path);
  const error = useFieldIssue(nodeId, path);
  return (
    <div className="field" data-field={id}>
      <label htmlFor={id}>{label}</label>
      <select {...fieldAria(id, error, Boolean(hint))} value={typeof value === "string" ? value : ""} onChange={(e) => set(e.target.value === "" ? undefined : e.target.value, false)}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

export function TemplateInput({ nodeId, path, label, hint, placeholder, multiline, expression }: Base & { placeholder?: string; multiline?: boolean; expression?: boolean }) {
  const value = useNodeValue(nodeId, path);
  const set = useSetter(nodeId, path);
  const error = useFieldIssue(nodeId, path);
  return (
    <ExpressionEditor
      id={`f-${nodeId}-${path}`}
      label={label}
      nodeId={nodeId}
      value={typeof value === "string" ? value : value === undefined || value === null ? "" : JSON.stringify(value)}
      onChange={(v) => set(v)}
      {...(expression ? { expression } : {})}
      {...(multiline ? { multiline } : {})}
      {...(placeholder ? { placeholder } : {})}
      {...(hint ? { hint } : {})}
      error={error}
    />
  );
}

/** Any JSON (its strings are templates): edited as text, written back when it parses. */
export function JsonInput({ nodeId, path, label, hint, rows = 6 }: Base & { rows?: number }) {
  const id = `f-${nodeId}-${path}`;
  const value = useNodeValue(nodeId, path);
  const set = useSetter(nodeId, path);
  const issue = useFieldIssue(nodeId, path);
  const shown = value === undefined ? "" : JSON.stringify(value, null, 2);
  const [text, setText] = useState<string | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const current = text ?? shown;
  const error = parseError ?? issue;
  return (
    <div className="field" data-field={id}>
      <label htmlFor={id}>{label}</label>
      <textarea
        {...fieldAria(id, error, Boolean(hint))}
        className="code-input"
        rows={rows}
        spellCheck={false}
        value={current}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value.trim()) {
            setParseError(null);
            set(undefined);
            return;
          }
          try {
            set(JSON.parse(e.target.value) as Value);
            setParseError(null);
          } catch (err) {
            setParseError(`Not valid JSON yet: ${err instanceof Error ? err.message : String(err)}`);
          }
        }}
        onBlur={() => !parseError && setText(null)}
      />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

/** A titled group of fields. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="panel-section" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}
