// One agent's page: the streamed playground with Stop, the figures after a reply, recent calls, a missing agent.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../../bindings";
import { AgentsPage } from "./AgentsPage";
import { appError, type Handler } from "../../test/ipc";
import { renderWithBackend } from "../../test/render";
import { AGENT, ORG, execution, page } from "./testData";

const CALL = "01a20000-0000-7000-8000-0000000000c1";

function renderAgent(handlers: Record<string, Handler>) {
  return renderWithBackend(<AgentsPage org={ORG} id={AGENT.id} />, { get_agent: () => AGENT, list_agent_executions: () => page([]), cancel_agent_call: () => true, ...handlers });
}

describe("Agent page and playground", () => {
  it("streams the reply token by token, stops on request, and ends with tokens, exact cost, time and model", async () => {
    let send: (e: AgentEvent) => void = () => {};
    let answer: (value: unknown) => void = () => {};
    const done = execution({ output: { text: "We open at 9." } });
    const { calls } = renderAgent({
      ask_agent: ({ onEvent }) => {
        const channel = onEvent as { onmessage: (e: AgentEvent) => void };
        send = (e) => channel.onmessage(e);
        return new Promise((resolve) => (answer = resolve));
      },
    });
    expect(await screen.findByRole("heading", { level: 1 })).toHaveTextContent("Support");
    const metrics = screen.getByLabelText("Metrics");
    expect(metrics).toHaveTextContent("75%");
    expect(metrics).toHaveTextContent("$0.001234");

    const box = screen.getByLabelText("Message to Support");
    await userEvent.type(box, "Opening hours?{Shift>}{Enter}{/Shift}Today please");
    expect(calls.some((c) => c.cmd === "ask_agent")).toBe(false);
    expect(box).toHaveValue("Opening hours?\nToday please");
    await userEvent.click(screen.getByRole("checkbox", { name: /Forget history/ }));
    await userEvent.type(box, "{Enter}");
    await waitFor(() => expect(calls.some((c) => c.cmd === "ask_agent")).toBe(true));
    expect(calls.find((c) => c.cmd === "ask_agent")?.args).toMatchObject({ org: ORG, id: AGENT.id, prompt: "Opening hours?\nToday please", forget: true });
    expect(box).toHaveValue("");

    send({ type: "started", agentExecutionId: CALL, agentId: AGENT.id, model: "gpt-4o-mini", provider: "openai" });
    send({ type: "token", text: "We open" });
    const log = screen.getByRole("log", { name: "Conversation" });
    await waitFor(() => expect(log).toHaveTextContent("We open"));
    expect(log).not.toHaveTextContent("at 9.");
    send({ type: "toolCalled", tool: "current_time", arguments: {} });
    send({ type: "toolFinished", tool: "current_time", ok: true, durationMs: 3 });
    send({ type: "token", text: " at 9." });
    await waitFor(() => expect(log).toHaveTextContent("We open at 9."));
    expect(log).toHaveTextContent("Used current_time in 3 ms");
    expect(screen.queryByLabelText("Reply details")).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Stop" }));
    expect(calls.find((c) => c.cmd === "cancel_agent_call")?.args).toEqual({ id: CALL });

    send({ type: "finished", execution: done });
    answer(done);
    expect(await screen.findByLabelText("Reply details")).toHaveTextContent("42 tokens in · 7 tokens out · $0.000011 · 1.5 s · gpt-4o-mini-2024-07-18");
    expect(screen.getByRole("button", { name: /Send/ })).toBeInTheDocument();
    // Metrics and recent calls are loaded again after the reply.
    await waitFor(() => expect(calls.filter((c) => c.cmd === "list_agent_executions")).toHaveLength(2));
    expect(calls.filter((c) => c.cmd === "get_agent")).toHaveLength(2);
  });

  it("shows why a call failed in the transcript", async () => {
    renderAgent({
      ask_agent: () => {
        throw appError("CREDENTIAL", "no API key is saved for OpenAI; add it in Settings › Providers");
      },
    });
    await userEvent.type(await screen.findByLabelText("Message to Support"), "Hi");
    await userEvent.click(screen.getByRole("button", { name: /Send/ }));
    const log = screen.getByRole("log", { name: "Conversation" });
    expect(await within(log).findByText("no API key is saved for OpenAI; add it in Settings › Providers")).toBeInTheDocument();
    expect(log).toHaveTextContent("Hi");
  });

  it("lists recent calls newest first with status, tokens, cost and the task", async () => {
    const { calls } = renderAgent({
      list_agent_executions: () =>
        page([
          execution({ id: "c2", task: "Summarize the latest ticket about a broken delivery please, with every detail that matters to the customer", costMicros: 2_500_000 }),
          execution({ id: "c1", status: "FAILED", error: "the provider answered 429: rate limited", tokensIn: 0, tokensOut: 0, costMicros: 0 }),
        ]),
    });
    const table = await screen.findByRole("table", { name: "Recent calls" });
    const [, newest, older] = within(table).getAllByRole("row");
    expect(newest).toHaveTextContent("Completed");
    expect(newest).toHaveTextContent("42 / 7");
    expect(newest).toHaveTextContent("$2.50");
    expect(newest).toHaveTextContent("Summarize the latest ticket about a broken delivery please, with every detail that…");
    expect(newest).not.toHaveTextContent("matter");
    expect(older).toHaveTextContent("Failed");
    expect(older).toHaveTextContent("rate limited");
    expect(calls.find((c) => c.cmd === "list_agent_executions")?.args).toMatchObject({ filter: { agentId: AGENT.id } });
  });

  it("says when the agent does not exist", async () => {
    renderAgent({
      get_agent: () => {
        throw appError("NOT_FOUND", "no agent has the id 'x'");
      },
    });
    expect(await screen.findByRole("region", { name: "This agent is not here" })).toHaveTextContent("no agent has the id 'x'");
  });
});
