// The list frame every list page shares: its loading, empty, failed and filled states.
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Loaded } from "../state/useLoad";
import { ListPage } from "./ListPage";

const state = (extra: Partial<Loaded<string[]>>): Loaded<string[]> => ({ data: null, setData: () => {}, error: null, errorCode: null, loading: false, load: async () => {}, ...extra });

function renderList(s: Loaded<string[]>) {
  return render(
    <ListPage title="Things" subtitle="What there is" actions={<button>New thing</button>} state={s} loadingLabel="Loading things…" empty={<p>No things yet</p>}>
      {(items) => (
        <ul aria-label="Things">
          {items.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      )}
    </ListPage>,
  );
}

describe("ListPage and ResourceState", () => {
  it("shows its header, then a spinner while loading", () => {
    renderList(state({ loading: true }));
    expect(screen.getByRole("heading", { level: 1, name: "Things" })).toBeInTheDocument();
    expect(screen.getByText("What there is")).toHaveClass("subtitle");
    expect(screen.getByRole("status")).toHaveTextContent("Loading things…");
    expect(screen.queryByRole("list")).not.toBeInTheDocument();
  });

  it("shows the empty state when there is nothing, and the data otherwise", () => {
    const { unmount } = renderList(state({ data: [] }));
    expect(screen.getByText("No things yet")).toBeInTheDocument();
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
    unmount();
    renderList(state({ data: ["a", "b"] }));
    expect(screen.getByRole("list", { name: "Things" })).toHaveTextContent("ab");
  });

  it("says why it failed with Try again, keeping what was read before", async () => {
    const load = vi.fn(async () => {});
    renderList(state({ data: ["a"], error: "the database is locked", load }));
    expect(screen.getByRole("alert")).toHaveTextContent("the database is locked");
    expect(screen.getByRole("list", { name: "Things" })).toHaveTextContent("a");
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(load).toHaveBeenCalledTimes(1);
  });
});
