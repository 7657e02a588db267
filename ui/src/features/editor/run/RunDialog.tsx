// "Run": the draft runs with the sample input shown here first (kept with the draft, so the next
// run starts from it). Ctrl+Enter runs at once with the input as it is.
import { useState } from "react";
import type { Value } from "../../../bindings";
import { FormDialog } from "../../../components/FormDialog";
import { useEditorStore } from "../store/context";

export function RunDialog({ onRun, onClose }: { onRun: () => void; onClose: () => void }) {
  const store = useEditorStore();
  const [text, setText] = useState(() => JSON.stringify(store.getState().sampleInput, null, 2));
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    let input: Value;
    try {
      input = (text.trim() ? JSON.parse(text) : {}) as Value;
    } catch (e) {
      setError(`The input is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    store.setState((s) => ({ sampleInput: input, metaRevision: s.metaRevision + 1 }));
    onClose();
    onRun();
  };
  return (
    <FormDialog title="Run workflow" submitLabel="Run" busy={false} error={error} onClose={onClose} onSubmit={submit}>
      <label htmlFor="run-input">Input (JSON)</label>
      <textarea id="run-input" className="code-input" rows={8} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      <p className="hint">The draft runs, not the published version; this input is kept for next time.</p>
    </FormDialog>
  );
}
