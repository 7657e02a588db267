// The one way a screen hears that data changed, wherever the change was made — this window,
// another window, the CLI, `neuroflow serve` in another process: the app forwards its change feed
// as the `dataChanged` event, and a screen names the kinds of things it shows and reads them again
// when one of them changes. No polling timers.
import { useEffect, useRef } from "react";
import { events, type ChangeModel, type ModelChange } from "../bindings";

/** Calls `onChange` with the changes of `models` (in organization `org`, when given). */
export function useDataChanged(models: ChangeModel[], onChange: (changes: ModelChange[]) => void, org?: string): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  const wanted = models.join(",");
  useEffect(() => {
    const kinds = new Set(wanted.split(","));
    const unlisten = events.dataChanged.listen((e) => {
      const batch = e.payload;
      if (org && batch.org && batch.org !== org) return;
      const changes = batch.changes.filter((c) => kinds.has(c.model));
      if (changes.length > 0) latest.current(changes);
    });
    return () => void unlisten.then((stop) => stop());
  }, [wanted, org]);
}
