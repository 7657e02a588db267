// The runs behind a figure — a chart bucket, a breakdown row, an error group — a page at a time,
// each opening its execution page. Runs removed by retention are still counted in the figures, so
// the list may hold fewer; it says so.
import { useEffect, useRef, useState } from "react";
import type { WorkflowExecution } from "../../bindings";
import { Pager } from "../../components/Pager";
import { ResourceState } from "../../components/ResourceState";
import { ResourceTable, stopRowClick, type Column } from "../../components/ResourceTable";
import { StatusBadge } from "../../components/StatusBadge";
import { formatCost, formatDuration, formatWhen } from "../../format";
import { hrefOf, navigate } from "../../router";
import { useLoad } from "../../state/useLoad";
import { runsBehind, type Drill } from "./api";

const PAGE = 25;

const COLUMNS: Column<WorkflowExecution>[] = [
  { header: "Status", cell: (e) => <StatusBadge status={e.status} /> },
  {
    header: "Run",
    cell: (e) => (
      <>
        <a href={hrefOf({ page: "execution", id: e.id })} className="row-title" onClick={stopRowClick}>
          {e.workflowName}
        </a>
        {e.error && <div className="row-sub error-text">{e.error}</div>}
      </>
    ),
  },
  { header: "Started", cell: (e) => formatWhen(e.startedAt), title: (e) => e.startedAt },
  { header: "Duration", num: true, cell: (e) => formatDuration(e.durationMs) },
  { header: "Cost", num: true, cell: (e) => formatCost(e.costMicros) },
];

export function RunsBehind({ org, title, drill, onClose }: { org: string; title: string; drill: Drill; onClose: () => void }) {
  const [offset, setOffset] = useState(0);
  const runs = useLoad(() => runsBehind(org, { ...drill, page: { limit: PAGE, offset } }), [org, drill, offset]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [drill]);
  return (
    <section className="card runs-behind" aria-labelledby="runs-behind-title">
      <div className="card-head">
        <h2 id="runs-behind-title" ref={heading} tabIndex={-1}>
          {title}
        </h2>
        <button type="button" className="button button-small" onClick={onClose}>
          Close<span className="visually-hidden"> the runs list</span>
        </button>
      </div>
      <ResourceState state={runs} loadingLabel="Loading runs…" isEmpty={(p) => p.items.length === 0} empty={<p className="hint">No runs kept for this: retention removed them (the figures still count them).</p>}>
        {(page) => (
          <>
            <ResourceTable rows={page.items} columns={COLUMNS} rowKey={(e) => e.id} label={title} onRowClick={(e) => navigate({ page: "execution", id: e.id })} />
            {page.total > PAGE && <Pager offset={offset} count={page.items.length} total={page.total} pageSize={PAGE} onChange={setOffset} previousLabel="Newer" nextLabel="Older" />}
          </>
        )}
      </ResourceState>
    </section>
  );
}
