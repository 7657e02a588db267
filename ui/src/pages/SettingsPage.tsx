// Appearance, the organization itself, secrets, AI providers and prices, and where the app keeps its files.
import { useEffect, useState, type FormEvent } from "react";
import { call, commands, messageOf } from "../api";
import type { AppInfo, Organization, TriggerState } from "../bindings";
import { Modal } from "../components/Modal";
import { ProviderSettings } from "../components/ProviderSettings";
import { VaultSettings } from "../components/VaultSettings";
import { useToast } from "../components/Toasts";
import { useOrgs } from "../features/orgs/OrgProvider";
import type { ThemeChoice } from "../state/theme";

export function SettingsPage({ org, theme, setTheme }: { org: Organization; theme: ThemeChoice; setTheme: (t: ThemeChoice) => void }) {
  const { rename, remove } = useOrgs();
  const toast = useToast();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [triggers, setTriggers] = useState<TriggerState | null>(null);
  const [port, setPort] = useState("");
  const [name, setName] = useState(org.name);
  const [confirming, setConfirming] = useState(false);
  const [confirmText, setConfirmText] = useState("");

  useEffect(() => setName(org.name), [org.name]);
  useEffect(() => {
    commands.appInfo().then(setInfo, () => setInfo(null));
    commands.triggerState().then((t) => (setTriggers(t), setPort(String(t.settings.webhookPort))), () => setTriggers(null));
  }, []);

  const savePort = async (event: FormEvent) => {
    event.preventDefault();
    const value = Number(port);
    if (!Number.isInteger(value) || value < 1024 || value > 65535) {
      toast("error", "Choose a port from 1024 to 65535");
      return;
    }
    try {
      await call(commands.setWebhookPort(value));
      toast("success", `Webhooks move to port ${value}`);
      window.setTimeout(() => commands.triggerState().then(setTriggers, () => {}), 1000);
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  const saveName = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await rename(org.id, name);
      toast("success", "Organization renamed");
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  const deleteOrg = async () => {
    try {
      await remove(org.id);
      toast("success", `Deleted “${org.name}”`);
      setConfirming(false);
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Settings</h1>
        </div>
      </header>

      <section className="card">
        <h2>Appearance</h2>
        <fieldset className="segmented" aria-label="Theme">
          {(["system", "light", "dark"] as const).map((t) => (
            <label key={t} className={theme === t ? "checked" : undefined}>
              <input type="radio" name="theme" value={t} checked={theme === t} onChange={() => setTheme(t)} />
              {t === "system" ? "Match system" : t === "light" ? "Light" : "Dark"}
            </label>
          ))}
        </fieldset>
      </section>

      <section className="card">
        <h2>Organization</h2>
        <form className="inline-form" onSubmit={saveName}>
          <label htmlFor="org-name">Name</label>
          <input id="org-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="button" disabled={!name.trim() || name.trim() === org.name}>
            Rename
          </button>
        </form>
        <p className="hint">
          Id <code>{org.id}</code>
        </p>
        <div className="danger-zone">
          <div>
            <strong>Delete this organization</strong>
            <p className="hint">Its workflows, agents, runs and settings are removed from this computer.</p>
          </div>
          <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
            Delete…
          </button>
        </div>
      </section>

      <section className="card" aria-labelledby="secrets-heading">
        <h2 id="secrets-heading">Secrets</h2>
        <VaultSettings />
      </section>

      <section className="card" aria-labelledby="providers-heading">
        <h2 id="providers-heading">AI providers</h2>
        <ProviderSettings org={org.id} />
      </section>

      <section className="card">
        <h2>Triggers</h2>
        {triggers === null ? (
          <p className="hint">Loading…</p>
        ) : triggers.status ? (
          <>
            <p>
              This app answers webhooks at <code>http://{triggers.status.address}/webhook/…</code> and runs schedules while it is open.
            </p>
            {triggers.status.webhooks.length + triggers.status.schedules.length === 0 ? (
              <p className="hint">No active workflow has a webhook or schedule trigger.</p>
            ) : (
              <ul className="list">
                {triggers.status.webhooks.map((w) => (
                  <li key={w.method + w.url}>
                    <span className="mono small">
                      {w.method} {w.url}
                    </span>
                    <span className="muted">{w.workflow}</span>
                  </li>
                ))}
                {triggers.status.schedules.map((s) => (
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
            {triggers.status.conflicts.map((c) => (
              <p key={c} className="field-error">
                {c}
              </p>
            ))}
          </>
        ) : (
          <p className="hint">Triggers are not served by this app: {triggers.note}</p>
        )}
        <form className="inline-form" onSubmit={savePort}>
          <label htmlFor="webhook-port">Webhook port</label>
          <input id="webhook-port" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />
          <button type="submit" className="button" disabled={!triggers || port === String(triggers.settings.webhookPort)}>
            Change
          </button>
        </form>
        <p className="hint">The listener binds to 127.0.0.1 only: webhooks reach it from this computer.</p>
      </section>

      <section className="card">
        <h2>About</h2>
        {info ? (
          <dl className="facts">
            <dt>Version</dt>
            <dd>{info.version}</dd>
            <dt>Data folder</dt>
            <dd>
              <code>{info.dataDir}</code>
            </dd>
            <dt>Log folder</dt>
            <dd>
              <code>{info.logDir}</code>
            </dd>
          </dl>
        ) : (
          <p className="hint">Loading…</p>
        )}
        <p className="hint">NeuroFlow Hub sends nothing anywhere on its own: no telemetry, no update checks.</p>
      </section>

      {confirming && (
        <Modal
          title={`Delete “${org.name}”?`}
          onClose={() => setConfirming(false)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
              <button type="button" className="button button-danger" disabled={confirmText.trim() !== org.name} onClick={deleteOrg}>
                Delete organization
              </button>
            </>
          }
        >
          <p>This cannot be undone. Type the organization's name to confirm.</p>
          <input aria-label="Organization name" value={confirmText} onChange={(e) => setConfirmText(e.target.value)} />
        </Modal>
      )}
    </div>
  );
}
