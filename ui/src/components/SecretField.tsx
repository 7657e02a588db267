// A secret (an API key, a token, a password): typed once and sent to the app's vault; from then on
// shown only as saved, replaceable, never readable, because the app never sends a secret back.
import { useState, type ReactNode } from "react";

interface Props {
  id: string;
  /** What the secret is: "API key", "Bot token" … */
  name: string;
  /** Marks the label "(optional)". */
  optional?: boolean;
  /** Whether one is saved already: then only "saved" shows until Replace… is pressed. */
  saved: boolean;
  /** Where saved ones are kept, in words: "your keychain". */
  keptIn: string;
  value: string;
  onChange: (value: string) => void;
  /** The placeholder when none is saved yet. */
  placeholder?: string;
  hint?: ReactNode;
}

export function SecretField({ id, name, optional, saved, keptIn, value, onChange, placeholder, hint }: Props) {
  const [replacing, setReplacing] = useState(!saved);
  return (
    <>
      <label htmlFor={id}>
        {name}
        {optional && <span className="muted"> (optional)</span>}
      </label>
      {replacing ? (
        <input
          id={id}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={value}
          placeholder={saved ? "Type a new one to replace the saved one" : placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <div className="secret-saved">
          <span id={id} className="mono" aria-label={`${name}: saved, hidden`}>
            ••••••••••••
          </span>
          <span className="muted">Saved in {keptIn}</span>
          <button type="button" className="button button-small" onClick={() => setReplacing(true)}>
            Replace…
          </button>
        </div>
      )}
      {hint && <p className="hint">{hint}</p>}
    </>
  );
}
