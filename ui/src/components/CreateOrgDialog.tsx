import { useState, type FormEvent } from "react";
import { messageOf } from "../api";
import { useOrgs } from "../state/orgs";
import { Modal } from "./Modal";

export function CreateOrgDialog({ onClose }: { onClose: () => void }) {
  const { create } = useOrgs();
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await create(name);
      onClose();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  return (
    <Modal title="New organization" onClose={onClose}>
      <form onSubmit={submit} className="form">
        <label htmlFor="new-org-name">Name</label>
        <input
          id="new-org-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Acme Realty"
          maxLength={100}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "new-org-error" : undefined}
        />
        <p className="hint">Each organization keeps its workflows, agents and runs in its own file on this computer.</p>
        {error && (
          <p id="new-org-error" className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>
            {busy ? "Creating…" : "Create organization"}
          </button>
        </div>
      </form>
    </Modal>
  );
}
