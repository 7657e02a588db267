// A list as a table: a header row, one row per item, numbers right-aligned, and the row's buttons in a
// last "Actions" column (named for screen readers, hidden on screen). A row can open its item; its
// buttons then keep their clicks to themselves.
import type { MouseEvent, ReactNode } from "react";

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** A number: right-aligned, header and cells. */
  num?: boolean;
  /** More classes for the cells (mono, muted …). */
  className?: string;
  /** The cell's tooltip (the exact time behind "5 min ago"). */
  title?: (row: T) => string | undefined;
}

interface Props<T> {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  /** The table's accessible name … */
  label?: string;
  /** … or the id of the heading that names it. */
  labelledBy?: string;
  /** More classes for the table. */
  className?: string;
  /** The row's buttons (Edit, Delete …). */
  actions?: (row: T) => ReactNode;
  /** Opens the row's item when the row is clicked (its link stays the keyboard way in). */
  onRowClick?: (row: T) => void;
}

const classes = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(" ") || undefined;
const keep = (event: MouseEvent) => event.stopPropagation();

export function ResourceTable<T>({ rows, columns, rowKey, label, labelledBy, className, actions, onRowClick }: Props<T>) {
  return (
    <table className={classes("table", className)} aria-label={label} aria-labelledby={labelledBy}>
      <thead>
        <tr>
          {columns.map((c, n) => (
            <th key={n} className={c.num ? "num" : undefined}>
              {c.header}
            </th>
          ))}
          {actions && (
            <th>
              <span className="visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} className={onRowClick ? "clickable" : undefined} onClick={onRowClick && (() => onRowClick(row))}>
            {columns.map((c, n) => (
              <td key={n} className={classes(c.num && "num", c.className)} title={c.title?.(row)}>
                {c.cell(row)}
              </td>
            ))}
            {actions && (
              <td className="actions" onClick={onRowClick && keep}>
                {actions(row)}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** For links inside a clickable row: the link opens the item, the row's click must not too. */
export const stopRowClick = keep;
