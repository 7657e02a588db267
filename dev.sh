#!/usr/bin/env bash
# NeuroFlow Hub, for people who build it. Two commands on a fresh Debian 12 machine:
#
#   ./dev.sh app     install what is missing, build, and start the desktop app
#   ./dev.sh check   install what is missing, and run every check: rustfmt, clippy -D warnings,
#                    Rust tests (a fuzz budget included), the workspace service's tests against a
#                    private PostgreSQL, TypeScript type check, UI tests, end-to-end tests of the app
#                    and the airplane-mode test (only loopback, every connection recorded)
#
# The hosted workspace service (optional; server/): ./dev.sh server runs it on 127.0.0.1:8787 with
# a private PostgreSQL (Debian's package, data in server/.pg/dev).
#
# Releases: ./dev.sh release builds the deb and rpm (and an AppImage where its tools can be had),
# signs them with the update key from the environment and writes the update manifest
# (scripts/release.sh says which variables; README: Releases and updates).
#
# And for measuring: ./dev.sh bench [--quick] builds in release mode and prints the speed figures
# (webhook throughput and latency, cold start, memory, database bytes per run, CLI run time, engine
# overhead, validation); ./dev.sh bench-ui measures the workflow editor in the real app under Xvfb
# (open, pan, zoom, drag, typing at 500 and 1,000 nodes); bench-ui --desktop: cold start, memory, idle CPU.
# ./dev.sh bench --peers [--quick] measures us side by side with Node-RED under wrk and hey.
# ./dev.sh bench --sync [--rows N] measures sync with the workspace service (push, pull, first sync).
# ./dev.sh bench --analytics [--runs N] seeds 1,000,000 runs and times every analytics query, the
# rollups' cost to the writer and webhook throughput while pruning; ./dev.sh bench-ui --analytics
# [--runs N] times the Analytics page in the app on such a store.
#
# Both install only what is not there yet (system packages, Rust components, npm modules,
# tauri-driver), so a second run goes straight to work. CI runs `./dev.sh check` (see .ci/run).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

# Debian packages: the Tauri/WebKitGTK build stack, Xvfb and WebKitWebDriver for end-to-end tests,
# D-Bus, gnome-keyring and keyutils for the OS keychain, ImageMagick for screenshots, strace and
# iproute2 for the airplane-mode test (tests/airplane/run.sh).
SYSTEM_PACKAGES=(
  build-essential pkg-config file curl ca-certificates
  libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev libsecret-1-dev
  xvfb xauth webkit2gtk-driver
  dbus dbus-x11 gnome-keyring keyutils
  imagemagick python3-aiosmtpd strace iproute2
)
TAURI_DRIVER_VERSION="2.1.0"
NODE_MIN_MAJOR=20
NODE_MIN_MINOR=19

say() { printf '\033[1;34m==>\033[0m [%s] %s\n' "$(date +%T)" "$*"; }
fail() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    fail "installing system packages needs root; run as root or install sudo"
  fi
}

ensure_system_packages() {
  local missing=()
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  # An archive fetch sometimes fails midway; repairing and trying once more fixes it.
  if ! as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
    as_root apt-get -f install -y -qq
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

ensure_rust() {
  if ! command -v cargo >/dev/null; then
    [ -x "$HOME/.cargo/bin/cargo" ] || {
      say "Installing Rust (rustup)"
      curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component rustfmt,clippy
    }
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  for component in rustfmt clippy; do
    local probe="cargo-fmt"; [ "$component" = clippy ] && probe="cargo-clippy"
    if ! "$probe" --version >/dev/null 2>&1; then
      say "Adding Rust component $component"
      rustup component add "$component"
    fi
  done
}

ensure_node() {
  command -v node >/dev/null || fail "Node.js ${NODE_MIN_MAJOR}.${NODE_MIN_MINOR} or newer is needed (https://nodejs.org); none was found"
  local version major minor
  version="$(node --version | sed 's/^v//')"
  major="${version%%.*}"; minor="$(echo "$version" | cut -d. -f2)"
  if [ "$major" -lt "$NODE_MIN_MAJOR" ] || { [ "$major" -eq "$NODE_MIN_MAJOR" ] && [ "$minor" -lt "$NODE_MIN_MINOR" ]; }; then
    fail "Node.js ${NODE_MIN_MAJOR}.${NODE_MIN_MINOR} or newer is needed; this machine has $version"
  fi
}

ensure_npm_modules() {
  # Install only when package-lock.json changed since the last install. (`npm install` rather than
  # `npm ci`: npm 11 omits other platforms' optional packages from the lock, which `npm ci` rejects.)
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing npm modules"
    npm install --no-audit --no-fund --loglevel=error
  fi
}

ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
    say "Installing tauri-driver $TAURI_DRIVER_VERSION"
    cargo install tauri-driver --locked --version "$TAURI_DRIVER_VERSION"
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
}

setup() {
  ensure_system_packages
  ensure_rust
  ensure_node
  ensure_npm_modules
  # The desktop crate embeds ui/dist at compile time, so the UI is built before any cargo command.
  say "Building the UI"
  npm run --silent ui:build >/dev/null
}

run_app() {
  setup
  say "Building and starting NeuroFlow Hub"
  cargo run --bin neuroflow-hub
}

# Runs a command headless: a virtual display, and a D-Bus session with an unlocked keyring so the
# OS keychain (Secret Service) works as on a desktop.
headless() {
  xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
    dbus-run-session -- "$ROOT/scripts/keyring-session.sh" "$@"
}

# Free space where the build goes: a full disk shows up as a linker's "IO failure", so the log says
# up front how much there was (a clean check writes about 5 GB without incremental caches, 9 with).
disk_free() { mkdir -p "$ROOT/target" && df -h --output=avail "$ROOT/target" | tail -1 | tr -d ' '; }

run_checks() {
  setup
  ensure_tauri_driver
  say "Free disk space for target/: $(disk_free)"
  say "rustfmt"
  cargo fmt --all --check
  # Clippy lints our crates as they compile (scripts/clippy-rustc says why): one build serves
  # clippy -D warnings, the tests, the templates' lint and the end-to-end tests.
  export RUSTC_WORKSPACE_WRAPPER="$ROOT/scripts/clippy-rustc"
  say "Build with clippy -D warnings (every target: libraries, binaries, tests)"
  cargo build --workspace --locked
  cargo test --workspace --locked --no-run
  # The app's sync tests run against the real workspace service (its own Cargo workspace, built
  # into the same target directory so that shared crates build once) on a private PostgreSQL.
  scripts/pg.sh ensure
  (cd server && CARGO_TARGET_DIR="$ROOT/target" cargo build --locked --bin neuroflow-server)
  say "Rust tests"
  # The fuzz target runs for a fixed time per target (crates/engine/tests/suite/fuzz.rs).
  NEUROFLOW_FUZZ_SECONDS="${NEUROFLOW_FUZZ_SECONDS:-20}" headless cargo test --workspace --locked
  scripts/pg.sh stop target/debug/sync-test-pg
  say "Template library lint (fair-housing wording, consent and review gates; docs/templates.md)"
  python3 templates/check.py target/debug/neuroflow
  say "Workspace service tests (PostgreSQL on 127.0.0.1)"
  CARGO_TARGET_DIR="$ROOT/target" server/scripts.sh check
  say "TypeScript type check"
  npm run --silent ui:typecheck
  say "UI tests"
  npm run --silent ui:test
  say "End-to-end tests (the real app under Xvfb)"
  # The update test installs a real version N+1 of the app (built from the same code).
  tests/e2e/build-next.sh
  headless scripts/own-group.sh npm run --silent e2e
  say "Airplane mode: the app and the CLI with only loopback, every connection recorded"
  scripts/own-group.sh tests/airplane/run.sh
  say "All checks passed (free disk space for target/ now: $(disk_free))"
}

run_bench() {
  ensure_system_packages
  ensure_rust
  if [[ " $* " == *" --analytics "* ]]; then
    say "Building the CLI without rollup counting, to measure what counting costs"
    cargo build --release --locked -p neuroflow-cli --features neuroflow-store/uncounted
    cp target/release/neuroflow target/release/neuroflow-uncounted
  fi
  say "Building the CLI and the benchmark in release mode"
  cargo build --release --locked -p neuroflow-cli -p neuroflow-bench
  say "Measuring (this machine: $(nproc) cores)"
  if [[ " $* " == *" --sync "* ]]; then
    say "Building the workspace service in release mode; measuring sync on a private PostgreSQL"
    cargo build --release --locked --bin neuroflow-bench-sync
    (cd server && CARGO_TARGET_DIR="$ROOT/target" cargo build --release --locked --bin neuroflow-server)
    scripts/pg.sh ensure
    target/release/neuroflow-bench-sync "$@"
    scripts/pg.sh stop target/release/sync-test-pg
  elif [[ " $* " == *" --peers "* ]]; then
    target/release/neuroflow-bench-peers "$@"
  else
    target/release/neuroflow-bench "$@"
  fi
}

run_bench_ui() {
  setup
  ensure_tauri_driver
  say "Building the app, the CLI and the benchmark in release mode"
  cargo build --release --locked --bin neuroflow-hub --bin neuroflow --bin neuroflow-bench
  if [[ " $* " == *" --analytics "* ]]; then
    say "Measuring the Analytics page (this machine: $(nproc) cores)"
    headless node scripts/bench-analytics-page.mjs "$@"
  elif [[ " $* " == *" --desktop "* ]]; then
    # The app's memory is compared with an empty Tauri window's (src-tauri/examples/empty-window.rs).
    cargo build --release --locked --example empty-window
    say "Measuring cold start, memory and idle CPU of the app (this machine: $(nproc) cores)"
    headless node scripts/bench-desktop.mjs "$@"
  else
    say "Measuring the editor (this machine: $(nproc) cores)"
    headless node scripts/bench-ui.mjs "$@"
  fi
}

case "${1:-}" in
  app) run_app ;;
  check) run_checks ;;
  server) ensure_system_packages; ensure_rust; shift; CARGO_TARGET_DIR="$ROOT/target" exec server/scripts.sh serve "$@" ;;
  bench) shift; run_bench "$@" ;;
  bench-ui) shift; run_bench_ui "$@" ;;
  release) shift; setup; exec scripts/release.sh "$@" ;;
  *)
    sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
