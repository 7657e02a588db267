#!/usr/bin/env bash
# The CLI under strace, as app.sh does for the app: $NEUROFLOW_TRACE_DIR/cli.PID.log.
target="${NEUROFLOW_TRACED_TARGET:-$(cd "$(dirname "$0")/../.." && pwd)/target}"
exec strace -f -qq --seccomp-bpf -ttt -e trace=connect -o "$NEUROFLOW_TRACE_DIR/cli.$$.log" \
  setpriv --pdeathsig TERM "$target/debug/neuroflow" "$@"
