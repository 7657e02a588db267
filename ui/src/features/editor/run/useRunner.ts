// Test runs from the editor: the draft (not the published version) runs with the sample input, the
// pins and, when asked, only up to a node or only one node; its events fold into the store's run
// view (the nodes light up), and when it ends its record (each node's input and output) becomes the
// store's last run, which panels, completion and previews read.
import { useCallback } from "react";
import { messageOf } from "../../../api";
import { useToast } from "../../../components/Toasts";
import { idleRun, reduceRun } from "../../workflows/runs";
import * as api from "../api";
import { labelOf, toDocument } from "../store/doc";
import type { EditorStore } from "../store/editorStore";

export interface Runner {
  run: (options?: { upTo?: string; only?: string }) => Promise<void>;
  cancel: () => Promise<void>;
}

export function useRunner(org: string, id: string, store: EditorStore): Runner {
  const toast = useToast();
  const run = useCallback(
    async (options: { upTo?: string; only?: string } = {}) => {
      const s = store.getState();
      const errors = s.report?.errors.length ?? 0;
      if (errors > 0) {
        toast("error", `Fix the ${errors} problem(s) in the Problems list before running.`);
        return;
      }
      store.setState({ run: idleRun });
      const what = options.only ?? options.upTo;
      const node = what ? s.doc.nodes.find((n) => n.id === what) : undefined;
      store.announce(node ? `${options.only ? "Running only" : "Running up to"} ${labelOf(node)}` : "Running the draft");
      try {
        await api.runDraft(org, id, toDocument(s.doc), s.sampleInput, { upTo: options.upTo ?? null, only: options.only ?? null, pins: s.pins }, (event) => {
          store.setState((st) => ({ run: reduceRun(st.run, event) }));
          if (event.type === "executionFinished") {
            store.announce(`Run ${event.status.toLowerCase()}`);
            void api.getExecution(org, event.executionId).then((detail) => store.setState({ lastRun: detail }), () => {});
          }
        });
      } catch (e) {
        toast("error", messageOf(e));
      }
    },
    [org, id, store, toast],
  );
  const cancel = useCallback(async () => {
    const execution = store.getState().run.executionId;
    if (!execution) return;
    try {
      await api.cancelExecution(org, execution);
    } catch (e) {
      toast("error", messageOf(e));
    }
  }, [org, store, toast]);
  return { run, cancel };
}
