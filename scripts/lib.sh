# Shared by the launchers: find a JDK 25+, build the installation when it is missing or stale.
# shellcheck shell=bash

HELYOS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HELYOS_INSTALL="$HELYOS_ROOT/target/helyos"

# The feature version from the JDK's release file (no JVM start: the launchers run on every command).
java_major() {
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}

find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    local major
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "helyos: no JDK 25 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*); install one, e.g. Temurin 25" >&2
  return 1
}

# Rebuilds target/helyos when a source or pom is newer than the build stamp. Quiet unless it fails.
ensure_built() {
  local stamp="$HELYOS_INSTALL/.built"
  local stale=""
  if [ ! -f "$stamp" ]; then
    stale=yes
  elif [ -n "$(find "$HELYOS_ROOT" -path "$HELYOS_ROOT/target" -prune -o -path '*/target' -prune -o \
        \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$stamp" -print -quit)" ]; then
    stale=yes
  fi
  [ -n "$stale" ] || return 0
  command -v mvn >/dev/null || { echo "helyos: the build is missing and Maven (mvn) is not installed" >&2; return 1; }
  mkdir -p "$HELYOS_ROOT/target"
  (
    flock 9
    if [ -f "$stamp" ] && [ -z "$(find "$HELYOS_ROOT" -path "$HELYOS_ROOT/target" -prune -o -path '*/target' -prune -o \
        \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$stamp" -print -quit)" ]; then
      exit 0
    fi
    echo "helyos: building (first use or sources changed)…" >&2
    local log="$HELYOS_ROOT/target/build.log"
    if ! (cd "$HELYOS_ROOT" && JAVA_HOME="$JAVA_HOME" mvn -q -B -DskipTests package >"$log" 2>&1); then
      echo "helyos: build failed; see $log" >&2
      tail -n 30 "$log" >&2
      exit 1
    fi
    touch "$stamp"
  ) 9>"$HELYOS_ROOT/target/.build.lock"
}

# TLS: a client may not renegotiate (a cheap way to make the server do expensive handshakes).
JVM_FLAGS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Djdk.tls.rejectClientInitiatedRenegotiation=true)
