// Failures grouped by workflow, node and message (ids, numbers and times in the message replaced),
// most failures first, with when each group was first and last seen; each group lists its runs, and
// its latest failure opens on its execution page.
import type { AnalyticsErrors_Serialize, ErrorGroup_Serialize } from "../../bindings";
import { formatWhen } from "../../format";
import { hrefOf } from "../../router";
import { formatCount } from "./present";

export function ErrorsView({ data, onGroup }: { data: AnalyticsErrors_Serialize; onGroup: (g: ErrorGroup_Serialize) => void }) {
  if (data.groups.length === 0) return <p className="hint card">No failures in this period.</p>;
  return (
    <section className="card" aria-labelledby="errors-title">
      <h2 id="errors-title">
        Errors <span className="muted">· {formatCount(data.failures)} failed runs</span>
      </h2>
      <table className="table" aria-label="Error groups">
        <thead>
          <tr>
            <th className="num">Failures</th>
            <th>Where</th>
            <th>Message</th>
            <th>First seen</th>
            <th>Last seen</th>
            <th>
              <span className="visually-hidden">Runs behind</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data.groups.map((g) => (
            <tr key={g.id}>
              <td className="num">{formatCount(g.failures)}</td>
              <td>
                <div className="row-title">{g.workflowName}</div>
                <div className="row-sub">{g.nodeName ?? g.nodeId ?? "the run itself"}</div>
              </td>
              <td>
                <code className="error-message">{g.message}</code>
                <div className="row-sub">
                  Latest: <a href={hrefOf({ page: "execution", id: g.sampleExecutionId })}>{g.sample}</a>
                </div>
              </td>
              <td title={g.firstSeen}>{formatWhen(g.firstSeen)}</td>
              <td title={g.lastSeen}>{formatWhen(g.lastSeen)}</td>
              <td className="actions">
                <button type="button" className="button button-small" onClick={() => onGroup(g)}>
                  Runs<span className="visually-hidden"> failing with {g.message}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
