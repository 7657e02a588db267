// Starts the real desktop app under tauri-driver (WebKitWebDriver underneath) with a fresh data
// directory, and hands the test a WebdriverIO browser. Screenshots go to tests/e2e/artifacts/.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";
import { endProcesses, freePort, processTree, waitForPort } from "../../scripts/bench-lib.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../..");
export const artifacts = path.join(here, "artifacts");
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(repoRoot, "target");
export const appBinary = process.env.NEUROFLOW_APP ?? path.join(targetDir, "debug", "neuroflow-hub");
export const cliBinary = process.env.NEUROFLOW_CLI ?? path.join(targetDir, "debug", "neuroflow");

/**
 * Starts tauri-driver and the app; returns the browser, the data directory and a stop function.
 * Screenshots are named `<prefix>-NN-<name>.png`, so each spec's stay apart. `env` adds to the
 * app's environment (a HOME of its own, say); `application` runs another build of the app;
 * `dataDir` opens a data directory made beforehand (it is removed at the end too).
 */
export async function launch(prefix, { env = {}, application = appBinary, dataDir = mkdtempSync(path.join(os.tmpdir(), "neuroflow-e2e-")) } = {}) {
  mkdirSync(artifacts, { recursive: true });
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    // Port 0: the app's webhook listener takes any free port, so runs never collide on one.
    // Compositing on: with WEBKIT_DISABLE_COMPOSITING_MODE=1 (the app's default on Linux, see
    // src-tauri/webkit.rs) WebKitWebDriver's screenshots hang under Xvfb (measured: no answer in
    // 100 s; 155 ms with 0). A spec may still ask for 1 through `env`.
    env: { ...process.env, NEUROFLOW_DATA_DIR: dataDir, NEUROFLOW_PORT: "0", WEBKIT_DISABLE_COMPOSITING_MODE: process.env.WEBKIT_DISABLE_COMPOSITING_MODE ?? "0", ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  let exited = false;
  const driverExit = new Promise((resolve) => driver.once("exit", () => resolve((exited = true))));
  let browser;
  /**
   * Ends the session, the driver, the app and the data directory (a closing app may still write to
   * it). Closing the session closes the window, and an app that keeps running in the tray may stay:
   * a later spec would then find its tray icon and its single-instance name taken. So whatever the
   * driver started is ended too, found before the driver goes (its children are then orphans).
   */
  const end = async () => {
    const started = processTree(driver.pid).slice(1).map((p) => p.pid);
    await browser?.deleteSession().catch(() => {});
    driver.kill();
    await driverExit;
    await endProcesses(started);
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  };
  try {
    await waitForPort(port, 15_000);
    if (exited) throw new Error(`tauri-driver exited before answering on 127.0.0.1:${port}`);
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "warn",
      capabilities: {
        browserName: "wry",
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": { application },
      },
    });
    // The webview keeps its local storage (theme, last organization) between runs: start clean.
    await browser.execute(() => localStorage.clear());
    await browser.refresh();
  } catch (error) {
    // A driver left running keeps this spec's process alive until the runner's timeout.
    await end();
    throw error;
  }
  let shot = 0;
  return {
    browser,
    dataDir,
    /** Saves a screenshot of the window as artifacts/<prefix>-NN-name.png. */
    async screenshot(name) {
      shot += 1;
      const file = path.join(artifacts, `${prefix}-${String(shot).padStart(2, "0")}-${name}.png`);
      await browser.saveScreenshot(file);
      return file;
    },
    /** Runs the neuroflow CLI against the app's data directory. */
    cli(...args) {
      return execFileSync(cliBinary, ["--data-dir", dataDir, ...args], { encoding: "utf8" });
    },
    stop: end,
  };
}

/** Fills a React-controlled field the way a paste does: set the value, then fire `input`. */
export async function paste(browser, selector, text) {
  await browser.execute(
    (sel, value) => {
      const el = document.querySelector(sel);
      const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, "value").set.call(el, value);
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    selector,
    text,
  );
}

/** Scrolls an element to the top of its scrolling page (WebKitWebDriver ignores wheel actions). */
export async function reveal(browser, element) {
  await browser.execute((el) => el.scrollIntoView({ block: "start" }), element);
  await browser.pause(150);
}
