// The Integrations page against the IPC mock: secrets typed once, tests, edits, deletes, Gmail sign-in, a locked vault.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { appError, type Handler } from "../../test/ipc";
import { renderWithBackend } from "../../test/render";
import { IntegrationsPage } from "./IntegrationsPage";

const ORG = "01a20000-0000-7000-8000-000000000001";
const KEYCHAIN = { kind: "keychain", name: "Secret Service (GNOME Keyring, KWallet …)", available: true, locked: false, reason: null, chosenBy: "default" };

const integration = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  organizationId: ORG,
  name,
  provider: "SLACK",
  config: { mode: "bot", defaultChannel: "#leads" },
  hasSecret: true,
  status: "DISCONNECTED",
  lastTested: null,
  lastError: null,
  isActive: true,
  createdBy: null,
  createdAt: "2026-11-20T10:00:00.000Z",
  updatedAt: "2026-11-21T10:00:00.000Z",
  ...extra,
});

const page = (items: unknown[]) => ({ items, total: items.length, limit: 200, offset: 0 });

function renderPage(handlers: Record<string, Handler>) {
  return renderWithBackend(<IntegrationsPage org={ORG} />, { vault_status: () => KEYCHAIN, ...handlers });
}

describe("IntegrationsPage", () => {
  it("shows an empty state, then adds a Slack integration whose token goes to the backend once", async () => {
    let items: unknown[] = [];
    const { calls } = renderPage({
      list_integrations: () => page(items),
      create_integration: (args) => {
        const created = args.integration as { name: string; config: Record<string, unknown> };
        items = [integration("i1", created.name, { config: created.config })];
        return items[0];
      },
    });
    expect(await screen.findByRole("region", { name: "No integrations yet" })).toBeInTheDocument();
    expect(screen.getByText(/Secrets are kept in the Secret Service/)).toBeInTheDocument();

    await userEvent.click(screen.getAllByRole("button", { name: /Add integration/ })[0]!);
    const dialog = await screen.findByRole("dialog", { name: "Add an integration" });
    await userEvent.type(within(dialog).getByLabelText("Name"), "Office Slack");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add integration" }));
    expect(within(dialog).getByRole("alert")).toHaveTextContent("Bot token is required");

    await userEvent.type(within(dialog).getByLabelText(/Default channel/), "#listings");
    const token = within(dialog).getByLabelText(/Bot token/);
    expect(token).toHaveAttribute("type", "password");
    await userEvent.type(token, "xoxb-typed-once");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add integration" }));

    const table = await screen.findByRole("table", { name: "Integrations" });
    expect(within(table).getByText("Office Slack")).toBeInTheDocument();
    expect(within(table).getByText("Not tested")).toBeInTheDocument();
    const create = calls.find((c) => c.cmd === "create_integration")!;
    expect(create.args).toEqual({
      org: ORG,
      integration: { name: "Office Slack", provider: "SLACK", config: { mode: "bot", defaultChannel: "#listings" } },
      secret: "xoxb-typed-once",
    });
    expect(document.body.textContent).not.toContain("xoxb-typed-once");
  });

  it("shows the rows only with the header's line about the keychain, so nothing moves under the pointer", async () => {
    let answer: (vault: typeof KEYCHAIN) => void = () => {};
    const { calls } = renderPage({
      list_integrations: () => page([integration("i1", "Office Slack")]),
      vault_status: () => new Promise((resolve) => (answer = resolve)),
    });
    await waitFor(() => expect(calls.some((c) => c.cmd === "list_integrations")).toBe(true));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole("table", { name: "Integrations" })).not.toBeInTheDocument();
    expect(screen.getByText("Loading integrations…")).toBeInTheDocument();
    answer(KEYCHAIN);
    const table = await screen.findByRole("table", { name: "Integrations" });
    expect(within(table).getByText("Office Slack")).toBeInTheDocument();
    expect(screen.getByText(/Secrets are kept in the Secret Service/)).toBeInTheDocument();
  });

  it("tests a connection and shows the outcome in the row", async () => {
    const failed = integration("i1", "Office Slack", {
      status: "ERROR",
      lastTested: new Date().toISOString(),
      lastError: "the Slack token is invalid or revoked (invalid_auth)",
    });
    renderPage({
      list_integrations: () => page([integration("i1", "Office Slack")]),
      test_integration: () => ({ integration: failed, ok: false, message: failed.lastError }),
    });
    const table = await screen.findByRole("table", { name: "Integrations" });
    await userEvent.click(within(table).getByRole("button", { name: "Test" }));
    expect(await within(table).findByText("the Slack token is invalid or revoked (invalid_auth)")).toBeInTheDocument();
    expect(within(table).getByText("Error")).toBeInTheDocument();
    expect(within(table).getByText("just now")).toBeInTheDocument();
  });

  it("edits without reading the secret back, and replaces it only when asked", async () => {
    const { calls } = renderPage({
      list_integrations: () => page([integration("i1", "Office Slack")]),
      update_integration: ({ patch }) => integration("i1", (patch as { name: string }).name),
    });
    await userEvent.click(await screen.findByRole("button", { name: "Edit Office Slack" }));
    const dialog = await screen.findByRole("dialog", { name: "Edit “Office Slack”" });
    expect(within(dialog).getByLabelText("Bot token: saved, hidden")).toHaveTextContent("••••");
    const name = within(dialog).getByLabelText("Name");
    await userEvent.clear(name);
    await userEvent.type(name, "Team Slack");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "update_integration")).toBe(true));
    expect(calls.find((c) => c.cmd === "update_integration")!.args).toMatchObject({ id: "i1", patch: { name: "Team Slack" }, secret: null });

    await userEvent.click(await screen.findByRole("button", { name: "Edit Office Slack" }));
    const again = await screen.findByRole("dialog");
    await userEvent.click(within(again).getByRole("button", { name: "Replace…" }));
    await userEvent.type(within(again).getByLabelText(/Bot token/), "xoxb-new");
    await userEvent.click(within(again).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "update_integration").at(-1)!.args).toMatchObject({ secret: "xoxb-new" }));
  });

  it("deletes only after confirmation", async () => {
    let items = [integration("i1", "Office Slack")];
    const { calls } = renderPage({
      list_integrations: () => page(items),
      delete_integration: () => ((items = []), null),
    });
    await userEvent.click(await screen.findByRole("button", { name: "Delete Office Slack" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete “Office Slack”?" });
    expect(calls.some((c) => c.cmd === "delete_integration")).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete integration" }));
    expect(await screen.findByRole("region", { name: "No integrations yet" })).toBeInTheDocument();
  });

  it("signs Gmail in with Google and shows the account", async () => {
    const gmail = integration("g1", "Gmail", { provider: "GMAIL", config: { clientId: "c" } });
    const connected = { ...gmail, status: "CONNECTED", lastTested: new Date().toISOString() };
    const { calls } = renderPage({
      list_integrations: () => page([gmail]),
      begin_sign_in: () => "https://accounts.google.com/o/oauth2/v2/auth?client_id=c",
      finish_sign_in: () => ({ integration: connected, ok: true, message: "signed in to Gmail as ada@acme.test" }),
    });
    await userEvent.click(await screen.findByRole("button", { name: "Sign in with Google" }));
    const table = screen.getByRole("table", { name: "Integrations" });
    expect(await within(table).findByText("signed in to Gmail as ada@acme.test")).toBeInTheDocument();
    expect(within(table).getByText("Connected")).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "begin_sign_in")!.args).toMatchObject({ id: "g1", openBrowser: true });
  });

  it("asks for the passphrase when the encrypted file is locked", async () => {
    const locked = { ...KEYCHAIN, kind: "encrypted-file", name: "encrypted file /data/vault.enc", available: false, locked: true, chosenBy: "settings" };
    renderPage({
      vault_status: () => locked,
      list_integrations: () => page([]),
      unlock_vault: ({ passphrase }) => {
        if (passphrase !== "right one") throw appError("CREDENTIAL", "the passphrase does not open the encrypted vault file");
        return { ...locked, available: true, locked: false };
      },
    });
    const notice = await screen.findByText(/which is locked/);
    const form = notice.closest(".notice") as HTMLElement;
    await userEvent.type(within(form).getByLabelText("Passphrase"), "wrong");
    await userEvent.click(within(form).getByRole("button", { name: "Unlock" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("does not open");
    const input = within(form).getByLabelText("Passphrase");
    await userEvent.clear(input);
    await userEvent.type(input, "right one");
    await userEvent.click(within(form).getByRole("button", { name: "Unlock" }));
    await waitFor(() => expect(screen.queryByText(/which is locked/)).not.toBeInTheDocument());
  });
});
