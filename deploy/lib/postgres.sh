# A throwaway PostgreSQL cluster for the scripts that start SessionGrid (sourced: bench/e2e.sh,
# deploy/local-cluster.sh): its own initdb in a temp folder, on a
# free loopback port, stopped and deleted by pg_stop (the script's exit trap calls it). As root,
# every tool runs as the postgres user (PostgreSQL refuses to run as root), like the test kit's
# tests/SessionGrid.TestKit/Postgres/PostgresServer.cs.

PG_BIN=
PG_ROOT=
PG_PORT=
PG_RUNNING=
# Connections the server accepts; a script that starts several silos raises it to cover every silo's pool.
PG_MAX_CONNECTIONS=${PG_MAX_CONNECTIONS:-200}

# The highest /usr/lib/postgresql/*/bin with the server tools, or SESSIONGRID_PG_BIN.
pg_find_bin() {
  if [ -n "${SESSIONGRID_PG_BIN:-}" ]; then
    [ -x "$SESSIONGRID_PG_BIN/initdb" ] && [ -x "$SESSIONGRID_PG_BIN/pg_ctl" ] && { echo "$SESSIONGRID_PG_BIN"; return 0; }
    return 1
  fi
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ] && { echo "$dir"; return 0; }
  done
  return 1
}

pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Starts the cluster; sets PG_PORT. Fails with the server log's tail when it cannot start.
pg_start() {
  PG_BIN=$(pg_find_bin) || { log "PostgreSQL server binaries not found"; return 1; }
  PG_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/sessiongrid-pg.XXXXXX") || return 1
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { log "user 'postgres' does not exist (PostgreSQL refuses to run as root)"; return 1; }
    chown postgres: "$PG_ROOT" || return 1
  fi
  pg_as_owner "$PG_BIN/initdb" -D "$PG_ROOT/data" -U postgres --auth=trust -E UTF8 --no-locale >"$PG_ROOT/initdb.log" 2>&1 \
    || { log "initdb failed:"; tail -n 20 "$PG_ROOT/initdb.log" >&2; return 1; }
  # Production defaults (fsync and synchronous_commit on), loopback only; PG_MAX_CONNECTIONS connections.
  pg_as_owner tee -a "$PG_ROOT/data/postgresql.conf" >/dev/null <<EOF

# SessionGrid throwaway cluster: loopback only, socket in the cluster's folder
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_ROOT'
max_connections = $PG_MAX_CONNECTIONS
log_min_messages = warning
EOF
  local attempt
  for attempt in 1 2 3; do
    PG_PORT=$(free_port) || return 1
    if pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" -o "-p $PG_PORT" -w -t 60 start >/dev/null 2>&1; then
      PG_RUNNING=1
      return 0
    fi
    # Another process may have taken the port between the check and the bind: try another.
    grep -qiE "could not bind|could not create any TCP/IP" "$PG_ROOT/server.log" 2>/dev/null || break
  done
  log "PostgreSQL did not start:"
  tail -n 20 "$PG_ROOT/server.log" >&2
  return 1
}

# Creates an empty database and prints its connection string (the silo applies the migrations).
pg_create_database() {
  pg_as_owner "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$1" || return 1
  echo "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$1"
}

pg_stop() {
  if [ -n "$PG_RUNNING" ]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m immediate -w -t 30 stop >/dev/null 2>&1
    PG_RUNNING=
  fi
  if [ -n "$PG_ROOT" ] && [ -d "$PG_ROOT" ]; then
    rm -rf "$PG_ROOT"
    PG_ROOT=
  fi
}
