// Settings › Retention: the settings saved as typed, what is stored and due, a prune on demand.
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderWithBackend } from "../../test/render";
import { RetentionSettingsCard } from "./RetentionSettings";

const ORG = "01a20000-0000-7000-8000-000000000001";
const report = { dryRun: false, startedAt: "2026-11-22T09:00:00.000Z", executions: 12, steps: 40, agentCalls: 3, teamRuns: 0, logLines: 90, pinnedKept: 1, archive: null, bytesFreed: 2_000_000, durationMs: 40 };

describe("RetentionSettingsCard", () => {
  it("saves the days and the archive choice, and prunes on demand", async () => {
    let settings = { completedDays: 90, failedDays: 30, logDays: 7, archive: false };
    const { calls } = renderWithBackend(<RetentionSettingsCard org={ORG} />, {
      retention_status: () => ({ settings, executions: 1234, pinned: 2, oldest: "2026-09-01T00:00:00.000Z", fileBytes: 52_000_000, due: { ...report, dryRun: true, executions: 12 }, lastPrune: null }),
      set_retention_settings: (args) => {
        settings = args.settings as typeof settings;
        return settings;
      },
      prune_executions: () => report,
    });
    expect(await screen.findByText(/Stored: 1,234 runs \(2 pinned\), 52.0 MB/)).toBeInTheDocument();
    const failed = screen.getByRole("spinbutton", { name: /Failed and cancelled runs/ });
    await userEvent.clear(failed);
    await userEvent.type(failed, "14");
    await userEvent.click(screen.getByRole("checkbox", { name: /Archive what a prune removes/ }));
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "set_retention_settings")).toBe(true));
    expect(calls.find((c) => c.cmd === "set_retention_settings")?.args.settings).toEqual({ completedDays: 90, failedDays: 14, logDays: 7, archive: true });
    await userEvent.click(screen.getByRole("button", { name: "Prune now" }));
    expect(await screen.findByText("Removed 12 runs and 90 log lines; freed 2.0 MB")).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "prune_executions")?.args).toEqual({ org: ORG, dryRun: false });
  });
});
