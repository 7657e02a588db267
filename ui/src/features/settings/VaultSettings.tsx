// Settings › Secrets: where the secrets are kept, said plainly — the store, who chose it, whether it
// can be used now and why not. From here the store can be switched (the app moves the saved secrets)
// and the encrypted file locked or unlocked.
import { useState, type FormEvent } from "react";
import type { StoreKind, VaultInfo } from "../../bindings";
import { ChoiceCards, type Choice } from "../../components/ChoiceCards";
import { ResourceState } from "../../components/ResourceState";
import { useAction } from "../../state/useAction";
import { useLoad } from "../../state/useLoad";
import { chooseVault, lockVault, vaultStatus } from "./api";
import { UnlockForm } from "./VaultNotice";

const STORES: Choice<StoreKind>[] = [
  { value: "keychain", label: "System keychain", text: "GNOME Keyring or KWallet, the macOS Keychain, or the Windows Credential Manager. The safest choice." },
  { value: "kernel-keyring", label: "Linux kernel keyring", text: "Kept in memory by Linux until you log out: secrets must be entered again after a restart." },
  { value: "encrypted-file", label: "Encrypted file", text: "For computers without a keychain: AES-256 with a key from your passphrase, which the app asks for when it starts." },
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

export function VaultSettings() {
  const state = useLoad<VaultInfo>(vaultStatus, []);
  return (
    <ResourceState state={state} loadingLabel="Checking the keychain…" isEmpty={() => false}>
      {(vault) => <VaultForm vault={vault} onChange={(next) => state.setData(next)} />}
    </ResourceState>
  );
}

function VaultForm({ vault, onChange }: { vault: VaultInfo; onChange: (vault: VaultInfo) => void }) {
  const act = useAction();
  const [picked, setPicked] = useState<StoreKind | null>(null);
  const [passphrase, setPassphrase] = useState("");
  const [again, setAgain] = useState("");
  const [busy, setBusy] = useState(false);
  const choice = picked ?? vault.kind;

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
    await act(async () => {
      const next = await chooseVault(choice, needsPassphrase ? passphrase : null);
      onChange(next);
      setPassphrase("");
      setAgain("");
      return `Secrets are now kept in the ${next.name}`;
    });
    setBusy(false);
  };
  const lock = () => act(async () => onChange(await lockVault()));

  const state = vault.available ? "Ready" : vault.locked ? "Locked" : "Not available";
  return (
    <>
      <p>
        Secrets are kept in the <strong>{vault.name}</strong> ({chosenText(vault)}).{" "}
        <span className={`badge ${vault.available ? "badge-green" : vault.locked ? "badge-amber" : "badge-red"}`}>{state}</span>
      </p>
      {vault.reason && !vault.locked && <p className="field-error">{vault.reason}</p>}
      {vault.locked && <UnlockForm onChange={onChange} />}
      {vault.kind === "encrypted-file" && vault.available && (
        <button type="button" className="button button-small" onClick={lock}>
          Lock now
        </button>
      )}
      {vault.chosenBy === "environment" ? (
        <p className="hint">NEUROFLOW_VAULT chooses the store for this app; unset it to choose here.</p>
      ) : (
        <form className="form" onSubmit={switchStore}>
          <ChoiceCards legend="Keep secrets in" name="store" className="store-picker" choices={STORES} value={choice} onChange={setPicked} />
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
