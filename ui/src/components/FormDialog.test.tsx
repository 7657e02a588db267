// The dialog code every form uses: one submit at a time, "busy" while saving, the app's refusal in view.
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { useSubmit } from "../state/useSubmit";
import { ConfirmDialog } from "./ConfirmDialog";
import { FormDialog } from "./FormDialog";

/** A dialog whose save the test finishes, or fails, by hand. */
function NameDialog({ save, onClose }: { save: (name: string) => Promise<void>; onClose: () => void }) {
  const [name, setName] = useState("");
  const { busy, error, run } = useSubmit();
  return (
    <FormDialog title="Rename" onClose={onClose} onSubmit={() => void run(() => save(name))} submitLabel="Save name" busy={busy} disabled={!name.trim()} error={error}>
      <label htmlFor="n">Name</label>
      <input id="n" value={name} onChange={(e) => setName(e.target.value)} />
    </FormDialog>
  );
}

describe("FormDialog with useSubmit", () => {
  it("submits once, says it is busy, and shows the app's refusal in the dialog", async () => {
    let finish: (ok: boolean) => void = () => {};
    const save = vi.fn(() => new Promise<void>((resolve, reject) => (finish = (ok) => (ok ? resolve() : reject(new Error("that name is taken"))))));
    render(<NameDialog save={save} onClose={() => {}} />);
    const dialog = screen.getByRole("dialog", { name: "Rename" });
    expect(within(dialog).getByRole("button", { name: "Save name" })).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText("Name"), "Ada{Enter}");
    expect(await within(dialog).findByRole("button", { name: "Saving…" })).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText("Name"), "{Enter}");
    expect(save).toHaveBeenCalledTimes(1);
    finish(false);
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("that name is taken");
    expect(within(dialog).getByRole("button", { name: "Save name" })).toBeEnabled();
    await userEvent.click(within(dialog).getByRole("button", { name: "Save name" }));
    await waitFor(() => expect(within(dialog).queryByRole("alert")).not.toBeInTheDocument());
    finish(true);
    await waitFor(() => expect(within(dialog).getByRole("button", { name: "Save name" })).toBeEnabled());
  });

  it("cancels without saving", async () => {
    const save = vi.fn(async () => {});
    const onClose = vi.fn();
    render(<NameDialog save={save} onClose={onClose} />);
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(save).not.toHaveBeenCalled();
  });
});

describe("ConfirmDialog", () => {
  it("does the dangerous thing only when confirmed, busy meanwhile, and keeps a refusal in view", async () => {
    let finish: () => void = () => {};
    const confirm = vi
      .fn<() => Promise<void>>()
      .mockImplementationOnce(() => Promise.reject(new Error("the vault refused")))
      .mockImplementationOnce(() => new Promise<void>((resolve) => (finish = resolve)));
    render(
      <ConfirmDialog title="Delete “Ada”?" confirmLabel="Delete agent" busyLabel="Deleting…" onConfirm={confirm} onClose={() => {}}>
        <p>Her calls go with her.</p>
      </ConfirmDialog>,
    );
    const dialog = screen.getByRole("dialog", { name: "Delete “Ada”?" });
    expect(dialog).toHaveTextContent("Her calls go with her.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete agent" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("the vault refused");
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete agent" }));
    expect(await within(dialog).findByRole("button", { name: "Deleting…" })).toBeDisabled();
    expect(within(dialog).queryByRole("alert")).not.toBeInTheDocument();
    finish();
    await waitFor(() => expect(within(dialog).getByRole("button", { name: "Delete agent" })).toBeEnabled());
    expect(confirm).toHaveBeenCalledTimes(2);
  });
});
