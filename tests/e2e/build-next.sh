#!/usr/bin/env bash
# Builds "version N+1" of the desktop app for specs/updates.test.js: the same code with the version
# in tauri.conf.json raised by one patch, copied to target/e2e-next/neuroflow-hub, then rebuilds the
# normal app so target/debug/neuroflow-hub is version N again. Run from the repository root, e.g.
#   flock /tmp/nf-cargo.lock tests/e2e/build-next.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
current=$(node -p 'require("./tauri.conf.json").version')
next=$(node -p '(v => { const p = v.split("."); p[2] = String(Number(p[2]) + 1); return p.join("."); })(process.argv[1])' "$current")
target=${CARGO_TARGET_DIR:-target}
TAURI_CONFIG="{\"version\":\"$next\"}" cargo build -p neuroflow-hub --bin neuroflow-hub
mkdir -p "$target/e2e-next"
cp "$target/debug/neuroflow-hub" "$target/e2e-next/neuroflow-hub"
echo "$next" > "$target/e2e-next/VERSION"
cargo build -p neuroflow-hub --bin neuroflow-hub
echo "built version $next at $target/e2e-next/neuroflow-hub; target/debug/neuroflow-hub is $current again"
