// The UI's single door to the app. Every command of the generated bindings is called through `call`,
// which gives back the command's value or throws a CommandError that keeps the app's code (so screens
// branch on it, never on the text) and its message (written for people). Each feature wraps the
// commands it uses in its own `api.ts`, so screens never see the bindings' result envelopes.
import { Channel } from "@tauri-apps/api/core";
import type { AppError, ErrorCode } from "./bindings";

/** A command's failure, as the app reported it. */
export class CommandError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(error: AppError) {
    super(error.message);
    this.name = "CommandError";
    this.code = error.code;
    this.details = error.details ?? null;
  }
}

type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

// What tauri-specta's `typedError` builds: exactly `{status, data}` or `{status, error}`. No value a
// command without a Result returns has that shape, so the two kinds of command share one door.
function isOutcome(value: unknown): value is Outcome<unknown> {
  if (typeof value !== "object" || value === null || Object.keys(value).length !== 2) return false;
  const status = (value as { status?: unknown }).status;
  return (status === "ok" && "data" in value) || (status === "error" && "error" in value);
}

function isAppError(value: unknown): value is AppError {
  return typeof value === "object" && value !== null && typeof (value as AppError).code === "string" && typeof (value as AppError).message === "string";
}

/**
 * Calls a command: resolves with its value, or rejects with a CommandError. Commands whose Rust side
 * returns a Result come wrapped in an Outcome, which is unwrapped; the few that cannot fail answer
 * their value directly, and a transport failure of theirs (a bare string) becomes an INTERNAL error.
 */
export function call<T>(pending: Promise<Outcome<T>>): Promise<T>;
export function call<T>(pending: Promise<T>): Promise<T>;
export async function call<T>(pending: Promise<Outcome<T> | T>): Promise<T> {
  let value: Outcome<T> | T;
  try {
    value = await pending;
  } catch (e) {
    if (e instanceof Error) throw e;
    throw new CommandError(isAppError(e) ? e : { code: "INTERNAL", message: typeof e === "string" ? e : "The app did not answer." });
  }
  if (!isOutcome(value)) return value as T;
  if (value.status === "error") throw new CommandError(value.error);
  return value.data as T;
}

/** A channel that hands each event a command streams (a run's, a call's) to `onEvent`. */
export function channelTo<E>(onEvent: (event: E) => void): Channel<E> {
  const events = new Channel<E>();
  events.onmessage = onEvent;
  return events;
}

/** Something people can read, whatever was thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  return "Something went wrong.";
}
