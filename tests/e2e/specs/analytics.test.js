// Analytics in the real app: the dashboard follows runs made by another process (the CLI) live; the
// Analytics page shows its tiles, charts, breakdown and errors, drills down from a chart bucket and
// from an error group to the runs behind them and on to a run's execution page; light and dark.
// Screenshots of each view go to artifacts/ (analytics-NN-*.png). Timings are printed, not asserted.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { launch, reveal } from "../harness.js";

const trigger = { id: "t", type: "trigger", data: { label: "Start", trigger: { kind: "manual" } } };
const GREETER = {
  format: 1,
  name: "Greeter",
  nodes: [trigger, { id: "hello", type: "transform", data: { label: "Say hello", output: { greeting: "Hello {{ input.name }}" } } }],
  edges: [{ id: "e1", source: "t", target: "hello" }],
};
// Port 1 on the loopback refuses at once: a failure with a stable message, no network.
const CRM = {
  format: 1,
  name: "Push to CRM",
  nodes: [trigger, { id: "crm", type: "integration", data: { label: "Send lead", action: "http.request", params: { url: "http://127.0.0.1:1/leads", method: "POST" } } }],
  edges: [{ id: "e1", source: "t", target: "crm" }],
};

let app;
before(async () => {
  app = await launch("analytics");
});
after(async () => {
  await app?.stop();
});

/** Waits until `read()` returns what `ok` accepts; returns the milliseconds it took. */
async function until(browser, read, ok, what, timeout = 10_000) {
  const started = Date.now();
  await browser.waitUntil(async () => ok(await read()), { timeout, interval: 25, timeoutMsg: `${what} never happened` });
  return Date.now() - started;
}

const figure = (browser, name) => async () => (await (await browser.$(`[data-figure='${name}'] .stat-value`)).getText()).trim();

function runCli(...args) {
  try {
    return app.cli(...args);
  } catch (e) {
    return e.stdout ?? "";
  }
}

test("the dashboard follows runs made elsewhere, and Analytics explains them", async () => {
  const { browser } = app;
  await (await browser.$("//h1[normalize-space()='Welcome to NeuroFlow Hub']")).waitForDisplayed({ timeout: 20_000 });
  app.cli("org", "create", "Harbor Realty");
  await (await browser.$("//h1[normalize-space()='Harbor Realty']")).waitForDisplayed({ timeout: 10_000 });
  for (const [name, doc] of [["greeter", GREETER], ["crm", CRM]]) {
    const file = path.join(app.dataDir, `${name}.json`);
    writeFileSync(file, JSON.stringify(doc));
    app.cli("workflow", "import", file);
  }
  await until(browser, figure(browser, "runs-today"), (v) => v === "0", "the dashboard's figures");

  // Runs by another process reach the open dashboard through the change feed.
  app.cli("run", "Greeter", "--input", '{"name":"Ada"}');
  const first = await until(browser, figure(browser, "runs-today"), (v) => v === "1", "the CLI's run on the dashboard");
  console.log(`dashboard showed a run made by the CLI ${first} ms after the CLI returned (goal: within 500 ms)`);
  runCli("run", "Push to CRM");
  const failed = await until(browser, figure(browser, "failed-today"), (v) => v === "1", "the CLI's failed run on the dashboard");
  console.log(`dashboard showed a failed run ${failed} ms after the CLI returned (goal: within 500 ms)`);
  for (const name of ["Bo", "Cy", "Di"]) app.cli("run", "Greeter", "--input", JSON.stringify({ name }));
  runCli("run", "Push to CRM");
  await until(browser, figure(browser, "runs-today"), (v) => v === "6", "every run on the dashboard");
  const failures = await browser.$("//section[@aria-labelledby='recent-failures']");
  assert.match(await failures.getText(), /Push to CRM/);
  await app.screenshot("dashboard-light");

  // The Analytics page: tiles, charts, the figures table.
  const opened = Date.now();
  await (await browser.$("//nav//a[normalize-space()='Analytics']")).click();
  const runs = await browser.$("//div[@role='group' and @aria-label='Runs']//span[@class='stat-value']");
  await runs.waitForDisplayed({ timeout: 10_000 });
  await until(browser, async () => (await browser.$$("div.chart canvas")).length, (n) => n >= 3, "the three charts");
  console.log(
    `Analytics page ready (tiles and three charts drawn) ${Date.now() - opened} ms after the click ` +
      `(the first visit, in this build; the goal, < 300 ms for a visit in the release build, is measured by ./dev.sh bench-ui --analytics)`,
  );
  assert.equal(await runs.getText(), "6");
  const success = await browser.$("//div[@role='group' and @aria-label='Success rate']//span[@class='stat-value']");
  assert.equal(await success.getText(), "66.7%");
  const described = await browser.execute(() => [...document.querySelectorAll("div.chart")].map((c) => c.getAttribute("aria-label") ?? ""));
  assert.ok(described.every((d) => d.length > 0), `every chart is described: ${JSON.stringify(described)}`);
  await app.screenshot("overview-light");

  // Drill down from an hour to its runs, and on to a run's page.
  await (await browser.$("//summary[starts-with(normalize-space(), 'Figures by hour')]")).click();
  const hourRuns = await browser.$("//table[@aria-label='Figures over time']//button[starts-with(normalize-space(), 'Runs')]");
  // The table is built when the details open (after their toggle event), so it is waited for.
  await hourRuns.waitForExist({ timeout: 10_000, timeoutMsg: "opening the figures never showed the table" });
  await reveal(browser, hourRuns);
  await hourRuns.click();
  const list = await browser.$("//section[contains(@class, 'runs-behind')]");
  await list.waitForDisplayed({ timeout: 10_000 });
  await until(browser, async () => (await list.$$("tbody tr")).length, (n) => n === 6, "the six runs of the hour");
  await reveal(browser, list);
  await app.screenshot("drill-down-hour");
  await (await list.$("tbody tr a")).click();
  await (await browser.$("//h2[normalize-space()='Steps']")).waitForDisplayed({ timeout: 10_000 });
  await browser.back();

  // The breakdown, by workflow and by integration action (the page back and its figures read first:
  // a tab clicked while the page still mounts can be replaced under the click).
  await (await browser.$("div[role='group'][aria-label='Runs'] .stat-value")).waitForDisplayed({ timeout: 10_000 });
  const breakdownTab = await browser.$("//button[@role='tab' and normalize-space()='Breakdown']");
  await browser.waitUntil(
    async () => {
      await breakdownTab.click();
      return (await breakdownTab.getAttribute("aria-selected")) === "true";
    },
    { timeout: 10_000, timeoutMsg: "the Breakdown tab could not be selected" },
  );
  const byWorkflow = await browser.$("//table[@aria-label='Breakdown by workflow']");
  await byWorkflow.waitForDisplayed({ timeout: 10_000 });
  const cells = await browser.execute(() =>
    [...document.querySelectorAll("table[aria-label='Breakdown by workflow'] tbody tr")].map((tr) => [...tr.cells].map((c) => c.textContent.trim()).join("|")),
  );
  assert.ok(cells.some((r) => r.startsWith("Push to CRM|2|2|100.0%|")), `the failing workflow's row: ${JSON.stringify(cells)}`);
  await (await browser.$("//select[@aria-label='Break down by']")).selectByAttribute("value", "action");
  const byAction = await browser.$("//table[@aria-label='Breakdown by action']");
  await byAction.waitForDisplayed({ timeout: 10_000 });
  assert.match(await byAction.getText(), /http\.request/);
  await app.screenshot("breakdown-light");

  // Errors: the group, its runs, a run's page.
  await (await browser.$("//button[@role='tab' and normalize-space()='Errors']")).click();
  const groups = await browser.$("//table[@aria-label='Error groups']");
  await groups.waitForDisplayed({ timeout: 10_000 });
  assert.match(await groups.getText(), /Push to CRM/);
  await app.screenshot("errors-light");
  await (await groups.$(".//button[starts-with(normalize-space(), 'Runs')]")).click();
  const failing = await browser.$("//section[contains(@class, 'runs-behind')]");
  await until(browser, async () => (await failing.$$("tbody tr")).length, (n) => n === 2, "the group's two runs");
  await (await failing.$("tbody tr a")).click();
  const crmPage = await browser.$("//h1[contains(normalize-space(), 'Push to CRM')]");
  await crmPage.waitForDisplayed({ timeout: 10_000 });

  // Dark: the same views, re-themed.
  await (await browser.$("//nav//a[normalize-space()='Settings']")).click();
  await (await browser.$("//label[normalize-space()='Dark']")).click();
  await (await browser.$("//nav//a[normalize-space()='Analytics']")).click();
  await until(browser, async () => (await browser.$$("div.chart canvas")).length, (n) => n >= 3, "the charts, dark");
  assert.equal(await browser.execute(() => document.documentElement.dataset.theme), "dark");
  await browser.pause(300);
  await app.screenshot("overview-dark");
  await (await browser.$("//button[@role='tab' and normalize-space()='Errors']")).click();
  await (await browser.$("//table[@aria-label='Error groups']")).waitForDisplayed({ timeout: 10_000 });
  await app.screenshot("errors-dark");
  await (await browser.$("//nav//a[normalize-space()='Dashboard']")).click();
  await until(browser, figure(browser, "runs-today"), (v) => v === "6", "the dashboard, dark");
  await app.screenshot("dashboard-dark");
});
