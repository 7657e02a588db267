#!/usr/bin/env node
// bench-ui: how the workflow editor feels in the real app. It drives the release binary under Xvfb
// through tauri-driver (as tests/e2e does), creates workflows of 500 and 1,000 nodes with the CLI,
// opens each and measures, in the page:
//   open        time from navigating to the workflow until every node React Flow draws is measured
//               and visible (two frames after), the editor's code already loaded (second open; the
//               first, with the code loading, is printed too);
//   pan/zoom/drag  requestAnimationFrame intervals while the canvas is panned (mouse drag on the pane
//               through WebDriver), zoomed (wheel events on the pane) and a node is dragged (mouse
//               through WebDriver); p50/p95/max and frames over 1.5× the idle interval;
//   typing      key to DOM (the canvas node's label changed) and key to screen (the frame after it),
//               from each keydown in a node's Name field (keys sent one by one through WebDriver).
// Usage: xvfb-run -a dbus-run-session -- node scripts/bench-ui.mjs [--sizes 500,1000] [--debug]
//        (needs `npm run ui:build` and `cargo build --release --bin neuroflow-hub --bin neuroflow`).
// Set NEUROFLOW_BENCH_VISIBLE_ONLY=1 to measure React Flow's onlyRenderVisibleElements instead. The app
// starts WebKitGTK without its GL compositor (src-tauri/webkit.rs); WEBKIT_DISABLE_COMPOSITING_MODE=0
// in the environment measures it with the compositor (under Xvfb, software GL: slower).
// performance.now() counts whole milliseconds here, so a frame on time reads 16 or 17 ms.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { remote } from "webdriverio";
import { arg, binary, profile } from "./bench-args.mjs";
import { bigWorkflow, waitForPort } from "./bench-lib.mjs";

const app = process.env.NEUROFLOW_APP ?? binary("neuroflow-hub");
const cli = process.env.NEUROFLOW_CLI ?? binary("neuroflow");
const sizes = arg("sizes", "500,1000").split(",").map(Number);
const visibleOnly = process.env.NEUROFLOW_BENCH_VISIBLE_ONLY === "1";
const compositing = process.env.WEBKIT_DISABLE_COMPOSITING_MODE === "0";

const pct = (xs, p) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1) : "—");

// In-page helpers, installed once per page load.
function install() {
  const w = window;
  w.__nf = {
    frames: [],
    recording: false,
    start() {
      this.frames = [];
      this.recording = true;
      let last = performance.now();
      const tick = (t) => {
        if (!this.recording) return;
        this.frames.push(t - last);
        last = t;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    stop() {
      this.recording = false;
      return this.frames.slice(1);
    },
  };
}

async function openAndMeasure(browser, id, n) {
  return browser.executeAsync(
    (id, n, visibleOnly, done) => {
      const t0 = performance.now();
      location.hash = `#/workflows/${id}`;
      const check = () => {
        const drawn = [...document.querySelectorAll(".react-flow__node")];
        const allShown = drawn.length > 0 && drawn.every((e) => e.style.visibility !== "hidden");
        if (allShown && (drawn.length === n || visibleOnly)) {
          requestAnimationFrame(() => requestAnimationFrame(() => done({ ms: performance.now() - t0, drawn: drawn.length })));
          return;
        }
        if (performance.now() - t0 > 60_000) return done({ ms: NaN, drawn: drawn.length });
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    },
    id,
    n,
    visibleOnly,
  );
}

async function frames(browser, work) {
  await browser.execute(() => window.__nf.start());
  await work();
  return browser.execute(() => window.__nf.stop());
}

async function benchOne(browser, id, n) {
  const out = { n };
  await browser.execute(() => (location.hash = "#/workflows"));
  await browser.pause(500);
  const first = await openAndMeasure(browser, id, n);
  await browser.execute(() => (location.hash = "#/workflows"));
  await browser.pause(800);
  const second = await openAndMeasure(browser, id, n);
  console.error(`${n} nodes opened in ${fmt(first.ms)} ms, then ${fmt(second.ms)} ms`);
  out.openFirst = first.ms;
  out.open = second.ms;
  out.drawn = second.drawn;
  await browser.execute(install);
  await browser.pause(1000);

  const idle = await frames(browser, () => browser.pause(1000));
  out.idle = pct(idle, 50);
  const pane = await browser.$(".react-flow__pane");
  const pan = await frames(browser, async () => {
    for (let i = 0; i < 3; i++) {
      await browser
        .action("pointer")
        .move({ origin: pane, x: -200, y: 100 })
        .down()
        .move({ origin: pane, x: 200, y: -100, duration: 700 })
        .move({ origin: pane, x: -200, y: 100, duration: 700 })
        .up()
        .perform();
    }
  });
  const zoom = await frames(browser, async () => {
    await browser.executeAsync((done) => {
      const el = document.querySelector(".react-flow__pane");
      const r = el.getBoundingClientRect();
      let i = 0;
      const step = () => {
        el.dispatchEvent(new WheelEvent("wheel", { deltaY: i < 30 ? -40 : 40, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));
        if (++i < 60) requestAnimationFrame(step);
        else done();
      };
      requestAnimationFrame(step);
    });
  });
  const target = await browser.$$(".react-flow__node").then((all) => all[Math.min(3, all.length - 1)]);
  const drag = await frames(browser, async () => {
    await browser.action("pointer").move({ origin: target }).down().move({ origin: target, x: 150, y: 80, duration: 800 }).move({ origin: target, x: -100, y: -40, duration: 800 }).up().perform();
  });
  const summary = (xs) => ({ p50: pct(xs, 50), p95: pct(xs, 95), max: Math.max(...xs), long: xs.filter((x) => x > 1.5 * out.idle).length, count: xs.length });
  out.pan = summary(pan);
  out.zoom = summary(zoom);
  out.drag = summary(drag);

  // Typing: the Name field of a node, each key timed until its label shows on the canvas node.
  const nodeId = await target.getAttribute("data-id");
  await browser.execute(() => document.querySelector(".react-flow__controls-fitview")?.click());
  await browser.pause(800);
  await target.click();
  await browser.$("//div[@role='tablist']//button[normalize-space()='Node']").then((t) => t.click());
  const input = await browser.$(`#f-${nodeId}-label`);
  await input.waitForDisplayed({ timeout: 5_000 });
  await input.click();
  await browser.execute((nodeId) => {
    const w = window;
    w.__nfKeys = [];
    w.__nfDom = [];
    const label = () => document.querySelector(`.react-flow__node[data-id='${nodeId}'] .wf-node-label`);
    document.addEventListener(
      "keydown",
      () => {
        const t0 = performance.now();
        const before = label()?.textContent;
        const seen = new MutationObserver(() => {
          if (label()?.textContent === before) return;
          w.__nfDom.push(performance.now() - t0);
          seen.disconnect();
        });
        seen.observe(document.querySelector(".react-flow"), { subtree: true, childList: true, characterData: true });
        const wait = () => {
          if (label()?.textContent !== before) requestAnimationFrame(() => w.__nfKeys.push(performance.now() - t0));
          else if (performance.now() - t0 < 2000) requestAnimationFrame(wait);
        };
        requestAnimationFrame(wait);
      },
      { capture: true },
    );
  }, nodeId);
  for (const ch of " quick brown fox jumps") {
    await browser.keys([ch]);
    await browser.pause(60);
  }
  await browser.pause(500);
  const typed = await browser.execute(() => window.__nfKeys);
  const dom = await browser.execute(() => window.__nfDom);
  out.typing = { p50: pct(typed, 50), p95: pct(typed, 95), max: Math.max(...typed), count: typed.length, domP50: pct(dom, 50), domP95: pct(dom, 95) };
  return out;
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "neuroflow-bench-ui-"));
  const port = 4600 + Math.floor(Math.random() * 500) * 2;
  const driver = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(port), "--native-port", String(port + 1)], {
    env: { ...process.env, NEUROFLOW_DATA_DIR: dataDir, NEUROFLOW_PORT: "0" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const rows = [];
  let browser;
  try {
    await waitForPort(port);
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "error",
      capabilities: { browserName: "wry", "wdio:enforceWebDriverClassic": true, "tauri:options": { application: app } },
    });
    await browser.setWindowSize(1280, 800).catch(() => {});
    await browser.execute((v) => {
      localStorage.clear();
      if (v) localStorage.setItem("neuroflow.editor.visibleOnly", "1");
    }, visibleOnly);
    const run = (...a) => execFileSync(cli, ["--data-dir", dataDir, ...a], { encoding: "utf8" });
    run("org", "create", "Bench");
    await browser.refresh();
    await browser.$("//h1[normalize-space()='Bench']").then((h) => h.waitForDisplayed({ timeout: 20_000 }));
    for (const n of sizes) {
      const file = path.join(dataDir, `bench-${n}.json`);
      writeFileSync(file, JSON.stringify(bigWorkflow(n)));
      const saved = JSON.parse(run("--json", "workflow", "import", file));
      const id = saved.workflow?.id ?? saved.id;
      const row = await benchOne(browser, id, n);
      console.error(`measured ${n} nodes: ${JSON.stringify(row)}`);
      rows.push(row);
    }
  } finally {
    await browser?.deleteSession().catch(() => {});
    const exited = new Promise((resolve) => driver.once("exit", resolve));
    driver.kill();
    await exited;
    // The app may still be writing as it goes: retry, and never let cleanup hide the figures.
    try {
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (e) {
      console.error(`could not remove ${dataDir}: ${e.message}`);
    }
  }

  const load = os.loadavg().map((x) => x.toFixed(2)).join(" ");
  console.log(`\nbench-ui: ${app} (${profile}), ${visibleOnly ? "onlyRenderVisibleElements on" : "every node drawn"}, WebKit compositing ${compositing ? "on (WEBKIT_DISABLE_COMPOSITING_MODE=0)" : "off (the app's default)"}, ${os.cpus().length} cores, load average ${load}`);
  console.log("nodes | open ms (first) | drawn | idle frame | pan p50/p95/max (long) | zoom p50/p95/max (long) | drag p50/p95/max (long) | key→DOM p50/p95 | key→screen p50/p95/max ms");
  for (const r of rows) {
    const f = (x) => `${fmt(x.p50)}/${fmt(x.p95)}/${fmt(x.max)} (${x.long}/${x.count})`;
    console.log(`${r.n} | ${fmt(r.open)} (${fmt(r.openFirst)}) | ${r.drawn} | ${fmt(r.idle)} | ${f(r.pan)} | ${f(r.zoom)} | ${f(r.drag)} | ${fmt(r.typing.domP50)}/${fmt(r.typing.domP95)} | ${fmt(r.typing.p50)}/${fmt(r.typing.p95)}/${fmt(r.typing.max)} (${r.typing.count} keys)`);
  }
  console.log("Frame columns are requestAnimationFrame intervals in ms; (long) counts frames over 1.5× the idle interval.");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
