// Updates, end to end: the real app at version N (a copy of target/debug/neuroflow-hub) and an update
// feed on 127.0.0.1 offering N+1 (tests/e2e/build-next.sh builds it), signed with a throwaway key
// made by the Tauri signer (debug builds read NEUROFLOW_UPDATE_PUBKEY at run time). The app asks the feed
// nothing at start; a tampered download is refused with the app's message and N keeps working; the
// signed N+1 is downloaded, verified and installed over the app's file, and the app restarts as N+1.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { until } from "../desktop.js";
import { appBinary, artifacts, launch, repoRoot } from "../harness.js";

const nextDir = path.join(path.dirname(appBinary), "..", "e2e-next");
const nextBinary = path.join(nextDir, "neuroflow-hub");

const tauriCli = path.join(repoRoot, "node_modules", ".bin", "tauri");

/** A throwaway key made by the Tauri signer, as a release key is (README: making a real one). */
function signerKey(dir) {
  const file = path.join(dir, "update.key");
  const env = { ...process.env, TAURI_SIGNING_PRIVATE_KEY_PASSWORD: "" };
  execFileSync(tauriCli, ["signer", "generate", "--ci", "-p", "", "-w", file], { env, stdio: "ignore" });
  return {
    public: readFileSync(`${file}.pub`, "utf8").trim(),
    /** Signs `artifact` for `version` as ./dev.sh release does; returns the .sig file's text. */
    sign(artifact, version) {
      execFileSync(tauriCli, ["signer", "sign", "-f", file, "--app-version", version, artifact], { env, stdio: "ignore" });
      return readFileSync(`${artifact}.sig`, "utf8").trim();
    },
  };
}

const sha = (file) => createHash("sha256").update(readFileSync(file)).digest("hex");
const platform = `linux-${os.arch() === "x64" ? "x86_64" : os.arch() === "arm64" ? "aarch64" : os.arch()}`;

let app;
let feed;
let requests = [];
let dir;
let installed;
let nextVersion;
let files = {};
let manifest = {};
before(async () => {
  assert.ok(existsSync(nextBinary), `no N+1 build at ${nextBinary}: run tests/e2e/build-next.sh first (./dev.sh check does)`);
  nextVersion = readFileSync(path.join(nextDir, "VERSION"), "utf8").trim();
  dir = mkdtempSync(path.join(os.tmpdir(), "neuroflow-app-"));
  installed = path.join(dir, "neuroflow-hub");
  copyFileSync(appBinary, installed);
  chmodSync(installed, 0o755);
  const next = readFileSync(nextBinary);
  const tampered = Buffer.from(next);
  tampered[tampered.length >> 1] ^= 1;
  files = { next, tampered };
  const key = signerKey(dir);
  copyFileSync(nextBinary, path.join(dir, "next"));
  const signature = key.sign(path.join(dir, "next"), nextVersion);
  feed = http.createServer((req, res) => {
    requests.push(req.url);
    if (req.url === "/feed.json") return res.end(JSON.stringify(manifest));
    const file = files[req.url.replace("/files/", "")];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { "content-length": file.length }).end(file);
  });
  await new Promise((resolve) => feed.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${feed.address().port}`;
  const offer = (name) => ({
    version: nextVersion,
    notes: "Signed by the test's throwaway key.",
    pub_date: new Date().toISOString(),
    platforms: { [platform]: { signature, url: `${base}/files/${name}` } },
  });
  manifest = offer("tampered");
  feed.offer = (name) => (manifest = offer(name));
  app = await launch("updates", {
    application: installed,
    env: { NEUROFLOW_UPDATE_PUBKEY: key.public, NEUROFLOW_UPDATE_ENDPOINT: `${base}/feed.json` },
  });
});
/** Ends every process running the installed app's file (the restarted app is no child of the driver). */
async function endInstalledApps() {
  if (!installed) return;
  const running = () =>
    readdirSync("/proc").filter((p) => {
      if (!/^\d+$/.test(p)) return false;
      try {
        return readlinkSync(`/proc/${p}/exe`).startsWith(installed);
      } catch {
        return false;
      }
    });
  for (const pid of running()) process.kill(Number(pid), "SIGTERM");
  await until(() => running().length === 0, 10_000).catch(() => running().forEach((pid) => process.kill(Number(pid), "SIGKILL")));
}

after(async () => {
  // First the restarted app, so that nothing writes into the data directory while it is removed
  // and no process of this spec outlives it.
  await endInstalledApps();
  await app?.stop();
  feed?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openUpdates(browser) {
  await (await browser.$("//nav//a[normalize-space()='Settings']")).click();
  const check = await browser.$("//button[normalize-space()='Check now']");
  await check.waitForDisplayed({ timeout: 10_000 });
  await browser.execute((el) => el.scrollIntoView({ block: "center" }), check);
  return check;
}

test("the app asks the update feed nothing at start", async () => {
  const { browser } = app;
  await (await browser.$("//h1[normalize-space()='Welcome to NeuroFlow Hub']")).waitForDisplayed({ timeout: 30_000 });
  await (await browser.$("#welcome-org-name")).setValue("Acme Realty");
  await (await browser.$("//button[normalize-space()='Create organization']")).click();
  await (await browser.$("//nav//a[normalize-space()='Settings']")).waitForDisplayed({ timeout: 20_000 });
  await browser.pause(1500);
  assert.deepEqual(requests, [], "no request before the user asks");
});

test("a tampered download is refused with a clear message and version N keeps working", async () => {
  const { browser } = app;
  const before = sha(installed);
  await (await openUpdates(browser)).click();
  const offer = await browser.$(`//*[@role='status']//strong[normalize-space()='Version ${nextVersion} is available']`);
  await offer.waitForDisplayed({ timeout: 20_000 });
  await app.screenshot("offer");
  await (await browser.$("//button[normalize-space()='Install and restart']")).click();
  const alert = await browser.$("//*[@role='alert' and contains(., 'does not match its signature')]");
  await alert.waitForDisplayed({ timeout: 60_000 });
  assert.match(await alert.getText(), /version 0\.\d+\.\d+ keeps running/);
  await app.screenshot("tampered-refused");
  // The same in the dark theme.
  await (await browser.$("//fieldset[@aria-label='Theme']//label[normalize-space()='Dark']")).click();
  await browser.execute((el) => el.scrollIntoView({ block: "center" }), alert);
  await app.screenshot("tampered-refused-dark");
  await (await browser.$("//fieldset[@aria-label='Theme']//label[normalize-space()='Light']")).click();
  assert.equal(sha(installed), before, "the app's file is untouched");
  await (await browser.$("//nav//a[normalize-space()='Workflows']")).click();
  await (await browser.$("//h1[normalize-space()='Workflows']")).waitForDisplayed({ timeout: 10_000 });
});

test("the signed N+1 is installed and the app restarts as N+1", async () => {
  const { browser } = app;
  feed.offer("next");
  await (await openUpdates(browser)).click();
  await (await browser.$("//button[normalize-space()='Install and restart']")).waitForDisplayed({ timeout: 20_000 });
  await (await browser.$("//button[normalize-space()='Install and restart']")).click();
  const logs = path.join(app.dataDir, "logs");
  const started = () =>
    existsSync(logs) &&
    readdirSync(logs).some((f) =>
      readFileSync(path.join(logs, f), "utf8")
        .split("\n")
        .some((line) => line.includes("NeuroFlow Hub starting") && line.includes(`version=${nextVersion}`)),
    );
  await until(started, 120_000, () => `the app did not start again as ${nextVersion}; requests: ${requests.join(", ")}`);
  assert.equal(sha(installed), sha(nextBinary), "the app's file is version N+1");
  assert.deepEqual(requests.filter((r) => r.startsWith("/files/")), ["/files/tampered", "/files/next"]);
  // The restarted app is not under WebDriver: the X server's picture shows its window.
  await new Promise((r) => setTimeout(r, 3000));
  execFileSync("import", ["-window", "root", path.join(artifacts, "updates-03-restarted.png")]);
});
