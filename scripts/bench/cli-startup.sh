#!/usr/bin/env bash
# Start-up of the CLI: wall time of `helyos --json whoami` against a local helyosd, over loopback
# HTTP and over HTTPS with a pinned CA, next to curl doing the same request and to bare
# `java -version` on the same JDK. Median of N runs each, all in one run.
#
# Target (issue: CLI): the HTTP case within 4x bare `java -version`.
#
#   scripts/bench/cli-startup.sh [RUNS]
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib.sh"
RUNS="${1:-20}"
JAVA_HOME="$(find_jdk)"; export JAVA_HOME
ensure_built

work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"' EXIT
token="bench-token-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"

start_daemon() { # name, extra flags...  (not in a subshell: the EXIT trap must know the pid)
  local name="$1"; shift
  HOME="$work/$name" HELYOS_CONFIG="$work/$name/daemon.toml" "$HELYOS_ROOT/scripts/helyosd" --port 0 \
    --data-dir "$work/$name/data" --api-token "$token" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do grep -q ' serving ' "$work/$name.log" 2>/dev/null && break; sleep 0.2; done
}
url_of() { sed -n 's/^helyosd .* serving \([^ ]*\).*/\1/p' "$work/$1.log"; }
start_daemon http
start_daemon https --tls on
http_url="$(url_of http)"
https_url="$(url_of https)"
[ -n "$http_url" ] && [ -n "$https_url" ] || { cat "$work"/*.log; exit 1; }
https_url="${https_url/127.0.0.1/localhost}"
fingerprint="$(sed -n 's/.*--ca-fingerprint \([^ ]*\).*/\1/p' "$work/https.log")"
curl -sk "$https_url/api/v1/ca" | sed -n 's/.*"pem":"\([^"]*\)".*/\1/p' | sed 's/\\n/\n/g' >"$work/ca.pem"

export HOME="$work/client"
export HELYOS_CONFIG="$work/client/config.toml"
helyos="$HELYOS_ROOT/scripts/helyos"
"$helyos" login "$http_url" --token "$token" --name http >/dev/null
"$helyos" login "$https_url" --token "$token" --ca-fingerprint "$fingerprint" --name https >/dev/null
"$helyos" --json whoami >/dev/null # the AOT training run, if the cache is missing

median_ms() { # command...
  local times=() i s e
  for i in $(seq 1 "$RUNS"); do
    s=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }; e=$(date +%s%N)
    times+=($(( (e - s) / 100000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f", m / 10}'
}

# The floor any picocli CLI pays: a one-option picocli "hello" with the same JVM flags and its own AOT cache.
mkdir -p "$work/floor"
cat >"$work/floor/Hello.java" <<'JAVA'
@picocli.CommandLine.Command(name = "hello", mixinStandardHelpOptions = true)
public class Hello implements Runnable {
    @picocli.CommandLine.Option(names = "--json") boolean json;
    public void run() { System.out.println(json ? "{}" : "hello"); }
    public static void main(String[] args) { System.exit(new picocli.CommandLine(new Hello()).execute(args)); }
}
JAVA
# picocli as the CLI ships it: built for Java 25 inside helyos-cli.jar
picocli_jar="$HELYOS_INSTALL/cli/helyos-cli.jar"
"$JAVA_HOME/bin/javac" -nowarn -cp "$picocli_jar" -d "$work/floor" "$work/floor/Hello.java"
floor_flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djdk.console=java.base -Xlog:aot=off -Xlog:cds=off)
"$JAVA_HOME/bin/jar" --create --file "$work/floor/hello.jar" -C "$work/floor" Hello.class
"$JAVA_HOME/bin/java" "${floor_flags[@]}" -XX:AOTCacheOutput="$work/floor/hello.aot" -cp "$work/floor/hello.jar:$picocli_jar" Hello --json >/dev/null 2>&1

java_ms="$(median_ms "$JAVA_HOME/bin/java" -version)"
floor_ms="$(median_ms "$JAVA_HOME/bin/java" "${floor_flags[@]}" -XX:AOTCache="$work/floor/hello.aot" -cp "$work/floor/hello.jar:$picocli_jar" Hello --json)"
curl_http="$(median_ms curl -sf -H "Authorization: Bearer $token" "$http_url/api/v1/whoami")"
cli_http="$(median_ms "$helyos" --context http --json whoami)"
curl_https="$(median_ms curl -sf --cacert "$work/ca.pem" -H "Authorization: Bearer $token" "$https_url/api/v1/whoami")"
cli_https="$(median_ms "$helyos" --context https --json whoami)"

printf 'median of %s runs (ms)\n' "$RUNS"
printf '%-40s %8s %8s\n' "" "ms" "x java"
row() { printf '%-40s %8s %8s\n' "$1" "$2" "$(awk -v a="$2" -v b="$java_ms" 'BEGIN {printf "%.1f", a / b}')"; }
row "java -version" "$java_ms"
row "picocli hello --json (the floor)" "$floor_ms"
row "curl whoami (HTTP)" "$curl_http"
row "helyos --json whoami (HTTP)" "$cli_http"
row "curl whoami (HTTPS, --cacert)" "$curl_https"
row "helyos --json whoami (HTTPS, pinned CA)" "$cli_https"
awk -v a="$cli_http" -v b="$java_ms" 'BEGIN { r = a / b; printf "target (HTTP within 4x java -version): %s (%.1fx)\n", (r <= 4 ? "met" : "NOT met"), r }'
