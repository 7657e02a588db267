// The editor's state, one zustand store per open workflow: the document (the only part undo
// touches), the selection, and what the screen shows around it (node sizes, positions while a
// drag is under way, validation, the run). Every change of the document goes through `edit`,
// which records a named entry with its inverse in the journal (store/history.ts); a drag commits
// one entry on drop, typing one entry per field per pause.
import { applyPatches, enablePatches, produceWithPatches, type Draft } from "immer";
import { createStore, type StoreApi } from "zustand/vanilla";
import type { ExecutionDetail, ValidationReport, Value } from "../../../bindings";
import { idleRun, type RunView } from "../../workflows/runs";
import type { EditorCatalog } from "../contract";
import type { SaveStatus } from "../session/autosave";
import { type EdDoc, type XY, emptyDoc } from "./doc";
import { record, type Journal } from "./history";

enablePatches();

export interface Selection {
  nodes: string[];
  edges: string[];
}

export interface Size {
  width: number;
  height: number;
}

export interface EditorState {
  doc: EdDoc;
  journal: Journal;
  /** Bumped on every change of the document (edit, undo, redo, load): autosave and validation follow it. */
  revision: number;
  selection: Selection;
  /** Positions of the nodes being dragged; the document changes once, on drop. */
  drag: Record<string, XY> | null;
  sizes: Record<string, Size>;
  report: ValidationReport | null;
  run: RunView;
  /** A short message for screen readers and the status line ("Undid: Add AI agent"). */
  announcement: string;
  /** Kept with the draft (not in undo): the test input and the pinned node outputs. */
  sampleInput: Value;
  pins: Record<string, Value>;
  /** The version the draft was started from; saves carry it. */
  baseVersion: number;
  /** The last recorded run, for completion, previews and each node's input/output. */
  lastRun: ExecutionDetail | null;
  /** Bumped when sample input or pins change, so autosave follows them too. */
  metaRevision: number;
  /** What kinds and actions exist and what they output (for completion and panels). */
  catalog: EditorCatalog | null;
  /** Where the draft stands (saved, saving, not saved and why); kept here so only the status line re-renders. */
  saveStatus: SaveStatus;
}

export type Recipe = (doc: Draft<EdDoc>) => void;

export interface EditorStore extends StoreApi<EditorState> {
  /** Changes the document as one named, undoable edit; false when nothing changed. */
  edit: (label: string, recipe: Recipe, key?: string) => boolean;
  undo: () => boolean;
  redo: () => boolean;
  /** Replaces document and journal (opening, reloading); not itself undoable. */
  load: (doc: EdDoc, journal?: Journal) => void;
  select: (selection: Partial<Selection>) => void;
  announce: (text: string) => void;
}

const none: Selection = { nodes: [], edges: [] };

/** Drops selected ids that no longer exist after a change. */
function pruneSelection(doc: EdDoc, sel: Selection): Selection {
  if (sel.nodes.length === 0 && sel.edges.length === 0) return sel;
  const nodes = new Set(doc.nodes.map((n) => n.id));
  const edges = new Set(doc.edges.map((e) => e.id));
  const next = { nodes: sel.nodes.filter((id) => nodes.has(id)), edges: sel.edges.filter((id) => edges.has(id)) };
  return next.nodes.length === sel.nodes.length && next.edges.length === sel.edges.length ? sel : next;
}

export function createEditorStore(doc: EdDoc = emptyDoc, journal: Journal = { past: [], future: [] }, now: () => number = Date.now): EditorStore {
  const store = createStore<EditorState>()(() => ({
    doc,
    journal,
    revision: 0,
    selection: none,
    drag: null,
    sizes: {},
    report: null,
    run: idleRun,
    announcement: "",
    sampleInput: {},
    pins: {},
    baseVersion: 0,
    lastRun: null,
    metaRevision: 0,
    catalog: null,
    saveStatus: { state: "saved", at: null, error: null },
  }));

  const edit: EditorStore["edit"] = (label, recipe, key) => {
    const s = store.getState();
    const [next, patches, inverse] = produceWithPatches(s.doc, recipe);
    if (patches.length === 0) return false;
    const entry = key === undefined ? { label, patches, inverse, at: now() } : { label, patches, inverse, key, at: now() };
    store.setState({ doc: next, journal: record(s.journal, entry), revision: s.revision + 1, selection: pruneSelection(next, s.selection) });
    return true;
  };

  const step = (direction: "undo" | "redo"): boolean => {
    const s = store.getState();
    const from = direction === "undo" ? s.journal.past : s.journal.future;
    const entry = from[from.length - 1];
    if (!entry) return false;
    let next: EdDoc;
    try {
      next = applyPatches(s.doc, direction === "undo" ? entry.inverse : entry.patches);
    } catch {
      // A journal that no longer fits its document (it should not happen): forget it rather than corrupt.
      store.setState({ journal: { past: [], future: [] }, announcement: "The undo history did not match this document and was cleared." });
      return false;
    }
    const rest = from.slice(0, -1);
    const moved = { ...entry, key: undefined, at: 0 };
    const journal: Journal = direction === "undo" ? { past: rest, future: [...s.journal.future, moved] } : { past: [...s.journal.past, moved], future: rest };
    store.setState({
      doc: next,
      journal,
      revision: s.revision + 1,
      selection: pruneSelection(next, s.selection),
      announcement: `${direction === "undo" ? "Undid" : "Redid"}: ${entry.label}`,
    });
    return true;
  };

  return Object.assign(store, {
    edit,
    undo: () => step("undo"),
    redo: () => step("redo"),
    load: (d: EdDoc, j: Journal = { past: [], future: [] }) =>
      store.setState((s) => ({ doc: d, journal: j, revision: s.revision + 1, selection: none, drag: null, report: null })),
    select: (sel: Partial<Selection>) => store.setState((s) => ({ selection: { nodes: sel.nodes ?? s.selection.nodes, edges: sel.edges ?? s.selection.edges } })),
    announce: (text: string) => store.setState({ announcement: text }),
  });
}
