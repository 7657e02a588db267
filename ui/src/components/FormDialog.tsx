// A form in a dialog (create, edit, import, run): the fields, then the app's refusal if any, and in
// the footer Cancel and the submit button, which says what it does and, while busy, that it is at it.
// The fields are the caller's; the frame, the buttons and the error are the same everywhere.
import { useId, type FormEvent, type ReactNode } from "react";
import { Modal } from "./Modal";

/** What a dialog that creates or edits one item of an organization is given. */
export interface EditorProps<T> {
  org: string;
  /** The item to edit; none to create one. */
  existing?: T;
  onClose: () => void;
  onSaved: (saved: T, created: boolean) => void;
}

interface Props {
  title: string;
  onClose: () => void;
  onSubmit: (event: FormEvent) => void;
  /** The submit button's words: "Save", "Create agent" … */
  submitLabel: string;
  busy: boolean;
  /** The submit button's words while busy. */
  busyLabel?: string;
  /** Keeps the submit button off (nothing typed yet …). */
  disabled?: boolean;
  /** The app's refusal, or a problem with the form as a whole. */
  error?: string | null;
  /** The error's id, for a field that points to it with aria-describedby. */
  errorId?: string;
  wide?: boolean;
  /** The form's classes ("form" by default). */
  className?: string;
  children: ReactNode;
}

export function FormDialog({ title, onClose, onSubmit, submitLabel, busy, busyLabel = "Saving…", disabled, error, errorId, wide, className = "form", children }: Props) {
  const formId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) onSubmit(event);
  };
  return (
    <Modal
      title={title}
      onClose={onClose}
      wide={wide}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="button button-primary" disabled={busy || disabled}>
            {busy ? busyLabel : submitLabel}
          </button>
        </>
      }
    >
      <form id={formId} className={className} onSubmit={submit} noValidate>
        {children}
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Modal>
  );
}
