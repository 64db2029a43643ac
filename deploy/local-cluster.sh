#!/usr/bin/env bash
# Starts a local SessionGrid cluster on this machine: a throwaway redis-server (membership), a
# throwaway PostgreSQL (session state, reminders), N silos on free loopback ports, and HAProxy as
# the single entry point for clients (TCP) and operators (HTTP). Prints where everything listens,
# then runs until Ctrl+C (or SIGTERM), which stops all of it and deletes its temp folders.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)

usage() {
  cat <<USAGE
usage: deploy/local-cluster.sh [options]
  --silos N            silos to start (default 3)
  --gateway-port P     HAProxy's client entry point (default 14000; 0 = a free port)
  --http-port P        HAProxy's HTTP entry point for the API and dashboard (default 8080; 0 = a free port)
  --balancers N        HAProxy processes sharing the entry points (default 1; each holds ${HAPROXY_MAXCONN:-9500}
                       client connections, since a process may open 20,000 files here)
  --cluster-id ID      Orleans cluster id (default local-<pid>)
  --artifacts DIR      build folder (default \${TMPDIR:-/tmp}/sessiongrid-local-cluster-build)
  --skip-build         use what --artifacts already holds
  --ready-file PATH    when everything is up, also write the endpoints there as JSON (for scripts)
  --silo-args "ARGS"   more configuration for every silo, e.g. "--Auth:SigningKey \$KEY --HeartbeatPolicy:Interval 00:00:05"
Needs: dotnet, redis-server, postgresql, haproxy, curl, jq (./test.sh installs them with apt).
USAGE
}

log() { printf '==> %s\n' "$*" >&2; }
fail_usage() { log "$1"; usage >&2; exit 2; }

source "$HERE/lib/process.sh"
source "$HERE/lib/postgres.sh"
source "$HERE/lib/redis.sh"
source "$HERE/lib/haproxy.sh"

SILOS=3
GATEWAY_PORT=14000
HTTP_PORT=8080
BALANCERS=1
CLUSTER_ID="local-$$"
ARTIFACTS="${TMPDIR:-/tmp}/sessiongrid-local-cluster-build"
SKIP_BUILD=0
READY_FILE=
SILO_ARGS=
while [ $# -gt 0 ]; do
  case $1 in
    --silos) SILOS=${2:-} ;;
    --gateway-port) GATEWAY_PORT=${2:-} ;;
    --http-port) HTTP_PORT=${2:-} ;;
    --balancers) BALANCERS=${2:-} ;;
    --cluster-id) CLUSTER_ID=${2:-} ;;
    --artifacts) ARTIFACTS=${2:-} ;;
    --ready-file) READY_FILE=${2:-} ;;
    --silo-args) SILO_ARGS=${2:-} ;;
    --skip-build) SKIP_BUILD=1; shift; continue ;;
    -h | --help) usage; exit 0 ;;
    *) fail_usage "unknown option '$1'" ;;
  esac
  [ $# -ge 2 ] || fail_usage "$1 needs a value"
  shift 2
done
[[ $SILOS =~ ^[1-9][0-9]?$ ]] || fail_usage "--silos takes 1 to 99 (got '$SILOS')"
[[ $BALANCERS =~ ^[1-9]$ ]] || fail_usage "--balancers takes 1 to 9 (got '$BALANCERS')"
for port in "$GATEWAY_PORT" "$HTTP_PORT"; do
  [[ $port =~ ^[0-9]+$ ]] && [ "$port" -le 65535 ] || fail_usage "ports are 0 to 65535 (got '$port')"
done
[[ $CLUSTER_ID =~ ^[A-Za-z0-9._-]+$ ]] || fail_usage "--cluster-id takes letters, digits, '.', '_' and '-' (got '$CLUSTER_ID')"
for tool in dotnet redis-server redis-cli haproxy curl jq; do
  command -v "$tool" >/dev/null || { log "$tool is not installed (./test.sh installs what SessionGrid needs with apt)"; exit 1; }
done
pg_find_bin >/dev/null || { log "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)"; exit 1; }

[ "$GATEWAY_PORT" = 0 ] && GATEWAY_PORT=$(free_port)
[ "$HTTP_PORT" = 0 ] && HTTP_PORT=$(free_port)
for port in "$GATEWAY_PORT" "$HTTP_PORT"; do
  port_in_use "$port" && { log "port $port is in use (a silo started with dotnet run?); choose another with --gateway-port / --http-port"; exit 1; }
done
ulimit -n "$(ulimit -Hn)" 2>/dev/null

SILO_PIDS=()
SILO_LOGS=()
SILO_GATEWAYS=()
SILO_HTTPS=()
RUN_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/sessiongrid-local-cluster.XXXXXX") || exit 1
cleanup() {
  local i
  alive "${PAUSE_PID:-}" && kill "$PAUSE_PID" 2>/dev/null
  haproxy_stop
  for ((i = ${#SILO_PIDS[@]} - 1; i >= 0; i--)); do
    stop_process "${SILO_PIDS[i]}" 30
  done
  redis_stop
  pg_stop
  rm -rf "$RUN_ROOT"
  [ -n "$READY_FILE" ] && rm -f "$READY_FILE"
}
trap cleanup EXIT
trap 'log "stopping"; exit 0' INT TERM

SILO_DLL=$ARTIFACTS/bin/SessionGrid.Silo/release/SessionGrid.Silo.dll
if [ "$SKIP_BUILD" = 0 ]; then
  log "building the silo (Release) into $ARTIFACTS"
  dotnet build "$REPO/src/SessionGrid.Silo" -c Release --artifacts-path "$ARTIFACTS" -nologo -v q >"$RUN_ROOT/build.log" 2>&1 \
    || { log "building the silo failed:"; grep -E "error" "$RUN_ROOT/build.log" | sort -u | head -20 >&2; exit 1; }
fi
[ -f "$SILO_DLL" ] || { log "missing $SILO_DLL (build first, or drop --skip-build)"; exit 1; }

# Every silo keeps its own connection pool: cap each one and let PostgreSQL accept all of them plus
# room for psql and the tools (three silos with Npgsql's default pool of 100 would exhaust 200).
SILO_POOL=40
PG_MAX_CONNECTIONS=$((SILOS * SILO_POOL + 50))
log "starting redis-server and PostgreSQL"
redis_start || exit 1
pg_start || exit 1
POSTGRES="$(pg_create_database sessiongrid);Maximum Pool Size=$SILO_POOL" || { log "cannot create the database"; exit 1; }
REDIS="127.0.0.1:$REDIS_PORT"

# start_silo N: a silo on free ports; its gateway and HTTP ports are read from its start-up line.
start_silo() {
  local n=$1 logfile="$RUN_ROOT/silo$1.log" silo_port pid i line
  silo_port=$(free_port) || { log "no free port for silo $n"; return 1; }
  dotnet "$SILO_DLL" --Silo:Name "silo$n" --Gateway:Port 0 --Gateway:ListenAddress 127.0.0.1 --Http:Port 0 --Http:ListenAddress 127.0.0.1 \
    --Orleans:SiloPort "$silo_port" --Orleans:GatewayPort 0 --Orleans:ClusterId "$CLUSTER_ID" \
    --ConnectionStrings:Postgres "$POSTGRES" --ConnectionStrings:Redis "$REDIS" $SILO_ARGS >"$logfile" 2>&1 &
  pid=$!
  SILO_PIDS+=("$pid")
  SILO_LOGS+=("$logfile")
  for ((i = 0; i < 1200; i++)); do
    alive "$pid" || { log "silo $n exited during start-up:"; tail -n 30 "$logfile" >&2; return 1; }
    line=$(grep -o 'client gateway on tcp://[0-9.:]*, dashboard and API on http://[0-9.:]*' "$logfile" | head -n 1)
    if [ -n "$line" ]; then
      SILO_GATEWAYS+=("$(sed -E 's#.*tcp://[^ ,]*:([0-9]+).*#\1#' <<<"$line")")
      SILO_HTTPS+=("$(sed -E 's#.*http://[^ ,]*:([0-9]+).*#\1#' <<<"$line")")
      return 0
    fi
    sleep 0.1
  done
  log "silo $n did not report its ports within 120 s:"
  tail -n 30 "$logfile" >&2
  return 1
}

# The first silo applies the migrations; the others join the cluster it founded.
for ((n = 1; n <= SILOS; n++)); do
  log "starting silo $n of $SILOS"
  start_silo "$n" || exit 1
done

log "starting HAProxy"
haproxy_start "$GATEWAY_PORT" "$HTTP_PORT" "${SILO_GATEWAYS[*]}" "${SILO_HTTPS[*]}" "$BALANCERS" || exit 1

for ((i = 0; i < 300; i++)); do
  curl -sf --max-time 2 "http://127.0.0.1:$HTTP_PORT/health" >/dev/null && break
  sleep 0.2
done
curl -sf --max-time 2 "http://127.0.0.1:$HTTP_PORT/health" >/dev/null || { log "no healthy silo answers behind HAProxy's HTTP entry point"; exit 1; }

echo
echo "SessionGrid local cluster '$CLUSTER_ID': $SILOS silos"
echo "  clients (TCP, through HAProxy):       127.0.0.1:$GATEWAY_PORT"
echo "  API and dashboard (through HAProxy):  http://127.0.0.1:$HTTP_PORT/"
for ((i = 0; i < SILOS; i++)); do
  echo "  silo$((i + 1)) (pid ${SILO_PIDS[i]}): gateway 127.0.0.1:${SILO_GATEWAYS[i]}, http://127.0.0.1:${SILO_HTTPS[i]}/, log ${SILO_LOGS[i]}"
done
echo "  redis-server (membership):            $REDIS"
echo "  PostgreSQL:                           $POSTGRES"
echo "  HAProxy configuration:                $HAPROXY_ROOT/haproxy.cfg"
echo "Ctrl+C stops everything."

if [ -n "$READY_FILE" ]; then
  jq -n --arg gateway "127.0.0.1:$GATEWAY_PORT" --arg http "http://127.0.0.1:$HTTP_PORT" --arg redis "$REDIS" --arg postgres "$POSTGRES" \
    --arg cluster "$CLUSTER_ID" --argjson pids "[$(IFS=,; echo "${SILO_PIDS[*]}")]" \
    --argjson gateways "[$(IFS=,; echo "${SILO_GATEWAYS[*]}")]" --argjson https "[$(IFS=,; echo "${SILO_HTTPS[*]}")]" \
    '{cluster: $cluster, gateway: $gateway, http: $http, redis: $redis, postgres: $postgres,
      silos: [range(0; $pids | length) as $i | {pid: $pids[$i], gateway: "127.0.0.1:\($gateways[$i])", http: "http://127.0.0.1:\($https[$i])"}]}' \
    >"$READY_FILE.tmp" && mv "$READY_FILE.tmp" "$READY_FILE"
fi

# Runs until interrupted; a silo that dies is reported (HAProxy already routes around it).
while true; do
  for ((i = 0; i < SILOS; i++)); do
    if [ -n "${SILO_PIDS[i]}" ] && ! alive "${SILO_PIDS[i]}"; then
      log "silo$((i + 1)) (pid ${SILO_PIDS[i]}) exited; last lines of its log:"
      tail -n 10 "${SILO_LOGS[i]}" >&2
      SILO_PIDS[i]=
    fi
  done
  pause 1
done
