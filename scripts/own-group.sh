#!/usr/bin/env bash
# Runs a command in a process group of its own and, when it ends, ends whatever it left behind in
# that group (an app restarted by its updater, a WebDriver whose spec timed out). A leftover holding
# the output pipe open would otherwise keep CI waiting long after the tests had finished.
# Usage: scripts/own-group.sh COMMAND [ARG...]; exits with the command's status.
set -uo pipefail
setsid -w "$@" &
leader=$!
wait "$leader"
status=$?
if pgrep -g "$leader" >/dev/null; then
  echo "own-group: ending what '$1' left running: $(pgrep -g "$leader" -d ' ' -l | tr '\n' ' ')" >&2
  kill -TERM -- "-$leader" 2>/dev/null
  sleep 2
  kill -KILL -- "-$leader" 2>/dev/null
fi
exit "$status"
