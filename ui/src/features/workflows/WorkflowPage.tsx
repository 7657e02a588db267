// One workflow (the route #/workflows/<id>): the workflow editor. Kept as the workflows feature's
// entry point so the router and the list link here; the editor lives in features/editor and is
// loaded on first use (React Flow, CodeMirror and the panels are most of the app's code). A workflow
// deployed from a template shows that template above the editor (checklist, update available).
import { lazy, Suspense } from "react";
import { Loading } from "../../components/Feedback";
import { TemplateOriginBar } from "../templates/TemplateOriginBar";

const EditorPage = lazy(() => import("../editor/EditorPage").then((m) => ({ default: m.EditorPage })));

export function WorkflowPage({ org, id }: { org: string; id: string }) {
  return (
    <div className="workflow-page">
      <TemplateOriginBar key={`${org}/${id}`} org={org} workflow={id} />
      <div className="workflow-page-editor">
        <Suspense fallback={<Loading label="Opening the editor…" />}>
          <EditorPage key={`${org}/${id}`} org={org} id={id} />
        </Suspense>
      </div>
    </div>
  );
}
