#!/usr/bin/env bash
# One route change with real nginx on tables of 10, 1,000 and 10,000 routes, through helyosd: from
# POST /api/v1/routes for a new domain to the first successful request for it through nginx. The
# total is split into helyosd's share — the API call, building the desired state (snapshot_ms of
# GET /api/v1/cluster/config/proxy) and rendering and writing the changed file (the backend's log) —
# nginx -t (the backend's log), and the rest: nginx's reload until the new domain answers (with the
# client's polling).
#
# Target (issue: routing): work proportional to the change, so helyosd's share at 10,000 routes stays
# under 10% of the total. Uses helyosd's managed nginx on free loopback ports and the private test
# Docker engine of scripts/test-docker.sh (one busybox pod behind every route).
#
#   scripts/bench/proxy-nginx.sh [ROUNDS] [SIZES...]
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib.sh"
# shellcheck source=../test-docker.sh
source "$HELYOS_ROOT/scripts/test-docker.sh"

ROUNDS="${1:-3}"
shift || true
SIZES=("${@:-10 1000 10000}")
read -r -a SIZES <<<"${SIZES[*]}"
command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx >/dev/null; }
JAVA_HOME="$(find_jdk)"; export JAVA_HOME
ensure_built
start_test_docker >/dev/null

work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    call -o /dev/null -X DELETE "$api/projects/$project?force=true" 2>/dev/null || true
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  stop_test_docker
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)" http="$(free_port)" https="$(free_port)"
token="bench-token-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
api="http://127.0.0.1:$port/api/v1"
log="$work/helyosd.log"
project="bench$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"

HOME="$work" HELYOS_CONFIG="$work/config.toml" "$HELYOS_ROOT/scripts/helyosd" --tls off --port "$port" \
  --data-dir "$work/data" --api-token "$token" --proxy-backend nginx --proxy-manage --proxy-opt address=127.0.0.1 \
  --proxy-http-port "$http" --proxy-https-port "$https" --proxy-config-dir "$work/nginx" >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/health" >/dev/null || { cat "$log"; exit 1; }
call() { curl -sS -H "Authorization: Bearer $token" "$@"; }
call -o /dev/null -X POST -H 'Content-Type: application/json' -d "{\"name\":\"$project\"}" "$api/projects"
call -X POST -H 'Content-Type: application/yaml' --data-binary \
  "project: $project"$'\ndeployment:\n  name: web\nimage: '"$TEST_DOCKER_IMAGE"$'\nports: [8080]\n' "$api/deploy" >/dev/null
wait_for() { # SECONDS COMMAND...: runs COMMAND until it succeeds; fails the benchmark after SECONDS
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "gave up waiting for: $*" >&2; tail -5 "$log" >&2; exit 1; }
    sleep 0.05
  done
}
deployment_ready() { call "$api/deployments/$project/web" | grep -q '"status":"ready"'; }
wait_for 60 deployment_ready

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# POSTs a route; prints the request's own time in ms
add_route() { call -o /dev/null -w '%{time_total}' -X POST -H 'Content-Type: application/json' \
  -d "{\"domain\":\"$1\",\"project\":\"$project\",\"deployment\":\"web\"}" "$api/routes" | awk '{printf "%d", $1 * 1000}'; }
applied_routes() { call "$api/cluster/config/proxy" | grep -o '"routes":[0-9]*' | cut -d: -f2; }
applied_is() { [ "$(applied_routes)" = "$1" ]; }
answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $1" "http://127.0.0.1:$http/")" = 200 ]; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

have=0
printf '%-7s %-5s %9s %12s %12s %16s %7s\n' routes round "total ms" "helyosd ms" "nginx -t ms" "reload→200 ms" "share"
for size in "${SIZES[@]}"; do
  # grow the table to size-1 routes (in parallel), and wait until nginx has them all
  if [ "$have" -lt $((size - 1)) ]; then
    seq $((have + 1)) $((size - 1)) | xargs -P 4 -I{} curl -sS -o /dev/null -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d '{"domain":"r{}.bench.example","project":"'"$project"'","deployment":"web"}' "$api/routes"
    have=$((size - 1))
  fi
  wait_for 600 applied_is "$have"
  totals=() shares=()
  for round in $(seq 1 "$ROUNDS"); do
    domain="new-$size-$round.bench.example"
    lines_before="$(wc -l <"$log")"
    start="$(now_ms)"
    post_ms="$(add_route "$domain")"
    deadline=$(( $(date +%s) + 60 ))
    until answers "$domain"; do # no pause: the poll's own granularity counts against nginx's part
      [ "$(date +%s)" -lt "$deadline" ] || { echo "$domain never answered" >&2; tail -5 "$log" >&2; exit 1; }
    done
    total=$(( $(now_ms) - start ))
    sleep 0.5
    timing="$(tail -n +"$((lines_before + 1))" "$log" | grep -o 'write [0-9]* ms, nginx -t [0-9]* ms' | tail -1)"
    write="$(echo "$timing" | awk '{print $2}')" check="$(echo "$timing" | awk '{print $6}')"
    snapshot="$(call "$api/cluster/config/proxy" | grep -o '"snapshot_ms":[0-9]*' | cut -d: -f2)"
    ours=$(( post_ms + snapshot + write ))
    rest=$(( total - ours - check ))
    share="$(awk -v o="$ours" -v t="$total" 'BEGIN {printf "%.1f%%", 100 * o / t}')"
    printf '%-7s %-5s %9s %12s %12s %16s %7s\n' "$size" "$round" "$total" "$ours" "$check" "$rest" "$share"
    totals+=("$total") shares+=("$(awk -v o="$ours" -v t="$total" 'BEGIN {printf "%.1f", 100 * o / t}')")
    call -o /dev/null -X DELETE "$api/routes/$domain"
    wait_for 60 applied_is "$have"
  done
  printf '%-7s median total %s ms, helyosd share %s%%\n' "$size" "$(printf '%s\n' "${totals[@]}" | median)" \
    "$(printf '%s\n' "${shares[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
done
echo "target: helyosd's share under 10% of the total at 10,000 routes"
