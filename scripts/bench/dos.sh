#!/usr/bin/env bash
# The unauthenticated denial-of-service probes (random methods into /metrics, Connection: close,
# idle / slowloris / short-body connections, an oversized chunked body, and more connections than
# the open-file limit) against this build's helyosd and, side by side, a BASELINE checkout's.
#   scripts/bench/dos.sh [BASELINE_DIR] [WINDOW_SECONDS]
# BASELINE_DIR: another Helyos checkout, already built (e.g. git worktree add /tmp/baseline <commit>).
# Each daemon runs under `ulimit -n 512` on a free loopback port with a scratch home.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib.sh"
JAVA_HOME="$(find_jdk)"; export JAVA_HOME
ensure_built
baseline="${1:-}"
window="${2:-20}"
here="$HELYOS_ROOT/scripts/bench"

run() { # name root extra-flags...
  local name="$1" root="$2"; shift 2
  local home port pid
  home="$(mktemp -d)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  (cd / && HOME="$home" HELYOS_CONFIG= setsid bash -c "ulimit -n 512; exec '$root/scripts/helyosd' --port $port --data-dir '$home/data' $*" \
     >"$home/out" 2>&1 &)
  for _ in $(seq 1 150); do grep -q ' serving ' "$home/out" 2>/dev/null && break; sleep 0.2; done
  pid="$(pgrep -f -- "--data-dir $home/data" | head -1)"
  local result
  local token
  token="$(sed -n 's/^  HELYOS_API_TOKEN=//p' "$home/out")"
  result="$(python3 "$here/dos.py" "$port" "$pid" "$window" 700 "$token")"
  # what is retained, not what the heap grew to: used heap after a full collection
  "$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null 2>&1 || true
  local heap
  heap="$("$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info 2>/dev/null | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -1)"
  local severe
  severe="$(grep -c 'SEVERE' "$home/out" || true)"
  kill "$pid" 2>/dev/null || true
  sleep 1; kill -9 "$pid" 2>/dev/null || true
  echo "$name $result {\"severe_log_lines\": $severe, \"heap_used_after_gc_mb\": $(( ${heap:-0} / 1024 ))}"
  rm -rf "$home"
}

short="--idle-timeout $((window / 2))s --header-timeout $((window / 2))s --body-timeout $((window / 2))s"
[ -n "$baseline" ] && run baseline "$baseline"
run current "$HELYOS_ROOT" "$short"
