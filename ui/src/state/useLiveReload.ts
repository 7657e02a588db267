// Reading again whenever something changes, without reading more than one at a time: the first
// change reads at once (so a run that ends shows within one read's time), changes that arrive during
// a read are folded into one more read after it. A burst of a thousand webhook runs costs two reads,
// not a thousand.
import { useCallback, useRef } from "react";

export function useLiveReload(reload: () => Promise<unknown>): () => void {
  const latest = useRef(reload);
  latest.current = reload;
  const state = useRef({ running: false, again: false });
  return useCallback(() => {
    const s = state.current;
    if (s.running) {
      s.again = true;
      return;
    }
    s.running = true;
    const run = async () => {
      do {
        s.again = false;
        try {
          await latest.current();
        } catch {
          // The screen shows its own error state; a failed refresh must not stop later ones.
        }
      } while (s.again);
      s.running = false;
    };
    void run();
  }, []);
}
