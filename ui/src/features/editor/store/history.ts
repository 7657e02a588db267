// The undo journal: every edit is a named entry holding immer's patches and their inverse, so an
// undo replays exactly what that edit changed (configuration included) and the whole journal is
// small JSON that travels with the draft and survives closing the app. Chosen over zundo's full
// snapshots: 100 snapshots of a 500-node document would not fit the draft's 4 MiB, patches do.
// Typing coalesces: an entry with the same key within a second of the last is merged into it.
import type { Patch } from "immer";
import type { Value } from "../../../bindings";

export interface HistoryEntry {
  label: string;
  patches: Patch[];
  inverse: Patch[];
  /** Edits with the same key close together merge (one field's typing). */
  key?: string;
  /** When the entry was last extended (ms since epoch). */
  at: number;
}

export interface Journal {
  past: HistoryEntry[];
  future: HistoryEntry[];
}

export const COALESCE_MS = 1000;
export const MAX_ENTRIES = 300;
/** The draft's history must stay under 4 MiB; keep a margin. */
export const MAX_BYTES = 3.5 * 1024 * 1024;
const KIND = "neuroflow-editor-history";
const VERSION = 1;

/** The journal after recording one edit: merged into the last entry or pushed; the redo side cleared. */
export function record(journal: Journal, entry: HistoryEntry): Journal {
  const last = journal.past[journal.past.length - 1];
  if (last && entry.key && last.key === entry.key && entry.at - last.at < COALESCE_MS) {
    const merged: HistoryEntry = { ...last, patches: [...last.patches, ...entry.patches], inverse: [...entry.inverse, ...last.inverse], at: entry.at };
    return { past: [...journal.past.slice(0, -1), merged], future: [] };
  }
  const past = [...journal.past, entry];
  return { past: past.length > MAX_ENTRIES ? past.slice(past.length - MAX_ENTRIES) : past, future: [] };
}

/** A fingerprint of the document the journal belongs to (FNV-1a of its JSON). */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

/** The journal as stored in the draft: versioned, tied to its document, oldest entries dropped to fit. */
export function serialize(journal: Journal, docPrint: string): Value {
  let past = journal.past;
  const build = () => ({ kind: KIND, version: VERSION, doc: docPrint, past, future: journal.future }) as unknown as Value;
  let out = build();
  while (past.length > 0 && JSON.stringify(out).length > MAX_BYTES) {
    past = past.slice(Math.ceil(past.length / 4));
    out = build();
  }
  return out;
}

/** The stored journal if it is ours, of a known version, and for this very document; else empty. */
export function deserialize(stored: Value | null | undefined, docPrint: string): Journal {
  if (!stored || typeof stored !== "object" || Array.isArray(stored)) return { past: [], future: [] };
  const s = stored as { kind?: unknown; version?: unknown; doc?: unknown; past?: unknown; future?: unknown };
  if (s.kind !== KIND || s.version !== VERSION || s.doc !== docPrint) return { past: [], future: [] };
  if (!Array.isArray(s.past) || !Array.isArray(s.future)) return { past: [], future: [] };
  const ok = (e: unknown): e is HistoryEntry =>
    typeof e === "object" && e !== null && typeof (e as HistoryEntry).label === "string" && Array.isArray((e as HistoryEntry).patches) && Array.isArray((e as HistoryEntry).inverse);
  return { past: s.past.filter(ok), future: s.future.filter(ok) };
}
