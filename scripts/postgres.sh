# A throwaway PostgreSQL cluster for the tests and for `.sqlx/` preparation:
# Debian's packages (installed when missing), a cluster in a temporary folder
# on a loopback port, no system service. Sourced after lib.sh.
#
#   ensure_postgres          installs the server packages if missing
#   start_throwaway_postgres starts a cluster and exports TEREN_TEST_POSTGRES,
#                            a superuser URL; it stops and vanishes on exit
# shellcheck shell=bash

postgres_bin() {
  # The newest installed major version.
  find /usr/lib/postgresql -maxdepth 3 -name initdb -path '*/bin/*' 2>/dev/null \
    | sort -V | tail -n 1 | xargs -r dirname
}

ensure_postgres() {
  if [ -z "$(postgres_bin)" ]; then
    step "Installing Debian's PostgreSQL server for the tests on PostgreSQL"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      postgresql postgresql-contrib
  fi
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to the
# `postgres` user the package created.
as_cluster_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_throwaway_postgres() {
  local bin port
  bin="$(postgres_bin)"
  [ -n "$bin" ] || fail "PostgreSQL is not installed (ensure_postgres)"
  TEREN_PG_DIR="$(mktemp -d /tmp/teren-pg.XXXXXX)"
  chmod 0755 "$TEREN_PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$TEREN_PG_DIR"; fi
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  as_cluster_owner "$bin/initdb" --pgdata="$TEREN_PG_DIR/data" --username=teren \
    --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$TEREN_PG_DIR/initdb.log" 2>&1 \
    || { cat "$TEREN_PG_DIR/initdb.log" >&2; fail "initdb failed"; }
  # Many test processes each open a few databases at once; durability does
  # not matter for a cluster thrown away at the end, except to a benchmark
  # (TEREN_PG_DURABLE=1), which compares it with SQLite's synced commits.
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if [ "${TEREN_PG_DURABLE:-0}" = 1 ]; then durability=""; fi
  as_cluster_owner "$bin/pg_ctl" --pgdata="$TEREN_PG_DIR/data" --wait \
    --log="$TEREN_PG_DIR/server.log" \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$TEREN_PG_DIR \
        -c max_connections=400 -c shared_buffers=128MB $durability" \
    start >/dev/null \
    || { cat "$TEREN_PG_DIR/server.log" >&2; fail "PostgreSQL did not start"; }
  TEREN_PG_BIN="$bin"
  export TEREN_TEST_POSTGRES="postgres://teren@127.0.0.1:$port/postgres"
  trap stop_throwaway_postgres EXIT
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

stop_throwaway_postgres() {
  if [ -n "${TEREN_PG_DIR:-}" ] && [ -d "$TEREN_PG_DIR" ]; then
    as_cluster_owner "$TEREN_PG_BIN/pg_ctl" --pgdata="$TEREN_PG_DIR/data" --mode=immediate \
      stop >/dev/null 2>&1 || true
    rm -rf "$TEREN_PG_DIR"
  fi
}
