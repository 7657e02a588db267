// CSV for any view of the Analytics page: RFC 4180 quoting (fields with commas, quotes or line breaks
// quoted, quotes doubled), CRLF line ends, numbers as plain digits and money as exact dollars, so a
// spreadsheet opens it as it was on screen.
import { microsToDollars } from "../../money";

export type Cell = string | number | boolean | null | undefined;

function field(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  // A leading =, +, - or @ makes spreadsheets evaluate a cell: keep text (names, messages) as text.
  const guarded = typeof value === "string" && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** A header row and data rows as CSV text. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}

/** Micro-dollars as an exact dollar amount for a CSV cell ("0.000075"). */
export const dollarsCell = (micros: number) => microsToDollars(micros);
