// Autosave: one save per burst of edits within the delay, a flush saves at once, edits during a save
// are saved right after it, a failure is reported and retried, and the saved draft carries the
// journal tied to its document.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DraftInput, DraftSaved } from "../contract";
import { setField } from "../store/commands";
import { createEditorStore } from "../store/editorStore";
import { deserialize, fingerprint } from "../store/history";
import { fromDocument } from "../store/doc";
import { startAutosave, type SaveStatus } from "./autosave";

const doc = () => ({
  name: "W",
  description: "",
  tags: [],
  variables: {},
  nodes: [{ id: "t", type: "trigger", position: { x: 0, y: 0 }, data: { label: "Start", trigger: { kind: "manual" } } }],
  edges: [],
});
const report = { errors: [], warnings: [] };

describe("autosave", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("saves a burst of edits once, within the delay", async () => {
    const store = createEditorStore(doc());
    const saved: DraftInput[] = [];
    const statuses: SaveStatus[] = [];
    const saver = startAutosave(store, async (d) => (saved.push(d), { updatedAt: "now", report }), (s) => statuses.push(s), 600);
    setField(store, "t", "label", "A");
    await vi.advanceTimersByTimeAsync(300);
    setField(store, "t", "label", "AB");
    expect(saved).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(700);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.document.nodes[0]!.data!["label"]).toBe("AB");
    expect(statuses.at(-1)).toEqual({ state: "saved", at: "now", error: null });
    // The journal saved with it reopens against the saved document.
    const reopened = fromDocument(saved[0]!.document);
    expect(deserialize(saved[0]!.history, fingerprint(reopened)).past).toHaveLength(1);
    saver.stop();
  });

  it("flushes at once, and saves again for edits made during a save", async () => {
    const store = createEditorStore(doc());
    const saved: string[] = [];
    let release: () => void = () => {};
    const saver = startAutosave(
      store,
      (d) =>
        new Promise<DraftSaved>((resolve) => {
          saved.push(String(d.document.nodes[0]!.data!["label"]));
          release = () => resolve({ updatedAt: "t", report });
        }),
      () => {},
    );
    setField(store, "t", "label", "one");
    const flushing = saver.flush();
    expect(saved).toEqual(["one"]);
    setField(store, "t", "label", "two", false);
    release();
    await vi.advanceTimersByTimeAsync(0);
    // The flush goes on to save what changed meanwhile, and ends when that is saved too.
    expect(saved).toEqual(["one", "two"]);
    release();
    await flushing;
    saver.stop();
  });

  it("reports a failed save and retries it with the next flush", async () => {
    const store = createEditorStore(doc());
    let fail = true;
    const statuses: SaveStatus[] = [];
    const saver = startAutosave(
      store,
      async () => {
        if (fail) throw new Error("disk full");
        return { updatedAt: "later", report };
      },
      (s) => statuses.push(s),
    );
    setField(store, "t", "label", "x");
    await vi.advanceTimersByTimeAsync(700);
    expect(statuses.at(-1)).toMatchObject({ state: "error", error: "disk full" });
    fail = false;
    await saver.flush();
    expect(statuses.at(-1)).toMatchObject({ state: "saved", at: "later" });
    saver.stop();
  });
});
