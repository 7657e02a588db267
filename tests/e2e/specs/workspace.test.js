// Settings › Workspace in the real app against the real workspace service (server/ on a private
// PostgreSQL, tests/e2e/workspace.js): a data directory seeded by the CLI (an organization, a
// workflow, signed in, connected) opens on a page that names the account and the organization's
// sync; the OWNER sees the members and invites someone, the invitation read back from the service;
// a second desktop (CLI only, its own data directory) edits the node the app edited too, the
// service keeps a conflict copy, the app shows it and it is settled in the editor's compare view,
// the resolution reaching the service; then signing out keeps the organization here, and signing in
// again goes through the system browser (the test plays the browser); the OWNER moves the
// organization to another plan; and signing out, removing the copies, leaves the app on its welcome. The service,
// its database and its cluster are stopped at the end, pass or fail. Screenshots go to
// artifacts/workspace-*.png.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { launch, paste, reveal } from "../harness.js";
import { PASSWORD, cliOn, startWorkspace } from "../workspace.js";

const EMAIL = "ada@acme.io";
const NAME = "Ada Lovelace";
const ORG = "Acme Realty";
/** A two-node workflow whose "hello" node each desktop edits. */
const workflow = (text) => ({
  format: 1,
  name: "Leads",
  nodes: [
    { id: "t", type: "trigger", data: { label: "Start", trigger: { kind: "manual" } } },
    { id: "hello", type: "transform", data: { label: "Greet", output: { text } } },
  ],
  edges: [{ id: "e1", source: "t", target: "hello" }],
});

let ws;
let app;
let token;
let orgId;
let workflowId;
const scratch = mkdtempSync(path.join(os.tmpdir(), "neuroflow-e2e-ws-"));
const appDir = path.join(scratch, "app");
const otherDir = path.join(scratch, "other-desktop");

before(async () => {
  ws = await startWorkspace();
  token = await ws.signUp(EMAIL, NAME);

  // The app's data directory, seeded by the CLI before the app starts.
  orgId = JSON.parse(cliOn(appDir, ["--json", "org", "create", ORG])).id;
  const file = path.join(scratch, "leads.json");
  writeFileSync(file, JSON.stringify(workflow("Hi")));
  workflowId = JSON.parse(cliOn(appDir, ["--json", "workflow", "import", file])).workflow.id;
  // The organization exists in the workspace with a plan (as an operator or the web app makes it).
  await ws.createOrg(token, orgId, ORG, "GROWTH");
  assert.match(cliOn(appDir, ["workspace", "login", "--email", EMAIL, ws.url], { input: PASSWORD }), /Signed in to .* as Ada Lovelace/);
  const connected = JSON.parse(cliOn(appDir, ["--json", "workspace", "connect"]));
  assert.equal(connected.connected, true, JSON.stringify(connected));

  app = await launch("workspace", { dataDir: appDir });
});

after(async () => {
  await app?.stop();
  ws?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const $ = (sel) => app.browser.$(sel);
const appCli = (...args) => cliOn(appDir, args);
const json = (dir, ...args) => JSON.parse(cliOn(dir, ["--json", ...args]));
const section = () => $("//section[@aria-labelledby='workspace-heading']");

async function shot(name) {
  await app.browser.pause(200);
  await app.screenshot(name);
}

/** The sync status as the page lists it: { Role: "OWNER", "Last sync": "…", … }. */
const facts = () =>
  app.browser.execute(() => {
    const dl = document.querySelector("dl[aria-label='Sync status']");
    if (!dl) return null;
    return Object.fromEntries([...dl.querySelectorAll("dt")].map((dt) => [dt.textContent.trim(), dt.nextElementSibling?.textContent.trim() ?? ""]));
  });

async function openWorkspaceSettings() {
  await (await $("//nav//a[normalize-space()='Settings']")).click();
  const s = await section();
  await s.waitForDisplayed({ timeout: 15_000 });
  await reveal(app.browser, s);
  return s;
}

/** Polls `check` (async) until it returns something truthy. */
async function until(check, timeout, message) {
  let last;
  await app.browser.waitUntil(async () => (last = await check()), { timeout, interval: 200, timeoutMsg: typeof message === "function" ? message() : message });
  return last;
}

test("the Workspace page names the account, the organization connected and its sync", async () => {
  await (await $(`//h1[normalize-space()='${ORG}']`)).waitForDisplayed({ timeout: 20_000 });
  const s = await openWorkspaceSettings();
  await app.browser.waitUntil(async () => (await s.getText()).includes("Signed in to"), { timeout: 10_000, timeoutMsg: "the page never said who is signed in" });
  const text = await s.getText();
  assert.ok(text.includes(`Signed in to ${ws.url} as ${NAME} (${EMAIL}).`), text);
  assert.ok(!text.includes("This organization is local"), "the organization is shown as connected");
  const f = await until(facts, 10_000, "no sync status on the page");
  assert.equal(f.Role, "OWNER");
  assert.match(f.Plan, /^GROWTH/);
  assert.notEqual(f["Last sync"], "never");
  assert.match(f["Last sync"], /\d{1,2}:\d{2}/, "a time");
  assert.ok(!Number.isNaN(Date.parse(json(appDir, "workspace", "status").lastSyncAt)), "the CLI has a last sync time too");
  assert.equal(f["Changes waiting"], "0");
  assert.ok(!("Last error" in f), `no error: ${f["Last error"]}`);
  // The organizations this computer keeps in sync: this one, connected, with its role.
  const row = await $(`//table[@aria-label='Organizations on this computer']//tr[td[normalize-space()='${ORG}']]`);
  await row.waitForDisplayed({ timeout: 10_000 });
  assert.match(await row.getText(), /Connected \(OWNER\)/);
  await shot("workspace-page");
});

test("the OWNER sees the members and invites someone, and the service has the invitation", async () => {
  const members = await $("//table[@aria-label='Members']");
  await members.waitForDisplayed({ timeout: 10_000 });
  const rows = await app.browser.execute(() =>
    // A role the viewer may change is a <select>: its value is the role.
    [...document.querySelectorAll("table[aria-label='Members'] tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => (td.querySelector("select")?.value ?? td.textContent).trim())),
  );
  assert.equal(rows.length, 1, JSON.stringify(rows));
  assert.match(rows[0][0], new RegExp(`^${NAME}\\s*you$`));
  assert.equal(rows[0][1], EMAIL);
  assert.equal(rows[0][2], "OWNER");

  const form = await $("//form[@aria-label='Invite a member']");
  await reveal(app.browser, form);
  await paste(app.browser, "form[aria-label='Invite a member'] input[type='email']", "bo@acme.io");
  await (await form.$(".//label[contains(., 'Role')]//select")).selectByAttribute("value", "VIEWER");
  await (await form.$(".//button[normalize-space()='Invite']")).click();
  const notice = await $("//div[@role='status'][contains(., 'is invited as')]");
  await notice.waitForDisplayed({ timeout: 10_000, timeoutMsg: "no word that the invitation was made" });
  assert.match(await notice.getText(), /bo@acme\.io is invited as VIEWER until/);
  const waiting = await $("//ul[@aria-label='Invitations waiting']");
  await waiting.waitForDisplayed({ timeout: 10_000 });
  assert.match(await waiting.getText(), /bo@acme\.io\s+VIEWER/);
  await reveal(app.browser, await $("#members-heading"));
  await shot("members");

  const { status, body } = await ws.call("GET", `/api/v1/organizations/${orgId}/invitations`, token);
  assert.equal(status, 200, JSON.stringify(body));
  const mine = body.filter((i) => i.email === "bo@acme.io");
  assert.equal(mine.length, 1, JSON.stringify(body));
  assert.equal(mine[0].role, "VIEWER");
  assert.equal(mine[0].revokedAt ?? null, null);
});

test("the OWNER moves the organization to ELITE: the page, the app's limits and the service agree", async () => {
  const plans = await $("//table[@aria-label='Plans']");
  await plans.waitForDisplayed({ timeout: 10_000, timeoutMsg: "no table of plans" });
  await reveal(app.browser, await $("#plan-heading"));
  const usage = await until(
    () => app.browser.execute(() => document.querySelector("dl[aria-label='Usage']")?.textContent ?? null),
    10_000,
    "no usage on the page",
  );
  assert.match(usage, /Workflows1 of 10/, usage);
  assert.match(await (await plans.$(".//tr[@aria-current='true']")).getText(), /^GROWTH\s+current/);
  await (await plans.$(".//button[normalize-space()='Move to ELITE']")).click();
  const dialog = await $("//div[@role='dialog'][.//*[normalize-space()='Move to ELITE?']]");
  await dialog.waitForDisplayed({ timeout: 10_000 });
  await shot("plan-move");
  await (await dialog.$(".//button[normalize-space()='Move to ELITE']")).click();
  await dialog.waitForDisplayed({ reverse: true, timeout: 10_000, timeoutMsg: "the dialog stayed open" });
  await app.browser.waitUntil(async () => /^ELITE\s+current/.test(await (await plans.$(".//tr[@aria-current='true']")).getText()), {
    timeout: 10_000,
    timeoutMsg: "the table does not show ELITE as the plan",
  });
  // The plan this desktop enforces changed at once, and the service has it.
  const f = await until(async () => ((await facts())?.Plan?.startsWith("ELITE") ? facts() : null), 10_000, "the sync status still names the old plan");
  assert.match(f.Plan, /unlimited workflows/);
  assert.equal(json(appDir, "workspace", "status").plan, "ELITE");
  const { status, body } = await ws.call("GET", `/api/v1/organizations/${orgId}/plan`, token);
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.plan, "ELITE");
  await shot("plan-changed");
});

test("both desktops change one node: the app shows the conflict, it is settled in the compare view, and the workspace hears", async () => {
  const { browser } = app;
  // A second desktop: signed in on its own data directory, the organization downloaded.
  cliOn(otherDir, ["workspace", "login", "--email", EMAIL, ws.url], { input: PASSWORD });
  cliOn(otherDir, ["workspace", "download", orgId]);
  assert.equal(json(otherDir, "workflow", "list").items[0].name, "Leads");

  // This desktop's edit (the CLI on the app's data directory): the running app sends it by itself.
  const mine = path.join(scratch, "mine.json");
  writeFileSync(mine, JSON.stringify(workflow("Hello from the app")));
  appCli("workflow", "update", workflowId, mine);
  await until(() => ws.ownerSql(`SELECT count(*) FROM automation_workflows WHERE id = '${workflowId}' AND nodes::text LIKE '%Hello from the app%'`) === "1", 20_000, "the app never sent its edit to the workspace");

  // The other desktop, which has not heard of it, changes the same node and syncs.
  const theirs = path.join(scratch, "theirs.json");
  writeFileSync(theirs, JSON.stringify(workflow("Hello from the other desktop")));
  cliOn(otherDir, ["workflow", "update", workflowId, theirs]);
  const report = json(otherDir, "workspace", "sync");
  // Once: the copy its push made, counted when the pull brings it back.
  assert.equal(report.conflicts, 1, JSON.stringify(report));
  assert.equal(ws.ownerSql(`SELECT count(*) FROM sync_conflicts WHERE workflow_id = '${workflowId}' AND NOT resolved`), "1", "the workspace keeps a conflict copy");

  // The app pulls it by itself (long poll); Sync now shows it on the page at once.
  await until(() => json(appDir, "workspace", "conflicts").conflicts.some((c) => !c.resolved), 30_000, "the app never received the conflict copy");
  await reveal(browser, await section());
  await (await $("//button[normalize-space()='Sync now']")).click();
  const list = await $("//ul[@aria-label='Conflicts']");
  await list.waitForDisplayed({ timeout: 10_000, timeoutMsg: "the Workspace page shows no conflict to resolve" });
  await browser.waitUntil(async () => (await list.getText()).includes("Leads"), { timeout: 10_000 });
  assert.match(await list.getText(), new RegExp(`Leads: ${NAME} changed Greet too\\. Their version is kept; Open in editor`));
  await reveal(browser, await $("//h3[normalize-space()='Conflicts']"));
  await shot("conflict-listed");

  // Open in editor: the editor says a sync conflict waits; Compare shows both versions of the node.
  await (await list.$(".//a[normalize-space()='Open in editor']")).click();
  await (await $("[data-testid='editor-canvas']")).waitForDisplayed({ timeout: 15_000 });
  const warning = await $("//div[contains(@class,'ed-conflict')]");
  await warning.waitForDisplayed({ timeout: 10_000, timeoutMsg: "the editor shows no sync conflict" });
  assert.match(await warning.getText(), new RegExp(`${NAME}'s version of 1 node differs from this draft \\(a sync conflict\\)`));
  await (await warning.$(".//button[normalize-space()='Compare']")).click();
  const dialog = await $("//div[@role='dialog'][.//*[normalize-space()='Compare changes']]");
  await dialog.waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await dialog.getText()).includes("Hello from the other desktop"), { timeout: 10_000, timeoutMsg: "the compare view never showed the other version" });
  const compared = await dialog.getText();
  assert.match(compared, /Hello from the app/, "this draft's side");
  assert.match(compared, /changed on both sides/);
  await shot("compare");

  // Use theirs for the node and apply: the draft takes it and the conflict is resolved.
  await (await dialog.$("//button[@aria-label='Use theirs for Greet']")).click();
  await (await dialog.$("//button[normalize-space()='Apply: use theirs for 1 node']")).click();
  await (await dialog.$("//p[contains(., 'Nothing left to resolve')]")).waitForDisplayed({ timeout: 10_000, timeoutMsg: "the compare view did not settle the conflict" });
  await (await dialog.$("//button[normalize-space()='Close']")).click();
  await warning.waitForDisplayed({ reverse: true, timeout: 5_000, timeoutMsg: "the editor still shows the conflict" });
  // The draft holds their version of the node.
  await (await $("//button[normalize-space()='Zoom to fit']")).click();
  await browser.pause(350);
  await (await $(".react-flow__node[data-id='hello'] .wf-node-label")).click();
  const output = await $("#f-hello-output");
  await output.waitForDisplayed({ timeout: 5_000 });
  assert.match(await output.getValue(), /Hello from the other desktop/);

  const here = json(appDir, "workspace", "conflicts").conflicts;
  assert.equal(here.length, 1);
  assert.equal(here[0].resolved, true, JSON.stringify(here));
  // The resolution is synced: the workspace's copy is resolved, and so is the other desktop's.
  await until(() => ws.ownerSql(`SELECT count(*) FROM sync_conflicts WHERE workflow_id = '${workflowId}' AND resolved`) === "1", 20_000, "the workspace never heard the conflict was resolved");
  cliOn(otherDir, ["workspace", "sync"]);
  assert.ok(json(otherDir, "workspace", "conflicts").conflicts.every((c) => c.resolved), "the other desktop sees it resolved");
});

test("a version saved on the other desktop, never published, shows in the app's history with its words and author", async () => {
  const { browser } = app;
  // The other desktop saves version 1's document again (a restore: a new version, not published).
  cliOn(otherDir, ["workspace", "sync"]);
  const before = json(otherDir, "workflow", "versions", workflowId).length;
  cliOn(otherDir, ["workflow", "restore", workflowId, "1"]);
  assert.equal(json(otherDir, "workflow", "versions", workflowId).length, before + 1);
  cliOn(otherDir, ["workspace", "sync"]);
  const words = `Restored version 1 — ${NAME}, on their desktop`;
  assert.equal(ws.ownerSql(`SELECT count(*) FROM saved_versions WHERE workflow_id = '${workflowId}' AND message = 'Restored version 1'`), "1", "the workspace keeps the saved version once");

  // The running app takes it by itself; its editor's history lists it, unpublished, beside its own.
  await until(() => json(appDir, "workflow", "versions", workflowId).some((v) => v.message === words), 30_000, "the app never received the other desktop's version");
  const history = json(appDir, "workflow", "versions", workflowId);
  assert.equal(history.filter((v) => v.message === words).length, 1, "once");
  assert.equal(history.find((v) => v.message === words).published, false, JSON.stringify(history));
  await (await $("//div[@role='tablist']//button[normalize-space()='Versions']")).click();
  const list = await $("//ol[@aria-label='Versions']");
  await list.waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await list.getText()).includes(words), { timeout: 15_000, timeoutMsg: "the history panel never listed the other desktop's version" });
  await shot("history-from-the-other-desktop");
});

test("signing out and keeping the organization: it stays here, the account is signed out", async () => {
  const { browser } = app;
  await openWorkspaceSettings();
  await (await $("//section[@aria-labelledby='workspace-heading']//button[normalize-space()='Sign out']")).click();
  const dialog = await $("//div[@role='dialog'][.//*[normalize-space()='Sign out of the workspace?']]");
  await dialog.waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await dialog.getText()).includes(`(${ORG})`), { timeout: 10_000, timeoutMsg: "the dialog does not name the organization kept in sync" });
  const keep = await dialog.$(".//label[contains(., 'Keep them on this computer')]//input[@type='radio']");
  await keep.click();
  assert.equal(await keep.isSelected(), true);
  await (await dialog.$(".//button[normalize-space()='Sign out']")).click();
  const signIn = await $("//form[@aria-label='Sign in to a workspace']");
  await signIn.waitForDisplayed({ timeout: 10_000, timeoutMsg: "the page does not offer to sign in again" });

  const orgs = json(appDir, "org", "list");
  const list = Array.isArray(orgs) ? orgs : orgs.items;
  assert.ok(list.some((o) => o.id === orgId && o.name === ORG), `the organization stays: ${JSON.stringify(orgs)}`);
  assert.equal(json(appDir, "workflow", "list").items[0].name, "Leads", "with its workflow");
  // Kept as connected: it syncs again after the next sign-in, nothing left unsent.
  const status = json(appDir, "workspace", "status");
  assert.equal(status.connected, true, JSON.stringify(status));
  assert.equal(status.pendingChanges, 0, JSON.stringify(status));
  let answer;
  try {
    answer = appCli("workspace", "orgs");
  } catch (e) {
    answer = e.message;
  }
  assert.match(answer, /not signed in|sign in/i, answer);
  await shot("signed-out");
});

test("signing in again through the system browser: the app waits for it, and the kept organization syncs again", async () => {
  const { browser } = app;
  await paste(browser, "section[aria-labelledby='workspace-heading'] input[type='url']", ws.url);
  await (await $("//button[normalize-space()='Sign in with your browser']")).click();
  // No browser runs here (the app's attempt to open one fails quietly), so the test is the browser:
  // it opens the page the app names, signs in on the workspace's own form, and follows the redirect
  // back to the app's loopback address. The password never passes through the app.
  const link = await $("//p[@role='status']//a[normalize-space()=\"the workspace's sign-in page\"]");
  await link.waitForDisplayed({ timeout: 10_000 });
  await shot("browser-sign-in-waiting");
  const page = await link.getAttribute("href");
  assert.ok(page.startsWith(`${ws.url}/api/v1/auth/desktop/authorize?`), page);
  const html = await (await fetch(page)).text();
  assert.match(html, /Sign in to NeuroFlow Hub/);
  const form = new URLSearchParams(new URL(page).searchParams);
  form.set("email", EMAIL);
  form.set("password", PASSWORD);
  const answer = await fetch(`${ws.url}/api/v1/auth/desktop/authorize`, { method: "POST", body: form, redirect: "manual" });
  assert.equal(answer.status, 303);
  const back = answer.headers.get("location");
  assert.match(back, /^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
  assert.match(await (await fetch(back)).text(), /Signed in/);

  const s = await section();
  await browser.waitUntil(async () => (await s.getText()).includes(`Signed in to ${ws.url} as ${NAME} (${EMAIL}).`), { timeout: 15_000, timeoutMsg: "the page never showed the account signed in" });
  const f = await until(facts, 10_000, "no sync status after signing in again");
  assert.equal(f.Role, "OWNER");
  assert.equal(json(appDir, "workspace", "status").connected, true);
  assert.ok(appCli("workspace", "orgs").includes(ORG), "the account's tokens work for the CLI too");
  await shot("browser-signed-in");
});

test("signing out and removing the copies: the organization and its file leave this computer, the workspace keeps it", async () => {
  const { browser } = app;
  const orgDir = path.join(appDir, "orgs", orgId);
  assert.ok(existsSync(orgDir), `the organization's files are at ${orgDir}`);
  await openWorkspaceSettings();
  await (await $("//section[@aria-labelledby='workspace-heading']//button[normalize-space()='Sign out']")).click();
  const dialog = await $("//div[@role='dialog'][.//*[normalize-space()='Sign out of the workspace?']]");
  await dialog.waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await dialog.getText()).includes(`(${ORG})`), { timeout: 10_000, timeoutMsg: "the dialog does not name the organization" });
  await (await dialog.$(".//label[contains(., 'Remove them from this computer')]//input[@type='radio']")).click();
  await shot("sign-out-remove");
  await (await dialog.$(".//button[normalize-space()='Sign out']")).click();
  // Its only organization gone, the app opens on its welcome.
  await (await $("//h1[normalize-space()='Welcome to NeuroFlow Hub']")).waitForDisplayed({ timeout: 15_000, timeoutMsg: "the app did not leave the removed organization" });
  const orgs = json(appDir, "org", "list");
  const list = Array.isArray(orgs) ? orgs : orgs.items;
  assert.ok(!list.some((o) => o.id === orgId), `removed here: ${JSON.stringify(orgs)}`);
  assert.ok(!existsSync(orgDir), "its files are deleted");
  const { status, body } = await ws.call("GET", `/api/v1/organizations/${orgId}/workflows`, token);
  assert.equal(status, 200, JSON.stringify(body));
  assert.ok(body.workflows.some((w) => w.name === "Leads"), `the workspace keeps its copy: ${JSON.stringify(body)}`);
  await shot("signed-out-removed");
});
