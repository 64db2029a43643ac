# A throwaway redis-server (sourced by deploy/local-cluster.sh): no persistence, loopback only, on a
# free port, its folder deleted by redis_stop. The caller defines log() and sources process.sh.

REDIS_ROOT=
REDIS_PORT=
REDIS_PID=

# Starts the server; sets REDIS_PORT. Fails with the log's tail when it cannot start.
redis_start() {
  command -v redis-server >/dev/null || { log "redis-server not found (apt-get install redis-server)"; return 1; }
  REDIS_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/sessiongrid-redis.XXXXXX") || return 1
  local attempt i
  for attempt in 1 2 3; do
    REDIS_PORT=$(free_port) || return 1
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_ROOT" --save '' --appendonly no \
      --daemonize no --logfile "$REDIS_ROOT/redis.log" &
    REDIS_PID=$!
    for ((i = 0; i < 100; i++)); do
      alive "$REDIS_PID" || break
      if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
        return 0
      fi
      sleep 0.1
    done
    # Another process may have taken the port between the check and the bind: try another.
    grep -qi "address already in use" "$REDIS_ROOT/redis.log" 2>/dev/null || break
  done
  log "redis-server did not start:"
  tail -n 20 "$REDIS_ROOT/redis.log" >&2
  return 1
}

redis_stop() {
  [ -n "$REDIS_PID" ] && stop_process "$REDIS_PID" 10
  REDIS_PID=
  if [ -n "$REDIS_ROOT" ] && [ -d "$REDIS_ROOT" ]; then
    rm -rf "$REDIS_ROOT"
    REDIS_ROOT=
  fi
}
