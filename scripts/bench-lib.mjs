// Small helpers the UI benchmarks (bench-ui.mjs, bench-analytics-page.mjs, bench-desktop.mjs) and the
// end-to-end harness (tests/e2e/harness.js) share:
// percentiles of a sample, and finding and waiting for a loopback port (tauri-driver's, the app's).
import net from "node:net";

/** The `p`th percentile of `xs` by nearest rank (NaN for an empty sample). */
export const pct = (xs, p) => (xs.length === 0 ? Number.NaN : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))]);

/** A port nothing listens on now, chosen by the OS (a fixed range once hit X11's 6000 on CI). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on 127.0.0.1:`port`; fails after `timeoutMs`. */
export function waitForPort(port, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const attempt = () => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => (s.end(), resolve()));
      s.once("error", () => {
        s.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}
