// Folding a team run's events, reading its recorded entries, and the checks made before a run.
import { describe, expect, it } from "vitest";
import type { AgentTeam, TeamEvent, TeamMember } from "../../bindings";
import { parseEntry, resultText } from "./entries";
import { idleTeamRun, reduceTeamRun, type MemberCall, type TeamRunView } from "./runView";
import { problemsOf } from "./structures";
import { RUN, agent, contribution, execution, member, team } from "./testData";

const fold = (events: [TeamEvent, number][]): TeamRunView => events.reduce((v, [e, at]) => reduceTeamRun(v, e, at), idleTeamRun);

describe("reduceTeamRun", () => {
  it("times each call from its start to its contribution, keeps streamed text apart per phase, and marks unfinished calls stopped", () => {
    const view = fold([
      [{ type: "started", teamExecutionId: RUN, pattern: "DEMOCRATIC" }, 0],
      [{ type: "memberStarted", agentId: "a1", agentName: "Ada", phase: "propose" }, 100],
      [{ type: "memberStarted", agentId: "a2", agentName: "Bo", phase: "propose" }, 110],
      [{ type: "memberToken", agentId: "a2", phase: "propose", text: "Bo's" }, 120],
      [{ type: "memberToken", agentId: "a1", phase: "propose", text: "Ada's" }, 130],
      [{ type: "contribution", entry: contribution("a2", "Bo", "WORKER", "propose", "Bo's idea", 10, 5) }, 610],
      [{ type: "finished", execution: execution({ status: "CANCELLED", error: "cancelled", output: null }) as never }, 700],
    ]);
    const calls = view.items as MemberCall[];
    expect(calls.map((c) => [c.agentName, c.text, c.durationMs, c.entry?.status ?? null, c.stopped])).toEqual([
      ["Ada", "Ada's", null, null, true],
      ["Bo", "Bo's", 500, "COMPLETED", false],
    ]);
    expect(view.executionId).toBe(RUN);
    expect(view.finished?.status).toBe("CANCELLED");
  });

  it("keeps a contribution that arrives without its start, and the same member's later phase separately", () => {
    const view = fold([
      [{ type: "started", teamExecutionId: RUN, pattern: "HIERARCHICAL" }, 0],
      [{ type: "contribution", entry: contribution("a1", "Ada", "LEADER", "plan", "{}", 5, 1) }, 10],
      [{ type: "memberStarted", agentId: "a1", agentName: "Ada", phase: "combine" }, 20],
    ]);
    expect(view.items.map((i) => (i.kind === "call" ? `${i.phase}:${i.entry ? "done" : "running"}` : i.kind))).toEqual(["plan:done", "combine:running"]);
  });
});

describe("entries", () => {
  it("reads a failed contribution's error and a run's result", () => {
    const entry = parseEntry({ agentId: "a1", agentName: "Ada", role: "WORKER", phase: "answer", status: "FAILED", error: "HTTP 429", tokensUsed: 3, costMicros: 0 });
    expect(entry).toMatchObject({ kind: "member", status: "FAILED", error: "HTTP 429", output: null, tokensUsed: 3 });
    expect(resultText({ result: "Final", mergedBy: "Ada" })).toBe("Final");
    expect(resultText(null)).toBeNull();
  });
});

describe("problemsOf", () => {
  const t = (structure: string, extra: Record<string, unknown> = {}) => team("t1", "T", { structure, ...extra }) as unknown as AgentTeam;
  const m = (...list: ReturnType<typeof member>[]) => list as TeamMember[];

  it("mirrors the app's checks for each structure", () => {
    expect(problemsOf(t("PIPELINE"), m(member("a1", "Ada", "WORKER", 1)), [])).toEqual([]);
    expect(problemsOf(t("DEMOCRATIC"), m(member("a1", "Ada", "WORKER", 1)), []).join()).toContain("at least two members to vote");
    expect(problemsOf(t("COLLABORATIVE"), m(member("a1", "Ada", "WORKER", 1), member("a2", "Bo", "WORKER", 2)), []).join()).toContain("needs a coordinator");
    expect(problemsOf(t("COLLABORATIVE"), m(member("a1", "Ada", "LEADER", 1), member("a2", "Bo", "WORKER", 2)), [])).toEqual([]);
    const twoLeaders = problemsOf(t("HIERARCHICAL"), m(member("a1", "Ada", "LEADER", 1), member("a2", "Bo", "LEADER", 2)), []);
    expect(twoLeaders.join()).toContain("exactly one leader; it has 2 (Ada, Bo)");
    expect(problemsOf(t("PIPELINE", { isActive: false }), m(), []).join()).toContain("turned off");
    const unset = problemsOf(t("PIPELINE"), m(member("a1", "Ada", "WORKER", 1)), [agent("a1", "Ada", { modelConfig: { provider: "", model: "" } }) as never]);
    expect(unset).toEqual(["“Ada” has no provider and model chosen."]);
  });
});
