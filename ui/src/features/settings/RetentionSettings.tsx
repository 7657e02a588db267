// Settings › Retention: how long runs are kept (completed, failed, their log lines), whether a prune
// archives what it removes first, what is stored and due now, the last prune, and a prune on demand.
// The app and `neuroflow serve` prune in the background every hour; analytics are never pruned.
import { useState, type FormEvent } from "react";
import type { RetentionSettings } from "../../bindings";
import { ResourceState } from "../../components/ResourceState";
import { formatWhen } from "../../format";
import { useAction } from "../../state/useAction";
import { useDataChanged } from "../../state/useDataChanged";
import { useLoad } from "../../state/useLoad";
import { pruneExecutions, retentionStatus, setRetentionSettings } from "./api";

const FIELDS: { key: "completedDays" | "failedDays" | "logDays"; label: string }[] = [
  { key: "completedDays", label: "Completed runs" },
  { key: "failedDays", label: "Failed and cancelled runs" },
  { key: "logDays", label: "Log lines of finished runs" },
];

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function RetentionSettingsCard({ org }: { org: string }) {
  const status = useLoad(() => retentionStatus(org), [org]);
  useDataChanged(["settings"], () => void status.load(), org);
  const act = useAction();
  const [draft, setDraft] = useState<RetentionSettings | null>(null);
  const [busy, setBusy] = useState(false);

  const save = (event: FormEvent, current: RetentionSettings) => {
    event.preventDefault();
    const next = draft ?? current;
    void act(async () => {
      await setRetentionSettings(org, next);
      setDraft(null);
      await status.load();
      return "Retention saved; the next prune uses it";
    });
  };
  const prune = () => {
    setBusy(true);
    void act(async () => {
      const r = await pruneExecutions(org, false);
      await status.load();
      return `Removed ${r.executions} runs and ${r.logLines} log lines; freed ${megabytes(r.bytesFreed)}`;
    }).finally(() => setBusy(false));
  };

  return (
    <ResourceState state={status} isEmpty={() => false} loadingLabel="Reading what is stored…">
      {(s) => {
        const values = draft ?? s.settings;
        return (
          <>
            <form className="retention-form" onSubmit={(e) => save(e, s.settings)}>
              {FIELDS.map((f) => (
                <label key={f.key} className="retention-field">
                  <span>{f.label}</span>
                  <input
                    type="number"
                    min={1}
                    max={36500}
                    required
                    value={values[f.key]}
                    onChange={(e) => setDraft({ ...values, [f.key]: Number(e.target.value) })}
                  />
                  <span className="muted">days</span>
                </label>
              ))}
              <label className="check">
                <input type="checkbox" checked={values.archive} onChange={(e) => setDraft({ ...values, archive: e.target.checked })} />
                Archive what a prune removes (a compressed file in the organization's folder; read back with <code>neuroflow executions import-archive</code>)
              </label>
              <div className="form-actions">
                <button type="submit" className="button button-primary" disabled={draft === null}>
                  Save
                </button>
                <button type="button" className="button" onClick={prune} disabled={busy}>
                  {busy ? "Pruning…" : "Prune now"}
                </button>
              </div>
            </form>
            <p className="hint">
              Stored: {s.executions.toLocaleString("en-US")} runs ({s.pinned} pinned), {megabytes(s.fileBytes)}
              {s.oldest && <>, the oldest from {formatWhen(s.oldest)}</>}. Due now: {s.due.executions.toLocaleString("en-US")} runs
              {s.due.pinnedKept > 0 && <> ({s.due.pinnedKept} more kept because pinned)</>}.
              {s.lastPrune && s.lastPrune.startedAt && (
                <>
                  {" "}Last prune {formatWhen(s.lastPrune.startedAt)}: {s.lastPrune.executions} runs and {s.lastPrune.logLines} log lines removed.
                </>
              )}{" "}
              Analytics keep counting removed runs.
            </p>
          </>
        );
      }}
    </ResourceState>
  );
}
