#!/usr/bin/env bash
# The hosted workspace service's own commands, for dev.sh and CI to call. With NF_CARGO_LOCK set
# (agents sharing one machine: NF_CARGO_LOCK=/tmp/nf-cargo.lock), every cargo command runs under
# `flock $NF_CARGO_LOCK`; `serve` holds it only while building, never while serving.
#
#   server/scripts.sh serve   a local PostgreSQL (Debian's, data in server/.pg/dev), migrate, serve
#                             on 127.0.0.1:8787 (NEUROFLOW_SERVER_LISTEN to change)
#   server/scripts.sh check   rustfmt, clippy -D warnings, and every test against a private cluster
#                             (server/target/pg), stopped afterwards
#   server/scripts.sh load    the load test (release build): req/s and p99, one and two instances
set -euo pipefail

SERVER="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$SERVER")"
PG="$ROOT/scripts/pg.sh"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$SERVER/target}"

cargo_() { if [ -n "${NF_CARGO_LOCK:-}" ]; then flock "$NF_CARGO_LOCK" cargo "$@"; else cargo "$@"; fi; }

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

# A free port on 127.0.0.1 from 55439 upward, or the one the cluster in DIR already uses.
port_for() {
  local dir="$1" p
  if [ -f "$dir.port" ]; then cat "$dir.port"; return; fi
  for p in $(seq 55439 55639); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p" > "$dir.port"; echo "$p"; return; fi
  done
  echo "no free port between 55439 and 55639" >&2; exit 1
}

# Starts the cluster in DIR and creates database DB owned by neuroflow_owner; prints the port.
cluster() {
  local dir="$1" db="$2" port url
  "$PG" ensure
  mkdir -p "$(dirname "$dir")"
  port="$(port_for "$dir")"
  url="$("$PG" start "$dir" "$port")"
  port="${url##*:}"; port="${port%%/*}"
  echo "$port" > "$dir.port"
  if ! psql_su "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    psql_su "$port" -qc "CREATE DATABASE $db OWNER neuroflow_owner" >/dev/null
  fi
  echo "$port"
}

psql_su() {
  local port="$1"; shift
  local bin; bin="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/psql | sort -V | tail -n1)")"
  local su; if [ "$(id -u)" -eq 0 ]; then su=postgres; else su="$(id -un)"; fi
  "$bin/psql" -h 127.0.0.1 -p "$port" -U "$su" -d postgres "$@"
}

cmd_serve() {
  local port; port="$(cluster "$SERVER/.pg/dev" neuroflow)"
  say "Building neuroflow-server"
  (cd "$SERVER" && cargo_ build --locked --bin neuroflow-server)
  local bin="$CARGO_TARGET_DIR/debug/neuroflow-server"
  "$bin" migrate --database-url "postgres://neuroflow_owner@127.0.0.1:$port/neuroflow"
  say "Serving on ${NEUROFLOW_SERVER_LISTEN:-127.0.0.1:8787} (PostgreSQL on 127.0.0.1:$port, data in server/.pg/dev)"
  say "Bootstrap: $bin admin --database-url postgres://neuroflow_owner@127.0.0.1:$port/neuroflow create-user --email you@example.com"
  exec "$bin" serve --database-url "postgres://neuroflow_app@127.0.0.1:$port/neuroflow"
}

cmd_check() {
  local dir="$SERVER/target/pg" port
  port="$(cluster "$dir" postgres)"
  trap '"$PG" stop "$SERVER/target/pg"' EXIT
  cd "$SERVER"
  say "rustfmt"; cargo_ fmt --check
  # Clippy -D warnings as the crates compile (../scripts/clippy-rustc says why).
  export RUSTC_WORKSPACE_WRAPPER="$SERVER/../scripts/clippy-rustc"
  say "build with clippy -D warnings"; cargo_ build --locked --all-targets
  say "tests (PostgreSQL on 127.0.0.1:$port)"
  NEUROFLOW_TEST_PG_URL="$(psql_url "$port")" cargo_ test --locked
}

psql_url() {
  local su; if [ "$(id -u)" -eq 0 ]; then su=postgres; else su="$(id -un)"; fi
  echo "postgres://$su@127.0.0.1:$1/postgres"
}

cmd_load() {
  local dir="$SERVER/target/load-pg" port
  port="$(cluster "$dir" neuroflow_load)"
  trap '"$PG" stop "$SERVER/target/load-pg"' EXIT
  cd "$SERVER"
  cargo_ build --locked --release --bins
  "$CARGO_TARGET_DIR/release/neuroflow-server-load" \
    --owner-url "postgres://neuroflow_owner@127.0.0.1:$port/neuroflow_load" \
    --app-url "postgres://neuroflow_app@127.0.0.1:$port/neuroflow_load" "$@"
}

case "${1:-}" in
  serve) shift; cmd_serve "$@" ;;
  check) shift; cmd_check "$@" ;;
  load) shift; cmd_load "$@" ;;
  *) echo "usage: server/scripts.sh serve | check | load [--seconds N]" >&2; exit 2 ;;
esac
