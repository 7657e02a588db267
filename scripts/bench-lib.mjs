// Small helpers the UI benchmarks (bench-ui.mjs, bench-analytics-page.mjs, bench-desktop.mjs) and the
// end-to-end harness (tests/e2e/harness.js) share:
// percentiles of a sample, finding and waiting for a loopback port (tauri-driver's, the app's), and
// the big workflows that bench-ui and the editor spec open.
import net from "node:net";

/** A valid workflow of `n` nodes: a trigger ("Start"), then rows of transforms with a condition every 10. */
export function bigWorkflow(n, name = `Bench ${n}`) {
  const nodes = [{ id: "start", type: "trigger", position: { x: 0, y: 0 }, data: { label: "Start", trigger: { kind: "manual" } } }];
  const edges = [];
  const perRow = 25;
  for (let i = 1; i < n; i++) {
    const row = Math.floor((i - 1) / perRow);
    const col = (i - 1) % perRow;
    const id = `n${i}`;
    const condition = i % 10 === 0;
    nodes.push({
      id,
      type: condition ? "condition" : "transform",
      position: { x: 300 + col * 280, y: row * 140 },
      data: condition ? { label: `Check ${i}`, expression: "input.score > 5" } : { label: `Step ${i}`, output: { step: i, name: "{{ input.name }}" } },
    });
    const prev = col === 0 ? "start" : `n${i - 1}`;
    const prevIsCondition = col !== 0 && (i - 1) % 10 === 0;
    edges.push({ id: `e${i}`, source: prev, target: id, ...(prevIsCondition ? { sourceHandle: "true" } : {}) });
  }
  return { format: 1, name, nodes, edges };
}

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
