// The guided deploy against the IPC mock: a refusal spread over the fields it names; an integration
// created in place and chosen; the deploy; then the checklist, a test run with its events, and
// switching the workflow on.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { RunEvent } from "../../bindings";
import { appError, type Handler } from "../../test/ipc";
import { renderWithBackend } from "../../test/render";
import { DeployDialog } from "./DeployDialog";
import { ORG, TEMPLATE, WORKFLOW, detail } from "./testData";

const checklist = (tested: boolean, on: boolean) => [
  { id: "integration:slack", label: "Connect 'Team Slack' (SLACK)", done: true, detail: "connected" },
  { id: "testRun", label: "Test-run it with the sample input", done: tested, detail: null },
  { id: "activate", label: "Switch it on", done: on, detail: null },
];
const origin = (tested: boolean, on: boolean) => ({ workflowId: WORKFLOW, templateId: TEMPLATE, slug: "listing-description-writer", name: "Listing writer", version: "1.0.0", updateAvailable: null, checklist: checklist(tested, on), deployedAt: "2026-11-30T10:00:00.000Z" });
const workflow = { id: WORKFLOW, name: "Listing writer", isActive: false };

describe("DeployDialog", () => {
  it("names every missing piece beside its field and writes nothing", async () => {
    const { calls } = renderWithBackend(<DeployDialog org={ORG} detail={detail()} onClose={() => {}} onDeployed={() => {}} />, {
      deploy_template: () => {
        throw appError("INVALID_INPUT", "'Listing writer' cannot be deployed: 2 pieces are missing", {
          problems: [
            { kind: "integration", key: "slack", message: "the SLACK integration 'slack' (posts the copy for approval): this organization has no SLACK integration; create one" },
            { kind: "variable", key: "mlsCharLimit", message: "the variable 'mlsCharLimit' must be a number, like 1000" },
          ],
        });
      },
    });
    await userEvent.clear(screen.getByLabelText(/mlsCharLimit/));
    await userEvent.type(screen.getByLabelText(/mlsCharLimit/), "lots");
    await userEvent.click(screen.getByRole("button", { name: "Deploy (switched off)" }));
    expect(await screen.findByText(/this organization has no SLACK integration; create one/)).toBeInTheDocument();
    expect(screen.getByLabelText(/mlsCharLimit/)).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText(/mlsCharLimit/)).toHaveAccessibleDescription(/must be a number, like 1000/);
    expect(screen.getByRole("alert")).toHaveTextContent("Nothing was deployed: 2 pieces are missing");
    expect(calls.filter((c) => c.cmd === "deploy_template")[0]?.args).toMatchObject({ request: { variables: { mlsCharLimit: "lots", officeName: "Harbor Realty" }, agents: { writer: { kind: "create", name: null } } } });
  });

  it("creates an integration in place, deploys, test-runs with the sample input and switches it on", async () => {
    const events: { send: (e: RunEvent) => void } = { send: () => {} };
    let tested = false;
    let on = false;
    const onDeployed = vi.fn();
    const handlers: Record<string, Handler> = {
      create_integration: ({ integration }) => ({ id: "i-slack", name: (integration as { name: string }).name, provider: "SLACK", config: {}, hasSecret: true, status: "DISCONNECTED", isActive: true }),
      deploy_template: () => ({ workflow, createdAgents: [], notes: ["created the agent 'Listing copywriter' from the template's suggestion"], origin: origin(false, false), warnings: [] }),
      template_test_run: ({ onEvent }) => {
        const channel = onEvent as { onmessage: (e: RunEvent) => void };
        events.send = (e) => act(() => channel.onmessage(e));
        return "x1";
      },
      workflow_template: () => origin(tested, on),
      update_workflow: () => {
        on = true;
        return { workflow: { ...workflow, isActive: true }, warnings: [] };
      },
    };
    const { calls } = renderWithBackend(<DeployDialog org={ORG} detail={detail()} onClose={() => {}} onDeployed={onDeployed} />, handlers);

    await userEvent.click(screen.getByRole("button", { name: "Create new…" }));
    const add = await screen.findByRole("dialog", { name: "Add a Slack integration" });
    await userEvent.type(within(add).getByLabelText("Name"), "Team Slack");
    await userEvent.type(within(add).getByLabelText(/Bot token/), "xoxb-123");
    await userEvent.click(within(add).getByRole("button", { name: "Add integration" }));
    await waitFor(() => expect(screen.getByLabelText(/^Slack/)).toHaveValue("i-slack"));
    expect(calls.find((c) => c.cmd === "create_integration")?.args).toMatchObject({ integration: { provider: "SLACK", name: "Team Slack" }, secret: "xoxb-123" });

    await userEvent.click(screen.getByRole("button", { name: "Deploy (switched off)" }));
    expect(await screen.findByRole("dialog", { name: "Deployed “Listing writer”" })).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "deploy_template")?.args).toMatchObject({ id: TEMPLATE, request: { integrations: { slack: "i-slack" } } });
    expect(onDeployed).toHaveBeenCalled();
    const list = screen.getByRole("list", { name: "Checklist" });
    expect(within(list).getByText("Test-run it with the sample input").closest("li")).not.toHaveClass("done");

    await userEvent.click(screen.getByRole("button", { name: "Test run with the sample input" }));
    events.send({ type: "nodeFinished", executionId: "x1", nodeId: "start", durationUs: 5, output: {}, reused: false });
    expect(screen.getByRole("button", { name: /Test run… \(1 steps done\)/ })).toBeDisabled();
    tested = true;
    events.send({ type: "executionFinished", executionId: "x1", status: "COMPLETED", output: {}, error: null, durationMs: 40, nodesExecuted: 3, tokensUsed: 900, costMicros: 200 });
    expect(await screen.findByText(/Test run completed/)).toBeInTheDocument();
    await waitFor(() => expect(within(list).getByText("Test-run it with the sample input").closest("li")).toHaveClass("done"));

    await userEvent.click(screen.getByRole("button", { name: "Switch it on" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Switched on" })).toBeDisabled());
    expect(calls.find((c) => c.cmd === "update_workflow")?.args).toMatchObject({ id: WORKFLOW, patch: { isActive: true } });
    await waitFor(() => expect(within(list).getByText("Switch it on").closest("li")).toHaveClass("done"));
  });
});
