// Runs ELK (layered layout) off the main thread: the canvas stays responsive while a large
// workflow is laid out. Loaded only when someone presses "Tidy up" (see tidy.ts).
import ELK, { type ElkNode } from "elkjs/lib/elk.bundled.js";

const elk = new ELK();

self.onmessage = async (event: MessageEvent<{ id: number; graph: ElkNode }>) => {
  const { id, graph } = event.data;
  try {
    const laid = await elk.layout(graph);
    self.postMessage({ id, graph: laid });
  } catch (e) {
    self.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
};
