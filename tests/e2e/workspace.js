// The real workspace service (server/) for end-to-end specs, as the desktop's Rust sync tests run it
// (crates/app/tests/suite/workspace_service/mod.rs): Debian's PostgreSQL in a private cluster started
// by scripts/pg.sh, a fresh database migrated by the service's own binary as the schema owner, and
// `neuroflow-server serve` on 127.0.0.1 as its unprivileged role — nothing of it imitated. The spec
// talks to it over HTTP as the web app would (sign-up, organizations, invitations) and reads its
// database as the owner to check what a desktop sent. `stop()` ends the service, drops the database
// and stops the cluster; it also runs when the test process exits, so a failed spec leaves nothing.
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { freePort } from "../../scripts/bench-lib.mjs";
import { cliBinary, repoRoot } from "./harness.js";

export const PASSWORD = "correct horse battery";
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(repoRoot, "target");
export const serverBinary = process.env.NEUROFLOW_SERVER_BIN ?? path.join(targetDir, "debug", "neuroflow-server");
const pgScript = path.join(repoRoot, "scripts", "pg.sh");

/** The newest installed PostgreSQL's psql. */
function psqlBinary() {
  const versions = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/psql`)) : [];
  versions.sort((a, b) => Number(a) - Number(b));
  if (versions.length === 0) throw new Error("PostgreSQL is not installed: run scripts/pg.sh ensure");
  return `/usr/lib/postgresql/${versions.at(-1)}/bin/psql`;
}

/** scripts/pg.sh's superuser: `postgres` when run as root, else the user running it. */
const superuser = () => (process.getuid() === 0 ? "postgres" : execFileSync("id", ["-un"], { encoding: "utf8" }).trim());

/** Runs a program; on failure the error carries its standard error (or, with --json, its output), so the spec says why. */
function run(file, args, options = {}) {
  try {
    return execFileSync(file, args, { encoding: "utf8", stdio: ["pipe", "pipe", "pipe"], ...options });
  } catch (e) {
    throw new Error(`${path.basename(file)} ${args.join(" ")} failed (exit ${e.status}): ${e.stderr || e.stdout || e.message}`);
  }
}

/**
 * Starts a cluster in `dir` (kept between runs, so only the first run pays for initdb), a fresh
 * database in it, and the service. Returns its address and the calls a spec needs.
 */
export async function startWorkspace({ dir = path.join(targetDir, "e2e-pg") } = {}) {
  if (!existsSync(serverBinary)) {
    throw new Error(`the workspace service is not built at ${serverBinary}: run \`cd server && cargo build --bin neuroflow-server\` (same target directory), or set NEUROFLOW_SERVER_BIN`);
  }
  const asked = await freePort();
  // pg.sh prints the superuser URL; a cluster still running from an interrupted run keeps its port.
  const started = run("bash", [pgScript, "start", dir, String(asked)]).trim();
  const pgPort = Number(/:(\d+)\/postgres$/.exec(started)?.[1] ?? asked);
  let child = null;
  const db = `nf_e2e_${process.pid}_${Date.now() % 100000}`;
  const psql = psqlBinary();
  const sql = (user, database, statement) => run(psql, ["-h", "127.0.0.1", "-p", String(pgPort), "-U", user, "-d", database, "-v", "ON_ERROR_STOP=1", "-tAqc", statement]);

  let stopped = false;
  /** Ends the service, drops the database and stops the cluster; safe to call twice. */
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", stop);
    if (child && child.exitCode === null) {
      child.kill("SIGKILL");
    }
    try {
      sql(superuser(), "postgres", `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    } catch {
      // the cluster may be down already
    }
    try {
      run("bash", [pgScript, "stop", dir]);
    } catch (e) {
      console.error(`could not stop the PostgreSQL cluster in ${dir}: ${e.message}`);
    }
  };
  process.on("exit", stop);

  try {
    sql(superuser(), "postgres", `CREATE DATABASE ${db} OWNER neuroflow_owner`);
    const ownerUrl = `postgres://neuroflow_owner@127.0.0.1:${pgPort}/${db}`;
    run(serverBinary, ["migrate", "--database-url", ownerUrl]);
    const listen = await freePort();
    child = spawn(serverBinary, ["serve", "--database-url", `postgres://neuroflow_app@127.0.0.1:${pgPort}/${db}`, "--listen", `127.0.0.1:${listen}`], {
      env: { ...process.env, NEUROFLOW_SERVER_LOG: "warn" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const url = `http://127.0.0.1:${listen}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`neuroflow-server serve exited with ${child.exitCode} before it was ready`);
      const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`the service did not become ready on ${url}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    /** An HTTP call to the service: `{ status, body }`, the body parsed when it is JSON. */
    const call = async (method, pathname, token, body) => {
      const headers = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(`${url}${pathname}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      let parsed = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed };
    };

    return {
      url,
      db,
      call,
      /** Signs up a person; returns their access token. */
      async signUp(email, name) {
        const { status, body } = await call("POST", "/api/v1/auth/sign-up", null, { email, password: PASSWORD, name });
        if (status !== 201) throw new Error(`sign-up ${email}: ${status} ${JSON.stringify(body)}`);
        return body.accessToken;
      },
      /** A workspace organization with this id and plan, made through the API (as the web app would). */
      async createOrg(token, id, name, plan) {
        const { status, body } = await call("POST", "/api/v1/organizations", token, { id, name });
        if (status !== 201) throw new Error(`create organization ${name}: ${status} ${JSON.stringify(body)}`);
        this.admin("set-plan", "--org", id, "--plan", plan);
      },
      /** An admin command as the schema owner (`set-plan` …). */
      admin(...args) {
        return run(serverBinary, ["admin", "--database-url", ownerUrl, ...args]);
      },
      /** SQL in the service's database as its owner (what desktops sent), one row a line, `|` between columns. */
      ownerSql(statement) {
        return sql("neuroflow_owner", db, statement).trim();
      },
      stop,
    };
  } catch (error) {
    stop();
    throw error;
  }
}

/** Runs the neuroflow CLI on a data directory; `input` goes to its standard input (a password). */
export function cliOn(dataDir, args, { input } = {}) {
  return run(cliBinary, ["--data-dir", dataDir, ...args], input === undefined ? {} : { input });
}
