// Zero connections at start-up: the app, started under tests/airplane/run.sh (strace records every
// connect() of it and of WebKit's processes), opens its window and stays idle without trying a
// single internet connection — no update check, no telemetry, no DNS. It lives here, not among the
// e2e specs, because only run.sh has a trace to read.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { launch } from "../e2e/harness.js";
import { connections } from "./connections.mjs";

const traceDir = process.env.NEUROFLOW_TRACE_DIR;
let app;
/** The traces of the specs that ran before this one. */
let earlier;
before(async () => {
  assert.ok(traceDir, "run this through tests/airplane/run.sh, which traces the app");
  earlier = new Set(readdirSync(traceDir));
  app = await launch("airplane");
});
after(async () => {
  await app?.stop();
});

test("the app makes no connection while it starts and idles", async () => {
  const { browser } = app;
  await (await browser.$("//h1[normalize-space()='Welcome to NeuroFlow Hub']")).waitForDisplayed({ timeout: 30_000 });
  await browser.pause(5000);
  await app.screenshot("started-offline");
  const logs = readdirSync(traceDir).filter((f) => f.startsWith("app.") && !earlier.has(f));
  assert.ok(logs.length > 0, "the app was traced");
  const texts = logs.map((log) => readFileSync(path.join(traceDir, log), "utf8"));
  // WebKitWebDriver drives the app through an inspector server the app connects to (its address is
  // in the app's WEBKIT_INSPECTOR_SERVER): that one connection is the test's, not the app's.
  const pids = texts.flatMap((t) => t.split("\n").map((l) => l.split(" ")[0]).filter(Boolean));
  const inspector = new Set();
  for (const pid of new Set(pids)) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      const server = env.find((v) => v.startsWith("WEBKIT_INSPECTOR_SERVER="));
      if (server) inspector.add(Number(server.split(":").pop()));
    } catch {}
  }
  const tried = texts.flatMap((t) => connections(t)).filter((c) => !(c.address === "127.0.0.1" && inspector.has(c.port)));
  assert.deepEqual(tried, [], `no connection at start-up but WebDriver's (inspector ports: ${[...inspector].join(", ") || "none found"})`);
});
