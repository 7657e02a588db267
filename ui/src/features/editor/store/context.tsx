// The open workflow's store reaches every editor component through context, and each component
// reads only the slice it shows with a selector (useEditor), so a change re-renders only what
// depends on it — the rule that keeps a 500-node canvas smooth.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import { useStore } from "zustand";
import type { EdNode } from "./doc";
import type { EditorState, EditorStore } from "./editorStore";

const EditorContext = createContext<EditorStore | null>(null);

export function EditorProvider({ store, children }: { store: EditorStore; children: ReactNode }) {
  return <EditorContext.Provider value={store}>{children}</EditorContext.Provider>;
}

export function useEditorStore(): EditorStore {
  const store = useContext(EditorContext);
  if (!store) throw new Error("useEditorStore outside an EditorProvider");
  return store;
}

export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStore(), selector);
}

/** Each document's nodes by id, built once per document (the canvas's nodes all look theirs up). */
const indexes = new WeakMap<EdNode[], Map<string, EdNode>>();
function nodeIndex(nodes: EdNode[]): Map<string, EdNode> {
  let index = indexes.get(nodes);
  if (!index) indexes.set(nodes, (index = new Map(nodes.map((n) => [n.id, n]))));
  return index;
}

const noSubscribe = () => () => {};

/** A canvas node as the open document holds it now, or `drawn` where no editor is open (a template's
 *  read-only canvas). A node reads its own text this way, so that typing in its panel re-renders that
 *  node alone and leaves React Flow's 500 others untouched (canvas/flow.ts). */
export function useLiveNode(drawn: EdNode): EdNode {
  const store = useContext(EditorContext);
  return useSyncExternalStore(store ? store.subscribe : noSubscribe, () => (store ? (nodeIndex(store.getState().doc.nodes).get(drawn.id) ?? drawn) : drawn));
}
