// The dialog frame's keyboard promises: focus in, Tab kept inside, Escape closes.
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { Modal } from "./Modal";

describe("Modal", () => {
  it("moves focus inside, keeps Tab inside, and closes on Escape", async () => {
    const onClose = vi.fn();
    render(
      <>
        <button>outside</button>
        <Modal title="Rename" onClose={onClose}>
          <input aria-label="Name" />
          <button>Save</button>
        </Modal>
      </>,
    );
    expect(screen.getByRole("dialog", { name: "Rename" })).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole("button", { name: "Save" })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole("button", { name: "Close" })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByLabelText("Name")).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
