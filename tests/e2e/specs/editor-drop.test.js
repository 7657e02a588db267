// The two ways of adding a node with the mouse that the editor spec does not cover: a palette item
// dragged onto the canvas lands where it is dropped, and a connection dropped on empty canvas opens
// the palette and connects the node picked there.
//
// WebKitWebDriver cannot perform a native HTML drag and drop, so the palette drag is the browser's
// own DragEvents dispatched in the page — dragstart on the item, dragover and drop on the canvas,
// one DataTransfer between them — and the app's real handlers do the rest. The dropped connection
// is a real pointer drag, as a person makes it. Screenshots: artifacts/editor-drop-*.png.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { nodeIds as canvasNodeIds, edgeCount as canvasEdgeCount } from "../canvas.js";
import { launch } from "../harness.js";

let app;
before(async () => {
  app = await launch("editor-drop");
});
after(async () => {
  await app?.stop();
});

const $ = (sel) => app.browser.$(sel);
const nodeIds = () => canvasNodeIds(app.browser);
const edgeCount = () => canvasEdgeCount(app.browser);

/** A point of the canvas, `x` and `y` pixels from its top left corner, in the window. */
const panePoint = (x, y) =>
  app.browser.execute(
    (x, y) => {
      const r = document.querySelector("[data-testid='editor-canvas'] .react-flow__pane").getBoundingClientRect();
      return { x: Math.round(r.left + x), y: Math.round(r.top + y) };
    },
    x,
    y,
  );

test("a palette item dragged onto the canvas lands where it is dropped; a connection dropped on empty canvas connects what is picked", async () => {
  const { browser } = app;
  await (await $("//h1[normalize-space()='Welcome to NeuroFlow Hub']")).waitForDisplayed({ timeout: 20_000 });
  app.cli("org", "create", "Acme Realty");
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "neuroflow-drop-")), "flow.json");
  const flow = {
    format: 1,
    name: "Drop test",
    nodes: [
      { id: "start", type: "trigger", position: { x: 0, y: 0 }, data: { label: "Start", trigger: { kind: "manual" } } },
      { id: "tidy", type: "transform", position: { x: 300, y: 0 }, data: { label: "Tidy", output: { ok: true } } },
    ],
    edges: [{ id: "e1", source: "start", target: "tidy" }],
  };
  writeFileSync(file, JSON.stringify(flow));
  app.cli("workflow", "import", file);
  await (await $("//nav//a[normalize-space()='Workflows']")).click();
  await (await $("//table//a[normalize-space()='Drop test']")).click();
  await (await $("[data-testid='editor-canvas']")).waitForDisplayed({ timeout: 15_000 });
  await (await $("//button[normalize-space()='Zoom to fit']")).click();
  await browser.pause(350);
  assert.equal(await edgeCount(), 1);

  // Drag "Delay" from the palette to a point near the canvas's top left corner.
  await (await $("//button[contains(normalize-space(),'Add node')]")).click();
  await (await $("//div[@role='option'][.//span[@class='palette-title' and normalize-space()='Delay']]")).waitForDisplayed({ timeout: 5_000 });
  const drop = await panePoint(80, 70);
  const dropped = await browser.execute(
    (title, at) => {
      const item = [...document.querySelectorAll("[role='option']")].find((o) => o.querySelector(".palette-title")?.textContent === title);
      const pane = document.querySelector("[data-testid='editor-canvas'] .react-flow__pane");
      const transfer = new DataTransfer();
      const fire = (target, type) =>
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, clientX: at.x, clientY: at.y, dataTransfer: transfer }));
      fire(item, "dragstart");
      const accepted = !fire(pane, "dragover"); // the canvas cancels dragover for what it accepts
      fire(pane, "drop");
      fire(item, "dragend");
      return { accepted, types: [...transfer.types] };
    },
    "Delay",
    drop,
  );
  assert.ok(dropped.accepted, `the canvas accepts a palette item (${JSON.stringify(dropped)})`);
  const delay = await $(".react-flow__node[data-id='delay']");
  await delay.waitForDisplayed({ timeout: 5_000, timeoutMsg: "no Delay node after the drop" });
  const at = await browser.execute(() => document.querySelector(".react-flow__node[data-id='delay']").getBoundingClientRect().toJSON());
  assert.ok(Math.abs(at.left - drop.x) < 40 && Math.abs(at.top - drop.y) < 40, `the node is where it was dropped: ${JSON.stringify({ at, drop })}`);
  assert.deepEqual((await nodeIds()).sort(), ["delay", "start", "tidy"]);
  assert.equal(await browser.execute(() => document.querySelectorAll("[role='listbox'][aria-label='Nodes and actions']").length), 0, "the palette closed");
  await app.screenshot("palette-dropped");

  // Drag a connection out of Delay and let go on empty canvas: the palette opens, connecting.
  const handle = await $(".react-flow__node[data-id='delay'] .react-flow__handle.source");
  const free = await panePoint(420, 60);
  await browser.action("pointer").move({ origin: handle }).down().move({ x: free.x, y: free.y, duration: 300 }).up().perform();
  const connecting = await $(".palette-connecting");
  await connecting.waitForDisplayed({ timeout: 5_000, timeoutMsg: "dropping a connection on the canvas did not open the palette" });
  assert.equal(await connecting.getText(), "Connects after Delay");
  await app.screenshot("connection-dropped");
  await (await $("//div[@role='option'][.//span[@class='palette-title' and normalize-space()='Transform']]")).click();
  await (await $(".react-flow__node[data-id='transform']")).waitForDisplayed({ timeout: 5_000 });
  await browser.waitUntil(async () => (await edgeCount()) === 2, { timeout: 3_000, timeoutMsg: "the picked node was not connected" });
  const edge = await browser.execute(() =>
    [...document.querySelectorAll(".react-flow__edge")].map((e) => `${e.getAttribute("aria-label") ?? ""} ${e.dataset.testid ?? ""}`),
  );
  assert.ok(edge.some((label) => /delay/i.test(label) && /transform/i.test(label)), `Delay → Transform among ${JSON.stringify(edge)}`);
  await app.screenshot("connected");
});
