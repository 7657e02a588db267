// One labelled input of the agent editor, with its hint and its error tied to it for screen readers
// (aria-describedby, aria-invalid), so that every problem is said next to the field it is about.
import type { ReactNode } from "react";
import type { AgentField, AgentForm, FormErrors } from "./agentForm";

export interface FieldProps {
  field: AgentField;
  label: string;
  form: AgentForm;
  errors: FormErrors;
  set: (field: AgentField, value: string) => void;
  hint?: ReactNode;
  placeholder?: string;
  rows?: number;
  numeric?: "decimal" | "numeric";
  list?: string;
  maxLength?: number;
}

export const fieldId = (field: AgentField) => `agent-${field}`;

export function FormField({ field, label, form, errors, set, hint, placeholder, rows, numeric, list, maxLength }: FieldProps) {
  const id = fieldId(field);
  const error = errors[field];
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    value: String(form[field] ?? ""),
    placeholder,
    maxLength,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
  };
  return (
    <div className="agent-field">
      <label htmlFor={id}>{label}</label>
      {rows ? (
        <textarea {...common} rows={rows} onChange={(e) => set(field, e.target.value)} />
      ) : (
        <input {...common} inputMode={numeric} list={list} autoComplete="off" onChange={(e) => set(field, e.target.value)} />
      )}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
