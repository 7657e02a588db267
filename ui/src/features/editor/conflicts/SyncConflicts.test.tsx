// Sync conflicts in the editor against the fake backend: the notice shows only while a conflict copy
// is unresolved; the compare view puts "Use theirs" nodes into the draft as one undoable edit (and
// nothing else), marks the copy resolved, and "Keep mine for all" resolves without touching the
// draft; loading the other side can fail and be tried again; several copies come one after another.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { WorkflowDocument } from "../../../bindings";
import { appError } from "../../../test/ipc";
import { conflictCopy, fakeBackend, startDoc } from "../test/fakeBackend";
import { node, openEditor } from "../test/openEditor";

/** Ada's side: she renamed "Say hi" and its greeting, and relabelled the trigger. */
function adasDoc(): WorkflowDocument {
  const doc = startDoc();
  doc.nodes[0]!.data = { label: "Begin", trigger: { kind: "manual" } };
  doc.nodes[1]!.data = { label: "Hello there", output: { greeting: "Hello {{ input.name }}" } };
  return doc;
}

const opened = async () => {
  await waitFor(() => expect(node("hi")).toBeInTheDocument());
};

describe("sync conflicts in the editor", () => {
  it("shows the notice only while a conflict copy is unresolved", async () => {
    const copy = conflictCopy("c1", "Ada", ["hi", "t"], adasDoc());
    copy.conflict.resolved = true;
    const { ipc } = openEditor(fakeBackend({ conflicts: [copy] }));
    await opened();
    await waitFor(() => expect(ipc.calls.some((c) => c.cmd === "sync_conflicts" && c.args.workflow === "w1")).toBe(true));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole("button", { name: "Compare" })).toBeNull();
  });

  it("puts their version of one chosen node into the draft as one undoable edit, and resolves", async () => {
    const { fake } = openEditor(fakeBackend({ conflicts: [conflictCopy("c1", "Ada", ["hi", "t"], adasDoc())] }));
    await opened();
    expect(await screen.findByText("Ada's version of 2 nodes differs from this draft (a sync conflict).")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Compare" }));
    const dialog = screen.getByRole("dialog", { name: "Compare changes" });
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    const hi = await within(dialog).findByRole("region", { name: "Say hi" });
    expect(within(hi).getByRole("columnheader", { name: "Ada's" })).toBeInTheDocument();
    expect(within(hi).getByRole("row", { name: /data\.label Say hi Hello there/ })).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Use theirs for Say hi" }));
    expect(within(dialog).getByRole("button", { name: "Use theirs for Say hi" })).toHaveAttribute("aria-pressed", "true");
    expect(within(dialog).getByRole("button", { name: "Keep this version of Start" })).toHaveAttribute("aria-pressed", "true");
    await userEvent.click(within(dialog).getByRole("button", { name: "Apply: use theirs for 1 node" }));

    expect(await within(dialog).findByText(/Nothing left to resolve/)).toBeInTheDocument();
    expect(fake.conflicts[0]!.conflict.resolved).toBe(true);
    expect(node("hi")).toHaveTextContent("Hello there");
    expect(node("t")).toHaveTextContent("Start");
    // Saved by the normal autosave: exactly that node changed.
    await waitFor(() => expect(fake.drafts.at(-1)?.document.nodes.find((n) => n.id === "hi")?.data).toEqual(adasDoc().nodes[1]!.data), { timeout: 2000 });
    const saved = fake.drafts.at(-1)!.document;
    expect(saved.nodes.find((n) => n.id === "t")).toEqual(startDoc().nodes[0]);
    expect(saved.edges).toEqual([{ id: "e1", source: "t", target: "hi", sourceHandle: null, targetHandle: null }]);

    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.queryByRole("button", { name: "Compare" })).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Undo: Use Ada's version of Say hi" }));
    expect(node("hi")).toHaveTextContent("Say hi");
    await waitFor(() => expect(fake.drafts.at(-1)?.document.nodes).toEqual(startDoc().nodes), { timeout: 2000 });
  });

  it("keeps mine for all: resolves without changing the draft", async () => {
    const { fake, ipc } = openEditor(fakeBackend({ conflicts: [conflictCopy("c1", "Ada", ["hi", "t"], adasDoc())] }));
    await opened();
    await userEvent.click(await screen.findByRole("button", { name: "Compare" }));
    const dialog = screen.getByRole("dialog", { name: "Compare changes" });
    await userEvent.click(await within(dialog).findByRole("button", { name: "Keep mine for all" }));
    expect(await within(dialog).findByText(/Nothing left to resolve/)).toBeInTheDocument();
    expect(ipc.calls.filter((c) => c.cmd === "resolve_sync_conflict").map((c) => c.args.id)).toEqual(["c1"]);
    expect(fake.conflicts[0]!.conflict.resolved).toBe(true);
    expect(node("hi")).toHaveTextContent("Say hi");
    await new Promise((r) => setTimeout(r, 1200));
    expect(fake.drafts).toHaveLength(0);
    expect(screen.queryByRole("button", { name: /^Undo: / })).toBeNull();
  });

  it("says when their version cannot be read, tries again, and takes several conflicts one after another", async () => {
    const fake = fakeBackend({
      conflicts: [conflictCopy("c2", "Bo", ["t"], adasDoc(), "2026-11-30T12:00:00.000Z"), conflictCopy("c1", "Ada", ["hi"], { ...startDoc(), nodes: [startDoc().nodes[0]!] })],
    });
    const real = fake.handlers["sync_conflict_document"]!;
    let failures = 1;
    fake.handlers["sync_conflict_document"] = (args) => {
      if (failures-- > 0) throw appError("INTERNAL", "disk busy");
      return real(args);
    };
    openEditor(fake);
    await opened();
    expect(await screen.findByText("Bo's and Ada's versions of 2 nodes differ from this draft (2 sync conflicts).")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Compare" }));
    const dialog = screen.getByRole("dialog", { name: "Compare changes" });
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Ada's version could not be read: disk busy");
    await userEvent.click(within(dialog).getByRole("button", { name: "Try again" }));
    // The oldest first: Ada deleted "Say hi".
    const hi = await within(dialog).findByRole("region", { name: "Say hi" });
    expect(within(dialog).getByText(/Conflict 1 of 2/)).toBeInTheDocument();
    expect(hi).toHaveTextContent("deleted by Ada");
    await userEvent.click(within(hi).getByRole("button", { name: "Use theirs for Say hi" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Apply: use theirs for 1 node" }));
    await waitFor(() => expect(node("hi")).toBeNull());
    expect(await within(dialog).findByRole("region", { name: "Start" })).toHaveTextContent("changed on both sides");
    expect(within(dialog).queryByText(/Conflict 1 of/)).toBeNull();
    expect(fake.conflicts.find((c) => c.conflict.id === "c1")!.conflict.resolved).toBe(true);
    expect(fake.conflicts.find((c) => c.conflict.id === "c2")!.conflict.resolved).toBe(false);
  });
});
