// Level of detail: below a zoom where a node's small print cannot be read anyway, the canvas gets
// the class `ed-far` and nodes stop painting their kind line, icon and summary (kept in layout, so
// no node changes size and no handle moves). Set as a class on the canvas element, not through
// React, so crossing the threshold re-renders no node.
import { useStore } from "@xyflow/react";
import { useEffect, type RefObject } from "react";

const FAR = 0.45;

export function ZoomLevel({ canvas }: { canvas: RefObject<HTMLElement | null> }) {
  const far = useStore((s) => s.transform[2] < FAR);
  useEffect(() => {
    canvas.current?.classList.toggle("ed-far", far);
  }, [far, canvas]);
  return null;
}
