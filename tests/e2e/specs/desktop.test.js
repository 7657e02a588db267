// The app as it lives on a desktop: its tray icon (today's runs, pause and resume every trigger,
// open, quit), closing the window keeps it running in the tray (and says so once), starting it
// again brings back the running window instead of a second app, and it can start at login. The
// panel and the notification server are real D-Bus services of this test (desktop.js); the window
// is seen and closed through the X server, as a window manager would.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { openDisplay, startDesktopServices, until } from "../desktop.js";
import { appBinary, cliBinary, launch } from "../harness.js";

const HOOK = {
  format: 1,
  name: "Lead intake",
  nodes: [
    { id: "t", type: "trigger", data: { label: "New lead", trigger: { kind: "webhook", path: "lead" } } },
    { id: "out", type: "transform", data: { label: "Thank", output: { thanks: "{{ input.body.name }}" } } },
  ],
  edges: [{ id: "e", source: "t", target: "out" }],
};

// Fails at once: its one action calls a port where nothing listens.
const BROKEN = {
  format: 1,
  name: "Broken hook",
  nodes: [
    { id: "t", type: "trigger", data: { label: "Ping", trigger: { kind: "webhook", path: "broken" } } },
    { id: "call", type: "integration", data: { label: "Call the CRM", action: "http.request", params: { method: "GET", url: "http://127.0.0.1:9/down" } } },
  ],
  edges: [{ id: "e", source: "t", target: "call" }],
};

let app;
let desktop;
let display;
let home;
before(async () => {
  desktop = await startDesktopServices();
  display = await openDisplay();
  // A home of its own: the login item is written under ~/.config/autostart.
  home = mkdtempSync(path.join(os.tmpdir(), "neuroflow-home-"));
  app = await launch("desktop", { env: { HOME: home } });
});
after(async () => {
  await app?.stop();
  desktop?.stop();
  display?.disconnect();
});

/** The port the app's webhook listener took, as Settings shows it. */
async function webhookBase(browser) {
  await (await browser.$("//nav//a[normalize-space()='Settings']")).click();
  const line = await browser.$("//p[contains(., '/webhook/')]//code");
  await line.waitForDisplayed({ timeout: 10_000 });
  return (await line.getText()).replace(/\/webhook\/.*$/, "");
}

async function post(base) {
  try {
    const res = await fetch(`${base}/webhook/lead`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"Ada"}' });
    return res.status;
  } catch {
    return "refused";
  }
}

test("the tray counts today's runs and pauses and resumes every trigger", async () => {
  const { browser } = app;
  await (await browser.$("//h1[normalize-space()='Welcome to NeuroFlow Hub']")).waitForDisplayed({ timeout: 20_000 });
  // The menu says "Today: counting runs…" until the first count is in; a busy machine may still be counting.
  await desktop.trayEntry(/^Today: no runs yet$/);
  const first = await desktop.trayMenu();
  assert.deepEqual(
    first.entries.filter((e) => !e.separator).map((e) => e.label),
    ["Open NeuroFlow Hub", "Today: no runs yet", "Pause all triggers", "Quit NeuroFlow Hub"],
  );
  assert.equal(first.entries.find((e) => e.label.startsWith("Today")).enabled, false, "the count is not a button");

  app.cli("org", "create", "Harbor Realty");
  const file = path.join(app.dataDir, "hook.json");
  writeFileSync(file, JSON.stringify(HOOK));
  app.cli("workflow", "import", file);
  app.cli("workflow", "activate", "Lead intake");
  await (await browser.$("//h1[normalize-space()='Harbor Realty']")).waitForDisplayed({ timeout: 10_000 });
  const base = await webhookBase(browser);
  // A run served by the app and one made by the CLI in another process both count.
  await until(async () => (await post(base)) === 200, 10_000, "the webhook was never answered");
  app.cli("run", "Lead intake", "--input", '{"body":{"name":"Cleo"}}');
  await desktop.trayEntry(/^Today: 2 runs, none failed$/);

  await desktop.clickTray(/^Pause all triggers$/);
  await desktop.trayEntry(/^Resume all triggers$/);
  await (await browser.$("//p[contains(., 'Every trigger is paused')]")).waitForDisplayed({ timeout: 10_000 });
  assert.equal(await (await browser.$("#triggers-paused")).isSelected(), true, "Settings shows the pause made in the tray");
  assert.equal(await post(base), "refused", "nothing answers webhooks while paused");
  await app.screenshot("paused-from-tray");

  await desktop.clickTray(/^Resume all triggers$/);
  await desktop.trayEntry(/^Pause all triggers$/);
  // The test's listener takes any free port (port 0), so it may come back on another one.
  await until(async () => (await post(await webhookBase(browser))) === 200, 10_000, "webhooks were not answered again after resuming");
  await desktop.trayEntry(/^Today: 3 runs, none failed$/);
});

test("a burst of failed runs is one system notification, and a workflow set to never notifies nothing", async () => {
  const { browser } = app;
  const file = path.join(app.dataDir, "broken.json");
  writeFileSync(file, JSON.stringify(BROKEN));
  app.cli("workflow", "import", file);
  app.cli("workflow", "activate", "Broken hook");
  const base = await webhookBase(browser);
  const fail = () => fetch(`${base}/webhook/broken`, { method: "POST", body: "{}" }).then((r) => r.status);
  await until(async () => (await fail()) === 502, 10_000, "the broken webhook was never served");
  const single = await until(() => desktop.notifications.find((n) => n.summary === "Broken hook failed"), 10_000, "no notification for a failed run");
  assert.match(single.body, /127\.0\.0\.1:9|connect|refused/i, "it says why");

  const before = desktop.notifications.length;
  assert.deepEqual(await Promise.all([fail(), fail(), fail()]), [502, 502, 502]);
  const burst = await until(() => desktop.notifications.slice(before).find((n) => n.summary === "3 runs failed"), 10_000, () => `no grouped notification: ${JSON.stringify(desktop.notifications.slice(before))}`);
  assert.equal(burst.body, "Broken hook (3)");
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(desktop.notifications.length, before + 1, "three failures, one notification");

  // Settings › Desktop › Notifications (opened again, so it lists the new workflow): never.
  await (await browser.$("//nav//a[normalize-space()='Workflows']")).click();
  await (await browser.$("//nav//a[normalize-space()='Settings']")).click();
  const choice = await browser.$("//select[@aria-labelledby=//td[normalize-space()='Broken hook']/@id]");
  await choice.waitForDisplayed({ timeout: 10_000 });
  await browser.execute((el) => el.scrollIntoView({ block: "center" }), choice);
  await choice.selectByVisibleText("Never");
  await until(() => Object.values(JSON.parse(readFileSync(path.join(app.dataDir, "desktop.json"), "utf8")).runNotices ?? {}).includes("never"), 5_000, "the choice was not saved");
  await app.screenshot("notification-settings");
  const quiet = desktop.notifications.length;
  assert.equal(await fail(), 502);
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal(desktop.notifications.length, quiet, "a workflow set to never notifies nothing");
});

test("an integration whose credentials a service refuses is told once, by name, and shows why", async () => {
  const { browser } = app;
  // A CRM that refuses every token.
  const crm = http.createServer((_req, res) => {
    res.writeHead(401, { "content-type": "application/json" });
    res.end('{"error":"invalid_token"}');
  });
  await new Promise((resolve) => crm.listen(0, "127.0.0.1", resolve));
  try {
    const created = execFileSync(
      cliBinary,
      ["--data-dir", app.dataDir, "--json", "integration", "create", "http", "Harbor CRM", "--set", `baseUrl=http://127.0.0.1:${crm.address().port}`, "--set", "auth=bearer", "--secret"],
      { input: "crm-token-1", encoding: "utf8" },
    );
    const flow = {
      format: 1,
      name: "CRM sync",
      nodes: [
        { id: "t", type: "trigger", data: { label: "Ping", trigger: { kind: "webhook", path: "crm" } } },
        { id: "call", type: "integration", data: { label: "Look up the lead", integrationId: JSON.parse(created).id, action: "http.request", params: { method: "GET", url: "leads/42" } } },
      ],
      edges: [{ id: "e", source: "t", target: "call" }],
    };
    const file = path.join(app.dataDir, "crm.json");
    writeFileSync(file, JSON.stringify(flow));
    app.cli("workflow", "import", file);
    app.cli("workflow", "activate", "CRM sync");
    const base = await webhookBase(browser);
    const call = () => fetch(`${base}/webhook/crm`, { method: "POST", body: "{}" }).then((r) => r.status);
    const before = desktop.notifications.length;
    await until(async () => (await call()) === 502, 10_000, "the CRM webhook was never served");
    const told = await until(() => desktop.notifications.slice(before).find((n) => n.body.includes("Harbor CRM")), 10_000, () => `no notification names the integration: ${JSON.stringify(desktop.notifications.slice(before))}`);
    assert.equal(told.summary, "1 run failed; an integration stopped working", "the failed run and the broken integration are one notification");
    assert.equal(told.body, "CRM sync. Stopped working: Harbor CRM");

    // The next failure is a failed run only: the integration is told once per breakage.
    const again = desktop.notifications.length;
    assert.equal(await call(), 502);
    await until(() => desktop.notifications.slice(again).find((n) => n.summary === "CRM sync failed"), 10_000, "no notification for the second failure");
    await new Promise((r) => setTimeout(r, 2500));
    assert.deepEqual(desktop.notifications.slice(again).map((n) => n.summary), ["CRM sync failed"]);
    assert.ok(!JSON.stringify(desktop.notifications).includes("crm-token-1"), "no notification carries the secret");

    // Settings' Integrations page shows it broken, and why.
    await (await browser.$("//nav//a[normalize-space()='Integrations']")).click();
    const why = await browser.$("//*[contains(@class,'error-text') and contains(., 'HTTP 401')]");
    await why.waitForDisplayed({ timeout: 10_000 });
    await app.screenshot("integration-stopped");
  } finally {
    crm.close();
  }
});

test("closing the window keeps the app in the tray, says so once, and a second start brings the window back", async () => {
  const wid = await until(() => display.find("NeuroFlow Hub"), 10_000, "no window titled NeuroFlow Hub");
  assert.equal(await display.shown(wid), true);
  const pid = await display.pid(wid);
  const base = await webhookBase(app.browser);

  await display.close(wid);
  await until(async () => !(await display.shown(wid)), 10_000, "the window did not go away when closed");
  assert.ok(existsSync(`/proc/${pid}`), "the app still runs");
  assert.equal(await post(base), 200, "webhooks are still answered from the tray");
  const notice = await until(() => desktop.notifications.find((n) => n.summary === "NeuroFlow Hub is still running"), 10_000, "no notice on the first close");
  assert.match(notice.body, /quit it from its tray icon/);

  await desktop.clickTray(/^Open NeuroFlow Hub$/);
  await until(() => display.shown(wid), 10_000, "Open in the tray did not show the window");
  await display.close(wid);
  await until(async () => !(await display.shown(wid)), 10_000, "the window did not go away when closed again");

  // Starting the app again hands over to the running one, which shows its window.
  const second = spawnSync(appBinary, [], { env: { ...process.env, NEUROFLOW_DATA_DIR: app.dataDir, HOME: home }, timeout: 30_000 });
  assert.equal(second.status, 0, `the second start exits at once: ${second.stderr}`);
  await until(() => display.shown(wid), 10_000, "a second start did not bring the window back");
  assert.equal(await display.pid(wid), pid, "the same app, not a new one");
  assert.equal(desktop.notifications.filter((n) => n.summary === "NeuroFlow Hub is still running").length, 1, "the notice is shown once");
  await app.screenshot("back-from-tray");
});

test("start at login writes a login item that starts in the tray, and removes it", async () => {
  const { browser } = app;
  await (await browser.$("//nav//a[normalize-space()='Settings']")).click();
  const login = await browser.$("#start-at-login");
  await login.waitForDisplayed({ timeout: 10_000 });
  assert.equal(await login.isSelected(), false, "off by default");
  const entry = path.join(home, ".config", "autostart", "NeuroFlow Hub.desktop");
  assert.equal(existsSync(entry), false);

  await login.click();
  await until(() => existsSync(entry), 10_000, "no login item was written");
  assert.match(readFileSync(entry, "utf8"), /^Exec=.*neuroflow-hub --background$/m);
  await until(async () => login.isSelected(), 5_000, "the switch did not stay on");
  await app.screenshot("start-at-login");

  await login.click();
  await until(() => !existsSync(entry), 10_000, "the login item was not removed");
});

test("with close to tray turned off, closing the window quits the app", async () => {
  const { browser } = app;
  const keep = await browser.$("#close-to-tray");
  assert.equal(await keep.isSelected(), true, "on by default");
  await keep.click();
  await until(async () => !(await keep.isSelected()), 5_000, "the switch did not turn off");
  assert.equal(JSON.parse(readFileSync(path.join(app.dataDir, "desktop.json"), "utf8")).closeToTray, false);
  const wid = await display.find("NeuroFlow Hub");
  const pid = await display.pid(wid);
  await display.close(wid);
  await until(() => !existsSync(`/proc/${pid}`) || readFileSync(`/proc/${pid}/stat`, "utf8").split(" ")[2] === "Z", 15_000, "the app kept running");
});
