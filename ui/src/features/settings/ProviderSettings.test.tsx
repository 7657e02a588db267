// Settings › AI providers: keys saved but never shown back, providers added after checks, exact prices.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { PriceEntry, ProviderSettings as Provider } from "../../bindings";
import { ORG, provider } from "../agents/testData";
import type { Handler } from "../../test/ipc";
import { renderWithBackend } from "../../test/render";
import { ProviderSettings } from "./ProviderSettings";

const OPENAI = provider("openai", { name: "OpenAI", baseUrl: "https://api.openai.com/v1" });
const OLLAMA = provider("ollama", { name: "Ollama (this computer)", baseUrl: "http://127.0.0.1:11434/v1", needsKey: false });
const MINI: PriceEntry = { provider: "openai", model: "gpt-4o-mini", price: { inputPerMtok: 150_000, outputPerMtok: 600_000 }, custom: false };

function renderSettings(handlers: Record<string, Handler>) {
  return renderWithBackend(<ProviderSettings org={ORG} />, { list_prices: () => [MINI], ...handlers });
}

describe("ProviderSettings", () => {
  it("saves a key to the vault without ever showing it back", async () => {
    let providers: Provider[] = [OPENAI, OLLAMA];
    const { calls } = renderSettings({
      list_providers: () => providers,
      save_provider: (args) => {
        const saved = { ...(args.provider as Provider), hasKey: true, preset: true };
        providers = [saved, OLLAMA];
        return saved;
      },
    });
    const table = await screen.findByRole("table", { name: "AI providers" });
    const [, openai, ollama] = within(table).getAllByRole("row");
    expect(within(openai!).getByText("No key")).toHaveClass("badge-amber");
    expect(openai).toHaveTextContent("https://api.openai.com/v1");
    expect(ollama).toHaveTextContent("No key needed");
    expect(screen.getByText(/never shown again/)).toBeInTheDocument();

    await userEvent.click(within(openai!).getByRole("button", { name: "Edit OpenAI" }));
    const dialog = screen.getByRole("dialog", { name: "Edit OpenAI" });
    const key = within(dialog).getByLabelText("API key");
    expect(key).toHaveAttribute("type", "password");
    await userEvent.type(key, "sk-typed-once-123");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));

    await waitFor(() => expect(within(screen.getByRole("table", { name: "AI providers" })).getAllByRole("row")[1]).toHaveTextContent("Key saved"));
    expect(calls.find((c) => c.cmd === "save_provider")?.args).toEqual({
      org: ORG,
      provider: { id: "openai", name: "OpenAI", kind: "openai", baseUrl: "https://api.openai.com/v1", needsKey: true },
      key: "sk-typed-once-123",
    });
    expect(document.body.textContent).not.toContain("sk-typed-once-123");

    // Editing again shows that a key is saved, not the key.
    await userEvent.click(screen.getByRole("button", { name: "Edit OpenAI" }));
    const again = screen.getByRole("dialog", { name: "Edit OpenAI" });
    expect(within(again).getByLabelText("API key: saved, hidden")).toBeInTheDocument();
    expect(within(again).queryByDisplayValue("sk-typed-once-123")).not.toBeInTheDocument();
    // Changing only the address sends no key, which keeps the saved one.
    const url = within(again).getByLabelText("Base URL");
    await userEvent.clear(url);
    await userEvent.type(url, "https://proxy.example/v1");
    await userEvent.click(within(again).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "save_provider")).toHaveLength(2));
    expect(calls.filter((c) => c.cmd === "save_provider")[1]?.args).toMatchObject({ provider: { baseUrl: "https://proxy.example/v1" }, key: null });
  });

  it("adds an OpenAI-compatible server after checking its id and address", async () => {
    const { calls } = renderSettings({ list_providers: () => [OPENAI], save_provider: (args) => ({ ...(args.provider as Provider), hasKey: false, preset: false }) });
    await userEvent.click(await screen.findByRole("button", { name: /Add a provider/ }));
    const dialog = screen.getByRole("dialog", { name: "Add a provider" });
    await userEvent.type(within(dialog).getByLabelText("Id"), "my vllm");
    await userEvent.type(within(dialog).getByLabelText("Name"), "Lab vLLM");
    const url = within(dialog).getByLabelText("Base URL");
    await userEvent.clear(url);
    await userEvent.type(url, "ftp://lab");
    await userEvent.click(within(dialog).getByRole("button", { name: "Add provider" }));
    expect(within(dialog).getByText(/Id uses letters, digits/)).toBeInTheDocument();
    expect(within(dialog).getByText("Base URL is an http:// or https:// address")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "save_provider")).toBe(false);

    await userEvent.clear(within(dialog).getByLabelText("Id"));
    await userEvent.type(within(dialog).getByLabelText("Id"), "lab-vllm");
    await userEvent.clear(url);
    await userEvent.type(url, "http://10.0.0.5:8000/v1");
    await userEvent.click(within(dialog).getByRole("checkbox", { name: "Needs an API key" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Add provider" }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "save_provider")).toBe(true));
    expect(calls.find((c) => c.cmd === "save_provider")?.args).toEqual({
      org: ORG,
      provider: { id: "lab-vllm", name: "Lab vLLM", kind: "openai", baseUrl: "http://10.0.0.5:8000/v1", needsKey: false },
      key: null,
    });
  });

  it("shows prices in dollars per million tokens and saves them exactly in micro-dollars", async () => {
    let prices: PriceEntry[] = [MINI];
    const { calls } = renderSettings({
      list_providers: () => [OPENAI, OLLAMA],
      list_prices: () => prices,
      set_price: (args) => {
        const entry = { provider: args.provider as string, model: args.model as string, price: args.price as PriceEntry["price"], custom: true };
        prices = [entry];
        return entry;
      },
      delete_price: () => {
        prices = [MINI];
        return null;
      },
    });
    const table = await screen.findByRole("table", { name: "Model prices" });
    const row = () => within(screen.getByRole("table", { name: "Model prices" })).getAllByRole("row")[1]!;
    expect(row()).toHaveTextContent("$0.15");
    expect(row()).toHaveTextContent("$0.60");
    expect(row()).toHaveTextContent("Shipped");
    expect(within(table).queryByRole("button", { name: /Remove your price/ })).not.toBeInTheDocument();

    await userEvent.click(within(table).getByRole("button", { name: "Edit the price of openai gpt-4o-mini" }));
    const dialog = screen.getByRole("dialog", { name: "Price of gpt-4o-mini" });
    const input = within(dialog).getByLabelText("Input, $ per million tokens");
    expect(input).toHaveValue("0.15");
    await userEvent.clear(input);
    await userEvent.type(input, "0.1234567");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save price" }));
    expect(within(dialog).getByText(/Input price: At most 6 decimal places/)).toBeInTheDocument();
    await userEvent.clear(input);
    await userEvent.type(input, "0.075");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save price" }));

    await waitFor(() => expect(row()).toHaveTextContent("Yours"));
    expect(calls.find((c) => c.cmd === "set_price")?.args).toEqual({ org: ORG, provider: "openai", model: "gpt-4o-mini", price: { inputPerMtok: 75_000, outputPerMtok: 600_000 } });
    expect(row()).toHaveTextContent("$0.075");

    await userEvent.click(within(row()).getByRole("button", { name: "Remove your price of openai gpt-4o-mini" }));
    await waitFor(() => expect(row()).toHaveTextContent("Shipped"));
    expect(calls.find((c) => c.cmd === "delete_price")?.args).toEqual({ org: ORG, provider: "openai", model: "gpt-4o-mini" });
  });
});
