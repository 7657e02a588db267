// The palette: grouped items from the catalog, search by name and by purpose, arrows and Enter,
// click, and an honest empty result.
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { paletteItems } from "../catalog";
import { catalog } from "../test/fakeBackend";
import { Palette } from "./Palette";

const items = paletteItems(catalog);

describe("Palette", () => {
  it("groups every kind and every integration action, the generic integration kind left out", () => {
    render(<Palette items={items} onPick={() => {}} onClose={() => {}} />);
    const groups = screen.getAllByRole("group").map((g) => g.getAttribute("aria-label"));
    expect(groups).toEqual(["Triggers", "AI", "Logic", "Integrations", "Flow", "Notes"]);
    const integrations = within(screen.getByRole("group", { name: "Integrations" })).getAllByRole("option");
    expect(integrations.map((o) => o.querySelector(".palette-title")?.textContent)).toEqual(["Post a Slack message", "HTTP request"]);
  });

  it("searches by purpose and picks with the keyboard", async () => {
    const pick = vi.fn();
    render(<Palette items={items} onPick={pick} onClose={() => {}} />);
    const search = screen.getByRole("combobox", { name: "Search nodes and actions" });
    expect(search).toHaveFocus();
    await userEvent.type(search, "web address");
    expect(screen.getAllByRole("option")).toHaveLength(1);
    await userEvent.keyboard("{Enter}");
    expect(pick).toHaveBeenCalledWith(expect.objectContaining({ key: "integration:http.request" }));
    await userEvent.clear(search);
    await userEvent.type(search, "wait");
    await userEvent.keyboard("{Enter}");
    expect(pick).toHaveBeenLastCalledWith(expect.objectContaining({ kind: "delay" }));
  });

  it("moves with the arrows, picks by click, says when nothing matches, closes on Escape", async () => {
    const pick = vi.fn();
    const close = vi.fn();
    render(<Palette items={items} onPick={pick} onClose={close} connecting="Start" />);
    expect(screen.getByText("Connects after Start")).toBeInTheDocument();
    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    expect(screen.getAllByRole("option")[2]).toHaveAttribute("aria-selected", "true");
    await userEvent.click(screen.getByText("Note"));
    expect(pick).toHaveBeenCalledWith(expect.objectContaining({ kind: "note" }));
    await userEvent.type(screen.getByRole("combobox"), "zzz");
    expect(screen.getByText("Nothing matches “zzz”.")).toBeInTheDocument();
    await userEvent.keyboard("{Escape}");
    expect(close).toHaveBeenCalled();
  });
});
