// A comparison, field by field: added, removed and changed nodes and connections and the workflow's
// own settings, with the value before and after each change. The canvas marks the same nodes.
import type { Value } from "../../../bindings";
import type { FieldChange, WorkflowDiff } from "../contract";

const show = (v: Value | null) => (v === null ? "—" : typeof v === "string" ? v : JSON.stringify(v));

/** A node's (or the settings') changed fields; the sync compare view names the columns by side. */
export function Fields({ fields, columns = ["Before", "After"] }: { fields: FieldChange[]; columns?: [string, string] }) {
  if (fields.length === 0) return null;
  return (
    <table className="table diff-fields">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">{columns[0]}</th>
          <th scope="col">{columns[1]}</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr key={f.path}>
            <td>
              <code>{f.path}</code>
            </td>
            <td className="diff-before">{show(f.before)}</td>
            <td className="diff-after">{show(f.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `from` and `to` name what was compared ("version 2", "the draft"); the diff's own numbers are used when absent. */
export function DiffView({ diff, onClose, from, to }: { diff: WorkflowDiff; onClose: () => void; from?: string; to?: string }) {
  const name = (v: number | null, given?: string) => given ?? (v === null ? "the draft" : `version ${v}`);
  const nothing = diff.nodes.length === 0 && diff.edges.length === 0 && diff.settings.length === 0;
  return (
    <section className="diff-view" aria-label="Comparison">
      <header className="diff-head">
        <strong>
          From {name(diff.from, from)} to {name(diff.to, to)}
        </strong>
        <button type="button" className="button button-small" onClick={onClose}>
          Close comparison
        </button>
      </header>
      {nothing && <p className="hint">No differences.</p>}
      {diff.settings.length > 0 && (
        <div className="diff-item">
          <strong>Workflow settings</strong>
          <Fields fields={diff.settings} />
        </div>
      )}
      {diff.nodes.map((n) => (
        <div key={n.id} className={`diff-item diff-${n.change}`}>
          <span className={`badge diff-badge-${n.change}`}>{n.change}</span> <strong>{n.label}</strong> <code>{n.id}</code>
          <Fields fields={n.fields} />
        </div>
      ))}
      {diff.edges.map((e) => (
        <div key={e.id} className={`diff-item diff-${e.change}`}>
          <span className={`badge diff-badge-${e.change}`}>{e.change}</span> connection {e.source} → {e.target}
        </div>
      ))}
    </section>
  );
}
