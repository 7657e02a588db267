// What a screen shows for something it reads with useLoad: the failure with Try again, the spinner
// while the first read is under way, the empty state when there is nothing, else the data. Written
// once so that every list and card fails, waits and empties alike.
import type { ReactNode } from "react";
import type { Loaded } from "../state/useLoad";
import { ErrorNotice, Loading } from "./Feedback";

export interface ResourceStateProps<T> {
  state: Loaded<T>;
  /** The spinner's words, e.g. "Loading agents…". */
  loadingLabel?: string;
  /** Shown instead of `children` when `isEmpty` says there is nothing. */
  empty?: ReactNode;
  /** Whether the data is "nothing"; an empty array by default. */
  isEmpty?: (data: T) => boolean;
  /** Says what could not be read, around the app's message (in a section that reads several things). */
  errorText?: (message: string) => string;
  children: (data: T) => ReactNode;
}

const emptyArray = (data: unknown) => Array.isArray(data) && data.length === 0;

// A failed refresh keeps the data on screen under the notice: what was read is still true enough
// to act on, and Try again is right there.
export function ResourceState<T>({ state, loadingLabel, empty, isEmpty = emptyArray, errorText, children }: ResourceStateProps<T>) {
  const { data, error, loading, load } = state;
  return (
    <>
      {error && <ErrorNotice message={errorText ? errorText(error) : error} onRetry={load} />}
      {loading && <Loading label={loadingLabel} />}
      {data !== null && (isEmpty(data) ? (empty ?? null) : children(data))}
    </>
  );
}
