// The real app, driven as a person would: create an organization, import a workflow, find it in
// the list, open it on the canvas and read its nodes. Each step leaves a screenshot in artifacts/.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { launch, paste, repoRoot, reveal } from "../harness.js";

const fixture = readFileSync(path.join(repoRoot, "tests/fixtures/workflows/new-lead-follow-up.json"), "utf8");
const NODE_LABELS = ["New lead", "Hot lead?", "Draft reply", "Tell the team", "Archive"];

let app;
before(async () => {
  app = await launch("app");
});
after(async () => {
  await app?.stop();
});

test("create an organization, import a workflow, see it listed and drawn", async () => {
  const { browser } = app;

  // A fresh data directory opens on the welcome screen.
  const welcome = await browser.$("//h1[normalize-space()='Welcome to NeuroFlow Hub']");
  await welcome.waitForDisplayed({ timeout: 20_000 });
  await app.screenshot("welcome");

  // Create the organization.
  await (await browser.$("#welcome-org-name")).setValue("Acme Realty");
  await (await browser.$("//button[normalize-space()='Create organization']")).click();
  const heading = await browser.$("//h1[normalize-space()='Acme Realty']");
  await heading.waitForDisplayed({ timeout: 10_000 });
  await app.screenshot("dashboard");
  const orgs = JSON.parse(app.cli("--json", "org", "list"));
  assert.deepEqual(orgs.map((o) => o.name), ["Acme Realty"], "the organization is in the real store");

  // Import a workflow by pasting its document.
  await (await browser.$("//nav//a[normalize-space()='Workflows']")).click();
  await (await browser.$("//h2[normalize-space()='No workflows yet']")).waitForDisplayed({ timeout: 10_000 });
  await (await browser.$("(//button[contains(normalize-space(), 'Paste JSON')])[1]")).click();
  await (await browser.$("#import-text")).waitForDisplayed({ timeout: 5_000 });
  await paste(browser, "#import-text", fixture);
  await app.screenshot("import-dialog");
  await (await browser.$("//div[@role='dialog']//button[normalize-space()='Import']")).click();

  // It is listed.
  const row = await browser.$("//table//a[normalize-space()='New lead follow-up']");
  await row.waitForDisplayed({ timeout: 10_000 });
  const cells = await browser.$$("//table/tbody/tr[1]/td");
  assert.equal(await cells[1].getText(), "5", "five nodes");
  await app.screenshot("workflows-list");
  const listed = JSON.parse(app.cli("--json", "workflow", "list"));
  assert.equal(listed.total, 1);
  assert.equal(listed.items[0].name, "New lead follow-up");

  // And drawn on the canvas with every node's label visible.
  await row.click();
  await (await browser.$("//h1[normalize-space()='New lead follow-up']")).waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await browser.$$("[data-testid='workflow-node']")).length === 5, {
    timeout: 10_000,
    timeoutMsg: "the canvas never showed five nodes",
  });
  // React Flow keeps a node hidden until it has measured it, so each label is waited for.
  for (const label of NODE_LABELS) {
    const node = await browser.$(`//div[contains(@class,'wf-node-label') and normalize-space()='${label}']`);
    await node.waitForDisplayed({ timeout: 10_000, timeoutMsg: `node "${label}" is never visible on the canvas` });
  }
  const edges = await browser.$$(".react-flow__edge");
  assert.equal(edges.length, 4, "four edges are drawn");
  await app.screenshot("canvas");

  // Selecting a node shows its settings.
  await (await browser.$("//div[contains(@class,'wf-node-label') and normalize-space()='Hot lead?']")).click();
  const inspector = await browser.$("//aside[@aria-label='Details']");
  await browser.waitUntil(async () => (await inspector.getText()).includes("input.score >= vars.threshold"), { timeout: 5_000 });

  // Run it (a cold lead: the condition routes to the false branch) and watch the nodes settle.
  await (await browser.$("//header//button[normalize-space()='Run']")).click();
  await (await browser.$("#run-input")).waitForDisplayed({ timeout: 5_000 });
  await paste(browser, "#run-input", JSON.stringify({ name: "Bob", score: 10 }));
  await (await browser.$("//div[@role='dialog']//button[normalize-space()='Run']")).click();
  const expected = { start: "completed", hot: "completed", cold: "completed", draft: "skipped", notify: "skipped" };
  const statuses = async () =>
    browser.execute(() =>
      Object.fromEntries([...document.querySelectorAll("[data-testid='workflow-node']")].map((n) => [n.dataset.nodeId, n.dataset.status])),
    );
  try {
    await browser.waitUntil(async () => JSON.stringify(await statuses()) === JSON.stringify({ ...(await statuses()), ...expected }), {
      timeout: 15_000,
    });
  } catch (e) {
    await app.screenshot("run-timeout");
    throw new Error(`the nodes never reached their final states: ${JSON.stringify(await statuses())}`);
  }
  assert.deepEqual(await statuses(), expected);
  const result = await browser.$("//section[@aria-label='Run']");
  await browser.waitUntil(async () => (await result.getText()).includes("Completed"), { timeout: 10_000 });
  assert.match(await result.getText(), /"status": "nurture"/);
  await app.screenshot("run-completed");
  const runs = JSON.parse(app.cli("--json", "executions", "list"));
  assert.equal(runs.total, 1);
  assert.equal(runs.items[0].status, "COMPLETED");

  // The run's record: listed on the Executions page, then step by step.
  await (await browser.$("//nav//a[normalize-space()='Executions']")).click();
  const runRow = await browser.$("//table[@aria-label='Executions']//a[normalize-space()='New lead follow-up']");
  await runRow.waitForDisplayed({ timeout: 10_000 });
  await app.screenshot("executions");
  await runRow.click();
  const steps = await browser.$("//ol[@aria-label='Steps']");
  await steps.waitForDisplayed({ timeout: 10_000 });
  assert.equal((await browser.$$("//ol[@aria-label='Steps']/li")).length, 5, "every node has a step");
  await (await browser.$("//ol[@aria-label='Steps']//button[contains(., 'Archive')]")).click();
  await browser.waitUntil(async () => (await steps.getText()).includes('"status": "nurture"'), { timeout: 5_000 });
  await app.screenshot("execution-detail");
  await browser.back();
  await browser.back();

  // The same screen in dark mode.
  await (await browser.$("//nav//a[normalize-space()='Settings']")).click();
  await (await browser.$("//label[normalize-space()='Dark']")).click();
  assert.equal(await browser.execute(() => document.documentElement.dataset.theme), "dark");
  await browser.back();
  await (await browser.$("//h1[normalize-space()='New lead follow-up']")).waitForDisplayed({ timeout: 10_000 });
  await browser.pause(300);
  await app.screenshot("canvas-dark");
});

test("add an integration, test it, see where its secret is kept, delete it", async () => {
  const { browser } = app;
  await (await browser.$("//nav//a[normalize-space()='Integrations']")).click();
  await (await browser.$("//h2[normalize-space()='No integrations yet']")).waitForDisplayed({ timeout: 10_000 });
  await app.screenshot("integrations-empty");

  // Add a signed webhook; its key is typed once and goes to the keychain.
  await (await browser.$("(//button[contains(normalize-space(), 'Add integration')])[1]")).click();
  await (await browser.$("//fieldset[contains(@class,'provider-picker')]//label[strong[normalize-space()='Webhook']]")).click();
  await (await browser.$("#integration-name")).setValue("CRM hook");
  await (await browser.$("#field-url")).setValue("http://127.0.0.1:9/in");
  await (await browser.$("#integration-secret")).setValue("e2e-signing-key-123");
  await app.screenshot("integration-dialog");
  await (await browser.$("//div[@role='dialog']//button[normalize-space()='Add integration']")).click();
  const row = await browser.$("//table[@aria-label='Integrations']//tr[.//span[normalize-space()='CRM hook']]");
  await row.waitForDisplayed({ timeout: 10_000 });
  const stored = JSON.parse(app.cli("--json", "integration", "show", "CRM hook"));
  assert.equal(stored.hasSecret, true, "the secret was saved");
  assert.equal(JSON.stringify(stored).includes("e2e-signing-key-123"), false, "and is not shown");

  // Nothing listens on port 9: the test fails, and says why, in the row.
  await (await row.$(".//button[normalize-space()='Test']")).click();
  await browser.waitUntil(async () => (await row.getText()).includes("could not reach the webhook receiver"), { timeout: 15_000 });
  assert.ok((await row.getText()).includes("Error"));
  await app.screenshot("integrations-tested");

  // Settings say where secrets are kept.
  await (await browser.$("//nav//a[normalize-space()='Settings']")).click();
  const secrets = await browser.$("//section[@aria-labelledby='secrets-heading']");
  await browser.waitUntil(async () => (await secrets.getText()).includes("Ready"), { timeout: 10_000 });
  assert.ok((await secrets.getText()).includes("Secret Service"), await secrets.getText());
  await reveal(browser, secrets);
  await app.screenshot("settings-secrets");

  // Delete, after confirming.
  await (await browser.$("//nav//a[normalize-space()='Integrations']")).click();
  await (await browser.$("//button[@aria-label='Delete CRM hook']")).click();
  await (await browser.$("//div[@role='dialog']//button[normalize-space()='Delete integration']")).click();
  await (await browser.$("//h2[normalize-space()='No integrations yet']")).waitForDisplayed({ timeout: 10_000 });
  assert.equal(JSON.parse(app.cli("--json", "integration", "list")).total, 0);
});
