// The editor's shortcuts, one table that the key handler and the shortcuts sheet both read, so the
// sheet never lists a key that does nothing. Keys typed into a field (inputs, CodeMirror) are left
// to the field, except the few that make sense everywhere (save, run, undo outside text).
export interface Shortcut {
  keys: string;
  does: string;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: "/ or Ctrl+K", does: "Add a node (palette at the selection)" },
  { keys: "Arrow keys", does: "Move the selection to the next, previous or sibling node" },
  { keys: "Alt+Arrow keys", does: "Move the selected nodes" },
  { keys: "Enter", does: "Open the selected node's settings" },
  { keys: "C", does: "Connect the selected node to… (a list of nodes)" },
  { keys: "Ctrl+Enter", does: "Run the draft with the sample input" },
  { keys: "Ctrl+S", does: "Save a version" },
  { keys: "Ctrl+Z / Ctrl+Shift+Z", does: "Undo / redo" },
  { keys: "Ctrl+C / Ctrl+X / Ctrl+V", does: "Copy / cut / paste nodes (system clipboard)" },
  { keys: "Ctrl+D", does: "Duplicate the selected nodes" },
  { keys: "Ctrl+A", does: "Select every node" },
  { keys: "Delete or Backspace", does: "Delete the selection" },
  { keys: "Shift+Alt+T", does: "Tidy up (auto-layout)" },
  { keys: "Shift+1", does: "Zoom to fit" },
  { keys: "Escape", does: "Close the palette or menu; clear the selection" },
  { keys: "?", does: "This list" },
];

export type EditorKey =
  | "palette"
  | "walk"
  | "nudge"
  | "open"
  | "connect"
  | "run"
  | "saveVersion"
  | "undo"
  | "redo"
  | "duplicate"
  | "selectAll"
  | "delete"
  | "tidy"
  | "fit"
  | "escape"
  | "help";

/** Whether the key went to something that edits text. */
export function inField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable || Boolean(el.closest?.(".cm-editor"));
}

/** Whether the key went to a dialog or a menu, which answer their own keys. */
function inOverlay(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el?.closest?.("[role='dialog'], [role='menu']"));
}

/** Whether the key went to the canvas (or nothing in particular): plain keys act only there. */
function onCanvas(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !el || !el.tagName || el === document.body || Boolean(el.closest?.(".ed-canvas"));
}

/** What a key press asks for, or null to leave it alone. */
export function keyAction(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey" | "target">): EditorKey | null {
  if (inOverlay(e.target)) return null;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && key === "s") return "saveVersion";
  if (mod && key === "Enter") return "run";
  if (inField(e.target)) return e.key === "Escape" ? "escape" : null;
  if (mod && key === "z") return e.shiftKey ? "redo" : "undo";
  if (mod && key === "y") return "redo";
  if (mod && key === "k") return "palette";
  if (mod && key === "d") return "duplicate";
  if (mod && key === "a") return "selectAll";
  if (mod) return null;
  if (e.key === "Escape") return "escape";
  if (!onCanvas(e.target)) return null;
  if (e.shiftKey && e.altKey && key === "t") return "tidy";
  if (e.key.startsWith("Arrow")) return e.altKey ? "nudge" : "walk";
  if (e.key === "/") return "palette";
  if (e.key === "?") return "help";
  if (e.key === "!" || (e.shiftKey && e.key === "1")) return "fit";
  if (e.key === "Enter") return "open";
  if (key === "c" && !e.altKey) return "connect";
  if (e.key === "Delete" || e.key === "Backspace") return "delete";
  if (e.key === "Escape") return "escape";
  return null;
}
