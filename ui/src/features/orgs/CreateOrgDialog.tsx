// A new organization from the switcher: its name, and it becomes the one the window works in.
import { useState } from "react";
import { FormDialog } from "../../components/FormDialog";
import { useSubmit } from "../../state/useSubmit";
import { useOrgs } from "./OrgProvider";

export function CreateOrgDialog({ onClose }: { onClose: () => void }) {
  const { create } = useOrgs();
  const [name, setName] = useState("");
  const { busy, error, run } = useSubmit();

  const submit = () =>
    void run(async () => {
      await create(name);
      onClose();
    });

  return (
    <FormDialog
      title="New organization"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Create organization"
      busy={busy}
      busyLabel="Creating…"
      disabled={!name.trim()}
      error={error}
      errorId="new-org-error"
    >
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
    </FormDialog>
  );
}
