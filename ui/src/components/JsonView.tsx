// JSON as people read it: indented, monospaced, selectable; long values scroll instead of stretching
// the page. Absent values say so.
export function JsonView({ value, label }: { value: unknown; label: string }) {
  if (value === undefined || value === null) {
    return <p className="hint">{label}: none</p>;
  }
  return (
    <figure className="json-view">
      <figcaption>{label}</figcaption>
      <pre className="code-block" tabIndex={0}>
        {JSON.stringify(value, null, 2)}
      </pre>
    </figure>
  );
}
