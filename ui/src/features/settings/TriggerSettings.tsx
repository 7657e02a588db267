// Settings › Triggers: the webhooks and schedules this app serves while it is open, conflicts the
// trigger server found, and the port its webhook listener uses (on 127.0.0.1 only).
import { useState, type FormEvent } from "react";
import { ResourceState } from "../../components/ResourceState";
import { useToast } from "../../components/Toasts";
import { useAction } from "../../state/useAction";
import { useLoad } from "../../state/useLoad";
import { setTriggersPaused, setWebhookPort, triggerState, useTriggersChanged } from "./api";

export function TriggerSettings() {
  const toast = useToast();
  const act = useAction();
  const triggers = useLoad(triggerState, []);
  useTriggersChanged((state) => triggers.setData(state));
  const [typed, setTyped] = useState<string | null>(null);
  const saved = triggers.data ? String(triggers.data.settings.webhookPort) : "";
  const port = typed ?? saved;
  const paused = triggers.data?.settings.triggersPaused ?? false;

  const togglePause = (next: boolean) =>
    void act(async () => {
      // The new state arrives as an event (the tray hears the same one).
      await setTriggersPaused(next);
      return next ? "Every trigger is paused" : "Triggers resumed";
    });

  const savePort = (event: FormEvent) => {
    event.preventDefault();
    const value = Number(port);
    if (!Number.isInteger(value) || value < 1024 || value > 65535) {
      toast("error", "Choose a port from 1024 to 65535");
      return;
    }
    void act(async () => {
      // The listener moves shortly after; its new state arrives as an event.
      await setWebhookPort(value);
      return `Webhooks move to port ${value}`;
    });
  };

  return (
    <>
      <ResourceState state={triggers} isEmpty={() => false}>
        {(t) =>
          t.status ? (
            <>
              <p>
                This app answers webhooks at <code>http://{t.status.address}/webhook/…</code> and runs schedules while it is open.
              </p>
              {t.status.webhooks.length + t.status.schedules.length === 0 ? (
                <p className="hint">No active workflow has a webhook or schedule trigger.</p>
              ) : (
                <ul className="list">
                  {t.status.webhooks.map((w) => (
                    <li key={w.method + w.url}>
                      <span className="mono small">
                        {w.method} {w.url}
                      </span>
                      <span className="muted">{w.workflow}</span>
                    </li>
                  ))}
                  {t.status.schedules.map((s) => (
                    <li key={s.workflow + s.cron}>
                      <span className="mono small">
                        {s.cron} ({s.timezone ?? "local time"})
                      </span>
                      <span className="muted">
                        {s.workflow}
                        {s.next ? ` · next ${new Date(s.next).toLocaleString()}` : ""}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {t.status.conflicts.map((c) => (
                <p key={c} className="field-error">
                  {c}
                </p>
              ))}
            </>
          ) : t.settings.triggersPaused ? (
            <p className="hint">Every trigger is paused: no schedule fires and webhooks are not answered until you resume them.</p>
          ) : (
            <p className="hint">Triggers are not served by this app: {t.note}</p>
          )
        }
      </ResourceState>
      <div className="toggle-row">
        <label className="switch" htmlFor="triggers-paused">
          <input id="triggers-paused" type="checkbox" checked={paused} disabled={!triggers.data} aria-describedby="triggers-paused-hint" onChange={(e) => togglePause(e.target.checked)} />
          <span>Pause all triggers</span>
        </label>
        <p id="triggers-paused-hint" className="hint">
          Also in the tray menu. A pause is kept until you resume, even across restarts.
        </p>
      </div>
      <form className="inline-form" onSubmit={savePort}>
        <label htmlFor="webhook-port">Webhook port</label>
        <input id="webhook-port" inputMode="numeric" value={port} onChange={(e) => setTyped(e.target.value)} />
        <button type="submit" className="button" disabled={!triggers.data || port === saved}>
          Change
        </button>
      </form>
      <p className="hint">The listener binds to 127.0.0.1 only: webhooks reach it from this computer.</p>
    </>
  );
}
