// The editor page against the fake backend: it opens the latest version (or the draft with its undo
// history), saves every edit as the draft within a second, shows validation problems on the node and
// in the list and clears them, undoes and redoes, runs the draft with live node states, saves
// versions and says when someone else saved first.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { WorkflowDraft } from "./contract";
import { fromDocument, toDocument } from "./store/doc";
import { fingerprint, serialize } from "./store/history";
import { createEditorStore } from "./store/editorStore";
import { setField } from "./store/commands";
import { fakeBackend, ORG, startDoc } from "./test/fakeBackend";
import { node, openEditor } from "./test/openEditor";


describe("EditorPage", () => {
  it("opens the latest version and saves an edit as the draft within a second", async () => {
    const { fake } = openEditor();
    await waitFor(() => expect(node("hi")).toBeInTheDocument());
    expect(screen.getByRole("heading", { name: "Greeter" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("tab", { name: "Workflow" }));
    const name = screen.getByLabelText("Name");
    await userEvent.type(name, " v2");
    await waitFor(() => expect(fake.drafts.at(-1)?.document.name).toBe("Greeter v2"), { timeout: 2000 });
    expect(fake.drafts.at(-1)?.baseVersion).toBe(1);
    expect(screen.getByRole("button", { name: "Undo: Change workflow settings" })).toBeEnabled();
  });

  it("reopens a draft with its undo history, and undo and redo change the canvas", async () => {
    const doc = fromDocument(startDoc());
    const store = createEditorStore(doc);
    setField(store, "hi", "label", "Say hello");
    const edited = store.getState();
    const draft = { workflowId: "w1", document: toDocument(edited.doc) as WorkflowDraft["document"], baseVersion: 1, history: serialize(edited.journal, fingerprint(edited.doc)), sampleInput: { name: "Ada" }, pins: {}, updatedAt: "2026-11-30T09:00:00.000Z" };
    openEditor(fakeBackend({ draft }));
    await waitFor(() => expect(node("hi")).toHaveTextContent("Say hello"));
    const undo = screen.getByRole("button", { name: "Undo: Change Say hi: label" });
    await userEvent.click(undo);
    expect(node("hi")).toHaveTextContent("Say hi");
    // The node names its React Flow wrapper from the store too: the name follows the label.
    expect(node("hi")?.closest(".react-flow__node")).toHaveAttribute("aria-label", expect.stringMatching(/: Say hi$/));
    await userEvent.click(screen.getByRole("button", { name: "Redo: Change Say hi: label" }));
    expect(node("hi")).toHaveTextContent("Say hello");
  });

  it("adds a node from the palette by keyboard, shows its problem, and clears it when fixed", async () => {
    const { fake } = openEditor();
    await waitFor(() => expect(node("hi")).toBeInTheDocument());
    await userEvent.click(screen.getByRole("button", { name: /Add node/ }));
    const palette = screen.getByRole("dialog", { name: "Add a node" });
    await userEvent.type(within(palette).getByRole("combobox", { name: "Search nodes and actions" }), "if / else");
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(node("condition")).toBeInTheDocument());
    await waitFor(() => expect(node("condition")?.querySelector(".wf-node-issue")).toHaveAttribute("aria-label", expect.stringMatching(/expression is required/)), { timeout: 2000 });
    await userEvent.click(screen.getByRole("tab", { name: /Problems/ }));
    expect(screen.getByRole("list", { name: "Problems" })).toHaveTextContent("an expression is required");
    // Fix it through the panel (the condition's expression field) and the problem goes.
    await userEvent.click(within(screen.getByRole("list", { name: "Problems" })).getByRole("button", { name: /Condition/ }));
    const field = await screen.findByRole("textbox", { name: "Expression" });
    const { EditorView } = await import("@codemirror/view");
    const view = EditorView.findFromDOM(field)!;
    act(() => view.dispatch({ changes: { from: 0, insert: "input.score > 5" } }));
    await waitFor(() => expect(node("condition")?.querySelector(".wf-node-issue")).toBeNull(), { timeout: 2000 });
    await waitFor(() => expect(fake.drafts.at(-1)?.document.nodes.find((n) => n.id === "condition")?.data?.["expression"]).toBe("input.score > 5"), { timeout: 2000 });
  });

  it("runs the draft with the sample input and lights the nodes as events arrive", async () => {
    const { fake, ipc } = openEditor();
    await waitFor(() => expect(node("hi")).toBeInTheDocument());
    await userEvent.click(screen.getByRole("button", { name: "Run" }));
    const dialog = screen.getByRole("dialog", { name: "Run workflow" });
    const input = within(dialog).getByLabelText("Input (JSON)");
    await userEvent.clear(input);
    await userEvent.click(input);
    await userEvent.paste('{"name": "Ada"}');
    await userEvent.click(within(dialog).getByRole("button", { name: "Run" }));
    await waitFor(() => expect(ipc.calls.some((c) => c.cmd === "run_draft")).toBe(true));
    expect(ipc.calls.find((c) => c.cmd === "run_draft")?.args).toMatchObject({ input: { name: "Ada" } });
    expect(ipc.calls.find((c) => c.cmd === "run_draft")?.args).toMatchObject({ org: ORG, id: "w1", options: { upTo: null, only: null, pins: {} } });
    act(() => {
      fake.send({ type: "executionStarted", executionId: "x1", workflowId: "w1", triggerNode: "t", at: "" });
      fake.send({ type: "nodeStarted", executionId: "x1", nodeId: "hi", attempt: 1, at: "" });
    });
    expect(await screen.findByLabelText("Say hi: running")).toBeInTheDocument();
    act(() => {
      fake.send({ type: "nodeFinished", executionId: "x1", nodeId: "hi", durationUs: 9, output: { greeting: "Hi Ada" }, reused: false });
      fake.send({ type: "executionFinished", executionId: "x1", status: "COMPLETED", output: { greeting: "Hi Ada" }, error: null, durationMs: 2, nodesExecuted: 2, tokensUsed: 0, costMicros: 0 });
    });
    const result = screen.getByRole("region", { name: "Run" });
    await waitFor(() => expect(result).toHaveTextContent("Completed"));
    expect(result).toHaveTextContent('"greeting": "Hi Ada"');
  });

  it("saves a version with a message, and shows a conflict when someone else saved first", async () => {
    const { fake } = openEditor();
    await waitFor(() => expect(node("hi")).toBeInTheDocument());
    await userEvent.click(screen.getByRole("button", { name: "Save version" }));
    let dialog = screen.getByRole("dialog", { name: "Save version" });
    await userEvent.type(within(dialog).getByLabelText("What changed (optional)"), "First cut");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save version" }));
    await waitFor(() => expect(fake.latest()).toBe(2));
    expect(fake.versions.at(-1)?.message).toBe("First cut");
    expect(screen.getByText(/based on version 2/)).toBeInTheDocument();
    // The CLI saves version 3; ours is now stale.
    fake.versions.push({ version: 3, document: startDoc(), message: "from the CLI" });
    await userEvent.click(screen.getByRole("button", { name: "Save version" }));
    dialog = screen.getByRole("dialog", { name: "Save version" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Save version" }));
    expect(await screen.findByText(/changed elsewhere \(version 3/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Keep both" })).toBeInTheDocument();
    expect(fake.latest()).toBe(3);
  });
});
