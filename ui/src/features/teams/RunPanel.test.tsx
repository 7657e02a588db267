// Running a team from its page: contributions as they stream, Stop, delegations, votes, refusals, past runs.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { TeamEvent } from "../../bindings";
import { TeamsPage } from "./TeamsPage";
import { appError, type Handler } from "../../test/ipc";
import { renderWithBackend } from "../../test/render";
import { ORG, RUN, T1, agent, contribution, execution, member, page, team } from "./testData";

const AGENTS = [agent("a1", "Ada"), agent("a2", "Bo"), agent("a3", "Cy")];

function renderTeam(structure: string, members: ReturnType<typeof member>[], handlers: Record<string, Handler>) {
  return renderWithBackend(<TeamsPage org={ORG} id={T1} />, {
    get_team: () => ({ team: team(T1, "Listing writers", { structure }), members }),
    list_agents: () => page(AGENTS),
    list_team_executions: () => page([]),
    ...handlers,
  });
}

/** run_team that hands its channel to the test and finishes when the test says. */
function controlledRun() {
  const run = { send: (_: TeamEvent) => {}, finish: (_: unknown) => {} };
  const handler: Handler = ({ onEvent }) => {
    const channel = onEvent as { onmessage: (e: TeamEvent) => void };
    run.send = (e) => act(() => channel.onmessage(e));
    return new Promise((resolve) => (run.finish = resolve));
  };
  return { run, handler };
}

const names = (list: HTMLElement) => within(list).getAllByRole("article").map((a) => a.getAttribute("aria-label"));

describe("Team run panel", () => {
  it("shows each member's contribution as it arrives, stops on request, and ends with the totals", async () => {
    const { run, handler } = controlledRun();
    const { calls } = renderTeam("PIPELINE", [member("a1", "Ada", "WORKER", 1), member("a2", "Bo", "SPECIALIST", 2)], {
      run_team: handler,
      cancel_team_run: () => true,
    });
    await userEvent.click(await screen.findByRole("button", { name: "Run" }));
    expect(screen.getByText("Write the task for the team first.")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "run_team")).toBe(false);

    await userEvent.type(screen.getByLabelText("Task"), "Describe 12 Elm Street");
    await userEvent.click(screen.getByRole("button", { name: "Run" }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "run_team")?.args).toMatchObject({ org: ORG, id: T1, task: "Describe 12 Elm Street" }));
    expect(screen.getByRole("button", { name: "Stop" })).toBeDisabled();

    run.send({ type: "started", teamExecutionId: RUN, pattern: "PIPELINE" });
    run.send({ type: "memberStarted", agentId: "a1", agentName: "Ada", phase: "step 1" });
    run.send({ type: "memberToken", agentId: "a1", phase: "step 1", text: "A sunny " });
    run.send({ type: "memberToken", agentId: "a1", phase: "step 1", text: "home" });
    const ada = await screen.findByRole("article", { name: "Ada, Step 1" });
    expect(ada).toHaveTextContent("A sunny home");
    expect(ada).toHaveTextContent("Running");
    expect(ada).toHaveTextContent("Worker");

    run.send({ type: "contribution", entry: contribution("a1", "Ada", "WORKER", "step 1", "A sunny home.", 120, 75) });
    expect(ada).toHaveTextContent("Completed");
    expect(ada).toHaveTextContent("120 tokens · $0.000075");
    run.send({ type: "memberStarted", agentId: "a2", agentName: "Bo", phase: "step 2" });
    const list = screen.getByRole("list", { name: "Contributions" });
    expect(names(list)).toEqual(["Ada, Step 1", "Bo, Step 2"]);
    expect(screen.getByRole("article", { name: "Bo, Step 2" })).toHaveTextContent("Specialist");

    await userEvent.click(screen.getByRole("button", { name: "Stop" }));
    expect(calls.find((c) => c.cmd === "cancel_team_run")!.args).toEqual({ id: RUN });

    run.send({ type: "contribution", entry: contribution("a2", "Bo", "SPECIALIST", "step 2", "A sunny three-bedroom home.", 80, 1_250_000) });
    expect(screen.getByRole("article", { name: "Bo, Step 2" })).toHaveTextContent("80 tokens · $1.25");
    const done = execution({ tokensUsed: 200, costMicros: 1_250_075, durationMs: 4200 });
    run.send({ type: "finished", execution: done as never });
    act(() => run.finish(done));

    const result = await screen.findByRole("region", { name: "Result" });
    expect(result).toHaveTextContent("Completed");
    expect(result).toHaveTextContent("200 tokens");
    expect(result).toHaveTextContent("$1.250075");
    expect(result).toHaveTextContent("4.2 s");
    expect(result).toHaveTextContent("A sunny three-bedroom home.");
    await waitFor(() => expect(screen.queryByRole("button", { name: "Stop" })).not.toBeInTheDocument());
    expect(calls.filter((c) => c.cmd === "list_team_executions").length).toBeGreaterThanOrEqual(2);
  });

  it("shows the leader's delegations and the vote when the structure has them", async () => {
    const { run, handler } = controlledRun();
    renderTeam("HIERARCHICAL", [member("a1", "Ada", "LEADER", 1), member("a2", "Bo", "WORKER", 2), member("a3", "Cy", "WORKER", 3)], { run_team: handler });
    await userEvent.type(await screen.findByLabelText("Task"), "Price 12 Elm Street");
    await userEvent.click(screen.getByRole("button", { name: "Run" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Stop" })).toBeInTheDocument());
    run.send({ type: "started", teamExecutionId: RUN, pattern: "HIERARCHICAL" });
    run.send({
      type: "contribution",
      entry: { phase: "delegation", agentId: "a1", agentName: "Ada", delegations: [{ agentId: "a2", agentName: "Bo", task: "Find comparable sales" }, { agentId: "a3", agentName: "Cy", task: "Check the school district" }], refused: [{ member: "Zed", task: "x" }] },
    });
    const plan = await screen.findByRole("article", { name: "Delegation" });
    expect(plan).toHaveTextContent("Ada delegated 2 subtasks");
    expect(within(plan).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["→ Bo: Find comparable sales", "→ Cy: Check the school district"]);
    expect(plan).toHaveTextContent("1 item of the plan named nobody in the team");

    run.send({
      type: "contribution",
      entry: {
        phase: "tally",
        votes: [
          { voter: "Ada", proposal: 2, for: "Bo", reason: "best comps", abstained: false },
          { voter: "Bo", proposal: 1, for: "Ada", reason: "", abstained: false },
          { voter: "Cy", proposal: null, for: null, reason: "", abstained: true },
        ],
        counts: [1, 1, 0],
        winner: 1,
        winnerName: "Ada",
        tieBrokenByPriority: true,
      },
    });
    const vote = await screen.findByRole("article", { name: "Vote" });
    expect(vote).toHaveTextContent("Proposal 1 by Ada wins with 1 vote (a tie, broken by priority)");
    const rows = within(within(vote).getByRole("table", { name: "Votes" })).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(["AdaProposal 2 (Bo)best comps", "BoProposal 1 (Ada)", "Cyabstained"]);
    expect(names(screen.getByRole("list", { name: "Contributions" }))).toEqual(["Delegation", "Vote"]);
  });

  it("shows the app's reason when it refuses to run the team", async () => {
    renderTeam("HIERARCHICAL", [member("a2", "Bo", "WORKER", 1), member("a3", "Cy", "WORKER", 2)], {
      run_team: () => {
        throw appError("INVALID_INPUT", "hierarchical team 'Listing writers' needs a leader: give one member the LEADER role");
      },
    });
    await userEvent.type(await screen.findByLabelText("Task"), "Describe 12 Elm Street");
    await userEvent.click(screen.getByRole("button", { name: "Run" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("hierarchical team 'Listing writers' needs a leader");
    expect(screen.getByRole("button", { name: "Run" })).toBeEnabled();
  });

  it("lists recent runs newest first and opens one to show each member's recorded contribution", async () => {
    const older = execution({ id: "r1", task: "Older task", startedAt: "2026-11-20T10:00:00.000Z", status: "FAILED", error: "Bo failed (step 2): HTTP 429", output: null });
    const newer = execution({
      id: "r2",
      task: "Newer task",
      startedAt: "2026-11-21T10:00:00.000Z",
      tokensUsed: 300,
      costMicros: 2_000_001,
      agentResults: [contribution("a1", "Ada", "WORKER", "step 1", "Draft one", 100, 1), contribution("a2", "Bo", "WORKER", "step 2", "Draft two", 200, 2_000_000)],
    });
    renderTeam("PIPELINE", [member("a1", "Ada", "WORKER", 1)], { list_team_executions: () => page([older, newer]) });
    const runs = await screen.findByRole("list", { name: "Recent runs" });
    const heads = within(runs).getAllByRole("button");
    expect(heads.map((b) => b.textContent?.includes("Newer task"))).toEqual([true, false]);
    expect(heads[0]).toHaveTextContent("300 tokens · $2.000001 · 4.2 s");
    expect(heads[1]).toHaveTextContent("Failed");

    await userEvent.click(heads[0]!);
    expect(heads[0]).toHaveAttribute("aria-expanded", "true");
    const bo = await within(runs).findByRole("article", { name: "Bo, Step 2" });
    expect(bo).toHaveTextContent("Draft two");
    expect(bo).toHaveTextContent("200 tokens · $2.00");
    expect(within(runs).getByRole("article", { name: "Ada, Step 1" })).toHaveTextContent("$0.000001");

    await userEvent.click(heads[1]!);
    expect(await within(runs).findByText("Bo failed (step 2): HTTP 429")).toBeInTheDocument();
  });
});
