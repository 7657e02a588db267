// The one way a screen reads something from the app: the value (null until it arrives), the
// error people can read, and `load` to read it again (after a change, or from a Retry button).
// It reads again by itself whenever one of `deps` changes.
import { useCallback, useEffect, useRef, useState, type DependencyList } from "react";
import { messageOf } from "../api";

export function useLoad<T>(fetch: () => Promise<T>, deps: DependencyList) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(fetch);
  latest.current = fetch;

  // `deps` are what `fetch` reads; `latest` keeps the newest `fetch` without reading again for it.
  const load = useCallback(async () => {
    try {
      setData(await latest.current());
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, deps);

  useEffect(() => {
    void load();
  }, [load]);

  return { data, setData, error, load };
}
