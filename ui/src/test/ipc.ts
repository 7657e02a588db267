// Tests talk to a fake backend through Tauri's own IPC mock: the UI code under test is real, only
// the transport to Rust is replaced.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
export { emit } from "@tauri-apps/api/event";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

export type Handler = (args: Record<string, unknown>) => unknown;

/** Answers commands by name; an unknown command fails the test loudly. */
export function backend(handlers: Record<string, Handler>): { calls: { cmd: string; args: Record<string, unknown> }[] } {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    const payload = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: payload });
    const handler = handlers[cmd];
    if (!handler) throw new Error(`unexpected command ${cmd}`);
    return handler(payload);
  }, { shouldMockEvents: true });
  return { calls };
}

/** What a command throws to report an AppError. */
export function appError(code: string, message: string, details?: unknown) {
  return { code, message, details };
}

afterEach(async () => {
  // Unmount first, and let the unsubscriptions (which resolve a tick later) finish while the mocked
  // event plugin still exists.
  cleanup();
  await new Promise((resolve) => setTimeout(resolve, 0));
  clearMocks();
  localStorage.clear();
  window.location.hash = "";
});
