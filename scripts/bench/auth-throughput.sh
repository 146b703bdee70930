#!/usr/bin/env bash
# Authenticated vs public request throughput on one helyosd, in one run.
#
# Target (issue: foundation): authenticated GET /api/v1/whoami reaches at least 80% of the
# throughput of unauthenticated GET /api/v1/version. A verified token is cached, so Argon2id is
# paid once per token, not per request. Rounds alternate so drift on a shared machine hits both.
#
#   scripts/bench/auth-throughput.sh [SECONDS_PER_ROUND] [ROUNDS]
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib.sh"

SECONDS_PER_ROUND="${1:-10}"
ROUNDS="${2:-3}"
CONNECTIONS=32
THREADS=2

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
JAVA_HOME="$(find_jdk)"; export JAVA_HOME
ensure_built

work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 16999)"
token="bench-token-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"

HOME="$work" HELYOS_CONFIG="$work/config.toml" "$HELYOS_ROOT/scripts/helyosd" \
  --port "$port" --data-dir "$work/data" --api-token "$token" >"$work/helyosd.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/health" >/dev/null || { cat "$work/helyosd.log"; exit 1; }

rps() { # path [header]
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_ROUND}s" --latency)
  [ $# -gt 1 ] && args+=(-H "$2")
  wrk "${args[@]}" "http://127.0.0.1:$port$1" | awk '/Requests\/sec/ {print $2}'
}

echo "warming up (JIT, token cache)…"
wrk -t1 -c8 -d3s "http://127.0.0.1:$port/api/v1/version" >/dev/null
wrk -t1 -c8 -d3s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/whoami" >/dev/null

printf '%-6s %18s %18s %8s\n' round "version req/s" "whoami req/s" ratio
sum_v=0 sum_w=0
for round in $(seq 1 "$ROUNDS"); do
  v="$(rps /api/v1/version)"
  w="$(rps /api/v1/whoami "Authorization: Bearer $token")"
  ratio="$(awk -v w="$w" -v v="$v" 'BEGIN {printf "%.2f", w / v}')"
  printf '%-6s %18s %18s %8s\n' "$round" "$v" "$w" "$ratio"
  sum_v="$(awk -v a="$sum_v" -v b="$v" 'BEGIN {print a + b}')"
  sum_w="$(awk -v a="$sum_w" -v b="$w" 'BEGIN {print a + b}')"
done
ratio="$(awk -v w="$sum_w" -v v="$sum_v" 'BEGIN {printf "%.2f", w / v}')"
printf 'mean   %18.0f %18.0f %8s\n' "$(awk -v s="$sum_v" -v n="$ROUNDS" 'BEGIN {print s / n}')" \
  "$(awk -v s="$sum_w" -v n="$ROUNDS" 'BEGIN {print s / n}')" "$ratio"
awk -v r="$ratio" 'BEGIN { if (r >= 0.80) print "target (whoami >= 80% of version): met"; else print "target (whoami >= 80% of version): NOT met" }'
