// The Agents list through the real page against the IPC mock: listing, the editor's checks, retry, delete.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AGENT, ORG, page, provider } from "./testData";
import { appError, type Handler } from "../../test/ipc";
import { renderWithBackend } from "../../test/render";
import { AgentsPage } from "./AgentsPage";

const editorBackend: Record<string, Handler> = {
  list_providers: () => [provider("openai", { name: "OpenAI", hasKey: true }), provider("ollama", { name: "Ollama", needsKey: false })],
  agent_tools: () => ["fetch_url", "current_time", "run_workflow", "use_integration"],
  list_prices: () => [{ provider: "openai", model: "gpt-4o-mini", price: { inputPerMtok: 150_000, outputPerMtok: 600_000 }, custom: false }],
};

function renderList(handlers: Record<string, Handler>) {
  return renderWithBackend(<AgentsPage org={ORG} />, { ...editorBackend, ...handlers });
}

describe("AgentsPage list", () => {
  it("shows each agent with its model, status and metrics, linking to its page", async () => {
    renderList({
      list_agents: () => page([AGENT, { ...AGENT, id: "a2", name: "web scout", avatar: null, status: "ERROR", executionCount: 0, successRate: null, isActive: false }]),
    });
    const table = await screen.findByRole("table", { name: "Agents" });
    const [, first, second] = within(table).getAllByRole("row");
    expect(first).toHaveTextContent("Support");
    expect(first).toHaveTextContent("openai · gpt-4o-mini");
    expect(within(first!).getByText("Idle")).toHaveClass("badge-green");
    expect(first).toHaveTextContent("75%");
    expect(first).toHaveTextContent("1.2 s");
    expect(within(first!).getByRole("link", { name: "Support" })).toHaveAttribute("href", `#/agents/${AGENT.id}`);
    // No calls yet: no made-up rate or time.
    expect(within(second!).getByText("Error")).toHaveClass("badge-red");
    expect(within(second!).getByText("Off")).toBeInTheDocument();
    expect(within(second!).getAllByText("—")).toHaveLength(2);
    expect(within(second!).getByText("WS")).toBeInTheDocument();
  });

  it("explains agents when there are none, and creates one from the editor with every problem named", async () => {
    let created: Record<string, unknown> | null = null;
    const { calls } = renderList({
      list_agents: () => page([]),
      create_agent: (args) => {
        created = args.agent as Record<string, unknown>;
        return { ...AGENT, id: "new-id", name: "Helper" };
      },
    });
    const empty = await screen.findByRole("region", { name: "No agents yet" });
    await userEvent.click(within(empty).getByRole("button", { name: /New agent/ }));
    const dialog = await screen.findByRole("dialog", { name: "New agent" });
    // The first provider that can be used now is chosen.
    await waitFor(() => expect(within(dialog).getByLabelText("Provider")).toHaveValue("openai"));

    await userEvent.type(within(dialog).getByLabelText("Temperature"), "3");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create agent" }));
    expect(within(dialog).getByText("Name is required")).toBeInTheDocument();
    expect(within(dialog).getByText("Temperature is a number from 0 to 2")).toBeInTheDocument();
    expect(within(dialog).getByLabelText("Name")).toHaveAttribute("aria-invalid", "true");
    await waitFor(() => expect(within(dialog).getByLabelText("Name")).toHaveFocus());
    expect(calls.some((c) => c.cmd === "create_agent")).toBe(false);

    await userEvent.type(within(dialog).getByLabelText("Name"), "Helper");
    await userEvent.type(within(dialog).getByLabelText("Model"), "gpt-4o-mini");
    await userEvent.clear(within(dialog).getByLabelText("Temperature"));
    await userEvent.type(within(dialog).getByLabelText("Temperature"), "0.2");
    await userEvent.type(within(dialog).getByLabelText("Dollar budget"), "0.05");
    await userEvent.click(within(dialog).getByRole("checkbox", { name: /Read a web page/ }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Create agent" }));

    await waitFor(() => expect(created).not.toBeNull());
    expect(created).toMatchObject({
      name: "Helper",
      modelConfig: { provider: "openai", model: "gpt-4o-mini", temperature: 0.2 },
      capabilities: ["fetch_url"],
      budget: { maxTokens: null, maxCostMicros: 50_000 },
      memory: { windowTurns: 10, pinnedNotes: [] },
      isActive: true,
    });
    await waitFor(() => expect(window.location.hash).toBe("#/agents/new-id"));
  });

  it("says why the list could not load, and tries again", async () => {
    let fail = true;
    renderList({
      list_agents: () => {
        if (fail) throw appError("INTERNAL", "the database is locked");
        return page([AGENT]);
      },
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("the database is locked");
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("table", { name: "Agents" })).toHaveTextContent("Support");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("deletes an agent only after confirming", async () => {
    let items = [AGENT];
    const { calls } = renderList({
      list_agents: () => page(items),
      delete_agent: () => {
        items = [];
        return null;
      },
    });
    await userEvent.click(await screen.findByRole("button", { name: "Delete Support" }));
    const dialog = screen.getByRole("dialog", { name: "Delete “Support”?" });
    expect(calls.some((c) => c.cmd === "delete_agent")).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete agent" }));
    expect(await screen.findByRole("region", { name: "No agents yet" })).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "delete_agent")?.args).toEqual({ org: ORG, id: AGENT.id });
  });
});
