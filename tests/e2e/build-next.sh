#!/usr/bin/env bash
# Builds "version N+1" of the desktop app for specs/updates.test.js: the same code with the version
# in tauri.conf.json raised by one patch, copied to target/e2e-next/neuroflow-hub, then rebuilds the
# normal app so target/debug/neuroflow-hub is version N again. ./dev.sh check runs it before the
# end-to-end tests; it does nothing when N+1 was built from the app that target/debug holds now.
set -euo pipefail
cd "$(dirname "$0")/../.."
current=$(node -p 'require("./tauri.conf.json").version')
next=$(node -p '(v => { const p = v.split("."); p[2] = String(Number(p[2]) + 1); return p.join("."); })(process.argv[1])' "$current")
target=${CARGO_TARGET_DIR:-target}
stamp="$target/e2e-next/BUILT_AGAINST"
if [ -f "$stamp" ] && [ -f "$target/debug/neuroflow-hub" ] &&
  [ "$(sha256sum < "$target/debug/neuroflow-hub")" = "$(cat "$stamp")" ]; then
  echo "version $(cat "$target/e2e-next/VERSION") at $target/e2e-next/neuroflow-hub is up to date"
  exit 0
fi
TAURI_CONFIG="{\"version\":\"$next\"}" cargo build -p neuroflow-hub --bin neuroflow-hub
mkdir -p "$target/e2e-next"
cp "$target/debug/neuroflow-hub" "$target/e2e-next/neuroflow-hub"
echo "$next" > "$target/e2e-next/VERSION"
cargo build -p neuroflow-hub --bin neuroflow-hub
sha256sum < "$target/debug/neuroflow-hub" > "$stamp"
echo "built version $next at $target/e2e-next/neuroflow-hub; target/debug/neuroflow-hub is $current again"
