// Settings, one card per concern: appearance, the organization itself, its workspace, secrets, AI
// providers and prices, triggers, how long runs are kept, the app's life on the desktop, and where
// the app keeps its files.
import type { Organization } from "../../bindings";
import { PageHeader } from "../../components/PageHeader";
import { ResourceState } from "../../components/ResourceState";
import { useLoad } from "../../state/useLoad";
import type { ThemeChoice } from "../../state/theme";
import { OrgSettings } from "../orgs/OrgSettings";
import { appInfo } from "./api";
import { DesktopSettings } from "./DesktopSettings";
import { NotificationSettings } from "./NotificationSettings";
import { ProviderSettings } from "./ProviderSettings";
import { RetentionSettingsCard } from "./RetentionSettings";
import { TriggerSettings } from "./TriggerSettings";
import { VaultSettings } from "./VaultSettings";
import { WorkspaceSettings } from "./WorkspaceSettings";

const THEMES: { value: ThemeChoice; label: string }[] = [
  { value: "system", label: "Match system" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

export function SettingsPage({ org, theme, setTheme }: { org: Organization; theme: ThemeChoice; setTheme: (t: ThemeChoice) => void }) {
  const info = useLoad(appInfo, []);
  return (
    <div className="page">
      <PageHeader title="Settings" />

      <section className="card">
        <h2>Appearance</h2>
        <fieldset className="segmented" aria-label="Theme">
          {THEMES.map((t) => (
            <label key={t.value} className={theme === t.value ? "checked" : undefined}>
              <input type="radio" name="theme" value={t.value} checked={theme === t.value} onChange={() => setTheme(t.value)} />
              {t.label}
            </label>
          ))}
        </fieldset>
      </section>

      <section className="card">
        <h2>Organization</h2>
        <OrgSettings org={org} />
      </section>

      <section className="card" aria-labelledby="workspace-heading">
        <h2 id="workspace-heading">Workspace</h2>
        <WorkspaceSettings org={org.id} />
      </section>

      <section className="card" aria-labelledby="secrets-heading">
        <h2 id="secrets-heading">Secrets</h2>
        <VaultSettings />
      </section>

      <section className="card" aria-labelledby="providers-heading">
        <h2 id="providers-heading">AI providers</h2>
        <ProviderSettings org={org.id} />
      </section>

      <section className="card" aria-labelledby="triggers-heading">
        <h2 id="triggers-heading">Triggers</h2>
        <TriggerSettings />
      </section>

      <section className="card" aria-labelledby="retention-heading">
        <h2 id="retention-heading">Retention</h2>
        <RetentionSettingsCard org={org.id} />
      </section>

      <section className="card" aria-labelledby="desktop-heading">
        <h2 id="desktop-heading">Desktop</h2>
        <DesktopSettings />
        <NotificationSettings org={org.id} />
      </section>

      <section className="card">
        <h2>About</h2>
        <ResourceState state={info} isEmpty={() => false}>
          {(i) => (
            <dl className="facts">
              <dt>Version</dt>
              <dd>{i.version}</dd>
              <dt>Data folder</dt>
              <dd>
                <code>{i.dataDir}</code>
              </dd>
              <dt>Log folder</dt>
              <dd>
                <code>{i.logDir}</code>
              </dd>
            </dl>
          )}
        </ResourceState>
        <p className="hint">NeuroFlow Hub sends nothing anywhere on its own: no telemetry, no update checks.</p>
      </section>
    </div>
  );
}
