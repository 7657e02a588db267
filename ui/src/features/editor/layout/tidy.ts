// "Tidy up": lays the workflow out with ELK in a Web Worker, started on first use (the worker and
// ELK's 1.6 MB are loaded only then), and answers the new positions for one undoable move.
import type { ElkNode } from "elkjs/lib/elk.bundled.js";
import type { EdDoc, XY } from "../store/doc";
import type { Size } from "../store/editorStore";
import { positionsOf, toElk } from "./elkGraph";

let worker: Worker | null = null;
let seq = 0;

async function layoutInWorker(graph: ElkNode): Promise<ElkNode> {
  if (!worker) {
    const { default: LayoutWorker } = await import("./elk.worker?worker");
    worker = new LayoutWorker();
  }
  const id = ++seq;
  const w = worker;
  return new Promise((resolve, reject) => {
    const onMessage = (e: MessageEvent<{ id: number; graph?: ElkNode; error?: string }>) => {
      if (e.data.id !== id) return;
      w.removeEventListener("message", onMessage);
      if (e.data.graph) resolve(e.data.graph);
      else reject(new Error(`The layout failed: ${e.data.error ?? "unknown error"}`));
    };
    w.addEventListener("message", onMessage);
    w.postMessage({ id, graph });
  });
}

export async function tidy(doc: EdDoc, sizes: Record<string, Size>): Promise<Record<string, XY>> {
  return positionsOf(await layoutInWorker(toElk(doc, sizes)), doc);
}
