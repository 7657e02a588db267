// One run's record: every step, opened to its input and output, and re-running from one.
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ToastProvider } from "../../components/Toasts";
import { backend } from "../../test/ipc";
import { ExecutionPage } from "./ExecutionPage";

const ORG = "01a20000-0000-7000-8000-000000000001";
const step = (nodeId: string, status: string, extra: Record<string, unknown> = {}) => ({
  executionId: "e1",
  nodeId,
  nodeType: "transform",
  nodeName: nodeId.toUpperCase(),
  ordinal: 0,
  status,
  attempts: 1,
  input: { in: nodeId },
  output: status === "COMPLETED" ? { out: nodeId } : null,
  error: null,
  startedAt: "2026-11-21T10:00:00.000Z",
  completedAt: "2026-11-21T10:00:00.100Z",
  durationUs: 1500,
  tokensUsed: 0,
  costMicros: 0,
  ...extra,
});

const detail = {
  execution: {
    id: "e1",
    organizationId: ORG,
    workflowId: "w1",
    workflowName: "Lead intake",
    workflowVersion: 2,
    status: "FAILED",
    trigger: "MANUAL",
    triggerNode: "t",
    parentExecutionId: null,
    rerunOf: null,
    rerunFrom: null,
    startedAt: "2026-11-21T10:00:00.000Z",
    completedAt: "2026-11-21T10:00:02.000Z",
    durationMs: 2000,
    input: { lead: 1 },
    output: null,
    error: "node 'crm' (CRM) failed after 3 attempts: HTTP 503",
    nodesExecuted: 2,
    tokensUsed: 0,
    costMicros: 0,
    logCount: 3,
    logsDropped: 0,
  },
  steps: [step("t", "COMPLETED"), step("crm", "FAILED", { attempts: 3, error: "HTTP 503 Service Unavailable" }), step("after", "SKIPPED")],
  logs: [{ seq: 0, nodeId: null, nodeName: null, status: "RUNNING", timestamp: "2026-11-21T10:00:00.000Z", message: "started by manual" }],
};

describe("ExecutionPage", () => {
  it("shows every step, opens one to its input and output, and re-runs from it", async () => {
    window.location.hash = "#/executions/e1";
    const { calls } = backend({ get_execution: () => detail, rerun_execution: () => "e2" });
    render(
      <ToastProvider>
        <ExecutionPage org={ORG} id="e1" />
      </ToastProvider>,
    );
    expect(await screen.findByRole("heading", { name: /Lead intake/ })).toBeInTheDocument();
    expect(screen.getAllByRole("alert")[0]).toHaveTextContent("failed after 3 attempts");
    const steps = screen.getByRole("list", { name: "Steps" });
    expect(within(steps).getAllByRole("listitem")).toHaveLength(3);
    expect(within(steps).getByText(/3 attempts/)).toBeInTheDocument();

    await userEvent.click(within(steps).getByRole("button", { name: /^Failed CRM/ }));
    expect(screen.getByText("HTTP 503 Service Unavailable")).toBeInTheDocument();
    expect(screen.getAllByText(/"in": "crm"/).length).toBeGreaterThan(0);

    await userEvent.click(screen.getByRole("button", { name: "Re-run from this step" }));
    expect(calls.find((c) => c.cmd === "rerun_execution")?.args).toMatchObject({ org: ORG, id: "e1", from: "crm" });
    expect(window.location.hash).toBe("#/executions/e2");
  });
});
