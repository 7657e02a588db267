// Asking before something that cannot be undone (deleting, resetting): what will happen, Cancel, and
// the dangerous button named for what it does. A refusal from the app is shown in the dialog, which
// stays open so the person can read it and try again or cancel.
import type { ReactNode } from "react";
import { useSubmit } from "../state/useSubmit";
import { Modal } from "./Modal";

interface Props {
  title: string;
  /** The dangerous button's words: "Delete team" … */
  confirmLabel: string;
  /** Its words while the app is at it. */
  busyLabel?: string;
  /** Keeps the button off (the name to type is not typed yet …). */
  disabled?: boolean;
  /** Does the thing; the caller closes the dialog when it is done. */
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  children: ReactNode;
}

export function ConfirmDialog({ title, confirmLabel, busyLabel, disabled, onConfirm, onClose, children }: Props) {
  const { busy, error, run } = useSubmit();
  return (
    <Modal
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button-danger" disabled={busy || disabled} onClick={() => void run(onConfirm)}>
            {busy && busyLabel ? busyLabel : confirmLabel}
          </button>
        </>
      }
    >
      {children}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
