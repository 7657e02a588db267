// Levels of detail, set as classes on the canvas element rather than through React, so crossing a
// threshold re-renders no node. Nothing changes size at either level (hidden parts keep their
// place), so no node is measured again and no edge moves.
// - `ed-far`, below 45%: a node's small print (kind line, icon, summary) cannot be read, so it is not
//   painted.
// - `ed-map`, below 40% in a workflow of at least 150 nodes: a label would be under 6 px tall, so a
//   node is drawn as a box in the colour of its kind (or of its problem, run state or selection) and
//   the dotted background, whose dots are then under half a pixel, is not drawn. WebKitGTK paints the
//   whole canvas in software on each frame of a zoom; at 500 nodes this halves the frame
//   (scripts/bench-ui.mjs, docs/benchmarks.md). A smaller workflow paints fast anyway and keeps its
//   labels, however small, at every zoom.
import { useStore } from "@xyflow/react";
import { useEffect, type RefObject } from "react";

const FAR = 0.45;
const MAP = 0.4;
const MAP_MIN_NODES = 150;

export function ZoomLevel({ canvas }: { canvas: RefObject<HTMLElement | null> }) {
  const far = useStore((s) => s.transform[2] < FAR);
  const map = useStore((s) => s.transform[2] < MAP && s.nodeLookup.size >= MAP_MIN_NODES);
  useEffect(() => {
    canvas.current?.classList.toggle("ed-far", far);
    canvas.current?.classList.toggle("ed-map", map);
  }, [far, map, canvas]);
  return null;
}
