// Deleting an agent, after saying what goes with it: the record of its calls and its places in teams.
import type { AiAgent } from "../../bindings";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { deleteAgent } from "./api";

export function DeleteAgentDialog({ org, agent, onClose, onDeleted }: { org: string; agent: AiAgent; onClose: () => void; onDeleted: () => void }) {
  return (
    <ConfirmDialog
      title={`Delete “${agent.name}”?`}
      confirmLabel="Delete agent"
      busyLabel="Deleting…"
      onClose={onClose}
      onConfirm={async () => {
        await deleteAgent(org, agent.id);
        onDeleted();
      }}
    >
      <p>The record of its calls goes with it, and it leaves every team it is in. Workflow steps that use it will fail until they use another agent.</p>
    </ConfirmDialog>
  );
}
