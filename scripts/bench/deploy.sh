#!/usr/bin/env bash
# Deploy speed: from the deploy request to every replica answering HTTP on its published port,
# for 1 and for 10 replicas, beside the same containers started by a shell loop of
# `docker run -d --init -p 127.0.0.1::8080` (then `docker port` and the same HTTP polling), in one run.
#
# Targets (issue: deployments): helyos within 1.5x of the loop for 1 replica, and no slower than
# the loop for 10 (replicas start in parallel). Rounds alternate helyos / loop so drift on a shared
# machine hits both; the first round of each is a warm-up and not counted. Uses the private test
# engine of scripts/test-docker.sh and its busybox httpd image.
#
#   scripts/bench/deploy.sh [ROUNDS]
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib.sh"
# shellcheck source=../test-docker.sh
source "$HELYOS_ROOT/scripts/test-docker.sh"

ROUNDS="${1:-5}"
JAVA_HOME="$(find_jdk)"; export JAVA_HOME
ensure_built
start_test_docker >/dev/null
IMAGE="$TEST_DOCKER_IMAGE"

work="$(mktemp -d)"
pid=""
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; }
  test_docker ps -aq --filter label=helyos-bench=1 | xargs -r timeout 60 docker -H "$TEST_DOCKER_HOST" rm -f >/dev/null 2>&1 || true
  rm -rf "$work"
  stop_test_docker
}
trap cleanup EXIT
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 16998)"
token="bench-token-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
api="http://127.0.0.1:$port/api/v1"

HOME="$work" HELYOS_CONFIG="$work/config.toml" "$HELYOS_ROOT/scripts/helyosd" --tls off \
  --port "$port" --data-dir "$work/data" --api-token "$token" >"$work/helyosd.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/health" >/dev/null || { cat "$work/helyosd.log"; exit 1; }
call() { curl -sS -H "Authorization: Bearer $token" "$@"; }
call -X POST -H 'Content-Type: application/json' -d '{"name":"bench"}' "$api/projects" >/dev/null

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Waits until every host port given answers HTTP 200.
await_pages() {
  local p
  for p in "$@"; do
    until curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$p/"; do sleep 0.01; done
  done
}

helyos_round() { # replicas name -> milliseconds
  local n="$1" name="$2" start ports
  start="$(now_ms)"
  call -X POST -H 'Content-Type: application/json' \
    -d "{\"project\":\"bench\",\"deployment\":{\"name\":\"$name\"},\"image\":\"$IMAGE\",\"replicas\":$n,\"ports\":[8080]}" \
    "$api/deploy" >/dev/null
  while true; do
    ports="$(call "$api/deployments/bench/$name" | grep -o '"8080":[0-9]*' | cut -d: -f2 || true)"
    [ "$(printf '%s\n' "$ports" | grep -c .)" -eq "$n" ] && break
    sleep 0.01
  done
  # shellcheck disable=SC2086
  await_pages $ports
  echo $(( $(now_ms) - start ))
  call -X DELETE "$api/deployments/bench/$name" >/dev/null
}

loop_round() { # replicas -> milliseconds
  local n="$1" start ids=() id ports=()
  start="$(now_ms)"
  for _ in $(seq 1 "$n"); do
    ids+=("$(docker -H "$TEST_DOCKER_HOST" run -d --init --label helyos-bench=1 -p 127.0.0.1::8080 "$IMAGE")")
  done
  for id in "${ids[@]}"; do
    ports+=("$(docker -H "$TEST_DOCKER_HOST" port "$id" 8080 | head -n1 | sed 's/.*://')")
  done
  await_pages "${ports[@]}"
  echo $(( $(now_ms) - start ))
  docker -H "$TEST_DOCKER_HOST" rm -f "${ids[@]}" >/dev/null
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

echo "engine: $(test_docker version --format '{{.Server.Version}}'), $(nproc) cores; $ROUNDS counted rounds after one warm-up"
for n in 1 10; do
  h=() l=()
  for round in $(seq 0 "$ROUNDS"); do
    ht="$(helyos_round "$n" "r$n-$round")"
    lt="$(loop_round "$n")"
    [ "$round" -eq 0 ] && continue
    h+=("$ht") l+=("$lt")
  done
  hm="$(printf '%s\n' "${h[@]}" | median)"
  lm="$(printf '%s\n' "${l[@]}" | median)"
  ratio="$(awk -v a="$hm" -v b="$lm" 'BEGIN {printf "%.2f", a / b}')"
  target="$([ "$n" -eq 1 ] && echo 1.5 || echo 1.0)"
  verdict="$(awk -v r="$ratio" -v t="$target" 'BEGIN {print (r <= t) ? "met" : "NOT met"}')"
  printf '%2d replica(s): helyos median %5d ms  [%s]\n' "$n" "$hm" "${h[*]}"
  printf '               docker run loop %5d ms  [%s]\n' "$lm" "${l[*]}"
  printf '               ratio %s (target <= %s): %s\n' "$ratio" "$target" "$verdict"
done
