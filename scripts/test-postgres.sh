# A private PostgreSQL for the tests, sourced by scripts/test: initdb in a temp directory, a free
# loopback port, password login (scram-sha-256) for the user helyos, run as the unprivileged postgres
# user (PostgreSQL refuses root), its log in a file. Exports HELYOS_TEST_PG_URL, HELYOS_TEST_PG_USER and
# HELYOS_TEST_PG_PASSWORD_FILE for the store-postgres tests; stopped on exit.
# shellcheck shell=bash

test_pg_dir=""
test_pg_bin=""

pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_test_postgres() {
  test_pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$test_pg_bin" ] || [ ! -x "$test_pg_bin/initdb" ]; then
    echo "scripts/test: PostgreSQL's initdb is not under /usr/lib/postgresql/*/bin (is the postgresql package installed?)" >&2
    return 1
  fi
  test_pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/helyos-test-pg.XXXXXX")"
  chmod 755 "$test_pg_dir"
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$test_pg_dir/password"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$test_pg_dir"; fi
  pg_as_owner "$test_pg_bin/initdb" -D "$test_pg_dir/data" -U helyos --auth=scram-sha-256 \
    --pwfile="$test_pg_dir/password" -E UTF8 --locale=C.UTF-8 >"$test_pg_dir/initdb.log" 2>&1 \
    || { echo "scripts/test: initdb failed:" >&2; tail -n 20 "$test_pg_dir/initdb.log" >&2; return 1; }
  pg_as_owner "$test_pg_bin/pg_ctl" -D "$test_pg_dir/data" -l "$test_pg_dir/postgres.log" -w -t 30 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $test_pg_dir -c max_connections=200" start >/dev/null \
    || { echo "scripts/test: PostgreSQL did not start:" >&2; tail -n 20 "$test_pg_dir/postgres.log" >&2; return 1; }
  PGPASSWORD="$(cat "$test_pg_dir/password")" psql -h 127.0.0.1 -p "$port" -U helyos -d postgres -qc "CREATE DATABASE helyos_test" \
    >/dev/null || return 1
  # the tests read the password file as this user
  chmod 644 "$test_pg_dir/password"
  export HELYOS_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$port/helyos_test"
  export HELYOS_TEST_PG_USER="helyos"
  export HELYOS_TEST_PG_PASSWORD_FILE="$test_pg_dir/password"
  export HELYOS_TEST_PG_PSQL="psql -h 127.0.0.1 -p $port -U helyos -d helyos_test"
  echo "scripts/test: started a test PostgreSQL at 127.0.0.1:$port (log $test_pg_dir/postgres.log)"
}

stop_test_postgres() {
  [ -n "$test_pg_dir" ] || return 0
  pg_as_owner "$test_pg_bin/pg_ctl" -D "$test_pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$test_pg_dir"
  test_pg_dir=""
}
