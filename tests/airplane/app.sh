#!/usr/bin/env bash
# The desktop app under strace, recording every connect() of it and of its children (WebKit's web and
# network processes included) into $NEUROFLOW_TRACE_DIR/app.PID.log. run.sh points the e2e harness
# here (NEUROFLOW_APP). seccomp-bpf keeps the cost to the traced call alone.
#
# strace leaves its tracees running when it is stopped, and the WebDriver stops the process it
# started (this one, which becomes strace): the app gets SIGTERM when its parent, strace, goes
# (setpriv --pdeathsig), so no app outlives its test and holds the test runner's output open.
target="${NEUROFLOW_TRACED_TARGET:-$(cd "$(dirname "$0")/../.." && pwd)/target}"
exec strace -f -qq --seccomp-bpf -ttt -e trace=connect -o "$NEUROFLOW_TRACE_DIR/app.$$.log" \
  setpriv --pdeathsig TERM "$target/debug/neuroflow-hub" "$@"
