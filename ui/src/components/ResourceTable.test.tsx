// The one table every list draws: its header, its Actions column and clickable rows.
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ResourceTable } from "./ResourceTable";

const rows = [
  { id: "a", name: "Ada", runs: 3 },
  { id: "b", name: "Bo", runs: 0 },
];

describe("ResourceTable", () => {
  it("draws a header and a row per item, numbers right-aligned, with a named Actions column", () => {
    render(
      <ResourceTable
        label="People"
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { header: "Name", cell: (r) => r.name, title: (r) => `id ${r.id}` },
          { header: "Runs", num: true, cell: (r) => r.runs },
        ]}
        actions={(r) => <button>Edit {r.name}</button>}
      />,
    );
    const table = screen.getByRole("table", { name: "People" });
    const [head, ada] = within(table).getAllByRole("row");
    expect(within(head!).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Name", "Runs", "Actions"]);
    expect(within(head!).getByText("Runs")).toHaveClass("num");
    const cells = within(ada!).getAllByRole("cell");
    expect(cells[0]).toHaveAttribute("title", "id a");
    expect(cells[1]).toHaveClass("num");
    expect(cells[2]).toHaveClass("actions");
  });

  it("opens a row's item on click, but not when one of its buttons is pressed", async () => {
    const open = vi.fn();
    const edit = vi.fn();
    render(<ResourceTable label="People" rows={rows} rowKey={(r) => r.id} columns={[{ header: "Name", cell: (r) => r.name }]} onRowClick={open} actions={(r) => <button onClick={() => edit(r.id)}>Edit {r.name}</button>} />);
    await userEvent.click(screen.getByText("Bo"));
    expect(open).toHaveBeenCalledWith(rows[1]);
    expect(screen.getByText("Bo").closest("tr")).toHaveClass("clickable");
    await userEvent.click(screen.getByRole("button", { name: "Edit Ada" }));
    expect(edit).toHaveBeenCalledWith("a");
    expect(open).toHaveBeenCalledTimes(1);
  });
});
