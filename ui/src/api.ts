// The UI's single door to the app: every command from the generated bindings, with errors turned into
// exceptions that keep their code (so screens can branch on it) and message (so people can read it).
import { commands, type AppError, type ErrorCode } from "./bindings";

export { commands };

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

/** Unwraps a command's result, throwing a CommandError on failure. */
export async function call<T>(pending: Promise<Outcome<T>>): Promise<T> {
  const outcome = await pending;
  if (outcome.status === "error") throw new CommandError(outcome.error);
  return outcome.data;
}

/** Something people can read, whatever was thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  return "Something went wrong.";
}
