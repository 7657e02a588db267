// Settings › Desktop › Updates. Nothing calls the update server unless the user says so: automatic
// checks are off until switched on, and "Check now" asks once. A found version shows its notes and
// "Install and restart"; the app verifies the download's signature before replacing itself, and a
// refusal (bad signature, broken download, no build for this computer) is shown as the app said it.
import { useEffect, useState, type FormEvent } from "react";
import { messageOf } from "../../api";
import type { DesktopSettings_Serialize as Settings, UpdateCheck } from "../../bindings";
import { checkForUpdate, installUpdate, lastUpdateCheck, setUpdateChecks, setUpdateEndpoint } from "./api";
import { Toggle } from "./Toggle";

type Status =
  | { kind: "idle" }
  | { kind: "checking" }
  | { kind: "checked"; check: UpdateCheck }
  | { kind: "installing"; version: string }
  | { kind: "restarting"; version: string }
  | { kind: "failed"; message: string; check?: UpdateCheck };

export function UpdateSettings({ settings, onSaved }: { settings: Settings; onSaved: (s: Settings) => void }) {
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [busy, setBusy] = useState(false);
  const [address, setAddress] = useState(settings.updates.endpoint ?? "");
  const [addressError, setAddressError] = useState<string | null>(null);

  // An automatic check may have found something before this page opened.
  useEffect(() => {
    void lastUpdateCheck().then((last) => last && setStatus((s) => (s.kind === "idle" ? { kind: "checked", check: last } : s)), () => {});
  }, []);

  const toggle = async (on: boolean) => {
    setBusy(true);
    try {
      onSaved(await setUpdateChecks(on));
    } catch (e) {
      setStatus({ kind: "failed", message: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };
  const saveAddress = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onSaved(await setUpdateEndpoint(address.trim() || null));
      setAddressError(null);
    } catch (err) {
      setAddressError(messageOf(err));
    }
  };
  const check = async () => {
    setStatus({ kind: "checking" });
    try {
      setStatus({ kind: "checked", check: await checkForUpdate() });
    } catch (e) {
      setStatus({ kind: "failed", message: messageOf(e) });
    }
  };
  const install = async (check: UpdateCheck, version: string) => {
    setStatus({ kind: "installing", version });
    try {
      setStatus({ kind: "restarting", version: await installUpdate() });
    } catch (e) {
      setStatus({ kind: "failed", message: messageOf(e), check });
    }
  };
  const saved = settings.updates.endpoint ?? "";

  return (
    <section className="updates" aria-labelledby="updates-heading">
      <h3 id="updates-heading">Updates</h3>
      <Toggle
        id="update-checks"
        label="Check for updates automatically"
        hint="Off, NeuroFlow Hub never contacts the update server unless you press Check now. On, it checks at start and once a day."
        checked={settings.updates.checkAutomatically}
        busy={busy}
        onChange={(on) => void toggle(on)}
      />
      <form className="inline-form" onSubmit={(e) => void saveAddress(e)}>
        <label htmlFor="update-endpoint">Update address</label>
        <input
          id="update-endpoint"
          type="url"
          value={address}
          placeholder="The address this version was built with"
          aria-invalid={addressError ? true : undefined}
          aria-describedby={addressError ? "update-endpoint-error" : undefined}
          onChange={(e) => setAddress(e.target.value)}
        />
        <button type="submit" className="button" disabled={address.trim() === saved}>
          Save
        </button>
      </form>
      {addressError && (
        <p id="update-endpoint-error" className="field-error" role="alert">
          {addressError}
        </p>
      )}
      <div className="update-actions">
        <button type="button" className="button" onClick={() => void check()} disabled={status.kind === "checking" || status.kind === "installing"}>
          {status.kind === "checking" ? "Checking…" : "Check now"}
        </button>
      </div>
      <UpdateStatus status={status} onInstall={(c, v) => void install(c, v)} />
    </section>
  );
}

function UpdateStatus({ status, onInstall }: { status: Status; onInstall: (check: UpdateCheck, version: string) => void }) {
  switch (status.kind) {
    case "idle":
    case "checking":
      return <p role="status" className="hint" />;
    case "checked": {
      const { check } = status;
      if (!check.offer) {
        return (
          <p role="status" className="update-result">
            NeuroFlow Hub {check.currentVersion} is up to date.
          </p>
        );
      }
      const offer = check.offer;
      return (
        <div role="status" className="update-result update-offer">
          <p>
            <strong>Version {offer.version} is available</strong> (you have {check.currentVersion}
            {offer.date ? `; published ${offer.date.slice(0, 10)}` : ""}).
          </p>
          {offer.notes && <p className="update-notes">{offer.notes}</p>}
          <button type="button" className="button button-primary" onClick={() => onInstall(check, offer.version)}>
            Install and restart
          </button>
        </div>
      );
    }
    case "installing":
      return (
        <p role="status" className="update-result">
          Downloading and verifying version {status.version}…
        </p>
      );
    case "restarting":
      return (
        <p role="status" className="update-result">
          Version {status.version} is installed. NeuroFlow Hub is restarting.
        </p>
      );
    case "failed":
      return (
        <p role="alert" className="field-error update-result">
          {status.message}
        </p>
      );
  }
}
