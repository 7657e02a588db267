// Where the secrets are, when that store cannot be used right now: shown above screens that need
// secrets (integrations), with the passphrase form when the encrypted file is only locked, and the
// way to Settings when the store is not there at all.
import { useState, type FormEvent } from "react";
import type { VaultInfo } from "../../bindings";
import { Icon } from "../../components/icons";
import { useToast } from "../../components/Toasts";
import { hrefOf } from "../../router";
import { useSubmit } from "../../state/useSubmit";
import { unlockVault } from "./api";

/** A form to open the encrypted file with its passphrase. */
export function UnlockForm({ onChange }: { onChange: (vault: VaultInfo) => void }) {
  const toast = useToast();
  const [passphrase, setPassphrase] = useState("");
  const { busy, error, run } = useSubmit();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const vault = await unlockVault(passphrase);
      setPassphrase("");
      toast("success", "The encrypted file is open");
      onChange(vault);
    });
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
