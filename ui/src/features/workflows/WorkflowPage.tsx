// One workflow (the route #/workflows/<id>): the workflow editor. Kept as the workflows feature's
// entry point so the router and the list link here; the editor lives in features/editor.
import { EditorPage } from "../editor/EditorPage";

export function WorkflowPage({ org, id }: { org: string; id: string }) {
  return <EditorPage key={`${org}/${id}`} org={org} id={id} />;
}
