// Agents and teams in the real app against a model provider on 127.0.0.1: the provider's key goes
// to the keychain through the CLI, an agent is created in the editor and answers in the playground
// with streamed tokens, tokens and cost; a collaborative team runs and shows each member's
// contribution as it arrives. Each step leaves a screenshot in artifacts/.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import { startFakeLlm } from "../fakeLlm.js";
import { cliBinary, launch, reveal } from "../harness.js";

const KEY = "sk-e2e-provider-key-8c1d";

let app;
let llm;
before(async () => {
  llm = await startFakeLlm();
  app = await launch("agents");
});
after(async () => {
  await app?.stop();
  await llm?.close();
});

const json = (...args) => JSON.parse(app.cli("--json", ...args));

test("an agent answers in the playground, a team runs, each with tokens and cost", async () => {
  const { browser } = app;
  await (await browser.$("//h1[normalize-space()='Welcome to NeuroFlow Hub']")).waitForDisplayed({ timeout: 20_000 });
  await (await browser.$("#welcome-org-name")).setValue("Acme Realty");
  await (await browser.$("//button[normalize-space()='Create organization']")).click();
  await (await browser.$("//h1[normalize-space()='Acme Realty']")).waitForDisplayed({ timeout: 10_000 });

  // The provider: its base URL is the local server, its key is piped to the CLI (never an argument).
  execFileSync(cliBinary, ["--data-dir", app.dataDir, "provider", "set", "openai", "--base-url", llm.baseUrl, "--key"], {
    input: `${KEY}\n`,
    encoding: "utf8",
  });
  const providers = json("provider", "list");
  const openai = providers.find((p) => p.id === "openai");
  assert.equal(openai.hasKey, true, "the key is saved");
  assert.equal(JSON.stringify(providers).includes(KEY), false, "and never shown");

  // Settings show the provider, its base URL and that a key is saved.
  await (await browser.$("//nav//a[normalize-space()='Settings']")).click();
  const section = await browser.$("//section[.//h2[contains(normalize-space(), 'AI providers')]]");
  await section.waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await section.getText()).includes(llm.baseUrl), { timeout: 10_000 });
  await reveal(browser, section);
  await app.screenshot("settings-providers");

  // An agent, made in the editor.
  await (await browser.$("//nav//a[normalize-space()='Agents']")).click();
  await (await browser.$("//h2[normalize-space()='No agents yet']")).waitForDisplayed({ timeout: 10_000 });
  await app.screenshot("agents-empty");
  await (await browser.$("(//button[contains(normalize-space(), 'New agent')])[1]")).click();
  await (await browser.$("#agent-name")).waitForDisplayed({ timeout: 5_000 });
  await (await browser.$("#agent-name")).setValue("Ada");
  await (await browser.$("#agent-description")).setValue("Answers buyers about open houses");
  await (await browser.$("#agent-traits")).setValue("friendly, precise");
  await (await browser.$("#agent-provider")).selectByAttribute("value", "openai");
  await (await browser.$("#agent-model")).setValue("gpt-4o-mini");
  await app.screenshot("agent-editor");
  await (await browser.$("//div[@role='dialog']//button[normalize-space()='Create agent']")).click();

  // Its page: ask in the playground; the reply streams in, then says its tokens and cost.
  const prompt = await browser.$("#playground-prompt");
  await prompt.waitForDisplayed({ timeout: 10_000 });
  await prompt.setValue("When is the open house?");
  await browser.keys("Enter");
  const conversation = await browser.$("//ol[@aria-label='Conversation']");
  await conversation.waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await conversation.getText()).includes("Ada here"), { timeout: 10_000 });
  const partial = await conversation.getText();
  await app.screenshot("playground-streaming");
  const details = await browser.$("//p[@aria-label='Reply details']");
  await details.waitForDisplayed({ timeout: 15_000 });
  assert.ok(!partial.includes("Elm Street.") || (await details.isDisplayed()), "tokens arrived before the end");
  assert.match(await conversation.getText(), /Ada here: the open house is on Saturday at ten, and parking is on Elm Street\./);
  const meta = await details.getText();
  assert.match(meta, /\d+ tokens in · 16 tokens out · \$0\.\d+ · .* · gpt-4o-mini/, meta);
  // The page catches up: the call is in the metrics and the recent calls.
  await (await browser.$("//table[@aria-label='Recent calls']")).waitForDisplayed({ timeout: 10_000 });
  assert.match(await (await browser.$("//div[@aria-label='Metrics']")).getText(), /^1\s*Calls/);
  await app.screenshot("playground-answered");
  assert.equal(llm.requests.length, 1);
  assert.equal(llm.requests[0].stream, true, "the call was streamed");

  // The call is recorded with the same figures.
  const calls = json("agent", "calls", "Ada");
  assert.equal(calls.total, 1);
  assert.equal(calls.items[0].status, "COMPLETED");
  assert.equal(calls.items[0].tokensOut, 16, "one token per word of the answer");
  assert.ok(calls.items[0].costMicros > 0, "priced from the shipped table");
  assert.ok(meta.includes(`$0.${String(calls.items[0].costMicros).padStart(6, "0").replace(/0+$/, "")}`), `${meta} shows the recorded cost`);

  // A collaborative team of three: two answer at once, the coordinator merges.
  for (const name of ["Ben", "Cleo"]) app.cli("agent", "create", name, "--provider", "openai", "--model", "gpt-4o-mini");
  app.cli("team", "create", "Listing desk", "--structure", "collaborative", "--description", "Answers together");
  app.cli("team", "add-member", "Listing desk", "Ada", "--role", "coordinator");
  app.cli("team", "add-member", "Listing desk", "Ben", "--role", "worker", "--priority", "1");
  app.cli("team", "add-member", "Listing desk", "Cleo", "--role", "worker", "--priority", "2");
  await (await browser.$("//nav//a[normalize-space()='Teams']")).click();
  const teamLink = await browser.$("//a[normalize-space()='Listing desk']");
  await teamLink.waitForDisplayed({ timeout: 10_000 });
  await app.screenshot("teams-list");
  await teamLink.click();
  await (await browser.$("#team-task")).waitForDisplayed({ timeout: 10_000 });
  await (await browser.$("#team-task")).setValue("Tell a buyer when the open house is");
  await (await browser.$("//section[@aria-labelledby='team-run-title']//button[@type='submit']")).click();
  const contributions = await browser.$("//ol[@aria-label='Contributions']");
  await contributions.waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await contributions.getText()).includes("Ben here"), { timeout: 10_000 });
  await reveal(browser, contributions);
  await app.screenshot("team-running");
  const result = await browser.$("//section[@aria-label='Result']");
  await result.waitForDisplayed({ timeout: 20_000 });
  assert.match(await result.getText(), /completed/i);
  assert.match(await result.getText(), /Ada here/);
  const text = await contributions.getText();
  for (const name of ["Ben", "Cleo", "Ada"]) assert.ok(text.includes(`${name} here`), `${name}'s contribution is shown`);
  await reveal(browser, result);
  await app.screenshot("team-finished");

  // Recorded: one call per member, plus the coordinator's merge.
  for (const [name, count] of [["Ben", 1], ["Cleo", 1], ["Ada", 2]]) {
    const recorded = json("agent", "calls", name);
    assert.equal(recorded.total, count, `${name}'s calls`);
    assert.ok(recorded.items.every((c) => c.status === "COMPLETED"));
  }
  assert.equal(llm.requests.length, 4, "one playground call, two answers and a merge");

  // The agent's page in dark mode, with its calls.
  await (await browser.$("//nav//a[normalize-space()='Settings']")).click();
  await (await browser.$("//label[normalize-space()='Dark']")).click();
  assert.equal(await browser.execute(() => document.documentElement.dataset.theme), "dark");
  await (await browser.$("//nav//a[normalize-space()='Agents']")).click();
  const adaLink = await browser.$("//table[@aria-label='Agents']//a[normalize-space()='Ada']");
  await adaLink.waitForDisplayed({ timeout: 10_000 });
  await app.screenshot("agents-list-dark");
  await adaLink.click();
  await (await browser.$("//table[@aria-label='Recent calls']")).waitForDisplayed({ timeout: 10_000 });
  await app.screenshot("agent-dark");
});
