// How "zoom to fit" frames the workflow: a margin all round and a deeper one at the bottom, where
// the zoom controls and the minimap sit, so no node is ever hidden under them.
import type { FitViewOptions } from "@xyflow/react";

export const FIT: FitViewOptions = { padding: { top: "40px", left: "70px", right: "50px", bottom: "130px" }, maxZoom: 1.2, duration: 200 };
