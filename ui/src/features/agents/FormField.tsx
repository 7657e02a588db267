// One field of the agent editor: the generic TextField bound to the editor's form and its errors by
// field name, with the `agent-<field>` ids the editor focuses on its first problem.
import type { ReactNode } from "react";
import { TextField } from "../../components/Field";
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

export function FormField({ field, label, form, errors, set, numeric, ...rest }: FieldProps) {
  return (
    <TextField
      id={fieldId(field)}
      wrapper="agent-field"
      label={label}
      value={String(form[field] ?? "")}
      onChange={(value) => set(field, value)}
      error={errors[field]}
      inputMode={numeric}
      autoComplete="off"
      {...rest}
    />
  );
}
