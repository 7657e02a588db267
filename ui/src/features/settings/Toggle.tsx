// A switch with its hint read out by screen readers: one setting that saves the moment it changes.
export function Toggle(props: { id: string; label: string; hint: string; checked: boolean; busy: boolean; onChange: (on: boolean) => void }) {
  const hintId = `${props.id}-hint`;
  return (
    <div className="toggle-row">
      <label className="switch" htmlFor={props.id}>
        <input
          id={props.id}
          type="checkbox"
          checked={props.checked}
          disabled={props.busy}
          aria-describedby={hintId}
          onChange={(e) => props.onChange(e.target.checked)}
        />
        <span>{props.label}</span>
      </label>
      <p id={hintId} className="hint">
        {props.hint}
      </p>
    </div>
  );
}
