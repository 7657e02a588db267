// "Save version" (Ctrl+S): an optional message, then an immutable version of the draft. A stale
// base closes the dialog onto the conflict notice (reload theirs, or keep both).
import { useState } from "react";
import { FormDialog } from "../../../components/FormDialog";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toasts";
import { useSubmit } from "../../../state/useSubmit";
import type { EditorSession, Session } from "../session/useEditorSession";
import { saveNewVersion } from "./versionOps";

export function SaveVersionDialog({ org, id, editor, session, onClose }: { org: string; id: string; editor: EditorSession; session: Session; onClose: () => void }) {
  const [message, setMessage] = useState("");
  const { busy, error, run } = useSubmit();
  const toast = useToast();
  const errors = session.store.getState().report?.errors.length ?? 0;
  const submit = () =>
    void run(async () => {
      const saved = await saveNewVersion(session, editor, org, id, message.trim() || null);
      if (saved) toast("success", `Saved version ${saved.version}`);
      onClose();
    });
  return (
    <FormDialog title="Save version" onClose={onClose} onSubmit={submit} submitLabel="Save version" busy={busy} error={error}>
      <TextField id="version-message" label="What changed (optional)" value={message} onChange={setMessage} placeholder="e.g. Added the Slack alert for hot leads" maxLength={500} />
      <p className="hint">
        Versions are kept forever and cost nothing. {errors > 0 ? `This draft has ${errors} problem(s): it can be saved, but not published or run until they are fixed.` : ""}
      </p>
    </FormDialog>
  );
}
