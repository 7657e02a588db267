// A team's members on its page: order, roles and priorities in place, adding, removing, what blocks a run.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { TeamsPage } from "./TeamsPage";
import type { Handler } from "../../test/ipc";
import { renderWithBackend } from "../../test/render";
import { ORG, T1, agent, member, page, team } from "./testData";

const AGENTS = [agent("a1", "Ada"), agent("a2", "Bo"), agent("a3", "Cy"), agent("a4", "Dee", { isActive: false })];

/** A team page whose backend keeps the members it is told about. */
function renderTeam(structure: string, initial: ReturnType<typeof member>[], extra: Record<string, Handler> = {}) {
  let members = initial;
  const detail = () => ({ team: team(T1, "Listing writers", { structure }), members });
  return renderWithBackend(<TeamsPage org={ORG} id={T1} />, {
    get_team: detail,
    list_agents: () => page(AGENTS),
    list_team_executions: () => page([]),
    set_team_member: ({ agent: id, role, priority }) => {
      const name = AGENTS.find((a) => a.id === id)!.name;
      const m = member(id as string, name, role as string, priority as number);
      members = [...members.filter((x) => x.agentId !== id), m];
      return detail();
    },
    remove_team_member: ({ agent: id }) => ((members = members.filter((x) => x.agentId !== id)), detail()),
    ...extra,
  });
}

const memberCalls = (calls: { cmd: string; args: Record<string, unknown> }[]) => calls.filter((c) => c.cmd === "set_team_member").map((c) => c.args);

describe("Team members", () => {
  it("lists members in priority order, linked to their agents, and changes a role and a priority", async () => {
    const { calls } = renderTeam("PIPELINE", [member("a2", "Bo", "WORKER", 2), member("a1", "Ada", "WORKER", 1)]);
    const table = await screen.findByRole("table", { name: "Members" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getByRole("link").textContent)).toEqual(["Ada", "Bo"]);
    expect(within(rows[0]!).getByRole("link")).toHaveAttribute("href", "#/agents/a1");
    expect(screen.getByText("Runs in this order: Ada → Bo")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Listing writers" }).parentElement).toHaveTextContent("each building on the previous output");

    await userEvent.selectOptions(screen.getByLabelText("Role of Bo"), "SPECIALIST");
    await waitFor(() => expect(memberCalls(calls)).toHaveLength(1));
    expect(memberCalls(calls)[0]).toEqual({ org: ORG, team: T1, agent: "a2", role: "SPECIALIST", priority: 2 });

    const priority = screen.getByLabelText("Priority of Ada");
    await userEvent.clear(priority);
    await userEvent.type(priority, "5{Enter}");
    await waitFor(() => expect(memberCalls(calls)).toHaveLength(2));
    expect(memberCalls(calls)[1]).toEqual({ org: ORG, team: T1, agent: "a1", role: "WORKER", priority: 5 });
    await waitFor(() => expect(screen.getByText("Runs in this order: Bo → Ada")).toBeInTheDocument());
    expect(memberCalls(calls)).toHaveLength(2);
  });

  it("adds one of the org's other agents with the chosen role and priority, and removes a member", async () => {
    const { calls } = renderTeam("HIERARCHICAL", [member("a1", "Ada", "LEADER", 1)]);
    const form = await screen.findByRole("form", { name: "Add member" });
    const select = within(form).getByLabelText("Agent");
    await waitFor(() => expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["Bo", "Cy", "Dee (turned off)"]));
    expect(within(form).getByLabelText("Role")).toHaveValue("WORKER");
    expect(within(form).getByLabelText("Priority")).toHaveValue(2);

    await userEvent.selectOptions(select, "a3");
    await userEvent.selectOptions(within(form).getByLabelText("Role"), "SPECIALIST");
    const priority = within(form).getByLabelText("Priority");
    await userEvent.clear(priority);
    await userEvent.type(priority, "4");
    await userEvent.click(within(form).getByRole("button", { name: "Add member" }));
    await waitFor(() => expect(memberCalls(calls)).toEqual([{ org: ORG, team: T1, agent: "a3", role: "SPECIALIST", priority: 4 }]));
    expect(await within(screen.getByRole("table", { name: "Members" })).findByRole("link", { name: "Cy" })).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Remove Ada from the team" }));
    await waitFor(() => expect(within(screen.getByRole("table", { name: "Members" })).queryByRole("link", { name: "Ada" })).not.toBeInTheDocument());
    expect(calls.find((c) => c.cmd === "remove_team_member")!.args).toEqual({ org: ORG, team: T1, agent: "a1" });
  });

  it("says what keeps the team from running: no leader, an agent turned off, no members", async () => {
    renderTeam("HIERARCHICAL", [member("a2", "Bo", "WORKER", 1), member("a4", "Dee", "WORKER", 2)]);
    const note = await screen.findByRole("note", { name: "Before this team can run" });
    await waitFor(() => expect(note).toHaveTextContent("“Dee” is turned off"));
    expect(note).toHaveTextContent("needs a leader: give one member the Leader role");
    expect(within(screen.getByRole("table", { name: "Members" })).getByText("Turned off")).toBeInTheDocument();
    // The suggested role for the next member is the missing leader.
    expect(screen.getByLabelText("Role")).toHaveValue("LEADER");
  });

  it("asks for members when the team has none", async () => {
    renderTeam("COLLABORATIVE", []);
    const note = await screen.findByRole("note", { name: "Before this team can run" });
    expect(note).toHaveTextContent("no members yet");
    expect(screen.queryByRole("table", { name: "Members" })).not.toBeInTheDocument();
    expect(await screen.findByLabelText("Role")).toHaveValue("COORDINATOR");
  });
});
