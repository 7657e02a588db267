// The canvas page: a run followed node by node, validation problems on the nodes, a refused run.
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../bindings";
import { ToastProvider } from "../../components/Toasts";
import { appError, backend } from "../../test/ipc";
import { WorkflowPage } from "./WorkflowPage";

const ORG = "01a20000-0000-7000-8000-000000000001";
const X = "01a20000-0000-7000-8000-0000000000e1";
const node = (id: string, type: string, data: Record<string, unknown>, x = 0) => ({ id, type, position: { x, y: 0 }, data: { label: id.toUpperCase(), ...data } });
const workflow = {
  id: "w1",
  organizationId: ORG,
  name: "Greeter",
  description: "",
  tags: [],
  variables: {},
  nodes: [node("t", "trigger", { trigger: { kind: "manual" } }), node("hi", "transform", { output: "Hi {{ input.name }}" }, 250)],
  edges: [{ id: "e1", source: "t", target: "hi", sourceHandle: null, targetHandle: null }],
  isActive: false,
  version: 3,
  executionCount: 0,
  lastExecuted: null,
  templateId: null,
  createdBy: null,
  createdAt: "2026-11-20T10:00:00.000Z",
  updatedAt: "2026-11-21T10:00:00.000Z",
};

function renderPage() {
  return render(
    <ToastProvider>
      <WorkflowPage org={ORG} id="w1" />
    </ToastProvider>,
  );
}

const noTriggers = () => ({ status: null, note: "starting", settings: { webhookPort: 8790 } });

describe("WorkflowPage", () => {
  it("runs with the given input and shows each node's state and the result as events arrive", async () => {
    let send: (e: RunEvent) => void = () => {};
    const { calls } = backend({
      get_workflow: () => workflow,
      validate_document: () => ({ errors: [], warnings: [] }),
      trigger_state: noTriggers,
      run_workflow: ({ onEvent }) => {
        const channel = onEvent as { onmessage: (e: RunEvent) => void };
        send = (e) => channel.onmessage(e);
        return X;
      },
    });
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Run" }));
    const dialog = screen.getByRole("dialog", { name: "Run workflow" });
    const input = within(dialog).getByRole("textbox");
    await userEvent.clear(input);
    await userEvent.click(input);
    await userEvent.paste('{"name": "Ada"}');
    await userEvent.click(within(dialog).getByRole("button", { name: "Run" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "run_workflow")).toBe(true));
    expect(calls.find((c) => c.cmd === "run_workflow")?.args).toMatchObject({ org: ORG, id: "w1", input: { name: "Ada" }, triggerNode: null });

    send({ type: "executionStarted", executionId: X, workflowId: "w1", triggerNode: "t", at: "" });
    send({ type: "nodeStarted", executionId: X, nodeId: "t", attempt: 1, at: "" });
    send({ type: "nodeFinished", executionId: X, nodeId: "t", durationUs: 5, output: { name: "Ada" }, reused: false });
    send({ type: "nodeStarted", executionId: X, nodeId: "hi", attempt: 1, at: "" });
    expect(await screen.findByLabelText("HI: running")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Cancel run" })).toBeInTheDocument();

    send({ type: "nodeFinished", executionId: X, nodeId: "hi", durationUs: 9, output: "Hi Ada", reused: false });
    send({ type: "executionFinished", executionId: X, status: "COMPLETED", output: "Hi Ada", error: null, durationMs: 2, nodesExecuted: 2, tokensUsed: 0, costMicros: 0 });
    const result = await screen.findByRole("region", { name: "Run" });
    await waitFor(() => expect(result).toHaveTextContent("Completed"));
    expect(result).toHaveTextContent('"Hi Ada"');
    expect(screen.getByLabelText("HI: done")).toBeInTheDocument();
    expect(screen.getByLabelText("T: done")).toBeInTheDocument();
  });

  it("marks nodes with validation problems and does not offer to run", async () => {
    backend({
      get_workflow: () => workflow,
      validate_document: () => ({ errors: [{ nodeId: "hi", field: "data.output", message: "syntax error: unexpected end" }], warnings: [] }),
      trigger_state: noTriggers,
    });
    renderPage();
    expect(await screen.findByLabelText(/1 problem\(s\): data.output: syntax error/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Run" })).toBeDisabled();
  });

  it("says why a run could not start", async () => {
    backend({
      get_workflow: () => workflow,
      validate_document: () => ({ errors: [], warnings: [] }),
      trigger_state: noTriggers,
      run_workflow: () => {
        throw appError("INVALID_INPUT", "the input is 20000000 bytes; the limit is 10485760 bytes");
      },
    });
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Run" }));
    await userEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Run" }));
    expect(await screen.findByText(/the limit is 10485760 bytes/)).toBeInTheDocument();
  });
});
