// The playground's transcript as data: streamed events folded into a turn, closed by the call's record.
import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../../bindings";
import { failTurn, finishTurn, isOpen, newTurn, reduceTurn } from "./playground";
import { execution } from "./testData";

const fold = (events: AgentEvent[]) => events.reduce(reduceTurn, newTurn(1, "Hi"));

describe("playground turns", () => {
  it("gathers tokens and tool calls while the call streams", () => {
    const turn = fold([
      { type: "started", agentExecutionId: "c1", agentId: "a", model: "m", provider: "p" },
      { type: "token", text: "Hel" },
      { type: "toolCalled", tool: "fetch_url", arguments: { url: "https://x" } },
      { type: "toolFinished", tool: "fetch_url", ok: false, durationMs: 20 },
      { type: "token", text: "lo" },
    ]);
    expect(turn).toMatchObject({ callId: "c1", model: "m", state: "streaming", reply: "Hello" });
    expect(turn.tools).toEqual([{ tool: "fetch_url", state: "failed", durationMs: 20 }]);
    expect(isOpen(turn)).toBe(true);
  });

  it("ends with the record: its whole answer, its status and its error", () => {
    const streamed = fold([{ type: "token", text: "Partial" }]);
    const done = finishTurn(streamed, execution({ output: { text: "Partial answer, complete" } }));
    expect(done).toMatchObject({ state: "completed", reply: "Partial answer, complete", error: null });
    expect(isOpen(done)).toBe(false);

    const stopped = finishTurn(fold([{ type: "toolCalled", tool: "current_time", arguments: {} }, { type: "token", text: "It is" }]), execution({ status: "CANCELLED", output: null, error: "cancelled" }));
    expect(stopped).toMatchObject({ state: "cancelled", reply: "It is" });
    expect(stopped.tools[0]?.state).toBe("failed");

    const failed = finishTurn(newTurn(2, "x"), execution({ status: "FAILED", output: null, error: "budget reached: 100 tokens" }));
    expect(failed).toMatchObject({ state: "failed", error: "budget reached: 100 tokens" });
    // Late tokens after the end change nothing; a failure after the end is ignored.
    expect(reduceTurn(done, { type: "token", text: "!" }).reply).toBe("Partial answer, complete");
    expect(failTurn(done, "late")).toBe(done);
  });
});
