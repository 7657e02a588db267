// Settings › Desktop › Notifications: every workflow of the organization with when its runs notify
// (on failure unless changed), changed per workflow; turning notifications off disables the choices.
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { DesktopSettings_Serialize } from "../../bindings";
import { renderWithBackend } from "../../test/render";
import { NotificationSettings } from "./NotificationSettings";

const SETTINGS: DesktopSettings_Serialize = {
  webhookPort: 8790,
  triggersPaused: false,
  closeToTray: true,
  closeNoticeShown: false,
  notifications: true,
  runNotices: { "wf-2": "never" },
  updates: { checkAutomatically: false, endpoint: null },
};
const page = (names: string[]) => ({ items: names.map((name, i) => ({ id: `wf-${i + 1}`, name })), total: names.length });

describe("NotificationSettings", () => {
  it("lists each workflow with its choice and saves a change", async () => {
    const { calls } = renderWithBackend(<NotificationSettings org="org-1" />, {
      desktop_settings: () => SETTINGS,
      list_workflows: () => page(["Lead intake", "Invoice sync"]),
      set_run_notice: (args) => ({ ...SETTINGS, runNotices: { ...SETTINGS.runNotices, [args.workflow as string]: args.when } }),
      set_notifications: (args) => ({ ...SETTINGS, notifications: args.on as boolean }),
    });
    const lead = await screen.findByRole("combobox", { name: "Lead intake" });
    expect(lead).toHaveValue("onFailure");
    expect(screen.getByRole("combobox", { name: "Invoice sync" })).toHaveValue("never");
    await userEvent.selectOptions(lead, "When a run ends");
    await waitFor(() => expect(lead).toHaveValue("always"));
    expect(calls.find((c) => c.cmd === "set_run_notice")?.args).toEqual({ workflow: "wf-1", when: "always" });

    await userEvent.click(screen.getByRole("checkbox", { name: "Show system notifications" }));
    await waitFor(() => expect(lead).toBeDisabled());
  });
});
