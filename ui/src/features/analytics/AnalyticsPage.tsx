// The Analytics page: what works, what fails and what it costs. A period (and optionally one
// workflow); tiles against the period before; then one of three views — over time (charts), a
// breakdown, the errors — each listing the runs behind any figure, each exportable as CSV. Live:
// a run ending anywhere (this app, the CLI, `neuroflow serve`) reads the figures again.
import { useMemo, useState, type KeyboardEvent } from "react";
import type { BreakdownBy, BreakdownRow_Serialize, ErrorGroup_Serialize, TimeRange } from "../../bindings";
import { EmptyState } from "../../components/Feedback";
import { PageHeader } from "../../components/PageHeader";
import { ResourceState } from "../../components/ResourceState";
import { useToast } from "../../components/Toasts";
import { useLiveReload } from "../../state/useLiveReload";
import { useLoad } from "../../state/useLoad";
import { useExecutionChanged } from "../executions/api";
import { listWorkflows } from "../workflows/api";
import { breakdown, errors, saveCsv, series, summary, type Drill } from "./api";
import { BreakdownView } from "./BreakdownView";
import { breakdownCsv, errorsCsv, seriesCsv, summaryCsv } from "./csvViews";
import { ErrorsView } from "./ErrorsView";
import { OverviewView } from "./OverviewView";
import { RangeBar } from "./RangeBar";
import { RunsBehind } from "./RunsBehind";
import { SummaryTiles } from "./SummaryTiles";

type View = "overview" | "breakdown" | "errors";
const VIEWS: { view: View; label: string }[] = [
  { view: "overview", label: "Over time" },
  { view: "breakdown", label: "Breakdown" },
  { view: "errors", label: "Errors" },
];

export function AnalyticsPage({ org }: { org: string }) {
  const [range, setRange] = useState<TimeRange>({ kind: "last7Days" });
  const [workflow, setWorkflow] = useState("");
  const [view, setView] = useState<View>("overview");
  const [by, setBy] = useState<BreakdownBy>("workflow");
  const [drill, setDrill] = useState<{ title: string; drill: Drill } | null>(null);
  const toast = useToast();
  const query = useMemo(() => ({ range, workflowId: workflow || null }), [range, workflow]);

  const totals = useLoad(() => summary(org, query), [org, query]);
  const current = useLoad<{ kind: View; data: unknown }>(async () => {
    if (view === "overview") return { kind: view, data: await series(org, query) };
    if (view === "breakdown") return { kind: view, data: await breakdown(org, query, by) };
    return { kind: view, data: await errors(org, query) };
  }, [org, query, view, by]);
  const workflows = useLoad(async () => (await listWorkflows(org, { search: null, sort: "nameAsc", limit: 500 })).items, [org]);
  const refresh = useLiveReload(() => Promise.all([totals.load(), current.load()]));
  useExecutionChanged(refresh);

  const window = totals.data?.window;
  const base = (extra: Partial<Drill>): Drill => ({
    from: window?.from ?? null,
    to: window?.to ?? null,
    workflowId: workflow || null,
    topLevel: !workflow,
    page: { limit: 25, offset: 0 },
    ...extra,
  });
  const onRow = (r: BreakdownRow_Serialize) => {
    const [provider, model] = r.key.split("/");
    const extra: Partial<Drill> =
      by === "workflow" ? { workflowId: r.key, topLevel: false }
      : by === "trigger" ? { trigger: r.key as Drill["trigger"] }
      : by === "agent" ? { agentId: r.key }
      : by === "team" ? { teamId: r.key }
      : by === "provider" ? { provider: r.key }
      : by === "model" ? { provider: provider ?? null, model: model ?? null }
      : { action: r.key };
    setDrill({ title: `Runs of ${r.label}`, drill: base(extra) });
  };
  const onGroup = (g: ErrorGroup_Serialize) => setDrill({ title: `Runs failing with “${g.message}”`, drill: base({ errorGroup: g.id, workflowId: g.workflowId, topLevel: false }) });

  const exportCsv = async () => {
    const data = current.data;
    if (!totals.data || !data) return;
    const stamp = new Date().toISOString().slice(0, 10);
    const [name, text] =
      data.kind === "overview" ? [`analytics-over-time-${stamp}`, summaryCsv(totals.data) + "\r\n" + seriesCsv(data.data as never)]
      : data.kind === "breakdown" ? [`analytics-by-${by}-${stamp}`, breakdownCsv(data.data as never)]
      : [`analytics-errors-${stamp}`, errorsCsv(data.data as never)];
    try {
      const path = await saveCsv(name, text);
      if (path) toast("success", `Saved ${path}`);
    } catch (e) {
      toast("error", `The CSV could not be saved: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const onTabKey = (e: KeyboardEvent) => {
    const at = VIEWS.findIndex((v) => v.view === view);
    const next = e.key === "ArrowRight" ? at + 1 : e.key === "ArrowLeft" ? at - 1 : e.key === "Home" ? 0 : e.key === "End" ? VIEWS.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const target = VIEWS[(next + VIEWS.length) % VIEWS.length]!;
    setView(target.view);
    document.getElementById(`tab-${target.view}`)?.focus();
  };

  const noRunsEver = totals.data && totals.data.current.runs === 0 && totals.data.previous.runs === 0 && totals.data.current.agentCalls === 0;
  return (
    <div className="page analytics">
      <PageHeader
        title="Analytics"
        subtitle="What works, what fails and what it costs. Everything is computed on this computer."
        actions={
          <button type="button" className="button" onClick={() => void exportCsv()} disabled={!current.data}>
            Export CSV
          </button>
        }
      />
      <RangeBar range={range} onRange={setRange} workflows={workflows.data ?? []} workflow={workflow} onWorkflow={setWorkflow} />
      <ResourceState state={totals} loadingLabel="Reading the figures…" isEmpty={() => false}>
        {(s) => <SummaryTiles summary={s} filtered={workflow !== ""} />}
      </ResourceState>
      {noRunsEver && (
        <EmptyState icon="analytics" title="Nothing ran in this period">
          Run a workflow (or let a webhook or schedule run one) and its figures show here within a moment.
        </EmptyState>
      )}
      <div role="tablist" aria-label="Views" className="tabs" onKeyDown={onTabKey}>
        {VIEWS.map((v) => (
          <button
            key={v.view}
            id={`tab-${v.view}`}
            type="button"
            role="tab"
            aria-selected={view === v.view}
            aria-controls="analytics-view"
            tabIndex={view === v.view ? 0 : -1}
            className="tab"
            onClick={() => setView(v.view)}
          >
            {v.label}
          </button>
        ))}
      </div>
      <div id="analytics-view" role="tabpanel" aria-labelledby={`tab-${view}`}>
        <ResourceState state={current} loadingLabel="Reading the figures…" isEmpty={() => false}>
          {(c) =>
            c.kind !== view ? null
            : c.kind === "overview" ? <OverviewView series={c.data as never} onBucket={(from, to, title) => setDrill({ title, drill: base({ from, to }) })} />
            : c.kind === "breakdown" ? <BreakdownView data={c.data as never} by={by} onBy={setBy} filtered={workflow !== ""} onRow={onRow} />
            : <ErrorsView data={c.data as never} onGroup={onGroup} />
          }
        </ResourceState>
      </div>
      {drill && <RunsBehind org={org} title={drill.title} drill={drill.drill} onClose={() => setDrill(null)} />}
    </div>
  );
}
