// Small helpers the UI benchmarks (bench-ui.mjs, bench-analytics-page.mjs, bench-desktop.mjs) and the
// end-to-end harness (tests/e2e/harness.js) share:
// percentiles of a sample, finding and waiting for a loopback port (tauri-driver's, the app's), the
// big workflows that bench-ui and the editor spec open, and the process tree an app started (read
// from /proc) and ending it.
import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

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

/** A process as /proc/PID/stat tells it: its name, its parent, and its CPU ticks (its reaped children's too). */
const stat = (pid) => {
  const s = readFileSync(`/proc/${pid}/stat`, "utf8");
  const comm = s.slice(s.indexOf("(") + 1, s.lastIndexOf(")"));
  const f = s.slice(s.lastIndexOf(")") + 2).split(" "); // f[0] is field 3 (state)
  return { pid, comm, ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
};

/** `root` and every process below it, parents before children (WebKit's helpers run under bwrap, so not only children). */
export function processTree(root) {
  const all = readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        return [stat(Number(d))];
      } catch {
        return []; // it ended meanwhile
      }
    });
  const found = all.filter((p) => p.pid === root);
  for (let i = 0; i < found.length; i++) found.push(...all.filter((p) => p.ppid === found[i].pid));
  return found;
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Sends `signal` to each of `pids` still there. */
const signal = (pids, sig) =>
  pids.filter(alive).forEach((pid) => {
    try {
      process.kill(pid, sig);
    } catch {
      // Gone since it was looked at.
    }
  });

/** Asks each process to end (SIGTERM), and kills those still there after `graceMs`. */
export async function endProcesses(pids, graceMs = 5_000) {
  signal(pids, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (pids.some(alive) && Date.now() < deadline) await sleep(50);
  signal(pids, "SIGKILL");
}
