// The record of runs: listing and reading them, cancelling one, re-running one from a node, and
// hearing when any run starts or ends, wherever it was started (a webhook, a schedule, the CLI).
import { useEffect, useRef } from "react";
import { call, channelTo } from "../../api";
import { useDataChanged } from "../../state/useDataChanged";
import { commands, events, type ExecutionFilter_Deserialize, type RunEvent } from "../../bindings";

export const listExecutions = (org: string, filter: ExecutionFilter_Deserialize) => call(commands.listExecutions(org, filter));
export const getExecution = (org: string, id: string) => call(commands.getExecution(org, id));
export const cancelExecution = (org: string, id: string) => call(commands.cancelExecution(org, id));
/** Keeps a run past retention (or lets retention remove it again). */
export const pinExecution = (org: string, id: string, pinned: boolean) => call(commands.pinExecution(org, id, pinned));

/** Re-runs a past execution from a node; events go to `onEvent`. Resolves with the new execution id. */
export const rerunExecution = (org: string, execution: string, from: string, onEvent: (event: RunEvent) => void = () => {}) =>
  call(commands.rerunExecution(org, execution, from, channelTo(onEvent)));

/**
 * Calls `onChange` with the execution's id whenever any run starts or ends, for as long as the screen
 * is shown — runs of this app as they happen, and runs of other processes (the CLI, `neuroflow
 * serve`) through the change feed.
 */
export function useExecutionChanged(onChange: (executionId: string) => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    const unlisten = events.executionChanged.listen((e) => latest.current(e.payload.executionId));
    return () => void unlisten.then((stop) => stop());
  }, []);
  useDataChanged(["execution"], (changes) => {
    for (const change of changes) if (change.id) latest.current(change.id);
  });
}
