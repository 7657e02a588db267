// Settings › Desktop: each switch saves at once and shows what the app answered; a failure says why
// (the login item cannot be written, say) and leaves the switch as it was.
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { DesktopSettings_Serialize } from "../../bindings";
import { appError } from "../../test/ipc";
import { renderWithBackend } from "../../test/render";
import { DesktopSettings } from "./DesktopSettings";

const SETTINGS: DesktopSettings_Serialize = {
  webhookPort: 8790,
  triggersPaused: false,
  closeToTray: true,
  closeNoticeShown: false,
  notifications: true,
  runNotices: {},
  updates: { checkAutomatically: false, endpoint: null },
};

describe("DesktopSettings", () => {
  it("turns close to tray off and start at login on, by keyboard", async () => {
    let login = false;
    const { calls } = renderWithBackend(<DesktopSettings />, {
      desktop_settings: () => SETTINGS,
      set_close_to_tray: (args) => ({ ...SETTINGS, closeToTray: args.on as boolean }),
      start_at_login: () => login,
      set_start_at_login: (args) => (login = args.on as boolean),
    });
    const tray = await screen.findByRole("checkbox", { name: "Keep running in the tray when the window is closed" });
    expect(tray).toBeChecked();
    expect(tray).toHaveAccessibleDescription(/quit it from its tray icon/);
    tray.focus();
    await userEvent.keyboard(" ");
    await waitFor(() => expect(tray).not.toBeChecked());

    const atLogin = await screen.findByRole("checkbox", { name: "Start NeuroFlow Hub when I log in" });
    expect(atLogin).not.toBeChecked();
    await userEvent.click(atLogin);
    await waitFor(() => expect(atLogin).toBeChecked());
    expect(calls.filter((c) => c.cmd.startsWith("set_")).map((c) => [c.cmd, c.args.on])).toEqual([
      ["set_close_to_tray", false],
      ["set_start_at_login", true],
    ]);
  });

  it("says why the login item cannot be changed and keeps the switch as it was", async () => {
    renderWithBackend(<DesktopSettings />, {
      desktop_settings: () => SETTINGS,
      start_at_login: () => false,
      set_start_at_login: () => {
        throw appError("IO", "could not add the app to the login items: Permission denied");
      },
    });
    const atLogin = await screen.findByRole("checkbox", { name: "Start NeuroFlow Hub when I log in" });
    await userEvent.click(atLogin);
    expect(await screen.findByText(/could not add the app to the login items: Permission denied/)).toBeInTheDocument();
    expect(atLogin).not.toBeChecked();
  });

  it("says when starting at login is not available here", async () => {
    renderWithBackend(<DesktopSettings />, {
      desktop_settings: () => SETTINGS,
      start_at_login: () => {
        throw appError("IO", "could not read whether the app starts at login: no home directory");
      },
    });
    expect(await screen.findByText(/Starting at login is not available: could not read/)).toBeInTheDocument();
    expect(await screen.findByRole("checkbox", { name: "Keep running in the tray when the window is closed" })).toBeChecked();
  });
});
