#!/usr/bin/env bash
# A private PostgreSQL for the hosted workspace service (server/) and its tests: Debian's packages,
# its own data directory inside the repository, listening on 127.0.0.1 only. No Docker, nothing
# outside the directory it is given (the socket lives inside it too).
#
#   scripts/pg.sh ensure           install Debian's postgresql if no initdb is there (root or sudo)
#   scripts/pg.sh start DIR PORT   initdb into DIR when empty, start on 127.0.0.1:PORT, wait until
#                                  ready, create the owner role, print the superuser URL
#   scripts/pg.sh stop DIR         stop the cluster in DIR (fast shutdown)
#   scripts/pg.sh url DIR PORT     print the superuser URL of a running cluster
#
# PostgreSQL refuses to run as root: as root, initdb and pg_ctl run as the `postgres` system user
# (created by the package) and DIR is handed to it. Authentication is `trust` on 127.0.0.1 and the
# socket: this is a scratch cluster for development and tests, never a production one.
set -euo pipefail

say() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    fail "installing postgresql needs root; run as root or install sudo"
  fi
}

pg_bin() {
  local initdb
  initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1 || true)"
  [ -n "$initdb" ] || fail "PostgreSQL is not installed: run scripts/pg.sh ensure"
  dirname "$initdb"
}

# Runs a PostgreSQL program as the user that owns the cluster.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

superuser() { if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi; }

cmd_ensure() {
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then return; fi
  say "Installing PostgreSQL (Debian's postgresql package)"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  if ! as_root apt-get install -y -qq --no-install-recommends postgresql; then
    as_root apt-get -f install -y -qq
    as_root apt-get install -y -qq --no-install-recommends postgresql
  fi
  # The package starts a system-wide cluster on Debian; we never use it, so it may keep running.
}

cmd_start() {
  local dir="${1:?usage: pg.sh start DIR PORT}" port="${2:?usage: pg.sh start DIR PORT}"
  local bin; bin="$(pg_bin)"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    # postgres must be able to pass through DIR's parents. Where one is closed to others (a clone
    # under /root, say), open it for passage only (o+x: no listing, no reading) and say so.
    local p="$dir"
    while [ "$p" != "/" ]; do
      p="$(dirname "$p")"
      if ! runuser -u postgres -- test -x "$p"; then
        say "letting the postgres user pass through $p (chmod o+x)"
        chmod o+x "$p"
      fi
    done
  fi
  chmod 0700 "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    say "initdb $dir/data"
    as_pg mkdir -p "$dir/data" "$dir/run"
    as_pg "$bin/initdb" -D "$dir/data" -U "$(superuser)" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_pg mkdir -p "$dir/run"
  if as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    # Already running: on the port it was started with (line 4 of postmaster.pid), whatever was asked.
    port="$(sed -n 4p "$dir/data/postmaster.pid")"
    say "PostgreSQL already running in $dir on port $port"
  else
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/run -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { tail -n 20 "$dir/postgres.log" >&2; fail "PostgreSQL did not start"; }
  fi
  local i
  for i in $(seq 1 60); do
    if "$bin/pg_isready" -h 127.0.0.1 -p "$port" -q; then break; fi
    sleep 0.5
  done
  "$bin/pg_isready" -h 127.0.0.1 -p "$port" -q || fail "PostgreSQL on 127.0.0.1:$port is not ready"
  # The owner of the service's schema: runs migrations and admin commands, never the server itself.
  # BYPASSRLS so that operators' admin commands reach every organization; the service's own role
  # (neuroflow_app, created by `neuroflow-server migrate`) has none of this.
  "$bin/psql" -q -h 127.0.0.1 -p "$port" -U "$(superuser)" -d postgres -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'neuroflow_owner') THEN
    CREATE ROLE neuroflow_owner LOGIN CREATEROLE BYPASSRLS;
  END IF;
END $$;
SQL
  cmd_url "$dir" "$port"
}

cmd_url() {
  local port="${2:?usage: pg.sh url DIR PORT}"
  echo "postgres://$(superuser)@127.0.0.1:$port/postgres"
}

cmd_stop() {
  local dir="${1:?usage: pg.sh stop DIR}"
  local bin; bin="$(pg_bin)"
  [ -f "$dir/data/PG_VERSION" ] || return 0
  as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

case "${1:-}" in
  ensure) shift; cmd_ensure "$@" ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  url) shift; cmd_url "$@" ;;
  *) fail "usage: scripts/pg.sh ensure | start DIR PORT | stop DIR | url DIR PORT" ;;
esac
