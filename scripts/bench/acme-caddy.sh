#!/usr/bin/env bash
# Automatic HTTPS beside Caddy, against one Pebble (Let's Encrypt's test CA) in one run: from adding
# HTTPS sites to every one of them answering with a certificate that verifies against Pebble's
# issuing root (curl --cacert), for 1 site and for 50 sites added at once.
#   helyos: managed nginx, the busybox test page behind every route; the sites are POST /api/v1/routes
#           with tls_mode auto (the 50 fired concurrently).
#   Caddy:  Debian's caddy (installed when missing), `caddy run` with its own JSON config on a loopback
#           admin port (never the system service); the sites are one POST /load holding all of them,
#           each answering `ok`.
# Both validate HTTP-01 on Pebble's httpPort: nginx listens on 127.0.0.1, Caddy on 127.0.0.2 (same
# port), and pebble-challtestsrv resolves helyos's names to 127.0.0.1 and Caddy's to 127.0.0.2. Pebble
# runs with PEBBLE_VA_NOSLEEP=1, PEBBLE_AUTHZREUSE=0 (and every round uses new names) and
# PEBBLE_WFE_NONCEREJECT=0 (no random bad-nonce retries on either side). Caddy's TLS-ALPN challenge is
# off (helyos uses HTTP-01 only) and so is its OCSP stapling (Pebble has no responder).
#
# Targets (issue: automatic TLS): helyos no slower than Caddy for 1 site, and at most half Caddy's time
# for 50. Rounds alternate helyos / Caddy; the first 1-site round of each is a warm-up (account
# registration, JIT) and not counted. Caddy throttles its own issuance (10 per 10 s), so every Caddy
# round starts after an 11 s pause to begin with an empty window. Uses the private test engine of
# scripts/test-docker.sh and its busybox httpd image.
#
#   scripts/bench/acme-caddy.sh [ROUNDS] [SITES]   (SITES: the larger size, 50 by default)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib.sh"
# shellcheck source=../test-docker.sh
source "$HELYOS_ROOT/scripts/test-docker.sh"

ROUNDS="${1:-3}"
MANY="${2:-50}"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
for program in caddy:caddy pebble:pebble nginx:nginx; do
  command -v "${program%%:*}" >/dev/null || missing+=("${program#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
JAVA_HOME="$(find_jdk)"; export JAVA_HOME
ensure_built
start_test_docker >/dev/null

work="$(mktemp -d)"
runtime="$(mktemp -d -p /dev/shm helyos-bench-XXXXXX)"
pids=() # started here, stopped in reverse order
helyosd_pid=""
cleanup() {
  local i
  if [ -n "$helyosd_pid" ]; then
    call -o /dev/null -X DELETE "$api/projects/$project?force=true" 2>/dev/null || true
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  rm -rf "$work" "$runtime"
  stop_test_docker
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
free_udp_port() { python3 -c 'import socket; s=socket.socket(type=socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
log="$work/helyosd.log"
caddy_log="$work/caddy.log"
fail() { # MESSAGE: stops the benchmark with the ends of the logs
  echo "$1" >&2
  for f in "$log" "$caddy_log" "$work/pebble/pebble.log"; do
    [ -f "$f" ] && { echo "--- last lines of $f" >&2; tail -n 8 "$f" >&2; }
  done
  exit 1
}
wait_for() { # SECONDS WHAT COMMAND...: runs COMMAND until it succeeds; stops the benchmark after SECONDS
  local seconds="$1" what="$2" deadline=$(( $(date +%s) + $1 )); shift 2
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "gave up after $seconds s waiting for $what"
    sleep 0.05
  done
}

# --- Pebble, pebble-challtestsrv as its DNS (every name 127.0.0.1 unless told otherwise)
http="$(free_port)"            # Pebble's httpPort: nginx on 127.0.0.1 and Caddy on 127.0.0.2 both serve HTTP here
acme="$(free_port)" pebble_mgmt="$(free_port)" dns="$(free_udp_port)" chall_mgmt="$(free_port)"
mkdir -p "$work/pebble"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/pebble/api.key" \
  -out "$work/pebble/api.pem" -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -days 2 2>/dev/null
cat >"$work/pebble/pebble.json" <<EOF
{"pebble": {"listenAddress": "127.0.0.1:$acme", "managementListenAddress": "127.0.0.1:$pebble_mgmt",
  "certificate": "$work/pebble/api.pem", "privateKey": "$work/pebble/api.key", "httpPort": $http, "tlsPort": $(free_port),
  "ocspResponderURL": "", "externalAccountBindingRequired": false}}
EOF
pebble-challtestsrv -dns01 "127.0.0.1:$dns" -http01 "" -https01 "" -tlsalpn01 "" -management "127.0.0.1:$chall_mgmt" \
  -defaultIPv4 127.0.0.1 -defaultIPv6 "" >"$work/pebble/challtestsrv.log" 2>&1 &
pids+=($!)
PEBBLE_VA_NOSLEEP=1 PEBBLE_AUTHZREUSE=0 PEBBLE_WFE_NONCEREJECT=0 \
  pebble -config "$work/pebble/pebble.json" -dnsserver "127.0.0.1:$dns" >"$work/pebble/pebble.log" 2>&1 &
pids+=($!)
directory="https://127.0.0.1:$acme/dir"
wait_for 20 "Pebble's directory at $directory" curl -sf -o /dev/null --cacert "$work/pebble/api.pem" "$directory"
root="$work/pebble/root.pem" # the root Pebble issues under (new at every start)
curl -sf --cacert "$work/pebble/api.pem" "https://127.0.0.1:$pebble_mgmt/roots/0" >"$root"
caddy_names() { # NAMES...: challtestsrv resolves them to Caddy's address
  local name
  for name in "$@"; do
    curl -sf -o /dev/null -d "{\"host\":\"$name\",\"addresses\":[\"127.0.0.2\"]}" "http://127.0.0.1:$chall_mgmt/add-a" \
      || fail "challtestsrv refused an A record for $name"
  done
}

# --- helyosd with its own nginx on 127.0.0.1, ACME against Pebble; one busybox pod behind every route
port="$(free_port)" https_helyos="$(free_port)"
token="bench-token-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
api="http://127.0.0.1:$port/api/v1"
project="bench$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
HOME="$work" HELYOS_CONFIG="$work/config.toml" "$HELYOS_ROOT/scripts/helyosd" --tls off --port "$port" \
  --data-dir "$work/data" --runtime-dir "$runtime" --api-token "$token" \
  --proxy-backend nginx --proxy-manage --proxy-opt address=127.0.0.1 --proxy-config-dir "$work/nginx" \
  --proxy-http-port "$http" --proxy-https-port "$https_helyos" \
  --acme-email bench@example.com --acme-ca acme --acme-directory "$directory" --acme-ca-root "$work/pebble/api.pem" \
  >"$log" 2>&1 &
helyosd_pid=$!
pids+=("$helyosd_pid")
wait_for 60 "helyosd's /health" curl -sf -o /dev/null "http://127.0.0.1:$port/health"
call() { curl -sS -H "Authorization: Bearer $token" "$@"; }
call -o /dev/null -X POST -H 'Content-Type: application/json' -d "{\"name\":\"$project\"}" "$api/projects"
call -o /dev/null -X POST -H 'Content-Type: application/yaml' --data-binary \
  "project: $project"$'\ndeployment:\n  name: web\nimage: '"$TEST_DOCKER_IMAGE"$'\nports: [8080]\n' "$api/deploy"
deployment_ready() { call "$api/deployments/$project/web" | grep -q '"status":"ready"'; }
wait_for 60 "the busybox deployment to be ready" deployment_ready
applied_routes() { call "$api/cluster/config/proxy" | grep -o '"routes":[0-9]*' | cut -d: -f2; }
no_routes_applied() { [ "$(applied_routes)" = 0 ]; }

# --- Caddy on 127.0.0.2 with a config of its own (storage, autosave and logs in the temp dir)
https_caddy="$(free_port)" caddy_admin="$(free_port)"
caddy_config() { # NAMES...: the whole config, serving `ok` on those names
  local routes="[]" hosts
  if [ $# -gt 0 ]; then
    hosts="$(printf '"%s",' "$@")"
    routes="[{\"match\":[{\"host\":[${hosts%,}]}],\"handle\":[{\"handler\":\"static_response\",\"body\":\"ok\"}],\"terminal\":true}]"
  fi
  cat <<EOF
{"admin": {"listen": "127.0.0.1:$caddy_admin"},
 "storage": {"module": "file_system", "root": "$work/caddy/storage"},
 "apps": {
  "http": {"http_port": $http, "https_port": $https_caddy,
           "servers": {"bench": {"listen": ["127.0.0.2:$https_caddy"], "routes": $routes}}},
  "tls": {"automation": {"policies": [{"disable_ocsp_stapling": true, "issuers": [{"module": "acme", "ca": "$directory",
          "email": "bench@example.com", "trusted_roots_pem_files": ["$work/pebble/api.pem"],
          "challenges": {"bind_host": "127.0.0.2", "http": {"alternate_port": $http}, "tls-alpn": {"disabled": true}}}]}]}}}}
EOF
}
caddy_load() { # NAMES...: one POST /load with exactly those sites
  caddy_config "$@" | curl -sSf -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary @- \
    "http://127.0.0.1:$caddy_admin/load" || fail "caddy refused its config"
}
mkdir -p "$work/caddy"
caddy_config >"$work/caddy/initial.json"
HOME="$work/caddy" XDG_CONFIG_HOME="$work/caddy/config" XDG_DATA_HOME="$work/caddy/data" \
  caddy run --config "$work/caddy/initial.json" >"$caddy_log" 2>&1 &
pids+=($!)
wait_for 20 "Caddy's admin API" curl -sf -o /dev/null "http://127.0.0.1:$caddy_admin/config/"

# --- the measurements
serves() { # ADDRESS PORT NAME TEXT: the page over HTTPS, its certificate verified against Pebble's root
  curl -s --max-time 2 --cacert "$root" --resolve "$3:$2:$1" "https://$3:$2/" 2>/dev/null | grep -qF "$4"
}
await_sites() { # SECONDS ADDRESS PORT TEXT NAMES...
  local deadline=$(( $(date +%s) + $1 )) address="$2" port="$3" text="$4" name
  shift 4
  for name in "$@"; do
    until serves "$address" "$port" "$name" "$text"; do
      [ "$(date +%s)" -lt "$deadline" ] || fail "gave up: https://$name:$port/ ($address) not served with a valid certificate within the time limit"
      sleep 0.02
    done
  done
}
limit() { [ "$1" -eq 1 ] && echo 120 || echo 600; } # seconds before a round counts as hung

helyos_round() { # NAMES... -> milliseconds
  local start elapsed
  start="$(now_ms)"
  printf '%s\n' "$@" | xargs -P "$#" -I{} curl -sS -o /dev/null -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"domain":"{}","project":"'"$project"'","deployment":"web","tls_mode":"auto"}' "$api/routes"
  await_sites "$(limit $#)" 127.0.0.1 "$https_helyos" "helyos test page" "$@"
  elapsed=$(( $(now_ms) - start ))
  printf '%s\n' "$@" | xargs -P 8 -I{} curl -sS -o /dev/null -H "Authorization: Bearer $token" -X DELETE "$api/routes/{}"
  wait_for 60 "helyosd to remove the round's routes" no_routes_applied
  echo "$elapsed"
}

caddy_round() { # NAMES... -> milliseconds
  local start elapsed
  caddy_names "$@"
  sleep 11 # an empty throttle window (see the header)
  start="$(now_ms)"
  caddy_load "$@"
  await_sites "$(limit $#)" 127.0.0.2 "$https_caddy" ok "$@"
  elapsed=$(( $(now_ms) - start ))
  caddy_load
  echo "$elapsed"
}

names() { # PREFIX COUNT
  local i
  for i in $(seq 1 "$2"); do echo "$1-$i.bench.example.com"; done
}

# helyosd's own figure per certificate ("issued ... in N ms") for the names given
issue_times() {
  local name
  for name in "$@"; do
    grep -o "certificate for $name issued .* in [0-9]* ms" "$log" | tail -1 | awk '{print $(NF-1)}'
  done
}

echo "caddy $(caddy version | cut -d' ' -f1), pebble $(dpkg-query -W -f='${Version}' pebble 2>/dev/null), $(nproc) cores;" \
  "$ROUNDS counted rounds, one 1-site warm-up"
for n in 1 "$MANY"; do
  h=() c=() own=()
  first=1; [ "$n" -eq 1 ] && first=0
  for round in $(seq "$first" "$ROUNDS"); do
    mapfile -t hnames < <(names "h$n-r$round" "$n")
    mapfile -t cnames < <(names "c$n-r$round" "$n")
    ht="$(helyos_round "${hnames[@]}")"
    ct="$(caddy_round "${cnames[@]}")"
    mapfile -t issued < <(issue_times "${hnames[@]}")
    imax="$(printf '%s\n' "${issued[@]}" | sort -n | tail -1)"
    printf '  %2d site(s) round %d%s: helyos %6d ms (slowest order in helyosd %s ms), caddy %6d ms\n' \
      "$n" "$round" "$([ "$round" -eq 0 ] && echo ' (warm-up)')" "$ht" "${imax:-?}" "$ct"
    [ "$round" -eq 0 ] && continue
    h+=("$ht") c+=("$ct") own+=("${imax:-0}")
  done
  hm="$(printf '%s\n' "${h[@]}" | median)"
  cm="$(printf '%s\n' "${c[@]}" | median)"
  ratio="$(awk -v a="$hm" -v b="$cm" 'BEGIN {printf "%.2f", a / b}')"
  target="$([ "$n" -eq 1 ] && echo 1.0 || echo 0.5)"
  verdict="$(awk -v r="$ratio" -v t="$target" 'BEGIN {print (r <= t) ? "met" : "NOT met"}')"
  printf '%2d site(s): helyos median %6d ms  [%s]\n' "$n" "$hm" "${h[*]}"
  printf '            caddy  median %6d ms  [%s]\n' "$cm" "${c[*]}"
  printf '            ratio helyos/caddy %s (target <= %s): %s\n' "$ratio" "$target" "$verdict"
done
