# A private Docker engine for the tests, sourced by scripts/test: its own socket, data and exec
# roots under one directory, its log in a file, and the tiny busybox image the tests run (images
# cannot be pulled here). Always a fresh engine on an empty data root. What an interrupted run left
# (its engine, or what a killed engine leaves: running containers, host bridges, a mounted data
# root) is ended first, because its networks would otherwise use up the address pool.
# shellcheck shell=bash

TEST_DOCKER_DIR="${TMPDIR:-/tmp}/helyos-test-docker-$(printf %s "$HELYOS_ROOT" | cksum | cut -d' ' -f1)"
TEST_DOCKER_HOST="unix://$TEST_DOCKER_DIR/docker.sock"
TEST_DOCKER_IMAGE="helyos-test/busybox:1"
TEST_DOCKER_PAGE="<h1>helyos test page</h1>"
# The same rootfs, whose start the environment steers: it prints API_KEY and a stderr line, then
# exits with EXIT_CODE when EXIT_AFTER is set, else waits LISTEN_AFTER seconds and serves like httpd.
TEST_DOCKER_APP_IMAGE="helyos-test/app:1"
# Every test project gets a network: room for 256 of them (/24 each) instead of the default 31.
TEST_DOCKER_POOL_PREFIX="10.213."
test_docker_pid=""

test_docker() {
  timeout 60 docker -H "$TEST_DOCKER_HOST" "$@"
}

test_docker_answers() {
  timeout 5 docker -H "$TEST_DOCKER_HOST" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

start_test_docker() {
  stop_stale_test_docker
  stop_stale_containers
  remove_stale_bridges
  release_stale_mounts
  rm -rf "$TEST_DOCKER_DIR"
  mkdir -p "$TEST_DOCKER_DIR"
  chmod 700 "$TEST_DOCKER_DIR"
  dockerd --host "$TEST_DOCKER_HOST" --data-root "$TEST_DOCKER_DIR/data" --exec-root "$TEST_DOCKER_DIR/exec" \
    --default-address-pool "base=${TEST_DOCKER_POOL_PREFIX}0.0/16,size=24" \
    --pidfile "$TEST_DOCKER_DIR/dockerd.pid" </dev/null >"$TEST_DOCKER_DIR/dockerd.log" 2>&1 &
  test_docker_pid=$!
  local _
  for _ in $(seq 1 100); do
    test_docker_answers && break
    kill -0 "$test_docker_pid" 2>/dev/null || break
    sleep 0.2
  done
  if ! test_docker_answers; then
    echo "scripts/test: the test Docker engine did not answer at $TEST_DOCKER_HOST within 20 s; its log ends:" >&2
    tail -n 20 "$TEST_DOCKER_DIR/dockerd.log" >&2
    return 1
  fi
  echo "scripts/test: started a test Docker engine at $TEST_DOCKER_HOST (log $TEST_DOCKER_DIR/dockerd.log)"
  build_test_image
  export DOCKER_HOST="$TEST_DOCKER_HOST"
}

# A rootfs of static busybox, imported with httpd serving /www on 8080 as the default command.
build_test_image() {
  if ! test_docker image inspect "$TEST_DOCKER_IMAGE" >/dev/null 2>&1; then
    local rootfs applet
    rootfs="$(mktemp -d)"
    mkdir -p "$rootfs/bin" "$rootfs/www"
    cp /bin/busybox "$rootfs/bin/busybox"
    for applet in sh httpd echo cat sleep ls touch; do ln -s busybox "$rootfs/bin/$applet"; done
    printf '%s\n' "$TEST_DOCKER_PAGE" >"$rootfs/www/index.html"
    tar -C "$rootfs" -cf "$rootfs.tar" .
    test_docker import -c 'CMD ["/bin/busybox","httpd","-f","-p","8080","-h","/www"]' \
      "$rootfs.tar" "$TEST_DOCKER_IMAGE" >/dev/null
    rm -rf "$rootfs" "$rootfs.tar"
  fi
  if ! test_docker image inspect "$TEST_DOCKER_APP_IMAGE" >/dev/null 2>&1; then
    printf 'FROM %s\nCMD ["/bin/sh","-c","echo \\"app starting API_KEY=$API_KEY\\"; echo app-stderr >&2; if [ -n \\"$EXIT_AFTER\\" ]; then sleep $EXIT_AFTER; exit ${EXIT_CODE:-1}; fi; sleep ${LISTEN_AFTER:-0}; exec httpd -f -p 8080 -h /www"]\n' \
      "$TEST_DOCKER_IMAGE" | test_docker build -q -t "$TEST_DOCKER_APP_IMAGE" - >/dev/null 2>"$TEST_DOCKER_DIR/build.log" \
      || { echo "scripts/test: could not build $TEST_DOCKER_APP_IMAGE:" >&2; cat "$TEST_DOCKER_DIR/build.log" >&2; return 1; }
  fi
  if [ "$(test_docker run --rm "$TEST_DOCKER_IMAGE" cat /www/index.html)" != "$TEST_DOCKER_PAGE" ]; then
    echo "scripts/test: image $TEST_DOCKER_IMAGE does not serve the test page" >&2
    return 1
  fi
}

# An engine an interrupted run left on this checkout's socket: its containers and networks are
# removed through it (so their bridges leave the host), then it is stopped.
stop_stale_test_docker() {
  local pid
  pid="$(cat "$TEST_DOCKER_DIR/dockerd.pid" 2>/dev/null || true)"
  if test_docker_answers; then
    echo "scripts/test: emptying and stopping the test Docker engine a previous run left at $TEST_DOCKER_HOST"
    test_docker ps -aq | xargs -r timeout 60 docker -H "$TEST_DOCKER_HOST" rm -f >/dev/null 2>&1 || true
    test_docker network prune -f >/dev/null 2>&1 || true
  fi
  # the pid file may outlive its engine, and its number may now be another program's
  [ -n "$pid" ] && [ "$(ps -o comm= -p "$pid" 2>/dev/null)" = dockerd ] && stop_engine_process "$pid"
  return 0
}

# Asks the engine's process to stop, and kills it when it has not within 20 s.
stop_engine_process() {
  local pid="$1" _
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -9 "$pid" 2>/dev/null || true
}

# Bridges of test networks whose engine died without removing them still route their subnets, and
# the next engine would refuse every subnet of the pool as overlapping. While the test engine of
# another checkout runs (a CI run beside a developer's), the bridges may be its own: they stay.
remove_stale_bridges() {
  local dev
  pgrep -f -- "--default-address-pool base=${TEST_DOCKER_POOL_PREFIX}" >/dev/null && return 0
  for dev in $(ip -o -4 addr show 2>/dev/null | awk -v pool="$TEST_DOCKER_POOL_PREFIX" 'index($4, pool) == 1 {print $2}' | sort -u); do
    ip link delete "$dev" 2>/dev/null || true
  done
}

# An engine killed outright leaves its containers running under their shims: the container's first
# process is the shim's child, and its end ends the container.
stop_stale_containers() {
  local shim
  for shim in $(pgrep -f -- "-address $TEST_DOCKER_DIR/" || true); do
    pkill -9 -P "$shim" 2>/dev/null || true
    kill -9 "$shim" 2>/dev/null || true
  done
}

# An engine killed outright leaves its data root mounted on itself (and its containers' layers).
release_stale_mounts() {
  local mount
  for mount in $(awk -v dir="$TEST_DOCKER_DIR/" 'index($2, dir) == 1 {print $2}' /proc/mounts | sort -r); do
    umount -l "$mount" 2>/dev/null || true
  done
}

# Stops the engine only if this run started it, then removes everything it made (its containers,
# networks and images live in its data root).
stop_test_docker() {
  [ -n "$test_docker_pid" ] || return 0
  stop_engine_process "$test_docker_pid"
  wait "$test_docker_pid" 2>/dev/null || true
  test_docker_pid=""
  rm -rf "$TEST_DOCKER_DIR" 2>/dev/null || echo "scripts/test: could not remove all of $TEST_DOCKER_DIR" >&2
}
