// The first run: there is no organization yet, so there is nothing else to show.
import { useState, type FormEvent } from "react";
import { useSubmit } from "../../state/useSubmit";
import { useOrgs } from "./OrgProvider";

export function Welcome() {
  const { create } = useOrgs();
  const [name, setName] = useState("");
  const { busy, error, run } = useSubmit();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => create(name));
  };

  return (
    <main className="welcome">
      <div className="welcome-card">
        <img src="/logo.png" alt="" width={56} height={56} />
        <h1>Welcome to NeuroFlow Hub</h1>
        <p>
          Design automations, put AI agents to work, and see what every run did and cost — all on this computer. Start by naming
          your organization: your brokerage, your team, or just you.
        </p>
        <form onSubmit={submit} className="form">
          <label htmlFor="welcome-org-name">Organization name</label>
          <input id="welcome-org-name" value={name} maxLength={100} placeholder="Acme Realty" onChange={(e) => setName(e.target.value)} />
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>
            {busy ? "Creating…" : "Create organization"}
          </button>
        </form>
      </div>
    </main>
  );
}
