// Reads the strace logs of an airplane run (app.*.log, cli.*.log) and lists every network connection
// the app and the CLI tried: each must go to loopback (the stand-ins the tests configured) and none
// may be a DNS query. Exits 1, naming each offender, otherwise. Usage: node connections.mjs TRACE_DIR
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** The internet connections in one strace log: [{ family, address, port, result, line }]. */
export function connections(text) {
  const found = [];
  for (const line of text.split("\n")) {
    const v4 = /sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)\}.*= (.*)$/.exec(line);
    const v6 = /sa_family=AF_INET6, sin6_port=htons\((\d+)\),.*inet_pton\(AF_INET6, "([^"]+)"/.exec(line);
    const m = v4 ?? v6;
    if (m) found.push({ family: v4 ? "ipv4" : "ipv6", port: Number(m[1]), address: m[2], line: line.trim() });
  }
  return found;
}

export const isLoopback = (address) => address.startsWith("127.") || address === "::1" || address === "::ffff:127.0.0.1";

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  const logs = readdirSync(dir).filter((f) => f.endsWith(".log"));
  let bad = 0;
  const seen = new Map();
  for (const log of logs) {
    const kind = log.split(".")[0];
    for (const c of connections(readFileSync(path.join(dir, log), "utf8"))) {
      const where = `${kind} -> ${c.address}:${c.port}`;
      seen.set(where, (seen.get(where) ?? 0) + 1);
      if (!isLoopback(c.address) || c.port === 53) {
        bad += 1;
        console.error(`NOT ALLOWED (${log}): ${c.line}`);
      }
    }
  }
  console.log(`${logs.length} traced processes (${logs.filter((l) => l.startsWith("app")).length} app, ${logs.filter((l) => l.startsWith("cli")).length} CLI)`);
  for (const [where, n] of [...seen].sort()) console.log(`  ${where}  x${n}`);
  if (logs.length === 0) {
    console.error("no trace logs: nothing was traced");
    process.exit(1);
  }
  if (bad) {
    console.error(`${bad} connection(s) left this computer or asked DNS`);
    process.exit(1);
  }
  console.log("every connection stayed on loopback; no DNS, no telemetry");
}
