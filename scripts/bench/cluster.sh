#!/usr/bin/env bash
# Three helyosd nodes on one PostgreSQL, in one run (issue: several nodes on one PostgreSQL):
#   1. a route change on one node → the first 200 for it through every node's nginx, p50/p99, the node
#      written to (API → store → its own render and nginx reload: the proxy's own time) beside the
#      two others (plus the store's LISTEN/NOTIFY to them). Target: the others' p99 under 1 s plus the
#      written node's p99.
#   2. SITES HTTPS sites (50) added at once, spread over the 3 nodes → every one served with a certificate
#      that verifies against Pebble's root by all three nginx, and the number of certificates Pebble
#      issued for them. Targets: exactly SITES, and no slower than 1.5× the single-node helyos figure of
#      scripts/bench/acme-caddy.sh, which this script runs first, in the same run.
#   3. MapDB vs PostgreSQL latency of one get, put and compare-and-set (scripts/bench/StoreLatency.java),
#      as a table.
# Each node has its own data dir (node 1's master.key copied), runtime dir and managed nginx, on its own
# loopback address (127.0.0.1, .2, .3) and the same ports, so that Pebble's HTTP-01 reaches whichever
# node pebble-challtestsrv resolves a name to: the names of part 2 are spread over the three addresses
# independently of the node the route was added through. Node 1 runs the busybox page (the private
# engine of scripts/test-docker.sh); nodes 2 and 3 have no engine and send to node 1's pod. PostgreSQL is
# the private one of scripts/test-postgres.sh, on loopback.
#
#   scripts/bench/cluster.sh [ROUNDS] [CHANGES] [SITES]   (3, 30 route changes, 50 sites)
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib.sh"
# shellcheck source=../test-docker.sh
source "$HELYOS_ROOT/scripts/test-docker.sh"
# shellcheck source=../test-postgres.sh
source "$HELYOS_ROOT/scripts/test-postgres.sh"

ROUNDS="${1:-3}"
CHANGES="${2:-30}"
SITES="${3:-50}"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
for program in pebble:pebble nginx:nginx curl:curl psql:postgresql; do
  command -v "${program%%:*}" >/dev/null || missing+=("${program#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
JAVA_HOME="$(find_jdk)"; export JAVA_HOME
ensure_built

echo "== single node, for part 2's baseline: scripts/bench/acme-caddy.sh $ROUNDS $SITES"
single_log="$(mktemp)"
"$HELYOS_ROOT/scripts/bench/acme-caddy.sh" "$ROUNDS" "$SITES" | tee "$single_log"
single_ms="$(sed -n "s/^ *$SITES site(s): helyos median *\([0-9]*\) ms.*/\1/p" "$single_log")"
rm -f "$single_log"
[ -n "$single_ms" ] || { echo "acme-caddy.sh printed no $SITES-site helyos median" >&2; exit 1; }

start_test_docker >/dev/null
start_test_postgres >/dev/null
work="$(mktemp -d)"
pids=() # started here, stopped in reverse order
cleanup() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  rm -rf "$work" /dev/shm/helyos-bench-cluster-"$$"-*
  stop_test_postgres
  stop_test_docker
}
trap cleanup EXIT
# below the ephemeral range (32768 and up here), which the engine's published pod ports draw from
free_port() {
  python3 -c '
import random, socket
while True:
    s = socket.socket(); port = random.randrange(16384, 32768)
    try: s.bind(("127.0.0.1", port)); print(port); break
    except OSError: pass
    finally: s.close()'
}
free_udp_port() { python3 -c 'import socket; s=socket.socket(type=socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
percentile() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int((NR*p+99)/100); if (i<1) i=1; print a[i]}'; }
fail() { # MESSAGE: stops the benchmark with the ends of the logs
  echo "$1" >&2
  for f in "$work"/node*.log "$work/pebble/pebble.log"; do
    [ -f "$f" ] && { echo "--- last lines of $f" >&2; tail -n 8 "$f" >&2; }
  done
  exit 1
}
wait_for() { # SECONDS WHAT COMMAND...
  local seconds="$1" what="$2" deadline=$(( $(date +%s) + $1 )); shift 2
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "gave up after $seconds s waiting for $what"
    sleep 0.05
  done
}

# --- Pebble, with pebble-challtestsrv as its DNS (names default to 127.0.0.1; part 2 spreads them)
http="$(free_port)" https="$(free_port)"
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
wait_for 20 "Pebble's directory" curl -sf -o /dev/null --cacert "$work/pebble/api.pem" "$directory"
root="$work/pebble/root.pem"
curl -sf --cacert "$work/pebble/api.pem" "https://127.0.0.1:$pebble_mgmt/roots/0" >"$root"
issued() { grep -c "Issued certificate serial" "$work/pebble/pebble.log" || true; }

# --- three nodes on the test PostgreSQL
token="bench-token-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
api_ports=()
start_node() { # INDEX DOCKER_HOST
  local i="$1" port
  port="$(free_port)"
  api_ports[i]="$port"
  mkdir -p "$work/node$i/data"
  [ "$i" -eq 1 ] || install -m 600 "$work/node1/data/master.key" "$work/node$i/data/master.key"
  DOCKER_HOST="$2" HOME="$work/node$i" HELYOS_CONFIG="$work/node$i/config.toml" "$HELYOS_ROOT/scripts/helyosd" \
    --tls off --port "$port" --data-dir "$work/node$i/data" --runtime-dir "$(mktemp -d -p /dev/shm "helyos-bench-cluster-$$-XXXXXX")" \
    --api-token "$token" --node-name "node$i" --heartbeat-interval 1s \
    --store postgres --store-opt "url=$HELYOS_TEST_PG_URL" --store-opt "user=$HELYOS_TEST_PG_USER" \
    --store-opt "password-file=$HELYOS_TEST_PG_PASSWORD_FILE" \
    --proxy-backend nginx --proxy-manage --proxy-opt "address=127.0.0.$i" --proxy-config-dir "$work/node$i/nginx" \
    --proxy-http-port "$http" --proxy-https-port "$https" \
    --acme-email bench@example.com --acme-ca acme --acme-directory "$directory" --acme-ca-root "$work/pebble/api.pem" \
    >"$work/node$i.log" 2>&1 &
  pids+=($!)
  wait_for 90 "node $i's /health" curl -sf -o /dev/null "http://127.0.0.1:$port/health"
}
start_node 1 "$DOCKER_HOST"
start_node 2 "unix://$work/no-engine.sock"
start_node 3 "unix://$work/no-engine.sock"
api() { echo "http://127.0.0.1:${api_ports[$1]}/api/v1"; }
project="bench$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
curl -sS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/yaml' --data-binary \
  "project: $project"$'\ndeployment:\n  name: web\nimage: '"$TEST_DOCKER_IMAGE"$'\nports: [8080]\n' "$(api 1)/deploy"
ready() { curl -sS -H "Authorization: Bearer $token" "$(api 3)/deployments/$project/web" | grep -q '"status":"ready"'; }
wait_for 90 "the busybox deployment to be ready (as node 3 sees it)" ready
nodes_up() { [ "$(curl -sS -H "Authorization: Bearer $token" "$(api 2)/nodes" | grep -o '"status":"up"' | wc -l)" -eq 3 ]; }
wait_for 30 "three nodes up" nodes_up
add_route() { # NODE DOMAIN TLS_MODE
  curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"domain\":\"$2\",\"project\":\"$project\",\"deployment\":\"web\",\"tls_mode\":\"$3\"}" "$(api "$1")/routes"
}
delete_route() { curl -sS -o /dev/null -H "Authorization: Bearer $token" -X DELETE "$(api "$1")/routes/$2"; }

echo
echo "helyos $(git -C "$HELYOS_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nginx -v 2>&1 | cut -d/ -f2)," \
  "PostgreSQL $(psql --version | awk '{print $3}'), pebble $(dpkg-query -W -f='${Version}' pebble 2>/dev/null), $(nproc) cores"

# --- 1. a route change → first 200 through every node's nginx
echo "== 1. route change on one node → first 200 through each node's nginx ($CHANGES changes, written to node 1, 2, 3 in turn)"
route_change() { # WRITER DOMAIN: one line per node 1..3, ms to its nginx's first 200
  python3 "$HELYOS_ROOT/scripts/bench/route_change.py" "$(api "$1")" "$token" \
    "{\"domain\":\"$2\",\"project\":\"$project\",\"deployment\":\"web\",\"tls_mode\":\"none\"}" \
    "$2" "$http" 127.0.0.1 127.0.0.2 127.0.0.3
}
: >"$work/written" ; : >"$work/others"
for c in $(seq 1 "$CHANGES"); do
  writer=$(( (c - 1) % 3 + 1 ))
  domain="change-$c.$project.example.com"
  mapfile -t t < <(route_change "$writer" "$domain")
  [ "${#t[@]}" -eq 3 ] || fail "the route change for $domain through node $writer failed"
  for n in 1 2 3; do
    [ "${t[n-1]}" != timeout ] || fail "node $n's nginx did not serve $domain within 30 s"
    if [ "$n" -eq "$writer" ]; then echo "${t[n-1]}" >>"$work/written"; else echo "${t[n-1]}" >>"$work/others"; fi
  done
  delete_route "$writer" "$domain"
  sleep 0.5 # the removal is applied everywhere before the next change
done
w50="$(percentile 50 <"$work/written")" w99="$(percentile 99 <"$work/written")"
o50="$(percentile 50 <"$work/others")" o99="$(percentile 99 <"$work/others")"
printf '| through | samples | p50 ms | p99 ms |\n|---|---:|---:|---:|\n'
printf '| the node written to (its own render + nginx reload) | %d | %d | %d |\n' "$(wc -l <"$work/written")" "$w50" "$w99"
printf '| the two other nodes (+ LISTEN/NOTIFY) | %d | %d | %d |\n' "$(wc -l <"$work/others")" "$o50" "$o99"
printf 'target: other nodes p99 %d ms <= 1000 + %d ms: %s\n' "$o99" "$w99" "$([ "$o99" -le $(( 1000 + w99 )) ] && echo met || echo 'NOT met')"

# --- 2. SITES HTTPS sites at once, spread over the nodes
echo
echo "== 2. $SITES HTTPS sites added at once through nodes 1, 2, 3 in turn → verified on all three nginx"
verified() { # ADDRESS DOMAIN
  curl -s -o /dev/null --max-time 2 --cacert "$root" --resolve "$2:$https:$1" -w '%{http_code}' "https://$2:$https/" 2>/dev/null | grep -q 200
}
times=()
for round in $(seq 1 "$ROUNDS"); do
  names=()
  for s in $(seq 1 "$SITES"); do
    name="site-$s.r$round.$project.example.com"
    names+=("$name")
    # the CA reaches the node of this address, whichever node the route was added through
    curl -sf -o /dev/null -d "{\"host\":\"$name\",\"addresses\":[\"127.0.0.$(( (s + round) % 3 + 1 ))\"]}" \
      "http://127.0.0.1:$chall_mgmt/add-a" || fail "challtestsrv refused an A record for $name"
  done
  before="$(issued)"
  start="$(now_ms)"
  for s in $(seq 1 "$SITES"); do
    add_route $(( (s - 1) % 3 + 1 )) "${names[s-1]}" auto >"$work/code$s" &
  done
  wait
  for s in $(seq 1 "$SITES"); do [ "$(cat "$work/code$s")" = 201 ] || fail "route ${names[s-1]} answered $(cat "$work/code$s")"; done
  deadline=$(( $(date +%s) + 600 ))
  for name in "${names[@]}"; do
    for n in 1 2 3; do
      until verified "127.0.0.$n" "$name"; do
        [ "$(date +%s)" -lt "$deadline" ] || fail "https://$name/ not served with a verified certificate by node $n within 600 s"
        sleep 0.02
      done
    done
  done
  elapsed=$(( $(now_ms) - start ))
  orders=$(( $(issued) - before ))
  printf '  round %d: %d sites verified on 3 nodes in %d ms; Pebble issued %d certificates (target %d)\n' \
    "$round" "$SITES" "$elapsed" "$orders" "$SITES"
  [ "$orders" -eq "$SITES" ] || echo "  target NOT met: $orders certificates for $SITES sites"
  times+=("$elapsed")
  for s in $(seq 1 "$SITES"); do delete_route $(( (s - 1) % 3 + 1 )) "${names[s-1]}" & done
  wait
done
cluster_ms="$(printf '%s\n' "${times[@]}" | median)"
ratio="$(awk -v a="$cluster_ms" -v b="$single_ms" 'BEGIN {printf "%.2f", a / b}')"
printf '| %d HTTPS sites | median ms | rounds |\n|---|---:|---|\n' "$SITES"
printf '| 3 nodes, verified on every node | %d | %s |\n' "$cluster_ms" "${times[*]}"
printf '| 1 node (acme-caddy.sh, same run) | %d | |\n' "$single_ms"
printf 'ratio 3 nodes / 1 node %s (target <= 1.50): %s\n' "$ratio" \
  "$(awk -v r="$ratio" 'BEGIN {print (r <= 1.5) ? "met" : "NOT met"}')"

# --- 3. store latency
echo
echo "== 3. one call at a time: MapDB (a file here) vs PostgreSQL (a private server on loopback)"
mkdir -p "$work/mapdb"
"$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -Djava.util.logging.config.file=/dev/null -cp "$HELYOS_INSTALL/lib/*" \
  "$HELYOS_ROOT/scripts/bench/StoreLatency.java" "$HELYOS_INSTALL/plugins" 5000 \
  "mapdb:data-dir=$work/mapdb" \
  "postgres:data-dir=$work/mapdb,url=$HELYOS_TEST_PG_URL,user=$HELYOS_TEST_PG_USER,password-file=$HELYOS_TEST_PG_PASSWORD_FILE" \
  2>"$work/store-latency.err" | grep '^|' || { cat "$work/store-latency.err" >&2; exit 1; }
