// Validation as you edit: the engine's own validator runs on the document shortly after each change
// (debounced), and only the answer for the newest document lands in the store, where nodes, edges,
// fields and the problems list read it.
import type { ValidationReport, WorkflowDocument } from "../../../bindings";
import { toDocument } from "../store/doc";
import type { EditorStore } from "../store/editorStore";

export function startValidation(store: EditorStore, validate: (doc: WorkflowDocument) => Promise<ValidationReport>, delay = 250): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const check = async () => {
    const revision = store.getState().revision;
    try {
      const report = await validate(toDocument(store.getState().doc));
      if (store.getState().revision === revision) store.setState({ report });
    } catch {
      // The draft save reports too; a failed check leaves the last report in place.
    }
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.revision === prev.revision) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void check(), delay);
  });
  void check();
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
