// Paging through a long list a window at a time: where the window is, and buttons to the window
// before and after (named by the list: "Newer" and "Older" for runs).
interface Props {
  offset: number;
  /** How many items the current window holds. */
  count: number;
  total: number;
  pageSize: number;
  onChange: (offset: number) => void;
  previousLabel?: string;
  nextLabel?: string;
}

export function Pager({ offset, count, total, pageSize, onChange, previousLabel = "Previous", nextLabel = "Next" }: Props) {
  return (
    <div className="pager">
      <span className="hint">
        {offset + 1}–{offset + count} of {total}
      </span>
      <button type="button" className="button button-small" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - pageSize))}>
        {previousLabel}
      </button>
      <button type="button" className="button button-small" disabled={offset + count >= total} onClick={() => onChange(offset + pageSize)}>
        {nextLabel}
      </button>
    </div>
  );
}
