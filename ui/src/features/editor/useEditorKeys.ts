// Wires the keyboard and the system clipboard to the editor's verbs while the workspace has focus:
// one keydown handler reading keyboard.ts's table, and the document's copy/cut/paste events (they
// carry the system clipboard without any permission prompt, in every webview).
import { FIT } from "./canvas/fit";
import { useReactFlow } from "@xyflow/react";
import { useEffect, type KeyboardEvent as ReactKeyboardEvent, type RefObject } from "react";
import { copyText, deleteSelection, duplicateSelection, nudge, pasteText, selectAll, walk } from "./actions";
import { inField, keyAction } from "./keyboard";
import type { EditorStore } from "./store/editorStore";

export interface KeyHandlers {
  openPalette: () => void;
  openNode: (id: string) => void;
  connect: (id: string) => void;
  run: () => void;
  saveVersion: () => void;
  tidy: () => void;
  help: () => void;
  /** Escape: from a field it returns to the canvas; on the canvas it clears the selection. */
  escape: (fromField: boolean) => void;
  refuse: (reason: string) => void;
}

export function useEditorKeys(store: EditorStore, root: RefObject<HTMLElement | null>, h: KeyHandlers) {
  const flow = useReactFlow();

  useEffect(() => {
    const inside = () => root.current?.contains(document.activeElement) && !inField(document.activeElement);
    const onCopy = (e: ClipboardEvent) => {
      if (!inside()) return;
      const text = copyText(store);
      if (!text || !e.clipboardData) return;
      e.preventDefault();
      e.clipboardData.setData("text/plain", text);
      if (e.type === "cut") deleteSelection(store);
      store.announce(`${e.type === "cut" ? "Cut" : "Copied"} ${store.getState().selection.nodes.length || ""} node(s)`);
    };
    const onPaste = (e: ClipboardEvent) => {
      if (!inside() || !e.clipboardData) return;
      e.preventDefault();
      const refused = pasteText(store, e.clipboardData.getData("text/plain"));
      if (refused) h.refuse(refused);
    };
    document.addEventListener("copy", onCopy);
    document.addEventListener("cut", onCopy);
    document.addEventListener("paste", onPaste);
    return () => {
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("cut", onCopy);
      document.removeEventListener("paste", onPaste);
    };
  }, [store, root, h]);

  return (e: ReactKeyboardEvent) => {
    // A key a field already handled (CodeMirror closing its completion list …) is not ours.
    if (e.defaultPrevented) return;
    const action = keyAction(e.nativeEvent);
    if (!action) return;
    const selected = store.getState().selection.nodes;
    const focusNode = (id: string | null) => {
      if (!id) return;
      store.select({ nodes: [id], edges: [] });
      const node = store.getState().doc.nodes.find((n) => n.id === id);
      if (node) void flow.setCenter(node.position.x + 110, node.position.y + 36, { zoom: Math.max(flow.getZoom(), 0.8), duration: 150 });
      store.announce(`Selected ${String(node?.data["label"] ?? id)}`);
    };
    switch (action) {
      case "palette":
        h.openPalette();
        break;
      case "walk":
        focusNode(walk(store, e.key as "ArrowRight"));
        break;
      case "nudge": {
        const step = e.shiftKey ? 100 : 20;
        const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key] ?? [0, 0];
        nudge(store, d[0]!, d[1]!);
        break;
      }
      case "open":
        if (selected[0]) h.openNode(selected[0]);
        else return;
        break;
      case "connect":
        if (selected[0]) h.connect(selected[0]);
        else return;
        break;
      case "run":
        h.run();
        break;
      case "saveVersion":
        h.saveVersion();
        break;
      case "undo":
        store.undo();
        break;
      case "redo":
        store.redo();
        break;
      case "duplicate":
        duplicateSelection(store);
        break;
      case "selectAll":
        selectAll(store);
        break;
      case "delete":
        deleteSelection(store);
        break;
      case "tidy":
        h.tidy();
        break;
      case "fit":
        void flow.fitView(FIT);
        break;
      case "help":
        h.help();
        break;
      case "escape":
        h.escape(inField(e.target));
        break;
    }
    e.preventDefault();
  };
}
