// The editor page rendered as the app does (inside the toast provider) over a fake backend, for the
// editor's page-level tests; `node` finds a node on its canvas.
import { render } from "@testing-library/react";
import { ToastProvider } from "../../../components/Toasts";
import { backend } from "../../../test/ipc";
import { EditorPage } from "../EditorPage";
import { fakeBackend, ORG } from "./fakeBackend";

export function openEditor(fake = fakeBackend()) {
  const ipc = backend(fake.handlers);
  render(
    <ToastProvider>
      <EditorPage org={ORG} id="w1" />
    </ToastProvider>,
  );
  return { fake, ipc };
}

export const node = (id: string) => document.querySelector(`[data-node-id="${id}"]`);
