// The template library in the real app, as a broker uses it: find a template by searching, look at
// its page (the workflow drawn, what it needs), deploy it through the guided step — creating the
// Slack integration it needs on the way — test-run it with the sample input, and switch it on. The
// CLI then reads the store: the workflow is on, its test run completed, Slack got the copy. Each step
// leaves a screenshot in artifacts/ (the gallery and the template page in dark mode too).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import { cliBinary, launch, paste } from "../harness.js";
import { startFakeServices } from "../fakeServices.js";

const SLUG = "listing-description-writer";
const NAME = "Listing description writer with a fair-housing check";

let app;
let world;
before(async () => {
  world = await startFakeServices({ fields: { verdict: "pass", issues: [], unsupportedClaims: [] } });
  app = await launch("templates");
});
after(async () => {
  await app?.stop();
  await world?.close();
});

const byText = (browser, tag, text) => browser.$(`//${tag}[normalize-space()='${text}']`);

test("search, preview, deploy with a new integration, test-run and switch on a template", async () => {
  const { browser } = app;
  app.cli("org", "create", "Harbor Realty");
  execFileSync(cliBinary, ["--data-dir", app.dataDir, "provider", "set", "openai", "--base-url", world.llmBase, "--key"], { input: "sk-e2e-templates" });
  await browser.refresh();
  await (await byText(browser, "h1", "Harbor Realty")).waitForDisplayed({ timeout: 20_000 });

  // The dashboard and an empty Workflows page both lead to the library.
  await (await browser.$("//nav//a[normalize-space()='Workflows']")).click();
  const start = await browser.$("//section[@aria-label='No workflows yet']//a[contains(normalize-space(), 'Start from a template')]");
  await start.waitForDisplayed({ timeout: 10_000 });
  await start.click();
  const grid = await browser.$("//section[@aria-label='Templates found']");
  await grid.waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await browser.$$("article.template-card")).length >= 18, { timeout: 10_000, timeoutMsg: "the gallery never showed the library" });
  await app.screenshot("gallery");
  await browser.execute(() => (document.documentElement.dataset.theme = "dark"));
  await app.screenshot("gallery-dark");
  await browser.execute(() => (document.documentElement.dataset.theme = "light"));

  // Find it by searching.
  await paste(browser, "input[aria-label='Search templates']", "listing description");
  await browser.waitUntil(async () => (await browser.$$("article.template-card")).length === 1, { timeout: 10_000, timeoutMsg: "the search did not narrow to one template" });
  await app.screenshot("search");
  await (await browser.$(`//article//a[normalize-space()='${NAME}']`)).click();

  // Its page: the workflow drawn read-only, what it needs and what the organization has.
  await (await byText(browser, "h1", NAME)).waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await browser.$$(".template-canvas [data-testid='workflow-node']")).length >= 4, { timeout: 10_000, timeoutMsg: "the canvas was not drawn" });
  const needs = await (await browser.$("//section[h2='What it needs']")).getText();
  assert.match(needs, /You have none yet/, "no Slack integration yet");
  await app.screenshot("template-page");
  await browser.execute(() => (document.documentElement.dataset.theme = "dark"));
  await app.screenshot("template-page-dark");
  await browser.execute(() => (document.documentElement.dataset.theme = "light"));

  // The guided step, creating the Slack integration in place.
  await (await browser.$("//button[contains(normalize-space(), 'Deploy…')]")).click();
  const dialog = await browser.$(`//div[@role='dialog'][.//h2[normalize-space()='Deploy “${NAME}”']]`);
  await dialog.waitForDisplayed({ timeout: 10_000 });
  await (await dialog.$("//button[normalize-space()='Create new…']")).click();
  const add = await browser.$("//div[@role='dialog'][.//h2[normalize-space()='Add a Slack integration']]");
  await add.waitForDisplayed({ timeout: 5_000 });
  await paste(browser, "#integration-name", "Team Slack");
  await paste(browser, "#integration-secret", "xoxb-e2e-token");
  await (await add.$("//summary[normalize-space()='Advanced']")).click();
  await paste(browser, "#field-baseUrl", world.slackBase);
  await app.screenshot("create-integration");
  await (await add.$("//button[normalize-space()='Add integration']")).click();
  await add.waitForDisplayed({ reverse: true, timeout: 10_000 });
  await app.screenshot("deploy-dialog");
  await (await dialog.$("//button[normalize-space()='Deploy (switched off)']")).click();

  // Deployed, switched off, with its checklist; test-run with the sample input, then switch on.
  const deployed = await browser.$("//div[@role='dialog'][.//h2[starts-with(normalize-space(), 'Deployed')]]");
  await deployed.waitForDisplayed({ timeout: 15_000 });
  assert.match(await deployed.getText(), /switched off/);
  await app.screenshot("deployed-checklist");
  await (await deployed.$("//button[normalize-space()='Test run with the sample input']")).click();
  const completed = await deployed.$("//p[contains(normalize-space(), 'Test run completed')]");
  await completed.waitForDisplayed({ timeout: 30_000 });
  await browser.waitUntil(async () => (await deployed.$$("ul[aria-label='Checklist'] li.done")).length >= 2, { timeout: 10_000, timeoutMsg: "the checklist did not tick the test run" });
  await app.screenshot("test-run");
  await (await deployed.$("//button[normalize-space()='Switch it on']")).click();
  await (await deployed.$("//button[normalize-space()='Switched on']")).waitForDisplayed({ timeout: 10_000 });
  await app.screenshot("switched-on");

  // The store agrees, and Slack got the copy with the bot token.
  const workflows = JSON.parse(app.cli("--json", "workflow", "list"));
  assert.equal(workflows.total, 1);
  assert.equal(workflows.items[0].isActive, true, "switched on");
  const runs = JSON.parse(app.cli("--json", "executions", "list"));
  assert.equal(runs.items[0].status, "COMPLETED");
  assert.ok(world.posts.some((p) => p.channel === "#listings" && p.auth === "Bearer xoxb-e2e-token"), JSON.stringify(world.posts));
  const shown = JSON.parse(app.cli("--json", "template", "show", SLUG));
  assert.equal(shown.template.card.usageCount, 1);
  assert.equal(shown.canRate, true, "a successful run makes it rateable");

  // Back on the template page: it is deployed here and can be rated.
  await (await deployed.$("//button[@aria-label='Close']")).click();
  await (await browser.$("//section[h2='Deployed here']//a")).waitForDisplayed({ timeout: 10_000 });
  await (await browser.$("//button[@aria-label='4 stars']")).click();
  await (await browser.$("//legend[normalize-space()='Your rating: 4 of 5']")).waitForDisplayed({ timeout: 10_000 });
  await app.screenshot("rated");
});
