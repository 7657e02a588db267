// The Teams list through the real page against the IPC mock: listing, creating, retrying, turning off, deleting.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ORG, page, team } from "./testData";
import { appError, type Handler } from "../../test/ipc";
import { renderWithBackend } from "../../test/render";
import { TeamsPage } from "./TeamsPage";

function renderPage(handlers: Record<string, Handler>) {
  return renderWithBackend(<TeamsPage org={ORG} />, handlers);
}

describe("TeamsPage list", () => {
  it("lists teams with their structure explained, member count, runs and on state", async () => {
    const writers = team("t1", "Listing writers", { description: "Writes listings", structure: "HIERARCHICAL", executionCount: 7, memberCount: 3 });
    const voters = team("t2", "Pricing panel", { structure: "DEMOCRATIC", isActive: false });
    renderPage({ list_teams: () => page([writers, voters]) });
    const table = await screen.findByRole("table", { name: "Teams" });
    const [, first, second] = within(table).getAllByRole("row");
    expect(within(first!).getByRole("link", { name: "Listing writers" })).toHaveAttribute("href", "#/teams/t1");
    expect(first).toHaveTextContent("Writes listings");
    expect(first).toHaveTextContent("Hierarchical");
    expect(first).toHaveTextContent("The leader splits the task into subtasks");
    await waitFor(() => expect(within(first!).getAllByRole("cell")[2]).toHaveTextContent("3"));
    expect(within(first!).getAllByRole("cell")[3]).toHaveTextContent("7");
    expect(within(first!).getByLabelText("Listing writers is on")).toBeChecked();
    expect(second).toHaveTextContent("every member votes");
    expect(within(second!).getAllByRole("cell")[2]).toHaveTextContent("0");
    expect(within(second!).getByLabelText("Pricing panel is on")).not.toBeChecked();
  });

  it("explains teams when there are none, and creates one with its structure and exact budget", async () => {
    const { calls } = renderPage({
      list_teams: () => page([]),
      create_team: ({ team: t }) => team("t9", (t as { name: string }).name, t as Record<string, unknown>),
    });
    const empty = await screen.findByRole("region", { name: "No teams yet" });
    expect(empty).toHaveTextContent("democratic (they propose and vote)");

    await userEvent.click(within(empty).getByRole("button", { name: /New team/ }));
    const dialog = await screen.findByRole("dialog", { name: "New team" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Create team" }));
    expect(within(dialog).getByRole("alert")).toHaveTextContent("Name is required");
    expect(calls.some((c) => c.cmd === "create_team")).toBe(false);

    await userEvent.type(within(dialog).getByLabelText("Name"), "Listing writers");
    const hierarchical = within(dialog).getByRole("radio", { name: /Hierarchical/ });
    expect(hierarchical.closest("label")).toHaveTextContent("the leader combines their results");
    await userEvent.click(hierarchical);
    await userEvent.type(within(dialog).getByLabelText(/Cost limit per run/), "0.000075");
    await userEvent.type(within(dialog).getByLabelText(/Token limit per run/), "20000");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create team" }));

    await waitFor(() => expect(window.location.hash).toBe("#/teams/t9"));
    expect(calls.find((c) => c.cmd === "create_team")!.args).toEqual({
      org: ORG,
      team: { name: "Listing writers", description: "", structure: "HIERARCHICAL", budget: { maxTokens: 20000, maxCostMicros: 75 } },
    });
  });

  it("says why the list could not be read and reads it again on retry", async () => {
    let fail = true;
    renderPage({
      list_teams: () => {
        if (fail) throw appError("STORAGE", "the organization's database is locked");
        return page([team("t1", "Listing writers")]);
      },
      get_team: () => ({ team: team("t1", "Listing writers"), members: [] }),
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("the organization's database is locked");
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("link", { name: "Listing writers" })).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("turns a team off and deletes one only after confirmation", async () => {
    let items = [team("t1", "Listing writers")];
    const { calls } = renderPage({
      list_teams: () => page(items),
      get_team: () => ({ team: items[0], members: [] }),
      update_team: ({ patch }) => team("t1", "Listing writers", patch as Record<string, unknown>),
      delete_team: () => ((items = []), null),
    });
    await userEvent.click(await screen.findByLabelText("Listing writers is on"));
    await waitFor(() => expect(screen.getByLabelText("Listing writers is on")).not.toBeChecked());
    expect(calls.find((c) => c.cmd === "update_team")!.args).toMatchObject({ id: "t1", patch: { isActive: false } });

    await userEvent.click(screen.getByRole("button", { name: "Delete Listing writers" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete “Listing writers”?" });
    expect(calls.some((c) => c.cmd === "delete_team")).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete team" }));
    expect(await screen.findByRole("region", { name: "No teams yet" })).toBeInTheDocument();
  });
});
