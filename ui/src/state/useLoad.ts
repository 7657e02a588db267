// The one way a screen reads something from the app, so that every screen loads, fails, retries and
// refreshes alike. The contract:
// - It reads on mount and again whenever one of `deps` changes (`deps` are what `fetch` reads);
//   `load()` reads again on demand: after a change, from a Try again button, on an app event.
// - `data` is null until a read succeeds, then the latest value read. It is kept while a later read
//   is under way and when one fails, so a list never blanks on a retry or a refresh.
// - `error` is the last read's failure in words (null once a read succeeds); `errorCode` is its
//   CommandError code, for screens that branch on it (NOT_FOUND …).
// - `loading` is the first read still under way: no data and no error yet.
// - Only the newest read lands: one that answers after a later read was started (the deps changed,
//   the user pressed Retry twice) or after the screen went away is dropped.
// - `setData` changes the value in place, for a command that answers with the updated item.
import { useCallback, useEffect, useRef, useState, type DependencyList, type Dispatch, type SetStateAction } from "react";
import { CommandError, messageOf } from "../api";
import type { ErrorCode } from "../bindings";

export interface Loaded<T> {
  data: T | null;
  setData: Dispatch<SetStateAction<T | null>>;
  error: string | null;
  errorCode: ErrorCode | null;
  loading: boolean;
  load: () => Promise<void>;
}

export function useLoad<T>(fetch: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [failure, setFailure] = useState<{ message: string; code: ErrorCode | null } | null>(null);
  const latest = useRef(fetch);
  latest.current = fetch;
  const reads = useRef(0);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // `latest` keeps the newest `fetch` without reading again for it: only `deps` trigger a read.
  const load = useCallback(async () => {
    const read = ++reads.current;
    const current = () => mounted.current && read === reads.current;
    try {
      const value = await latest.current();
      if (!current()) return;
      setData(() => value);
      setFailure(null);
    } catch (e) {
      if (!current()) return;
      setFailure({ message: messageOf(e), code: e instanceof CommandError ? e.code : null });
    }
  }, deps);

  useEffect(() => {
    void load();
  }, [load]);

  return { data, setData, error: failure?.message ?? null, errorCode: failure?.code ?? null, loading: data === null && failure === null, load };
}
