// Naming a workflow: a new one (then straight onto its canvas, with a trigger to start from) or a
// rename from the list. The app refuses an empty or duplicate name and says why, here.
import { useState } from "react";
import { TextField } from "../../components/Field";
import { FormDialog } from "../../components/FormDialog";
import { useSubmit } from "../../state/useSubmit";

interface Props {
  title: string;
  submitLabel: string;
  initial?: string;
  onSubmit: (name: string) => Promise<unknown>;
  onClose: () => void;
}

export function NameDialog({ title, submitLabel, initial = "", onSubmit, onClose }: Props) {
  const [name, setName] = useState(initial);
  const { busy, error, run } = useSubmit();
  const trimmed = name.trim();
  return (
    <FormDialog
      title={title}
      submitLabel={submitLabel}
      busy={busy}
      disabled={!trimmed}
      error={error}
      onClose={onClose}
      onSubmit={() =>
        void run(async () => {
          await onSubmit(trimmed);
          onClose();
        })
      }
    >
      <TextField id="workflow-name" label="Name" value={name} onChange={setName} placeholder="e.g. New lead follow-up" maxLength={200} />
    </FormDialog>
  );
}
