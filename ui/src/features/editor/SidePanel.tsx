// The panel beside the canvas, in tabs: the selected node's settings, the test run, the versions,
// the problems, and the workflow's own settings. Tabs follow the WAI-ARIA pattern (arrows move).
import type { KeyboardEvent } from "react";
import type { DiffMark } from "./canvas/flow";
import { NodePanel } from "./panels/NodePanel";
import { WorkflowPanel } from "./panels/WorkflowPanel";
import { ProblemsPanel } from "./ProblemsPanel";
import { RunPanel } from "./run/RunPanel";
import type { Runner } from "./run/useRunner";
import type { EditorSession, Session } from "./session/useEditorSession";
import { useEditor } from "./store/context";
import { VersionsPanel } from "./versions/VersionsPanel";

export type Tab = "node" | "run" | "versions" | "problems" | "workflow";
const TABS: { id: Tab; label: string }[] = [
  { id: "node", label: "Node" },
  { id: "run", label: "Run" },
  { id: "versions", label: "Versions" },
  { id: "problems", label: "Problems" },
  { id: "workflow", label: "Workflow" },
];

interface Props {
  org: string;
  id: string;
  tab: Tab;
  onTab: (tab: Tab) => void;
  session: Session;
  editor: EditorSession;
  runner: Runner;
  onShowDiff: (marks: ReadonlyMap<string, DiffMark> | undefined) => void;
  onJump: (nodeId: string) => void;
}

export function SidePanel({ org, id, tab, onTab, session, editor, runner, onShowDiff, onJump }: Props) {
  const problems = useEditor((s) => (s.report?.errors.length ?? 0) + (s.report?.warnings.length ?? 0));
  const onKeyDown = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next = e.key === "ArrowRight" ? TABS[(i + 1) % TABS.length] : e.key === "ArrowLeft" ? TABS[(i - 1 + TABS.length) % TABS.length] : null;
    if (!next) return;
    e.preventDefault();
    e.stopPropagation();
    onTab(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <aside className="side-panel" aria-label="Details">
      <div className="tabs" role="tablist" aria-label="Editor panels" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button key={t.id} id={`tab-${t.id}`} type="button" role="tab" aria-selected={tab === t.id} aria-controls={`tabpanel-${t.id}`} tabIndex={tab === t.id ? 0 : -1} className={tab === t.id ? "tab active" : "tab"} onClick={() => onTab(t.id)}>
            {t.label}
            {t.id === "problems" && problems > 0 && <span className="tab-count">{problems}</span>}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "node" && <NodePanel org={org} runner={runner} />}
        {tab === "run" && <RunPanel runner={runner} />}
        {tab === "versions" && <VersionsPanel org={org} id={id} session={session} editor={editor} onShowDiff={onShowDiff} />}
        {tab === "problems" && <ProblemsPanel onJump={onJump} />}
        {tab === "workflow" && <WorkflowPanel />}
      </div>
    </aside>
  );
}
