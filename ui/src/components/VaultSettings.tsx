// Where the secrets are kept, said plainly: the store, who chose it, whether it can be used now and
// why not. Settings can switch stores (the app moves the saved secrets) and lock or unlock the
// encrypted file; other screens show a notice when the store cannot be used.
import { useEffect, useState, type FormEvent } from "react";
import { call, commands, messageOf } from "../api";
import type { StoreKind, VaultInfo } from "../bindings";
import { hrefOf } from "../router";
import { Icon } from "./icons";
import { useToast } from "./Toasts";

const STORES: { kind: StoreKind; label: string; text: string }[] = [
  { kind: "keychain", label: "System keychain", text: "GNOME Keyring or KWallet, the macOS Keychain, or the Windows Credential Manager. The safest choice." },
  { kind: "kernel-keyring", label: "Linux kernel keyring", text: "Kept in memory by Linux until you log out: secrets must be entered again after a restart." },
  { kind: "encrypted-file", label: "Encrypted file", text: "For computers without a keychain: AES-256 with a key from your passphrase, which the app asks for when it starts." },
];

const MIN_PASSPHRASE = 8;

function chosenText(vault: VaultInfo): string {
  switch (vault.chosenBy) {
    case "default":
      return "the default";
    case "settings":
      return "chosen here";
    default:
      return "chosen by the NEUROFLOW_VAULT environment variable";
  }
}

/** A form to open the encrypted file with its passphrase. */
function UnlockForm({ onChange }: { onChange: (vault: VaultInfo) => void }) {
  const toast = useToast();
  const [passphrase, setPassphrase] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const vault = await call(commands.unlockVault(passphrase));
      setPassphrase("");
      setError(null);
      toast("success", "The encrypted file is open");
      onChange(vault);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label htmlFor="vault-passphrase">Passphrase</label>
      <input id="vault-passphrase" type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
      <button type="submit" className="button button-primary" disabled={!passphrase || busy}>
        {busy ? "Opening…" : "Unlock"}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

/** Shown above screens that need secrets when the store cannot be used. */
export function VaultNotice({ vault, onChange }: { vault: VaultInfo; onChange: (vault: VaultInfo) => void }) {
  if (vault.available) return null;
  if (vault.locked) {
    return (
      <div className="notice notice-warning" role="status">
        <Icon name="alert" />
        <div>
          <p>Your secrets are in an encrypted file, which is locked. Unlock it to use and test integrations.</p>
          <UnlockForm onChange={onChange} />
        </div>
      </div>
    );
  }
  return (
    <div className="notice notice-error" role="alert">
      <Icon name="alert" />
      <span>
        Secrets cannot be saved or read: {vault.reason ?? `the ${vault.name} is not available`}.{" "}
        <a href={hrefOf({ page: "settings" })}>Choose where to keep them</a>
      </span>
    </div>
  );
}

/** The Settings section. */
export function VaultSettings() {
  const toast = useToast();
  const [vault, setVault] = useState<VaultInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [choice, setChoice] = useState<StoreKind>("keychain");
  const [passphrase, setPassphrase] = useState("");
  const [again, setAgain] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call(commands.vaultStatus()).then(
      (v) => (setVault(v), setChoice(v.kind)),
      (e) => setError(messageOf(e)),
    );
  }, []);

  if (error) return <p className="field-error">{error}</p>;
  if (!vault) return <p className="hint">Checking the keychain…</p>;

  const needsPassphrase = choice === "encrypted-file" && vault.kind !== "encrypted-file";
  const passphraseProblem = !needsPassphrase
    ? null
    : passphrase.length < MIN_PASSPHRASE
      ? `At least ${MIN_PASSPHRASE} characters`
      : passphrase !== again
        ? "The two passphrases differ"
        : null;

  const switchStore = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const next = await call(commands.chooseVault(choice, needsPassphrase ? passphrase : null));
      setVault(next);
      setPassphrase("");
      setAgain("");
      toast("success", `Secrets are now kept in the ${next.name}`);
    } catch (e) {
      toast("error", messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const lock = async () => {
    try {
      setVault(await call(commands.lockVault()));
    } catch (e) {
      toast("error", messageOf(e));
    }
  };

  const state = vault.available ? "Ready" : vault.locked ? "Locked" : "Not available";
  return (
    <>
      <p>
        Secrets are kept in the <strong>{vault.name}</strong> ({chosenText(vault)}).{" "}
        <span className={`badge ${vault.available ? "badge-green" : vault.locked ? "badge-amber" : "badge-red"}`}>{state}</span>
      </p>
      {vault.reason && !vault.locked && <p className="field-error">{vault.reason}</p>}
      {vault.locked && <UnlockForm onChange={setVault} />}
      {vault.kind === "encrypted-file" && vault.available && (
        <button type="button" className="button button-small" onClick={lock}>
          Lock now
        </button>
      )}
      {vault.chosenBy === "environment" ? (
        <p className="hint">NEUROFLOW_VAULT chooses the store for this app; unset it to choose here.</p>
      ) : (
        <form className="form" onSubmit={switchStore}>
          <fieldset className="store-picker">
            <legend>Keep secrets in</legend>
            {STORES.map((s) => (
              <label key={s.kind} className={choice === s.kind ? "checked" : undefined}>
                <input type="radio" name="store" value={s.kind} checked={choice === s.kind} onChange={() => setChoice(s.kind)} />
                <strong>{s.label}</strong>
                <span className="hint">{s.text}</span>
              </label>
            ))}
          </fieldset>
          {needsPassphrase && (
            <>
              <label htmlFor="new-passphrase">New passphrase</label>
              <input id="new-passphrase" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
              <label htmlFor="new-passphrase-again">The same passphrase again</label>
              <input id="new-passphrase-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
              <p className="hint">{passphraseProblem ?? "Nobody can recover secrets if the passphrase is lost."}</p>
            </>
          )}
          <div className="form-actions">
            <button type="submit" className="button" disabled={choice === vault.kind || busy || passphraseProblem !== null}>
              {busy ? "Moving secrets…" : "Switch and move saved secrets"}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
