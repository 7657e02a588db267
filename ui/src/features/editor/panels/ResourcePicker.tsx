// Choosing one of the organization's own things (an agent, a team, an integration, a workflow) for
// a node, with "Create new…" that opens the app's own dialog and, once saved, comes back to this
// panel with the new one chosen.
import { useState, type ReactNode } from "react";
import { FieldNotes, fieldAria } from "../../../components/Field";
import { useLoad } from "../../../state/useLoad";
import { useFieldIssue, useNodeValue, useSetter } from "./fields";

export interface Choice {
  id: string;
  name: string;
  note?: string;
}

interface Props {
  nodeId: string;
  path: string;
  label: string;
  load: () => Promise<Choice[]>;
  deps: unknown[];
  /** The create dialog; call `done(id)` when it saved one, `cancel()` when closed. */
  create?: (done: (id: string) => void, cancel: () => void) => ReactNode;
  createLabel?: string;
  /** Allowed to be empty (an unauthenticated HTTP request needs no integration). */
  optional?: boolean;
  hint?: ReactNode;
}

const NEW = "__new__";

export function ResourcePicker({ nodeId, path, label, load, deps, create, createLabel = "Create new…", optional, hint }: Props) {
  const id = `f-${nodeId}-${path}`;
  const value = useNodeValue(nodeId, path);
  const set = useSetter(nodeId, path);
  const issue = useFieldIssue(nodeId, path);
  const list = useLoad(load, deps);
  const [creating, setCreating] = useState(false);
  const current = typeof value === "string" ? value : "";
  const known = list.data?.some((c) => c.id === current) ?? true;
  const error = issue ?? (current && !known && list.data ? "This one no longer exists: choose another." : null) ?? list.error;
  return (
    <div className="field" data-field={id}>
      <label htmlFor={id}>{label}</label>
      <select
        {...fieldAria(id, error, Boolean(hint))}
        value={current}
        disabled={list.loading}
        onChange={(e) => {
          if (e.target.value === NEW) setCreating(true);
          else set(e.target.value === "" ? (optional ? null : "") : e.target.value, false);
        }}
      >
        <option value="">{list.loading ? "Loading…" : optional ? "None" : "Choose…"}</option>
        {current && !known && <option value={current}>(missing) {current}</option>}
        {(list.data ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
            {c.note ? ` — ${c.note}` : ""}
          </option>
        ))}
        {create && <option value={NEW}>{createLabel}</option>}
      </select>
      {list.data?.length === 0 && !create && <p className="hint">None yet.</p>}
      <FieldNotes id={id} hint={hint} error={error} />
      {creating &&
        create?.(
          (newId) => {
            setCreating(false);
            void list.load().then(() => set(newId, false));
          },
          () => setCreating(false),
        )}
    </div>
  );
}
