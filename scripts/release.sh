#!/usr/bin/env bash
# ./dev.sh release [--debug]: the desktop app's release bundles and their signed update manifest.
#
# Builds the deb and rpm packages (and an AppImage where its build tools can be had: the bundler
# downloads them, so without internet that step is skipped with a message), signs every artifact
# with the update key given in the environment, and writes bundle/update/latest.json, the manifest
# the app's updater reads. The public key is built into the app, which refuses anything else.
#
# Environment:
#   TAURI_SIGNING_PRIVATE_KEY_PATH (or TAURI_SIGNING_PRIVATE_KEY)  the update key (see README)
#   TAURI_SIGNING_PRIVATE_KEY_PASSWORD                              its password ("" for none)
#   NEUROFLOW_UPDATE_PUBKEY        the key's public half (the .pub file's content), built in
#   NEUROFLOW_UPDATE_ENDPOINT      the manifest's address, built in as the default feed (optional)
#   NEUROFLOW_RELEASE_BASE_URL     where the artifacts will be served from (default: the
#                                  endpoint's directory)
# --debug builds the bundles from the debug profile: quick, for checking this script.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

profile=release
build_flags=()
if [[ "${1:-}" == "--debug" ]]; then profile=debug; build_flags=(--debug); fi

[[ -n "${TAURI_SIGNING_PRIVATE_KEY_PATH:-}${TAURI_SIGNING_PRIVATE_KEY:-}" ]] ||
  fail "no update key: set TAURI_SIGNING_PRIVATE_KEY_PATH (README: Releases and updates)"
[[ -n "${NEUROFLOW_UPDATE_PUBKEY:-}" ]] ||
  fail "set NEUROFLOW_UPDATE_PUBKEY to the content of the key's .pub file: the app verifies updates with it"
export TAURI_SIGNING_PRIVATE_KEY_PASSWORD="${TAURI_SIGNING_PRIVATE_KEY_PASSWORD:-}"
export NEUROFLOW_UPDATE_PUBKEY NEUROFLOW_UPDATE_ENDPOINT="${NEUROFLOW_UPDATE_ENDPOINT:-}"
base_url="${NEUROFLOW_RELEASE_BASE_URL:-${NEUROFLOW_UPDATE_ENDPOINT%/*}}"
[[ -n "$base_url" ]] || fail "set NEUROFLOW_RELEASE_BASE_URL (or NEUROFLOW_UPDATE_ENDPOINT): the manifest names where each artifact is"

version=$(node -p 'require("./tauri.conf.json").version')
target="${CARGO_TARGET_DIR:-target}"
bundles="$target/$profile/bundle"
tauri=node_modules/.bin/tauri

say "Building NeuroFlow Hub $version ($profile): deb and rpm"
npm run --silent ui:build >/dev/null
"$tauri" build "${build_flags[@]}" --bundles deb,rpm --ci
if "$tauri" build "${build_flags[@]}" --bundles appimage --ci; then
  appimage=yes
else
  appimage=no
  say "No AppImage: its build tools are downloaded by the bundler and could not be had here; the deb and rpm are built"
fi

say "Signing the artifacts for version $version"
mkdir -p "$bundles/update"
entries=()
add() { # add FILE PLATFORM...: signs FILE once and names it in the manifest for each PLATFORM
  local file=$1
  shift
  "$tauri" signer sign --app-version "$version" "$file" >/dev/null
  cp "$file" "$file.sig" "$bundles/update/"
  for platform in "$@"; do
    # The file's name is percent-encoded in its address ("NeuroFlow Hub_0.1.0_amd64.deb" has a space).
    entries+=("$(node -e 'const [p, base, name, sig] = process.argv.slice(1); console.log(JSON.stringify({ [p]: { url: `${base}/${encodeURIComponent(name)}`, signature: sig } }))' \
      "$platform" "$base_url" "$(basename "$file")" "$(cat "$file.sig")")")
  done
}
arch=$(uname -m)
add "$(ls "$bundles"/deb/*_"$version"_*.deb | head -1)" "linux-$arch-deb"
add "$(ls "$bundles"/rpm/*-"$version"-*.rpm | head -1)" "linux-$arch-rpm"
if [[ $appimage == yes ]]; then
  add "$(ls "$bundles"/appimage/*_"$version"_*.AppImage | head -1)" "linux-$arch-appimage" "linux-$arch"
fi

node -e '
  const [version, out, ...entries] = process.argv.slice(1);
  const platforms = Object.assign({}, ...entries.map((e) => JSON.parse(e)));
  const notes = process.env.NEUROFLOW_RELEASE_NOTES ?? `NeuroFlow Hub ${version}`;
  require("fs").writeFileSync(out, JSON.stringify({ version, notes, pub_date: new Date().toISOString(), platforms }, null, 2) + "\n");
' "$version" "$bundles/update/latest.json" "${entries[@]}"
say "Done: $bundles/update/ holds the artifacts, their signatures and latest.json; publish them at $base_url"
