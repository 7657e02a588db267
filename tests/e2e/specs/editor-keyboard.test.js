// The editor without a mouse: a workflow is created, built (palette on "/", "C" to connect, arrows to
// move between nodes, Enter for settings), configured, saved as a version (Ctrl+S) and run
// (Ctrl+Enter) with the keyboard alone; every step reached by Tab has an accessible name.
// Screenshots, light and dark, go to artifacts/editor-keys-*.png.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { edgeCount as canvasEdgeCount, nodeIds as canvasNodeIds } from "../canvas.js";
import { launch } from "../harness.js";

let app;
before(async () => {
  app = await launch("editor-keys");
});
after(async () => {
  await app?.stop();
});

const $ = (sel) => app.browser.$(sel);
const keys = (...k) => app.browser.keys(k.flat());
// One key at a time: WebDriver's key sequence drops a character repeated back to back ("==").
const type = async (text) => {
  for (const ch of text) await app.browser.keys([ch]);
};
const active = () =>
  app.browser.execute(() => {
    const el = document.activeElement;
    return { name: el?.getAttribute("aria-label") || el?.textContent?.trim() || "", id: el?.id ?? "", tag: el?.tagName ?? "" };
  });
const nodeIds = () => canvasNodeIds(app.browser);
const edgeCount = () => canvasEdgeCount(app.browser);

/** Presses Tab (or Shift+Tab) until the focused element's name matches; fails after `max` presses. */
async function tabTo(pattern, { max = 80, back = false } = {}) {
  for (let i = 0; i < max; i++) {
    const a = await active();
    if (pattern.test(a.name) || pattern.test(a.id)) return a;
    await keys(back ? ["Shift", "Tab"] : ["Tab"]);
  }
  const dialog = await app.browser.execute(() =>
    Array.from(document.querySelectorAll("[role='dialog'] button, [role='dialog'] select")).map((b) => `${b.textContent?.trim() || b.getAttribute("aria-label")}${b.disabled ? " (disabled: " + (b.title || "") + ")" : ""}`),
  );
  throw new Error(`Tab never reached ${pattern}; last: ${JSON.stringify(await active())}; the dialog: ${JSON.stringify(dialog)}`);
}

async function shot(name, dark = false) {
  if (dark) await app.browser.execute(() => (document.documentElement.dataset.theme = "dark"));
  await app.browser.pause(150);
  await app.screenshot(name + (dark ? "-dark" : ""));
  if (dark) await app.browser.execute(() => (document.documentElement.dataset.theme = "light"));
}

/** From a field in the panel back to the canvas, then the palette: pick by typing and Enter. */
async function toCanvas() {
  for (let i = 0; i < 3; i++) {
    if ((await active()).name.startsWith("Workflow canvas")) return;
    await keys("Escape");
  }
  throw new Error(`Escape did not return to the canvas; focus: ${JSON.stringify(await active())}`);
}

/** Waits until the new node's Name field has focus, as a user waits for the caret, before typing. */
async function nameFieldFocused(nodeId) {
  await app.browser.waitUntil(async () => (await active()).id === `f-${nodeId}-label`, {
    timeout: 3_000,
    timeoutMsg: `the Name field of ${nodeId} never got focus; focus: ${JSON.stringify(await active())}`,
  });
}

async function addByKeyboard(search) {
  await toCanvas();
  await keys("/");
  await (await $("input[aria-label='Search nodes and actions']")).waitForDisplayed({ timeout: 3_000 });
  await type(search);
  await keys("Enter");
}

test("build, connect, configure, save and run a workflow with the keyboard only", async () => {
  const { browser } = app;
  await (await $("//h1[normalize-space()='Welcome to NeuroFlow Hub']")).waitForDisplayed({ timeout: 20_000 });
  app.cli("org", "create", "Keyboard Realty");
  await (await $("//h1[normalize-space()='Keyboard Realty']")).waitForDisplayed({ timeout: 10_000 });

  // To the Workflows page and "New workflow", by Tab and Enter.
  await tabTo(/^Workflows$/);
  await keys("Enter");
  await (await $("//h1[normalize-space()='Workflows']")).waitForDisplayed({ timeout: 5_000 });
  await tabTo(/New workflow/);
  await keys("Enter");
  await type("Keyboard flow");
  await keys("Enter");
  await (await $("[data-testid='editor-canvas']")).waitForDisplayed({ timeout: 15_000 });
  await browser.waitUntil(async () => (await nodeIds()).length === 1, { timeout: 10_000 });

  // Onto the canvas; the arrow selects the trigger; "/" adds a condition after it.
  await tabTo(/Workflow canvas/);
  await keys("ArrowRight");
  await addByKeyboard("condition");
  await (await $(".react-flow__node[data-id='condition']")).waitForDisplayed({ timeout: 5_000 });
  // The new node's panel has focus (its name); Tab to the expression and type it.
  await tabTo(/^Expression$/);
  await type("input.score > 5");
  await shot("keys-condition");

  // The true branch (a transform) and its output.
  await addByKeyboard("transform");
  await (await $(".react-flow__node[data-id='transform']")).waitForDisplayed({ timeout: 5_000 });
  await nameFieldFocused("transform");
  await keys(["Control", "a"]);
  await type("Hot");
  await tabTo(/f-transform-output/);
  await keys(["Control", "a"]);
  await type('{"tier": "hot"}');

  // A second transform for the false branch, connected with "C" and the listbox.
  await toCanvas();
  await keys("Escape"); // clear the selection: the next node is not connected automatically
  const selected = () => browser.execute(() => document.querySelectorAll(".react-flow__node.selected").length);
  await browser.waitUntil(async () => (await selected()) === 0, { timeout: 3_000, timeoutMsg: "Escape did not clear the selection" });
  await keys("/");
  await type("transform");
  await keys("Enter");
  await (await $(".react-flow__node[data-id='transform2']")).waitForDisplayed({ timeout: 5_000 });
  assert.equal(await edgeCount(), 2, "the new node is not connected to anything yet");
  await nameFieldFocused("transform2");
  await keys(["Control", "a"]);
  await type("Cold");
  // Walk to the condition: select it with the arrows from the trigger.
  await toCanvas();
  await keys("Escape");
  await keys("ArrowRight"); // the trigger
  await keys("ArrowRight"); // the condition
  await keys("c");
  const dialog = await $("//div[@role='dialog'][.//h2[starts-with(normalize-space(),'Connect')]]");
  await dialog.waitForDisplayed({ timeout: 3_000 });
  await tabTo(/Output to connect from/);
  // Typing picks "false" with the list closed. ArrowDown opened WebKitGTK's popup list now and then,
  // and Tab then stayed inside it.
  await keys("f");
  assert.equal(await browser.execute(() => document.activeElement?.value), "false", "the false output is chosen");
  await tabTo(/^Cold/, { max: 12 });
  await shot("keys-connect", true);
  await keys("Enter");
  await browser.waitUntil(async () => (await browser.execute(() => document.querySelectorAll(".react-flow__edge").length)) === 3, { timeout: 3_000, timeoutMsg: "the keyboard connection was not made" });

  // Save a version (Ctrl+S) and run (Ctrl+Enter), all from the keyboard.
  await keys(["Control", "s"]);
  await (await $("#version-message")).waitForDisplayed({ timeout: 3_000 });
  await type("Built without a mouse");
  await keys("Enter");
  await (await $("//p[contains(@class,'subtitle')][contains(.,'based on version 2')]")).waitForDisplayed({ timeout: 5_000 });
  assert.equal(JSON.parse(app.cli("--json", "workflow", "versions", "Keyboard flow"))[0].message, "Built without a mouse");

  // The sample input, in the Run tab, then Ctrl+Enter from the field.
  await tabTo(/^tab-node$/);
  await keys("ArrowRight"); // tabs are one stop; arrows move between them
  await browser.waitUntil(async () => (await active()).id === "tab-run", { timeout: 2_000 });
  await tabTo(/^sample-input$/);
  await keys(["Control", "a"]);
  await type('{"score": 9}');
  await keys(["Control", "Enter"]);
  const statuses = () => browser.execute(() => Object.fromEntries([...document.querySelectorAll("[data-testid='workflow-node']")].map((n) => [n.dataset.nodeId, n.dataset.status])));
  await browser.waitUntil(async () => (await statuses()).condition === "completed", { timeout: 15_000, timeoutMsg: "the run did not happen" });
  await shot("keys-ran");
  await shot("keys-ran", true);

  // Every control on the page has an accessible name.
  const unnamed = await browser.execute(() =>
    [...document.querySelectorAll("button, input, select, textarea, [role='tab'], [role='option'], [tabindex='0']")]
      .filter((el) => el.offsetParent !== null)
      .filter((el) => !(el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || el.textContent.trim() || (el.id && document.querySelector(`label[for='${el.id}']`)) || el.closest("label")))
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  assert.deepEqual(unnamed, [], "controls without an accessible name");
});
