// Busy and error around a command a person started from a form or a dialog, so every form says
// "Saving…", refuses a second press and shows the app's refusal the same way.
import { useCallback, useState } from "react";
import { messageOf } from "../api";

export interface Submit {
  busy: boolean;
  /** The last failure in words; null while none, or once a new attempt starts. */
  error: string | null;
  setError: (error: string | null) => void;
  /**
   * Runs `work` with `busy` set. A failure is turned into `error` by `explain` (its message by
   * default; a screen may return null after showing the failure its own way, by field say).
   * Resolves true when `work` succeeded.
   */
  run: (work: () => Promise<unknown>, explain?: (error: unknown) => string | null) => Promise<boolean>;
}

export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (work: () => Promise<unknown>, explain: (error: unknown) => string | null = messageOf) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (e) {
      setError(explain(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
