// What the context menu offers, by what was right-clicked: a node (settings, runs, pin, connect,
// copy, duplicate, delete), an edge (delete), the selection (align, distribute) or the canvas (add
// here, paste here, select all, tidy up).
import type { CanvasMenu } from "./canvas/EditorCanvas";
import type { MenuItem } from "./ContextMenu";
import { alignSelection, copyText, deleteSelection, distributeSelection, duplicateSelection, pasteText, selectAll } from "./actions";
import type { Runner } from "./run/useRunner";
import { remove } from "./store/commands";
import type { XY } from "./store/doc";
import type { EditorStore } from "./store/editorStore";

interface Ctx {
  openNode: (id: string) => void;
  runner: Runner;
  connect: (id: string) => void;
  addHere: (at: XY) => void;
  tidy: () => void;
  refuse: (reason: string) => void;
}

async function writeClipboard(text: string) {
  await navigator.clipboard?.writeText(text);
}

export function menuItems(store: EditorStore, menu: CanvasMenu, ctx: Ctx): MenuItem[] {
  const { selection, lastRun, pins } = store.getState();
  if (menu.edge) return [{ label: "Delete connection", danger: true, run: () => void remove(store, [], [menu.edge!]) }];
  if (menu.node) {
    const id = menu.node;
    if (!selection.nodes.includes(id)) store.select({ nodes: [id], edges: [] });
    const multi = store.getState().selection.nodes.length > 1;
    const recorded = lastRun?.steps.find((s) => s.nodeId === id)?.output;
    const pinned = id in pins;
    const copy = () => {
      const text = copyText(store);
      if (text) void writeClipboard(text).catch(() => ctx.refuse("The clipboard could not be written; use Ctrl+C."));
    };
    return [
      { label: "Open settings", run: () => ctx.openNode(id) },
      { label: "Run up to here", run: () => void ctx.runner.run({ upTo: id }) },
      { label: "Run this node only", run: () => void ctx.runner.run({ only: id }) },
      pinned
        ? { label: "Unpin output", run: () => store.setState((s) => ({ pins: Object.fromEntries(Object.entries(s.pins).filter(([k]) => k !== id)), metaRevision: s.metaRevision + 1 })) }
        : { label: "Pin last output", disabled: recorded === undefined || recorded === null, run: () => store.setState((s) => ({ pins: { ...s.pins, [id]: recorded ?? null }, metaRevision: s.metaRevision + 1 })) },
      { label: "Connect to…", run: () => ctx.connect(id) },
      { label: "Copy", run: copy },
      { label: "Duplicate", run: () => void duplicateSelection(store) },
      ...(multi
        ? [
            { label: "Align left", run: () => void alignSelection(store, "left") },
            { label: "Align top", run: () => void alignSelection(store, "top") },
            { label: "Distribute horizontally", run: () => void distributeSelection(store, "horizontal") },
            { label: "Distribute vertically", run: () => void distributeSelection(store, "vertical") },
          ]
        : []),
      { label: multi ? "Delete selection" : "Delete node", danger: true, run: () => void deleteSelection(store) },
    ];
  }
  if (selection.nodes.length > 1) {
    return [
      { label: "Align left", run: () => void alignSelection(store, "left") },
      { label: "Align center", run: () => void alignSelection(store, "center") },
      { label: "Align top", run: () => void alignSelection(store, "top") },
      { label: "Align middle", run: () => void alignSelection(store, "middle") },
      { label: "Distribute horizontally", run: () => void distributeSelection(store, "horizontal") },
      { label: "Distribute vertically", run: () => void distributeSelection(store, "vertical") },
      { label: "Duplicate", run: () => void duplicateSelection(store) },
      { label: "Delete selection", danger: true, run: () => void deleteSelection(store) },
    ];
  }
  return [
    { label: "Add a node here…", run: () => ctx.addHere(menu.flow) },
    {
      label: "Paste here",
      run: () =>
        void navigator.clipboard
          ?.readText()
          .then((text) => {
            const refused = pasteText(store, text, menu.flow);
            if (refused) ctx.refuse(refused);
          })
          .catch(() => ctx.refuse("The clipboard could not be read here; use Ctrl+V.")),
    },
    { label: "Select all", run: () => selectAll(store) },
    { label: "Tidy up", run: ctx.tidy },
  ];
}
