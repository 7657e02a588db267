// A labelled text input with its hint and its error tied to it for screen readers (aria-describedby,
// aria-invalid), so that every problem is said next to the field it is about, in every form alike.
import type { ReactNode } from "react";

/** The attributes that tie an input to its `${id}-error` and `${id}-hint` paragraphs. */
export function fieldAria(id: string, error: string | null | undefined, hasHint = false) {
  const notes = [error ? `${id}-error` : null, hasHint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": notes || undefined };
}

/** The hint and the error under a field, with the ids `fieldAria` points to. */
export function FieldNotes({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | null | undefined }) {
  return (
    <>
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
    </>
  );
}

interface Props {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  error?: string | null | undefined;
  hint?: ReactNode;
  /** A multi-line field of this many rows. */
  rows?: number;
  /** Wraps label, input and notes in a div of this class (a grid cell); none by default. */
  wrapper?: string;
  placeholder?: string;
  maxLength?: number;
  inputMode?: "decimal" | "numeric";
  list?: string;
  type?: "text" | "url";
  autoComplete?: string;
  spellCheck?: boolean;
  readOnly?: boolean;
}

export function TextField({ id, label, value, onChange, error, hint, rows, wrapper, ...input }: Props) {
  const common = { ...fieldAria(id, error, Boolean(hint)), value, placeholder: input.placeholder, maxLength: input.maxLength };
  const body = (
    <>
      <label htmlFor={id}>{label}</label>
      {rows ? <textarea {...common} rows={rows} onChange={(e) => onChange(e.target.value)} /> : <input {...common} {...input} onChange={(e) => onChange(e.target.value)} />}
      <FieldNotes id={id} hint={hint} error={error} />
    </>
  );
  return wrapper ? <div className={wrapper}>{body}</div> : body;
}
