// The workflow editor in the real app, driven with the mouse as a person would: a six-node workflow
// built on a blank canvas (palette, dragged connections, a refused one that says why), every node
// kind configured, a validation error that appears and clears, undo and redo, versions saved,
// compared and restored, publishing, a test run whose outputs are read in the node's panel, nodes
// copied into another workflow, and the app killed mid-edit with the draft and its undo history
// found on reopening. The store is cross-checked with the CLI; screenshots, light and dark, go to
// artifacts/editor-*.png.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { Key } from "webdriverio";
import { nodeIds as canvasNodeIds, edgeCount as canvasEdgeCount } from "../canvas.js";
import { bigWorkflow } from "../../../scripts/bench-lib.mjs";
import { appBinary, launch, paste } from "../harness.js";

let app;
before(async () => {
  app = await launch("editor");
});
after(async () => {
  await app?.stop();
});

const $ = (sel) => app.browser.$(sel);
const json = (...args) => JSON.parse(app.cli("--json", ...args));
// Text goes in with `paste` (the value set, then an input event, as React sees typing): WebDriver's
// setValue in WebKitGTK now and then drops Shift on a capital.
const node = (id) => $(`.react-flow__node[data-id='${id}']`);
/** Clicks a node (Ctrl held with `add`), the whole workflow brought into view first so no control covers it.
 * The node itself, not its label: zoomed out to fit a wide workflow, a node is a box with no label painted. */
async function clickNode(id, { add = false } = {}) {
  await (await $("//button[normalize-space()='Zoom to fit']")).click();
  await app.browser.pause(350);
  const target = await node(id);
  if (add) await app.browser.action("key").down(Key.Ctrl).perform(true);
  await target.click();
  if (add) await app.browser.action("key").up(Key.Ctrl).perform();
}
const nodeIds = () => canvasNodeIds(app.browser);
const edgeCount = () => canvasEdgeCount(app.browser);

async function shot(name) {
  await app.browser.pause(150);
  await app.screenshot(name);
}
async function shotDark(name) {
  await app.browser.execute(() => (document.documentElement.dataset.theme = "dark"));
  await shot(`${name}-dark`);
  await app.browser.execute(() => (document.documentElement.dataset.theme = "light"));
}

/** Adds a palette item by clicking (palette opened by the toolbar button). */
async function addFromPalette(title) {
  await (await $("//button[contains(normalize-space(),'Add node')]")).click();
  const item = await $(`//div[@role='option'][.//span[contains(@class,'palette-title') and normalize-space()='${title}']]`);
  await item.waitForDisplayed({ timeout: 5_000 });
  await item.click();
}

/** Types into a CodeMirror field (a click puts the caret in it). */
async function typeInCode(fieldId, text) {
  const content = await $(`[data-field='${fieldId}'] .cm-content`);
  await content.click();
  // One key at a time: WebDriver's key sequence drops a character repeated back to back ("==").
  for (const ch of text) await app.browser.keys([ch]);
  await app.browser.keys(["Escape"]);
}

/** Drags from one handle to another with the mouse; `hold` keeps the button down (to read the hint). */
async function dragConnect(from, to, { hold = false } = {}) {
  await (await $("//button[normalize-space()='Zoom to fit']")).click();
  await app.browser.pause(350);
  const a = await $(from);
  const b = await $(to);
  await app.browser.action("pointer").move({ origin: a }).down().move({ origin: b, duration: 300 }).perform(true);
  await app.browser.pause(200);
  if (!hold) await app.browser.action("pointer").up().perform();
}

/** Clicks an empty corner of the canvas (top left: no node, control or minimap there). */
async function clickPane(button = "left") {
  const pane = await $("[data-testid='editor-canvas'] .react-flow__pane");
  const { width, height } = await pane.getSize();
  await pane.click({ button, x: Math.round(-width / 2 + 40), y: Math.round(-height / 2 + 40) });
}

async function openWorkflow(name) {
  await (await $("//nav//a[normalize-space()='Workflows']")).click();
  const link = await $(`//table//a[normalize-space()='${name}']`);
  await link.waitForDisplayed({ timeout: 15_000 });
  await link.click();
  await (await $("[data-testid='editor-canvas']")).waitForDisplayed({ timeout: 15_000 });
}

async function newWorkflow(name) {
  await (await $("//nav//a[normalize-space()='Workflows']")).click();
  await (await $("(//button[contains(normalize-space(),'New workflow')])[1]")).click();
  await (await $("#workflow-name")).waitForDisplayed();
  await paste(app.browser, "#workflow-name", name);
  await (await $("//div[@role='dialog']//button[normalize-space()='Create and open']")).click();
  await (await $("[data-testid='editor-canvas']")).waitForDisplayed({ timeout: 15_000 });
  await app.browser.waitUntil(async () => (await nodeIds()).length === 1, { timeout: 10_000, timeoutMsg: "the new workflow has no trigger to start from" });
}

test("build a six-node workflow with the mouse, configure it, see a problem appear and clear, undo and redo", async () => {
  const { browser } = app;
  await (await $("//h1[normalize-space()='Welcome to NeuroFlow Hub']")).waitForDisplayed({ timeout: 20_000 });
  app.cli("org", "create", "Acme Realty");
  await (await $("//h1[normalize-space()='Acme Realty']")).waitForDisplayed({ timeout: 10_000 });

  await newWorkflow("Lead router");
  const [trigger] = await nodeIds();
  await shot("blank-canvas");

  // Condition after the trigger: the palette opened with the trigger selected connects it.
  await clickNode(trigger);
  await addFromPalette("Condition");
  await (await node("condition")).waitForDisplayed({ timeout: 5_000 });
  // An empty expression is a problem, marked on the node as soon as the validator has run.
  const issue = await $(".react-flow__node[data-id='condition'] .wf-node-issue");
  await issue.waitForDisplayed({ timeout: 5_000 });
  await shot("validation-error");
  await shotDark("validation-error");
  await typeInCode("f-condition-expression", "input.score > 5");
  await issue.waitForDisplayed({ reverse: true, timeout: 5_000, timeoutMsg: "the problem did not clear" });
  await shot("validation-cleared");

  // The true branch: a transform.
  await clickNode("condition");
  await addFromPalette("Transform");
  await (await node("transform")).waitForDisplayed();
  await paste(browser, "#f-transform-label", "Hot lead");
  await paste(browser, "#f-transform-output", '{"tier": "hot", "name": "{{ input.name }}"}');

  // The false branch: a second transform, connected by dragging from the condition's false handle.
  await clickPane();
  await addFromPalette("Transform");
  await (await node("transform2")).waitForDisplayed();
  await paste(browser, "#f-transform2-label", "Cold lead");
  await paste(browser, "#f-transform2-output", '{"tier": "cold"}');
  await dragConnect(".react-flow__node[data-id='condition'] .react-flow__handle[data-handleid='false']", ".react-flow__node[data-id='transform2'] .react-flow__handle.target");

  // A delay after the hot branch, and a note.
  await clickNode("transform");
  await addFromPalette("Delay");
  await (await node("delay")).waitForDisplayed();
  await paste(browser, "#f-delay-ms", "10");
  await clickPane("right");
  await (await $("//div[@role='menu']//button[normalize-space()='Add a node here…']")).click();
  await (await $("//div[@role='option'][.//span[contains(@class,'palette-title') and normalize-space()='Note']]")).click();
  await paste(browser, "#f-note-text", "Routes leads by score");

  assert.deepEqual((await nodeIds()).sort(), [trigger, "condition", "delay", "note", "transform", "transform2"].sort());
  assert.equal(await edgeCount(), 4, "trigger→condition, true→hot, false→cold, hot→delay");
  await shot("six-nodes");
  await shotDark("six-nodes");

  // A connection that would make a loop is refused while dragging, saying why (a trigger has no
  // input handle at all, so nothing can even be dragged into one).
  assert.equal(await browser.execute((t) => document.querySelectorAll(`.react-flow__node[data-id='${t}'] .react-flow__handle.target`).length, trigger), 0);
  await dragConnect(".react-flow__node[data-id='delay'] .react-flow__handle.source", ".react-flow__node[data-id='condition'] .react-flow__handle.target", { hold: true });
  const hint = await $(".ed-connect-hint");
  await hint.waitForDisplayed({ timeout: 3_000 });
  assert.match(await hint.getText(), /would make a loop: Condition → Hot lead → Delay → Condition/);
  await shot("refused-connection");
  await browser.action("pointer").up().perform();
  assert.equal(await edgeCount(), 4, "the refused connection was not made");

  // Undo and redo, from the keyboard and the header.
  const noteText = () => $(".react-flow__node[data-id='note'] .ed-note-text").then((e) => e.getText());
  await clickPane();
  await browser.keys(["Control", "z"]);
  await browser.waitUntil(async () => (await noteText()) === "", { timeout: 3_000, timeoutMsg: "Ctrl+Z did not undo the note's text" });
  await browser.keys(["Control", "Shift", "z"]);
  await browser.waitUntil(async () => (await noteText()) === "Routes leads by score", { timeout: 3_000 });
  const undo = await $("//button[starts-with(@aria-label,'Undo: ')]");
  assert.match(await undo.getAttribute("aria-label"), /Undo: Change Note/);

  // The draft is in the store within a second.
  await browser.pause(1200);
  const shown = json("workflow", "show", "Lead router");
  assert.ok(shown, "the workflow is listed by the CLI");
});

test("save versions, publish, run the draft and read each node's output", async () => {
  const { browser } = app;
  await browser.keys(["Control", "s"]);
  await (await $("#version-message")).waitForDisplayed();
  await paste(browser, "#version-message", "Routes hot and cold leads");
  await shot("save-version");
  await (await $("//div[@role='dialog']//button[normalize-space()='Save version']")).click();
  await (await $("//p[contains(@class,'subtitle')][contains(.,'based on version 2')]")).waitForDisplayed({ timeout: 5_000 });
  const versions = json("workflow", "versions", "Lead router");
  assert.equal(versions[0].message, "Routes hot and cold leads");

  await (await $("//header//button[normalize-space()='Publish']")).click();
  await (await $("//span[contains(@class,'badge')][normalize-space()='Published: version 2']")).waitForDisplayed({ timeout: 5_000 });
  await shot("published");

  // Run with a sample input; the hot branch runs, the cold one is skipped.
  await (await $("//div[@role='tablist']//button[normalize-space()='Run']")).click();
  await paste(browser, "#sample-input", JSON.stringify({ name: "Ada", score: 9 }));
  await (await $("//button[normalize-space()='Run draft']")).click();
  const statuses = () => browser.execute(() => Object.fromEntries([...document.querySelectorAll("[data-testid='workflow-node']")].map((n) => [n.dataset.nodeId, n.dataset.status])));
  await browser.waitUntil(async () => (await statuses()).delay === "completed", { timeout: 15_000, timeoutMsg: "the run did not finish" });
  const s = await statuses();
  assert.equal(s.transform, "completed");
  assert.equal(s.transform2, "skipped");
  await shot("run-completed");
  await clickNode("transform");
  await (await $("//div[@role='tablist']//button[normalize-space()='Node']")).click();
  const output = await $("//figure[figcaption[normalize-space()='Output (last run)']]");
  await browser.waitUntil(async () => (await output.getText()).includes('"tier": "hot"'), { timeout: 5_000 });
  assert.match(await output.getText(), /"name": "Ada"/);
  await shot("node-output");
  await shotDark("node-output");

  // Change the draft, compare it with version 2 on the canvas and field by field, then restore.
  await clickNode("transform2");
  await paste(browser, "#f-transform2-label", "Cold leads");
  await (await $("//div[@role='tablist']//button[normalize-space()='Versions']")).click();
  await (await $("//button[normalize-space()='Compare']")).click();
  const diff = await $("//section[@aria-label='Comparison']");
  await diff.waitForDisplayed({ timeout: 5_000 });
  assert.match(await diff.getText(), /Cold leads/);
  await (await $(".react-flow__node[data-id='transform2'] .ed-diff-mark")).waitForDisplayed({ timeout: 3_000 });
  await shot("compare");
  await shotDark("compare");
  await (await $("//button[@aria-label='Restore version 2']")).click();
  await browser.waitUntil(async () => (await (await $(".react-flow__node[data-id='transform2'] .wf-node-label")).getText()) === "Cold lead", { timeout: 5_000 });
  assert.equal(json("workflow", "versions", "Lead router").length, 3, "the restore is a new version");
  await shot("restored");
});

test("copy nodes into another workflow through the clipboard", async () => {
  const { browser } = app;
  await clickNode("transform");
  await clickNode("delay", { add: true });
  await browser.keys(["Control", "c"]);
  await newWorkflow("Paste target");
  await clickPane();
  await browser.keys(["Control", "v"]);
  await browser.waitUntil(async () => (await nodeIds()).length === 3, { timeout: 5_000, timeoutMsg: "the two nodes were not pasted" });
  assert.equal(await edgeCount(), 1, "the edge between them came along");
  await shot("pasted");
});

test("configure every node kind from its panel, with the app's real catalog", async () => {
  const { browser } = app;
  await newWorkflow("Every kind");
  const [trigger] = await nodeIds();
  const panel = () => $("//aside[@aria-label='Details']");

  // The trigger: a schedule read in plain words with its next five runs, then a webhook's address.
  await clickNode(trigger);
  await (await $(`#f-${trigger}-trigger\\.kind`)).selectByAttribute("value", "schedule");
  await (await $("//p[contains(@class,'cron-words')][contains(.,'Monday through Friday')]")).waitForDisplayed({ timeout: 3_000 });
  assert.equal((await browser.$$("//ol[@aria-label='Next five runs']/li")).length, 5);
  await shot("kind-schedule");
  await (await $(`#f-${trigger}-trigger\\.kind`)).selectByAttribute("value", "webhook");
  await paste(browser, `#f-${trigger}-trigger\\.path`, "new-lead");
  await browser.waitUntil(async () => /\/webhook\/new-lead$/.test(await (await $(`#f-${trigger}-url`)).getValue()), { timeout: 3_000 });
  await shot("kind-webhook");

  // Each kind from the palette (connected after the selection), its panel's own fields shown.
  const kinds = [
    ["AI agent", "Agent", "aiAgent"],
    ["Agent team", "Team", "agentTeam"],
    ["HTTP request", "URL", "integration"],
    ["Sub-workflow", "Workflow to run", "subWorkflow"],
    ["Delay", "Wait (milliseconds)", "delay"],
  ];
  for (const [title, field, kind] of kinds) {
    await addFromPalette(title);
    await (await panel()).waitForDisplayed();
    await browser.waitUntil(async () => (await (await panel()).getText()).includes(field), { timeout: 5_000, timeoutMsg: `the ${title} panel has no “${field}”` });
    const ids = await nodeIds();
    assert.ok(ids.some((id) => id.startsWith(kind)), `a ${kind} node was added`);
  }
  // The HTTP request's parameters come from the action's declared schema; choose the sub-workflow.
  await clickNode("integration");
  assert.match(await (await panel()).getText(), /Method/);
  await (await $("[data-field='f-integration-params.url'] .cm-content")).click();
  for (const ch of "example.test/leads") await browser.keys([ch]);
  await shot("kind-integration");
  await shotDark("kind-integration");
  await clickNode("subWorkflow");
  const picker = await $("#f-subWorkflow-workflowId");
  await browser.waitUntil(async () => (await picker.getText()).includes("Lead router"), { timeout: 5_000 });
  await picker.selectByVisibleText("Lead router");
  // An agent node without an agent is a problem, listed and marked; "Create new agent…" opens the dialog.
  await clickNode("aiAgent");
  await (await $("#f-aiAgent-agentId")).selectByAttribute("value", "__new__");
  await (await $("//div[@role='dialog'][.//h2[contains(.,'agent')]]")).waitForDisplayed({ timeout: 5_000 });
  await shot("kind-agent-create");
  await browser.keys(["Escape"]);
  await (await $("//div[@role='tablist']//button[contains(.,'Problems')]")).click();
  await browser.waitUntil(async () => (await (await $("//ul[@aria-label='Problems']")).getText()).includes("AI agent"), { timeout: 5_000 });
  await shot("kind-problems");
  await shotDark("kind-problems");
});

/** Wheels the canvas `times` times, out for a positive `deltaY`, as a mouse wheel over its middle does. */
const wheel = (deltaY, times) =>
  app.browser.execute(
    (deltaY, times) => {
      const pane = document.querySelector(".react-flow__pane");
      const r = pane.getBoundingClientRect();
      for (let i = 0; i < times; i++) pane.dispatchEvent(new WheelEvent("wheel", { deltaY, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));
    },
    deltaY,
    times,
  );

/** The canvas's level of detail, its zoom, and how its trigger node is painted. */
const lookOfCanvas = () =>
  app.browser.execute(() => {
    const canvas = document.querySelector("[data-testid='editor-canvas']");
    const trigger = canvas.querySelector(".wf-node-trigger");
    const dots = canvas.querySelector(".react-flow__background");
    return {
      map: canvas.classList.contains("ed-map"),
      zoom: Number(/scale\(([\d.]+)\)/.exec(canvas.querySelector(".react-flow__viewport").style.transform)?.[1]),
      fill: getComputedStyle(trigger).backgroundColor,
      label: getComputedStyle(trigger.querySelector(".wf-node-label")).visibility,
      dots: dots ? getComputedStyle(dots).display : "absent",
      name: trigger.closest(".react-flow__node").getAttribute("aria-label"),
    };
  });

test("far out, a big workflow's nodes are boxes in their kind's colour; a small one keeps its labels", async () => {
  const { browser } = app;
  // A small workflow keeps its labels at any zoom: it paints fast anyway.
  await openWorkflow("Lead router");
  // Wheeled again until it takes: a wheel before the canvas's first fit would be undone by it.
  await browser.waitUntil(
    async () => {
      await wheel(200, 12);
      return (await lookOfCanvas()).zoom < 0.4;
    },
    { timeout: 10_000, interval: 500, timeoutMsg: "the wheel did not zoom out" },
  );
  const small = await lookOfCanvas();
  assert.deepEqual([small.map, small.label], [false, "visible"], `a six-node workflow at ${small.zoom} keeps its labels`);

  const file = path.join(app.dataDir, "map-200.json");
  writeFileSync(file, JSON.stringify(bigWorkflow(200, "Map of 200")));
  app.cli("workflow", "import", file);
  await openWorkflow("Map of 200");
  await browser.waitUntil(async () => (await nodeIds()).length === 200, { timeout: 15_000, timeoutMsg: "the 200 nodes were not drawn" });
  const before = { nodes: 200, edges: await edgeCount() };
  assert.equal(before.edges, 199);
  await browser.waitUntil(async () => (await lookOfCanvas()).map, { timeout: 5_000, timeoutMsg: "200 nodes zoomed to fit did not reach the map level" });
  const far = await lookOfCanvas();
  assert.ok(far.zoom < 0.4, `the map level starts below 40% (zoom ${far.zoom})`);
  assert.equal(far.fill, "rgb(245, 158, 11)", "the trigger is a box in the trigger's amber");
  assert.equal(far.label, "hidden", "a label under 6 px tall is not painted");
  assert.equal(far.dots, "none", "the background's sub-pixel dots are not drawn");
  assert.equal(far.name, "Trigger: Start", "a node unlabelled on screen is still named for assistive technology");
  assert.deepEqual({ nodes: (await nodeIds()).length, edges: await edgeCount() }, before, "every node and connection is still on the canvas");
  await shot("editor-map-level");
  await shotDark("editor-map-level");
  await wheel(-200, 12);
  await browser.waitUntil(async () => !(await lookOfCanvas()).map, { timeout: 5_000, timeoutMsg: "zooming in did not leave the map level" });
  const near = await lookOfCanvas();
  assert.ok(near.zoom >= 0.4, `zoomed in to ${near.zoom}`);
  assert.equal(near.label, "visible", "zoomed back in, the labels are painted again");
  await shot("editor-map-level-zoomed-in");
});

/** The app's process (under tauri-driver and WebKitWebDriver) for this data directory. */
function appPid(dataDir) {
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      // The app's binary by name: appBinary may be a wrapper (tests/airplane/app.sh runs it under
      // strace), and " (deleted)" follows the path when a build replaced the binary while it ran.
      if (!/\/neuroflow-hub( \(deleted\))?$/.test(readlinkSync(`/proc/${pid}/exe`))) continue;
      if (readFileSync(`/proc/${pid}/environ`, "utf8").includes(`NEUROFLOW_DATA_DIR=${dataDir}`)) return Number(pid);
    } catch {
      // a process that ended meanwhile, or not ours
    }
  }
  return null;
}

test("kill the app mid-edit and find the draft with its undo history on reopening", async () => {
  const { browser, dataDir } = app;
  await openWorkflow("Lead router");
  await clickNode("transform2");
  await paste(browser, "#f-transform2-label", "Lukewarm lead");
  await browser.pause(1200); // at most a second is lost
  const pid = appPid(dataDir);
  assert.ok(pid, "found the app's process");
  process.kill(pid, "SIGKILL");
  await browser.deleteSession().catch(() => {});

  // Reopen on the same data directory (a second tauri-driver and session).
  const reopened = await relaunch(dataDir);
  try {
    const b = reopened.browser;
    await (await b.$("//nav//a[normalize-space()='Workflows']")).waitForDisplayed({ timeout: 20_000 });
    await (await b.$("//nav//a[normalize-space()='Workflows']")).click();
    await (await b.$("//table//a[normalize-space()='Lead router']")).click();
    const label = await b.$(".react-flow__node[data-id='transform2'] .wf-node-label");
    await label.waitForDisplayed({ timeout: 15_000 });
    assert.equal(await label.getText(), "Lukewarm lead", "the draft survived the kill");
    const undo = await b.$("//button[starts-with(@aria-label,'Undo: ')]");
    assert.match(await undo.getAttribute("aria-label"), /Undo: Change Cold lead: label/, "and so did its undo history");
    await undo.click();
    await b.waitUntil(async () => (await label.getText()) === "Cold lead", { timeout: 3_000 });
    await b.saveScreenshot(`${process.cwd()}/artifacts/editor-99-reopened-after-kill.png`);
  } finally {
    await reopened.stop();
  }
});

async function relaunch(dataDir) {
  const { remote } = await import("webdriverio");
  const port = 5444 + Math.floor(Math.random() * 1000) * 2;
  const driver = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(port), "--native-port", String(port + 1)], {
    env: { ...process.env, NEUROFLOW_DATA_DIR: dataDir, NEUROFLOW_PORT: "0" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise((resolve) => driver.once("exit", resolve));
  for (let i = 0; i < 150; i++) {
    try {
      execFileSync("bash", ["-c", `exec 3<>/dev/tcp/127.0.0.1/${port}`]);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: { browserName: "wry", "wdio:enforceWebDriverClassic": true, "tauri:options": { application: appBinary } },
  });
  return {
    browser,
    async stop() {
      await browser.deleteSession().catch(() => {});
      driver.kill();
      await exited;
    },
  };
}
