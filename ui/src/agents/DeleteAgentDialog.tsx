// Deleting an agent, after saying what goes with it: the record of its calls and its places in teams.
import { useState } from "react";
import { call, commands, messageOf } from "../api";
import type { AiAgent } from "../bindings";
import { Modal } from "../components/Modal";

export function DeleteAgentDialog({ org, agent, onClose, onDeleted }: { org: string; agent: AiAgent; onClose: () => void; onDeleted: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    try {
      await call(commands.deleteAgent(org, agent.id));
      onDeleted();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  return (
    <Modal
      title={`Delete “${agent.name}”?`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button-danger" disabled={busy} onClick={confirm}>
            {busy ? "Deleting…" : "Delete agent"}
          </button>
        </>
      }
    >
      <p>The record of its calls goes with it, and it leaves every team it is in. Workflow steps that use it will fail until they use another agent.</p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
