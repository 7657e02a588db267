// What Settings changes: where secrets are kept (the vault), the AI providers agents call and the
// prices their calls are costed at, the trigger server's port and pause, how the app lives on the
// desktop (tray, login, notifications), and what the app says about itself.
import { useEffect, useRef } from "react";
import { call } from "../../api";
import { commands, events, type Price, type RetentionSettings, type RunNotice, type ProviderSettings_Deserialize, type StoreKind, type TriggerState_Serialize } from "../../bindings";

export const appInfo = () => call(commands.appInfo());

/** Which webhooks and schedules this app serves now, and on which port. */
export const triggerState = () => call(commands.triggerState());

/** Calls `onChange` with what this app's trigger service serves, each time that changes. */
export function useTriggersChanged(onChange: (state: TriggerState_Serialize) => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    const unlisten = events.triggersChanged.listen((e) => latest.current(e.payload));
    return () => void unlisten.then((stop) => stop());
  }, []);
}
export const setWebhookPort = (port: number) => call(commands.setWebhookPort(port));
/** Pauses every webhook and schedule of this app (also from the tray), or resumes them. */
export const setTriggersPaused = (paused: boolean) => call(commands.setTriggersPaused(paused));

export const desktopSettings = () => call(commands.desktopSettings());
export const setCloseToTray = (on: boolean) => call(commands.setCloseToTray(on));
export const setNotifications = (on: boolean) => call(commands.setNotifications(on));
export const startAtLogin = () => call(commands.startAtLogin());
export const setStartAtLogin = (on: boolean) => call(commands.setStartAtLogin(on));

export const vaultStatus = () => call(commands.vaultStatus());
/** Switches store, moving every saved secret into it (or none). */
export const chooseVault = (kind: StoreKind, passphrase: string | null) => call(commands.chooseVault(kind, passphrase));
export const unlockVault = (passphrase: string) => call(commands.unlockVault(passphrase));
export const lockVault = () => call(commands.lockVault());

export const listProviders = (org: string) => call(commands.listProviders(org));
/** Saves a provider; `key`, when given, replaces its saved key (null keeps it). */
export const saveProvider = (org: string, provider: ProviderSettings_Deserialize, key: string | null) => call(commands.saveProvider(org, provider, key));
export const deleteProvider = (org: string, id: string) => call(commands.deleteProvider(org, id));

export const listPrices = (org: string) => call(commands.listPrices(org));
export const setPrice = (org: string, provider: string, model: string, price: Price) => call(commands.setPrice(org, provider, model, price));
export const deletePrice = (org: string, provider: string, model: string) => call(commands.deletePrice(org, provider, model));

/** Retention: the settings, what is stored and due, and the last prune. */
export const retentionStatus = (org: string) => call(commands.retentionStatus(org));
export const setRetentionSettings = (org: string, settings: RetentionSettings) => call(commands.setRetentionSettings(org, settings));
/** Prunes now (paced, so runs never wait on it); with `dryRun`, only counts. */
export const pruneExecutions = (org: string, dryRun: boolean) => call(commands.pruneExecutions(org, dryRun));

/** Automatic update checks: off until the user turns them on. */
export const setUpdateChecks = (on: boolean) => call(commands.setUpdateChecks(on));
/** The update feed's address; null goes back to the one this build was made with. */
export const setUpdateEndpoint = (endpoint: string | null) => call(commands.setUpdateEndpoint(endpoint));
/** Asks the update feed now. */
export const checkForUpdate = () => call(commands.checkForUpdate());
/** What the last check (asked for or automatic) found since the app started. */
export const lastUpdateCheck = () => call(commands.lastUpdateCheck());
/** Downloads, verifies and installs the update found, then the app restarts. */
export const installUpdate = () => call(commands.installUpdate());

/** When the runs of `workflow` show a system notification. */
export const setRunNotice = (workflow: string, when: RunNotice) => call(commands.setRunNotice(workflow, when));
