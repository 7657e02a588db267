// Settings › Organization: renaming the one the window works in, and deleting it — only after its
// name is typed, since everything it holds goes with it.
import { useEffect, useState, type FormEvent } from "react";
import type { Organization } from "../../bindings";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useToast } from "../../components/Toasts";
import { useAction } from "../../state/useAction";
import { useOrgs } from "./OrgProvider";

export function OrgSettings({ org }: { org: Organization }) {
  const { rename, remove } = useOrgs();
  const toast = useToast();
  const act = useAction();
  const [name, setName] = useState(org.name);
  const [confirming, setConfirming] = useState(false);
  const [confirmText, setConfirmText] = useState("");

  useEffect(() => setName(org.name), [org.name]);

  const saveName = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      await rename(org.id, name);
      return "Organization renamed";
    });
  };

  return (
    <>
      <form className="inline-form" onSubmit={saveName}>
        <label htmlFor="org-name">Name</label>
        <input id="org-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="button" disabled={!name.trim() || name.trim() === org.name}>
          Rename
        </button>
      </form>
      <p className="hint">
        Id <code>{org.id}</code>
      </p>
      <div className="danger-zone">
        <div>
          <strong>Delete this organization</strong>
          <p className="hint">Its workflows, agents, runs and settings are removed from this computer.</p>
        </div>
        <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
          Delete…
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Delete “${org.name}”?`}
          confirmLabel="Delete organization"
          busyLabel="Deleting…"
          disabled={confirmText.trim() !== org.name}
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            await remove(org.id);
            toast("success", `Deleted “${org.name}”`);
            setConfirming(false);
          }}
        >
          <p>This cannot be undone. Type the organization's name to confirm.</p>
          <input aria-label="Organization name" value={confirmText} onChange={(e) => setConfirmText(e.target.value)} />
        </ConfirmDialog>
      )}
    </>
  );
}
