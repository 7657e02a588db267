// Settings › Desktop › Notifications: whether the app shows system notifications at all, and per
// workflow when its runs do — always, on failure (the default) or never. A burst of runs ending
// together is one notification (the app groups them); this page only chooses what is told.
import { useState } from "react";
import type { DesktopSettings_Serialize as Settings, RunNotice } from "../../bindings";
import { ResourceState } from "../../components/ResourceState";
import { useAction } from "../../state/useAction";
import { useLoad } from "../../state/useLoad";
import { listWorkflows } from "../workflows/api";
import { desktopSettings, setNotifications, setRunNotice } from "./api";
import { Toggle } from "./Toggle";

const CHOICES: { value: RunNotice; label: string }[] = [
  { value: "onFailure", label: "When a run fails" },
  { value: "always", label: "When a run ends" },
  { value: "never", label: "Never" },
];

export function NotificationSettings({ org }: { org: string }) {
  const settings = useLoad(desktopSettings, []);
  return (
    <ResourceState state={settings} loadingLabel="Reading the notification settings…" isEmpty={() => false}>
      {(s: Settings) => <Notices org={org} settings={s} onSaved={settings.setData} />}
    </ResourceState>
  );
}

function Notices({ org, settings, onSaved }: { org: string; settings: Settings; onSaved: (s: Settings) => void }) {
  const workflows = useLoad(() => listWorkflows(org, { search: null, sort: "nameAsc", limit: 200 }), [org]);
  const act = useAction();
  const [busy, setBusy] = useState<string | null>(null);
  const save = (what: string, work: () => Promise<Settings>) => {
    setBusy(what);
    void act(async () => onSaved(await work())).finally(() => setBusy(null));
  };

  return (
    <section className="notifications" aria-labelledby="notifications-heading">
      <h3 id="notifications-heading">Notifications</h3>
      <Toggle
        id="notifications"
        label="Show system notifications"
        hint="For failed runs, even while the window is closed. Runs ending together are one notification."
        checked={settings.notifications}
        busy={busy === "all"}
        onChange={(on) => save("all", () => setNotifications(on))}
      />
      <ResourceState state={workflows} loadingLabel="Listing workflows…" isEmpty={(p) => p.items.length === 0} empty={<p className="hint">No workflows yet.</p>}>
        {(page) => (
          <table className="table notice-table">
            <thead>
              <tr>
                <th scope="col">Workflow</th>
                <th scope="col">Notify</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((w) => (
                <tr key={w.id}>
                  <td id={`notice-${w.id}`}>{w.name}</td>
                  <td>
                    <select
                      aria-labelledby={`notice-${w.id}`}
                      value={settings.runNotices[w.id] ?? "onFailure"}
                      disabled={!settings.notifications || busy === w.id}
                      onChange={(e) => save(w.id, () => setRunNotice(w.id, e.target.value as RunNotice))}
                    >
                      {CHOICES.map((c) => (
                        <option key={c.value} value={c.value}>
                          {c.label}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ResourceState>
    </section>
  );
}
