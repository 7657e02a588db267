// Deleting a team, after saying what goes (the team and its memberships) and what stays (its agents).
import type { AgentTeam } from "../../bindings";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { deleteTeam } from "./api";

export function DeleteTeamDialog({ org, team, onClose, onDeleted }: { org: string; team: AgentTeam; onClose: () => void; onDeleted: () => void }) {
  return (
    <ConfirmDialog
      title={`Delete “${team.name}”?`}
      confirmLabel="Delete team"
      busyLabel="Deleting…"
      onClose={onClose}
      onConfirm={async () => {
        await deleteTeam(org, team.id);
        onDeleted();
      }}
    >
      <p>The team and its memberships are removed; its agents are not. Workflow steps that use this team will fail until they use another one.</p>
    </ConfirmDialog>
  );
}
