// What to run a workflow with: its input as JSON (remembered per workflow), and which trigger when it
// has several. The JSON is checked here, so a typo is named before anything starts.
import { useState } from "react";
import type { Value } from "../../bindings";
import { FormDialog } from "../../components/FormDialog";

export interface TriggerChoice {
  id: string;
  label: string;
}

const key = (workflow: string) => `neuroflow.runInput.${workflow}`;

interface Props {
  workflow: string;
  triggers: TriggerChoice[];
  onRun: (input: Value, trigger: string | null) => void;
  onClose: () => void;
}

export function RunDialog({ workflow, triggers, onRun, onClose }: Props) {
  const [text, setText] = useState(() => localStorage.getItem(key(workflow)) ?? "{}");
  const [trigger, setTrigger] = useState(triggers[0]?.id ?? "");
  const [error, setError] = useState<string | null>(null);

  const submit = () => {
    let input: Value;
    try {
      input = text.trim() ? JSON.parse(text) : {};
    } catch (e) {
      setError(`The input is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    localStorage.setItem(key(workflow), text);
    onRun(input, triggers.length > 1 ? trigger : null);
    onClose();
  };

  return (
    <FormDialog title="Run workflow" onClose={onClose} onSubmit={submit} submitLabel="Run" busy={false} error={error} errorId="run-input-error" wide>
      {triggers.length > 1 && (
        <>
          <label htmlFor="run-trigger">Start at</label>
          <select id="run-trigger" value={trigger} onChange={(e) => setTrigger(e.target.value)}>
            {triggers.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor="run-input">Input (JSON) — available to the workflow as `input`</label>
      <textarea
        id="run-input"
        className="code-input"
        rows={10}
        spellCheck={false}
        value={text}
        onChange={(e) => (setText(e.target.value), setError(null))}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "run-input-error" : undefined}
      />
    </FormDialog>
  );
}
