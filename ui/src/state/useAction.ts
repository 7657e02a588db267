// A command started from a button whose only report is a toast (export, duplicate, turn on, reset):
// the text the work returns is the success toast, a failure is the error toast. One place, so no
// list pastes its own try/catch around each row action.
import { useCallback } from "react";
import { messageOf } from "../api";
import { useToast } from "../components/Toasts";

/** Runs `work`; resolves true when it succeeded. Return a text from `work` to confirm it in a toast. */
export type Action = (work: () => Promise<string | null | undefined | void>) => Promise<boolean>;

export function useAction(): Action {
  const toast = useToast();
  return useCallback(
    async (work) => {
      try {
        const done = await work();
        if (done) toast("success", done);
        return true;
      } catch (e) {
        toast("error", messageOf(e));
        return false;
      }
    },
    [toast],
  );
}
