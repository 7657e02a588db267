// Changes made outside the window reach it by themselves: an organization created, a workflow
// imported and a run made by the CLI (another process, on the same data directory) appear in the
// open app without any reload or polling. Screenshots of each step go to artifacts/.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { launch } from "../harness.js";

const WORKFLOW = {
  format: 1,
  name: "Greeter",
  nodes: [
    { id: "t", type: "trigger", data: { label: "Start", trigger: { kind: "manual" } } },
    { id: "hello", type: "transform", data: { label: "Say hello", output: { greeting: "Hello {{ input.name }}" } } },
  ],
  edges: [{ id: "e1", source: "t", target: "hello" }],
};

let app;
before(async () => {
  app = await launch("changes");
});
after(async () => {
  await app?.stop();
});

/** Waits for an element, and says how long it took to appear. */
async function appears(browser, selector, what) {
  const started = Date.now();
  await (await browser.$(selector)).waitForDisplayed({ timeout: 10_000, timeoutMsg: `${what} never appeared` });
  const ms = Date.now() - started;
  console.log(`${what} appeared ${ms} ms after the CLI returned`);
  return ms;
}

test("an organization, a workflow and a run made by the CLI show up in the open app", async () => {
  const { browser } = app;
  await (await browser.$("//h1[normalize-space()='Welcome to NeuroFlow Hub']")).waitForDisplayed({ timeout: 20_000 });

  app.cli("org", "create", "Harbor Realty");
  await appears(browser, "//h1[normalize-space()='Harbor Realty']", "the organization");
  await app.screenshot("org-from-cli");

  await (await browser.$("//nav//a[normalize-space()='Workflows']")).click();
  await (await browser.$("//h2[normalize-space()='No workflows yet']")).waitForDisplayed({ timeout: 10_000 });
  const file = path.join(app.dataDir, "greeter.json");
  writeFileSync(file, JSON.stringify(WORKFLOW));
  app.cli("workflow", "import", file);
  await appears(browser, "//table//a[normalize-space()='Greeter']", "the imported workflow");
  await app.screenshot("workflow-from-cli");

  await (await browser.$("//nav//a[normalize-space()='Executions']")).click();
  await (await browser.$("//h1[normalize-space()='Executions']")).waitForDisplayed({ timeout: 10_000 });
  const out = JSON.parse(app.cli("--json", "run", "Greeter", "--input", '{"name":"Ada"}').trim().split("\n").pop());
  assert.equal(out.execution.status, "COMPLETED");
  const id = out.execution.id;
  await appears(browser, `//table//a[contains(@href, '${id}')]`, "the CLI's run");
  const row = await browser.$(`//table//tr[.//a[contains(@href, '${id}')]]`);
  assert.match(await row.getText(), /Completed|COMPLETED/i);
  await app.screenshot("run-from-cli");
});
