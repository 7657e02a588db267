#!/usr/bin/env bash
# Airplane mode, proved: the real app and the CLI in a network namespace that has only loopback,
# every connect() they and WebKit's processes make recorded by strace (app.sh, cli.sh). Runs the
# end-to-end specs there — organizations and workflows (app), the editor (nodes added from the
# palette and connected), templates, analytics, changes from the CLI, agents and teams on a local
# model server (a loopback stand-in for Ollama), and the start-up check (startup.test.js: zero
# connections while the app starts) — then fails if any connection left loopback or asked DNS
# (connections.mjs).
#   tests/airplane/run.sh [SPEC...]     (needs the debug app and CLI built; SPEC relative to tests/e2e)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
export NEUROFLOW_TRACE_DIR="$(mktemp -d /tmp/neuroflow-airplane.XXXXXX)"
export NEUROFLOW_TRACED_TARGET="${NEUROFLOW_TRACED_TARGET:-$(cd target && pwd -P)}"
specs=("$@")
[[ ${#specs[@]} -gt 0 ]] || specs=(../airplane/startup.test.js specs/app.test.js specs/editor-drop.test.js specs/templates.test.js specs/analytics.test.js specs/changes.test.js specs/agents.test.js)
# A network namespace needs root; without it, a user namespace maps this user to root inside.
unshare=(unshare --net)
[[ $(id -u) -eq 0 ]] || unshare=(unshare --user --map-root-user --net)
echo "traces: $NEUROFLOW_TRACE_DIR"
"${unshare[@]}" -- bash -s -- "${specs[@]}" <<'INSIDE'
set -euo pipefail
ip link set lo up
if curl -s -m 3 -o /dev/null https://1.1.1.1 2>/dev/null; then echo "this namespace reaches the internet: not airplane mode" >&2; exit 1; fi
export NEUROFLOW_APP="$PWD/tests/airplane/app.sh" NEUROFLOW_CLI="$PWD/tests/airplane/cli.sh"
cd tests/e2e
xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" dbus-run-session -- ../../scripts/keyring-session.sh \
  node --test --test-concurrency=1 --test-timeout=300000 --test-force-exit "$@"
INSIDE
node tests/airplane/connections.mjs "$NEUROFLOW_TRACE_DIR"
