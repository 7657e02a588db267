// The window as a whole: first run, navigation, switching organization, unreadable data.
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import { appError, backend } from "../test/ipc";

const acme = { id: "01a20000-0000-7000-8000-00000000000a", name: "Acme Realty", createdAt: "2026-11-20T10:00:00.000Z" };
const emptyPage = { items: [], total: 0, limit: 5, offset: 0 };

describe("App", () => {
  it("welcomes a first-time user and creates their organization", async () => {
    let orgs: (typeof acme)[] = [];
    backend({
      list_orgs: () => orgs,
      create_org: ({ name }) => {
        if (!String(name).trim()) throw appError("INVALID_INPUT", "an organization needs a name");
        orgs = [{ ...acme, name: String(name) }];
        return orgs[0];
      },
      list_workflows: () => emptyPage,
    });
    render(<App />);
    expect(await screen.findByRole("heading", { name: "Welcome to NeuroFlow Hub" })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Organization name"), "Acme Realty{Enter}");
    expect(await screen.findByRole("heading", { name: "Acme Realty", level: 1 })).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Organization" })).toHaveValue(acme.id);
  });

  it("has navigation for every area, marking the current one", async () => {
    backend({ list_orgs: () => [acme], list_workflows: () => emptyPage, list_teams: () => emptyPage });
    window.location.hash = "#/teams";
    render(<App />);
    const nav = await screen.findByRole("navigation", { name: "Main" });
    const labels = within(nav).getAllByRole("link").map((a) => a.textContent);
    expect(labels).toEqual(["Dashboard", "Workflows", "Executions", "Agents", "Teams", "Integrations", "Templates", "Analytics", "Settings"]);
    expect(within(nav).getByRole("link", { name: "Teams" })).toHaveAttribute("aria-current", "page");
    expect(await screen.findByRole("region", { name: "No teams yet" })).toBeInTheDocument();
  });

  it("switches organization from the switcher", async () => {
    const zen = { ...acme, id: "01a20000-0000-7000-8000-00000000000b", name: "Zen Homes" };
    backend({ list_orgs: () => [acme, zen], list_workflows: () => emptyPage });
    render(<App />);
    expect(await screen.findByRole("heading", { name: "Acme Realty", level: 1 })).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Organization" }), zen.id);
    expect(await screen.findByRole("heading", { name: "Zen Homes", level: 1 })).toBeInTheDocument();
    expect(localStorage.getItem("neuroflow.currentOrg")).toBe(zen.id);
  });

  it("says so when the data cannot be read", async () => {
    backend({
      list_orgs: () => {
        throw appError("STORAGE", "the database could not be opened at /x: permission denied");
      },
    });
    render(<App />);
    expect(await screen.findByRole("alert")).toHaveTextContent("permission denied");
  });
});
