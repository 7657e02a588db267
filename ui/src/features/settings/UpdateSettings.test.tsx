// Settings › Desktop › Updates: opening the page asks no server (only what an earlier check found);
// the switch turns automatic checks on; Check now shows what is newer, with its notes, and installs
// it; a refusal is shown as the app words it; a bad address is refused next to the field.
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { DesktopSettings_Serialize, UpdateCheck } from "../../bindings";
import { appError } from "../../test/ipc";
import { renderWithBackend } from "../../test/render";
import { UpdateSettings } from "./UpdateSettings";

const SETTINGS: DesktopSettings_Serialize = {
  webhookPort: 8790,
  triggersPaused: false,
  closeToTray: true,
  closeNoticeShown: false,
  notifications: true,
  runNotices: {},
  updates: { checkAutomatically: false, endpoint: null },
};
const OFFER: UpdateCheck = {
  currentVersion: "0.1.0",
  offer: { version: "0.2.0", notes: "Faster editor.", date: "2026-11-30T10:00:00+00:00" },
  endpoint: "https://updates.example/feed.json",
};

describe("UpdateSettings", () => {
  it("asks nothing on opening, turns automatic checks on, then checks and installs", async () => {
    let saved = SETTINGS;
    const { calls } = renderWithBackend(<UpdateSettings settings={SETTINGS} onSaved={(s) => (saved = s)} />, {
      last_update_check: () => null,
      set_update_checks: (args) => ({ ...SETTINGS, updates: { ...SETTINGS.updates, checkAutomatically: args.on as boolean } }),
      check_for_update: () => OFFER,
      install_update: () => "0.2.0",
    });
    const auto = screen.getByRole("checkbox", { name: "Check for updates automatically" });
    expect(auto).not.toBeChecked();
    expect(auto).toHaveAccessibleDescription(/never contacts the update server unless you press Check now/);
    await waitFor(() => expect(calls.map((c) => c.cmd)).toEqual(["last_update_check"]));

    await userEvent.click(auto);
    await waitFor(() => expect(saved.updates.checkAutomatically).toBe(true));

    await userEvent.click(screen.getByRole("button", { name: "Check now" }));
    expect(await screen.findByText("Version 0.2.0 is available")).toBeInTheDocument();
    expect(screen.getByText("Faster editor.")).toBeInTheDocument();
    expect(screen.getByText("Version 0.2.0 is available").closest("p")).toHaveTextContent("(you have 0.1.0; published 2026-11-30).");
    await userEvent.click(screen.getByRole("button", { name: "Install and restart" }));
    expect(await screen.findByText("Version 0.2.0 is installed. NeuroFlow Hub is restarting.")).toBeInTheDocument();
    expect(calls.map((c) => c.cmd)).toEqual(["last_update_check", "set_update_checks", "check_for_update", "install_update"]);
  });

  it("shows what an automatic check found and says when the app is up to date", async () => {
    renderWithBackend(<UpdateSettings settings={SETTINGS} onSaved={() => {}} />, {
      last_update_check: () => OFFER,
      check_for_update: () => ({ ...OFFER, offer: null }),
    });
    expect(await screen.findByText("Version 0.2.0 is available")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Check now" }));
    expect(await screen.findByText("NeuroFlow Hub 0.1.0 is up to date.")).toBeInTheDocument();
  });

  it("shows a refused download as the app words it", async () => {
    const refusal = "the download of version 0.2.0 does not match its signature (invalid signature): it may have been tampered with, so it was not installed; version 0.1.0 keeps running";
    renderWithBackend(<UpdateSettings settings={SETTINGS} onSaved={() => {}} />, {
      last_update_check: () => null,
      check_for_update: () => OFFER,
      install_update: () => {
        throw appError("UNAUTHORIZED", refusal);
      },
    });
    await userEvent.click(screen.getByRole("button", { name: "Check now" }));
    await userEvent.click(await screen.findByRole("button", { name: "Install and restart" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(refusal);
  });

  it("refuses an address that is not one, next to the field", async () => {
    renderWithBackend(<UpdateSettings settings={SETTINGS} onSaved={() => {}} />, {
      last_update_check: () => null,
      set_update_endpoint: (args) => {
        throw appError("INVALID_INPUT", `the update address must start with https://, not "${String(args.endpoint)}"`);
      },
    });
    const field = screen.getByRole("textbox", { name: "Update address" });
    await userEvent.type(field, "ftp://example.org/feed");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("must start with https://");
    expect(field).toHaveAttribute("aria-invalid", "true");
  });
});
