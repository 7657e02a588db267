// Settings › Desktop: how the app lives on this computer — whether closing the window keeps it in
// the tray (schedules and webhooks go on) and whether it starts at login. Each switch saves at once;
// a failure says why and leaves the switch as it was. Updates have their own part (UpdateSettings).
import { useState } from "react";
import type { DesktopSettings_Serialize as Settings } from "../../bindings";
import { ResourceState } from "../../components/ResourceState";
import { useAction } from "../../state/useAction";
import { useLoad } from "../../state/useLoad";
import { desktopSettings, setCloseToTray, setStartAtLogin, startAtLogin } from "./api";
import { Toggle } from "./Toggle";
import { UpdateSettings } from "./UpdateSettings";

export function DesktopSettings() {
  const settings = useLoad(desktopSettings, []);
  const login = useLoad(startAtLogin, []);
  const act = useAction();
  const [busy, setBusy] = useState<string | null>(null);

  const change = (what: string, work: () => Promise<void>) => {
    setBusy(what);
    void act(work).finally(() => setBusy(null));
  };

  return (
    <>
      <ResourceState state={settings} loadingLabel="Reading the desktop settings…" isEmpty={() => false}>
        {(s: Settings) => (
          <Toggle
            id="close-to-tray"
            label="Keep running in the tray when the window is closed"
            hint="Schedules and webhooks keep working. Open the app or quit it from its tray icon."
            checked={s.closeToTray}
            busy={busy === "tray"}
            onChange={(on) => change("tray", async () => settings.setData(await setCloseToTray(on)))}
          />
        )}
      </ResourceState>
      <ResourceState state={login} loadingLabel="Checking the login items…" isEmpty={() => false} errorText={(m) => `Starting at login is not available: ${m}`}>
        {(on) => (
          <Toggle
            id="start-at-login"
            label="Start NeuroFlow Hub when I log in"
            hint="It starts in the tray with its window closed, so schedules and webhooks run from the start."
            checked={on}
            busy={busy === "login"}
            onChange={(next) => change("login", async () => login.setData(await setStartAtLogin(next)))}
          />
        )}
      </ResourceState>
      <ResourceState state={settings} isEmpty={() => false}>
        {(s: Settings) => <UpdateSettings settings={s} onSaved={settings.setData} />}
      </ResourceState>
    </>
  );
}
