// One choice among a few that each need a sentence to choose by (a provider, a team's structure,
// where secrets are kept): radio buttons drawn as cards, the name in bold and the sentence under it.
export interface Choice<V extends string> {
  value: V;
  label: string;
  text: string;
}

interface Props<V extends string> {
  legend: string;
  /** The radio group's name. */
  name: string;
  /** The fieldset's classes, for the layout. */
  className: string;
  choices: Choice<V>[];
  value: V;
  onChange: (value: V) => void;
}

export function ChoiceCards<V extends string>({ legend, name, className, choices, value, onChange }: Props<V>) {
  return (
    <fieldset className={className}>
      <legend>{legend}</legend>
      {choices.map((c) => (
        <label key={c.value} className={c.value === value ? "checked" : undefined}>
          <input type="radio" name={name} value={c.value} checked={c.value === value} onChange={() => onChange(c.value)} />
          <strong>{c.label}</strong>
          <span className="hint">{c.text}</span>
        </label>
      ))}
    </fieldset>
  );
}
