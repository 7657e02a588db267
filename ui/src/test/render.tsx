// Renders a screen as the app does (inside the toast provider) against a fake backend, so each
// screen's tests say only what their backend answers.
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { ToastProvider } from "../components/Toasts";
import { backend, type Handler } from "./ipc";

export function renderWithBackend(ui: ReactElement, handlers: Record<string, Handler>) {
  const ipc = backend(handlers);
  render(<ToastProvider>{ui}</ToastProvider>);
  return ipc;
}
