// Money typed by people and shown back to them, exactly: amounts are kept as integer micro-dollars
// (1 USD = 1,000,000), so "2.50" is parsed digit by digit rather than through a float, and shown back
// with every significant digit.

const MICROS_PER_DOLLAR = 1_000_000;
const DECIMALS = 6;

export type Parsed = { ok: true; micros: number | null } | { ok: false; error: string };

/** "2.50", "$0.000075", "12" → micro-dollars; blank → null (no amount). */
export function parseDollars(text: string): Parsed {
  const trimmed = text.trim().replace(/^\$\s*/, "").replace(/,/g, "");
  if (trimmed === "") return { ok: true, micros: null };
  const match = /^(\d*)(?:\.(\d*))?$/.exec(trimmed);
  if (!match || (match[1] === "" && (match[2] ?? "") === "")) return { ok: false, error: "Enter an amount in dollars, like 2.50" };
  const whole = match[1] ?? "";
  const fraction = match[2] ?? "";
  if (fraction.length > DECIMALS) return { ok: false, error: "At most 6 decimal places (a millionth of a dollar)" };
  const micros = Number(whole || "0") * MICROS_PER_DOLLAR + Number(fraction.padEnd(DECIMALS, "0"));
  if (!Number.isSafeInteger(micros)) return { ok: false, error: "That amount is too large" };
  return { ok: true, micros };
}

/** Micro-dollars as a dollar amount without the sign, exact: 2500000 → "2.50", 75 → "0.000075". */
export function microsToDollars(micros: number): string {
  const negative = micros < 0;
  const abs = Math.abs(Math.trunc(micros));
  const whole = Math.floor(abs / MICROS_PER_DOLLAR);
  let fraction = String(abs % MICROS_PER_DOLLAR).padStart(DECIMALS, "0").replace(/0+$/, "");
  if (fraction.length < 2) fraction = fraction.padEnd(2, "0");
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/** Micro-dollars as "$2.50", exact to the micro-dollar. */
export function formatDollarsExact(micros: number): string {
  return `$${microsToDollars(micros)}`;
}
