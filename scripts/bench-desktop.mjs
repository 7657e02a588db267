#!/usr/bin/env node
//! bench-desktop: how fast and how light the desktop app is (issue 16), measured on the release
//! build under Xvfb, each start on a fresh home and data directory. It prints:
//!
//!   cold start  from spawning the app to the frame after the first page is drawn with its data:
//!               the welcome form on a fresh data directory (the first start creates the database),
//!               the navigation and the dashboard's figures on later starts. The page's own clock
//!               gives the end (performance.timeOrigin + performance.now(), read in the page through
//!               tauri-driver, the e2e harness), a wrapper script the start (`date +%s%N` just
//!               before it execs the app), so WebDriver's session set-up is not counted. Also,
//!               without WebDriver, spawn → the window mapped (the X server) and spawn → the log's
//!               "NeuroFlow Hub starting", to show what the driver adds before the page exists.
//!   memory      proportional set size (Pss in /proc/PID/smaps_rollup) of the app and every process
//!               it started (WebKit's web and network processes…), per process and summed, after
//!               the window has idled; and again with the window closed to the tray.
//!   idle CPU    utime+stime (+ reaped children's) of that process tree over 60 s, as a percentage
//!               of one core, with 20 hourly schedules and a webhook active: window open, then
//!               closed to the tray (the webhook checked to answer). The schedules' minutes are
//!               chosen so none fires while measuring (the runs are counted to prove it).
//! Only loopback is used: the webhook is on 127.0.0.1, tauri-driver too; nothing else is called.
//! Figures are printed, never asserted.
//! Usage: ./dev.sh bench-ui --desktop [--runs N] [--idle-seconds S] [--debug]
//!        (or, built already: xvfb-run -a dbus-run-session -- node scripts/bench-desktop.mjs)
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { remote } from "webdriverio";
import { openDisplay, startDesktopServices, until } from "../tests/e2e/desktop.js";
import { arg, binary, profile } from "./bench-args.mjs";
import { endProcesses, freePort, pct, processTree, waitForPort } from "./bench-lib.mjs";

const app = binary("neuroflow-hub");
const cli = binary("neuroflow");
const RUNS = Number(arg("runs", "10"));
const IDLE_S = Number(arg("idle-seconds", "60"));
const TICK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
const TITLE = "NeuroFlow Hub";
const MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : "—");

/** A fresh home (WebKit's caches and storage live under it) and data directory, and the app's env. */
function freshPlace() {
  const home = mkdtempSync(path.join(os.tmpdir(), "neuroflow-bench-desktop-"));
  const dataDir = path.join(home, "data");
  const env = {
    HOME: home,
    XDG_DATA_HOME: path.join(home, ".local/share"),
    XDG_CONFIG_HOME: path.join(home, ".config"),
    XDG_CACHE_HOME: path.join(home, ".cache"),
    NEUROFLOW_DATA_DIR: dataDir,
  };
  const run = (...a) => execFileSync(cli, ["--data-dir", dataDir, ...a], { encoding: "utf8", env: { ...process.env, ...env } });
  return { home, dataDir, env, run };
}

/** An organization with 20 workflows on hourly schedules (none due in the next half hour) and a webhook one, all active. */
function seed(place) {
  place.run("org", "create", "Bench");
  const minute = new Date().getUTCMinutes();
  const docs = Array.from({ length: 20 }, (_, i) => ({
    name: `Hourly ${i + 1}`,
    trigger: { kind: "schedule", cron: `${(minute + 30 + i) % 60} * * * *`, timezone: "UTC" },
  }));
  docs.push({ name: "Lead hook", trigger: { kind: "webhook", path: "lead" } });
  for (const [i, d] of docs.entries()) {
    const file = path.join(place.home, `wf-${i}.json`);
    const nodes = [
      { id: "t", type: "trigger", data: { label: "Start", trigger: d.trigger } },
      { id: "out", type: "transform", data: { label: "Note", output: { ok: true } } },
    ];
    writeFileSync(file, JSON.stringify({ format: 1, name: d.name, nodes, edges: [{ id: "e", source: "t", target: "out" }] }));
    place.run("workflow", "import", file);
    place.run("workflow", "activate", d.name);
  }
}

/** The epoch ms of the last "NeuroFlow Hub starting" line in the app's log, if any. */
function loggedStart(dataDir) {
  const dir = path.join(dataDir, "logs");
  if (!existsSync(dir)) return Number.NaN;
  const lines = readdirSync(dir).flatMap((f) => readFileSync(path.join(dir, f), "utf8").split("\n"));
  const line = lines.filter((l) => l.includes("NeuroFlow Hub starting")).pop();
  return line ? Date.parse(line.split(/\s+/)[0]) : Number.NaN;
}

// --- Memory and CPU of the process tree ----------------------------------------------------------

/** Pss (and its anonymous part) in kB of each process of the tree. */
function memory(root) {
  return processTree(root).flatMap((p) => {
    try {
      const text = readFileSync(`/proc/${p.pid}/smaps_rollup`, "utf8");
      const kb = (key) => Number(text.match(new RegExp(`^${key}:\\s+(\\d+)`, "m"))?.[1] ?? 0);
      return [{ ...p, pss: kb("Pss"), anon: kb("Pss_Anon"), rss: kb("Rss") }];
    } catch {
      return [];
    }
  });
}

/** CPU of the tree over `seconds`, as a percentage of one core: in all, and per process. */
async function cpu(root, seconds) {
  const before = new Map(processTree(root).map((p) => [p.pid, p.ticks]));
  const w0 = performance.now();
  await sleep(seconds * 1000);
  const percent = (ticks) => ((ticks / TICK) * 100_000) / (performance.now() - w0);
  const each = processTree(root).map((p) => ({ comm: p.comm, pid: p.pid, percent: percent(p.ticks - (before.get(p.pid) ?? 0)) }));
  const after = processTree(root).reduce((sum, p) => sum + p.ticks, 0); // reaped children's ticks included
  return { total: percent(after - [...before.values()].reduce((a, b) => a + b, 0)), each };
}

// --- Starts --------------------------------------------------------------------------------------

/** Waits in the page for `kind` to be drawn; resolves with the page's epoch ms two frames later. */
function pageReady(browser, kind) {
  return browser.executeAsync((kind, done) => {
    const ready = () =>
      kind === "welcome"
        ? document.querySelector("#welcome-org-name")
        : document.querySelector("nav[aria-label='Main'] a") && document.querySelector("[data-figure='runs-today'] .stat-value");
    const already = Boolean(ready());
    const nav = performance.getEntriesByType("navigation")[0];
    const finish = () => {
      seen.disconnect();
      // The frame that draws it, then the next: the page has painted and its thread is free for input.
      requestAnimationFrame(() => requestAnimationFrame(() => done({ at: performance.timeOrigin + performance.now(), already, origin: performance.timeOrigin, dcl: nav?.domContentLoadedEventEnd })));
    };
    const seen = new MutationObserver(() => ready() && finish());
    if (already) return finish();
    seen.observe(document, { subtree: true, childList: true, characterData: true });
    setTimeout(() => (seen.disconnect(), done(null)), 30_000);
  }, kind);
}

/** Starts the app through tauri-driver; the page reports when `kind` is ready. */
async function startWithDriver(place, kind) {
  const stamp = path.join(place.home, "spawned");
  const wrapper = path.join(place.home, "app.sh");
  const exports = Object.entries({ ...place.env, NEUROFLOW_PORT: String(await freePort()) }).map(([k, v]) => `export ${k}='${v}'`);
  writeFileSync(wrapper, ["#!/bin/sh", ...exports, `echo $$ > '${stamp}.pid'`, `date +%s%N > '${stamp}'`, `exec '${app}' "$@"`, ""].join("\n"));
  chmodSync(wrapper, 0o755);
  const [port, nativePort] = [await freePort(), await freePort()];
  const driver = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], { stdio: ["ignore", "ignore", "inherit"] });
  let browser;
  try {
    await waitForPort(port);
    browser = await remote({ hostname: "127.0.0.1", port, logLevel: "error", capabilities: { browserName: "wry", "wdio:enforceWebDriverClassic": true, "tauri:options": { application: wrapper } } });
    const page = await pageReady(browser, kind);
    if (!page) throw new Error(`the ${kind} page was not ready after 30 s`);
    const spawned = Number(readFileSync(stamp, "utf8")) / 1e6;
    return { ms: page.at - spawned, already: page.already, navStart: page.origin - spawned, dcl: page.origin + page.dcl - spawned, log: loggedStart(place.dataDir) - spawned };
  } finally {
    await browser?.deleteSession().catch(() => {});
    if (existsSync(`${stamp}.pid`)) {
      await endProcesses([Number(readFileSync(`${stamp}.pid`, "utf8"))], 15_000);
    }
    driver.kill();
  }
}

/** Starts the app directly (as a launcher does); resolves once its window is mapped. */
async function startDirect(place, display, port) {
  const t0 = Date.now();
  const child = spawn(app, [], { env: { ...process.env, ...place.env, NEUROFLOW_PORT: String(port) }, stdio: "ignore" });
  let wid;
  for (;;) {
    wid = await display.find(TITLE).catch(() => null);
    if (wid && (await display.shown(wid).catch(() => false))) break;
    if (Date.now() - t0 > 30_000 || child.exitCode !== null) throw new Error("the app's window never showed");
    await sleep(5);
  }
  return { child, wid, mapped: Date.now() - t0, log: () => loggedStart(place.dataDir) - t0 };
}

async function stopDirect(child) {
  await endProcesses([child.pid], 15_000);
}

/** A window that shows about:blank, started as `command args`, measured after 12 s idle as the app is. */
async function blankWindow(command, args) {
  if (!existsSync(command)) return null;
  const place = freshPlace();
  const child = spawn(command, args, { env: { ...process.env, ...place.env, WEBKIT_DISABLE_COMPOSITING_MODE: "1" }, stdio: "ignore" });
  await sleep(12_000);
  const rows = memory(child.pid);
  await endProcesses([child.pid], 15_000);
  rmSync(place.home, { recursive: true, force: true });
  return rows;
}

// --- The benchmark -------------------------------------------------------------------------------

async function post(port) {
  try {
    return (await fetch(`http://127.0.0.1:${port}/webhook/lead`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"Ada"}' })).status;
  } catch (e) {
    return `refused (${e.cause?.code ?? e.message})`;
  }
}

const runCount = (place) => JSON.parse(place.run("--json", "executions", "list")).total;

function printMemory(label, rows) {
  console.log(`\nmemory, ${label}: Pss per process (kB; anonymous part; Rss)`);
  for (const p of rows) console.log(`  ${p.comm.padEnd(22)} pid ${String(p.pid).padEnd(8)} ${String(p.pss).padStart(8)} kB  (anon ${p.anon}, Rss ${p.rss})`);
  const mb = (xs) => xs.reduce((s, p) => s + p.pss, 0) / 1024;
  const webkit = rows.filter((p) => p.pid !== rows[0].pid);
  console.log(`  total ${fmt(mb(rows), 1)} MB · the first process ${fmt(mb(rows.slice(0, 1)), 1)} MB · the processes it started ${fmt(mb(webkit), 1)} MB`);
}

async function main() {
  const desktop = await startDesktopServices(); // a tray and a notification server, as on a desktop
  const display = await openDisplay();
  const places = [];
  const first = [];
  const later = [];
  const direct = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const place = freshPlace();
      places.push(place);
      first.push(await startWithDriver(place, "welcome"));
      seed(place);
      for (let j = 0; j < 2; j++) later.push(await startWithDriver(place, "dashboard"));
      const d = await startDirect(place, display, await freePort());
      await sleep(1500);
      direct.push({ mapped: d.mapped, log: d.log() });
      await stopDirect(d.child);
      console.error(`start ${i + 1}/${RUNS}: first ${fmt(first.at(-1).ms)} ms, later ${later.slice(-2).map((s) => fmt(s.ms)).join(", ")} ms, window mapped without the driver ${d.mapped} ms`);
    }

    // Idle: the last place's 20 schedules and webhook, the app started as a launcher starts it.
    const place = places.at(-1);
    const port = await freePort();
    const runsBefore = runCount(place);
    const { child, wid } = await startDirect(place, display, port);
    await sleep(10_000);
    const openMemory = memory(child.pid);
    const openCpu = await cpu(child.pid, IDLE_S);
    await display.close(wid);
    await until(async () => !(await display.shown(wid)), 10_000, "the window did not go away when closed");
    const notice = await until(() => desktop.notifications.find((n) => n.summary === "NeuroFlow Hub is still running"), 10_000, "no tray notice").catch(() => null);
    const hook = await post(port);
    await sleep(10_000);
    const trayMemory = memory(child.pid);
    const trayCpu = await cpu(child.pid, IDLE_S);
    const runsDuring = runCount(place) - runsBefore - (hook === 200 ? 1 : 0);
    await stopDirect(child);
    // The floors: an empty Tauri window (src-tauri/examples/empty-window.rs, the app's own Tauri),
    // and WebKitGTK's own MiniBrowser, each on about:blank.
    const emptyTauri = await blankWindow(path.join(path.dirname(app), "examples", "empty-window"), []);
    const floor = await blankWindow(MINIBROWSER, ["about:blank"]);

    const load = os.loadavg().map((x) => x.toFixed(2)).join(" ");
    const line = (label, xs) => `${label.padEnd(48)} ${fmt(pct(xs, 50))} / ${fmt(pct(xs, 95))} / ${fmt(Math.max(...xs))} ms`;
    console.log(`\nbench-desktop: ${app} (${profile}), ${os.cpus().length} cores, ${RUNS} fresh homes and data directories, load average ${load}`);
    console.log(`cold start, spawn → the frame after the page is drawn (p50 / p95 / max; goal < 1000 ms):`);
    console.log(line(`  first start, fresh data directory (welcome)`, first.map((s) => s.ms)));
    console.log(line(`  later starts (navigation + dashboard figures)`, later.map((s) => s.ms)));
    const all = [...first, ...later];
    console.log(`  ready already when the driver first looked: ${all.filter((s) => s.already).length} of ${all.length} (then the figure is an upper bound)`);
    console.log(`where the time goes (p50, all starts through the driver; later starts only for the log line):`);
    console.log(line(`  spawn → "NeuroFlow Hub starting" logged`, later.map((s) => s.log)));
    console.log(line(`  spawn → the page's navigation start`, all.map((s) => s.navStart)));
    console.log(line(`  spawn → DOMContentLoaded (the code has run)`, all.map((s) => s.dcl)));
    console.log(`without WebDriver (later starts, as a launcher starts the app):`);
    console.log(line(`  spawn → "NeuroFlow Hub starting" logged`, direct.map((s) => s.log)));
    console.log(line(`  spawn → the window mapped`, direct.map((s) => s.mapped)));
    printMemory(`window open, idle 10 s (20 schedules + webhook active; goal: total < 150 MB)`, openMemory);
    printMemory(`closed to the tray, idle 10 s`, trayMemory);
    if (emptyTauri) {
      printMemory(`for comparison, an empty Tauri window on about:blank (examples/empty-window), idle 12 s`, emptyTauri);
      const total = (rows) => rows.reduce((sum, r) => sum + r.pss, 0) / 1024;
      const above = total(openMemory) - total(emptyTauri);
      console.log(`  the app open is ${fmt(above, 1)} MB above the empty Tauri window (goal, when WebKit alone needs over 150 MB: at most 40 MB)`);
    } else {
      console.log(`\n(no empty Tauri window to compare: build it with cargo build --release --example empty-window)`);
    }
    if (floor) printMemory(`for comparison, WebKitGTK's MiniBrowser on about:blank (not Tauri), idle 12 s`, floor);
    console.log(`\nidle CPU over ${IDLE_S} s, app + every process it started, % of one core (goal < 1%):`);
    const split = (c) => c.each.map((p) => `${p.comm} ${fmt(p.percent, 2)}`).join(", ");
    console.log(`  window open: ${fmt(openCpu.total, 2)} % (${split(openCpu)})`);
    console.log(`  closed to the tray: ${fmt(trayCpu.total, 2)} % (${split(trayCpu)})`);
    console.log(`  webhook from the tray: ${hook}; tray notice ${notice ? "shown" : "not seen"}; schedule runs while measuring: ${runsDuring}`);
  } finally {
    desktop.stop();
    display.disconnect();
    for (const p of places) rmSync(p.home, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
