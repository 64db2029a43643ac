#!/usr/bin/env bash
# End-to-end benchmark over real sockets: the silo (in-memory, and PostgreSQL when Debian's
# PostgreSQL is installed) and the bare Kestrel frame-counting sink as the baseline, each under the
# `sessiongrid loadgen` at every fleet size. Builds Release once, then records per scenario: idle
# memory per connection, server CPU per heartbeat (and the ratio to the sink), heartbeats/s at
# saturation, detection delay of silenced clients and false leaves, peak RSS and fds, the load
# generator's own CPU. Writes results.md (a table) and results.json under the results folder.
# Run it on a quiet machine: every process shares the same cores. Loopback only; nothing pinned.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
RUN_COMMAND="bench/e2e.sh${*:+ $*}"

usage() {
  cat <<'EOF'
usage: bench/e2e.sh [options]
  --connections "N ..."  fleet sizes (default "1000 15000")
  --modes "M ..."        silo storage modes: memory, postgres (default "memory postgres"; postgres is
                         skipped with a note when PostgreSQL is not installed)
  --no-sink              do not run the baseline sink (no "vs sink" ratio)
  --interval S           heartbeat interval of the steady fleet, whole seconds (default 10; the policy
                         then leaves a silent client after 3 x S)
  --settle S             wait after all clients connected before measuring (default 15)
  --window S             CPU measurement window (default 60)
  --silent F             fraction of silent clients in silo scenarios, for detection (default 0.01)
  --ramp R               new connections per second (default 1000)
  --flood-clients N      clients of the saturation run (default 200)
  --flood-seconds S      length of the saturation run (default 20)
  --results DIR          where results go (default bench/results/<date>-<time>)
  --artifacts DIR        build output (default $TMPDIR/sessiongrid-e2e-build)
  --skip-build           use the existing build in --artifacts
  -h, --help             this text
EOF
}

log() { printf '==> %s\n' "$*" >&2; }
fail_usage() { printf 'bench/e2e.sh: %s\n' "$1" >&2; usage >&2; exit 2; }
is_count() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }
is_fraction() { [[ $1 =~ ^(0(\.[0-9]+)?|1(\.0+)?|\.[0-9]+)$ ]]; }

CONNECTIONS="1000 15000"
MODES="memory postgres"
SINK=1
INTERVAL=10
SETTLE=15
WINDOW=60
SILENT=0.01
RAMP=1000
FLOOD_CLIENTS=200
FLOOD_SECONDS=20
RESULTS=""
ARTIFACTS="${TMPDIR:-/tmp}/sessiongrid-e2e-build"
SKIP_BUILD=0

while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --no-sink) SINK=0; shift; continue ;;
    --skip-build) SKIP_BUILD=1; shift; continue ;;
    --connections | --modes | --interval | --settle | --window | --silent | --ramp | --flood-clients | --flood-seconds | --results | --artifacts)
      [ $# -ge 2 ] || fail_usage "$1 needs a value"
      ;;
    *) fail_usage "unknown option '$1'" ;;
  esac
  case $1 in
    --connections) CONNECTIONS=$2 ;;
    --modes) MODES=$2 ;;
    --interval) INTERVAL=$2 ;;
    --settle) SETTLE=$2 ;;
    --window) WINDOW=$2 ;;
    --silent) SILENT=$2 ;;
    --ramp) RAMP=$2 ;;
    --flood-clients) FLOOD_CLIENTS=$2 ;;
    --flood-seconds) FLOOD_SECONDS=$2 ;;
    --results) RESULTS=$2 ;;
    --artifacts) ARTIFACTS=$2 ;;
  esac
  shift 2
done

[ -n "${CONNECTIONS// /}" ] || fail_usage "--connections needs at least one fleet size"
for n in $CONNECTIONS; do
  is_count "$n" || fail_usage "--connections takes whole numbers above 0 (got '$n')"
done
for m in $MODES; do
  [[ $m == memory || $m == postgres ]] || fail_usage "--modes takes memory and/or postgres (got '$m')"
done
[ -n "${MODES// /}" ] || [ "$SINK" = 1 ] || fail_usage "nothing to run: no --modes and --no-sink"
for pair in "interval:$INTERVAL" "settle:$SETTLE" "window:$WINDOW" "ramp:$RAMP" "flood-clients:$FLOOD_CLIENTS" "flood-seconds:$FLOOD_SECONDS"; do
  is_count "${pair#*:}" || fail_usage "--${pair%%:*} takes a whole number above 0 (got '${pair#*:}')"
done
is_fraction "$SILENT" || fail_usage "--silent takes a fraction from 0 to 1 (got '$SILENT')"

for tool in dotnet curl jq getconf awk; do
  command -v "$tool" >/dev/null 2>&1 || { log "bench/e2e.sh needs '$tool' on PATH"; exit 1; }
done

# Every connection is a file descriptor in the server and in the load generator.
ulimit -n "$(ulimit -Hn)" 2>/dev/null
largest=0
for n in $CONNECTIONS; do [ "$n" -gt "$largest" ] && largest=$n; done
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((largest + 1000)) ]; then
  log "the open-file limit is $(ulimit -n) (hard $(ulimit -Hn)); $largest connections need about $((largest + 1000)). Raise the hard limit or use smaller --connections."
  exit 1
fi

source "$REPO/deploy/lib/process.sh"
source "$REPO/deploy/lib/postgres.sh"
source "$HERE/e2e/proc.sh"
source "$HERE/e2e/servers.sh"
source "$HERE/e2e/scenario.sh"
source "$HERE/e2e/report.sh"

STARTED_PIDS=()
cleanup() {
  local pid i
  alive "${PAUSE_PID:-}" && kill "$PAUSE_PID" 2>/dev/null
  stop_sampler
  # Newest first: the load generator's clients go before the server they talk to.
  for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${STARTED_PIDS[i]}
    alive "$pid" && stop_process "$pid" 10
  done
  pg_stop
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

RUN_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
RESULTS=${RESULTS:-$REPO/bench/results/$(date -u '+%Y%m%d-%H%M%S')}
mkdir -p "$RESULTS" || { log "cannot create $RESULTS"; exit 1; }
RUN_DIR=$(cd "$RESULTS" && pwd)
NOTES=()

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
ram=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
runtime=$(dotnet --list-runtimes 2>/dev/null | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }')
MACHINE="${cpu:-unknown CPU}, $(nproc) cores, $ram RAM, kernel $(uname -r), .NET SDK $(dotnet --version 2>/dev/null), runtime $runtime"

SERVERS=""
[ "$SINK" = 1 ] && SERVERS="sink"
for m in $MODES; do
  if [ "$m" = postgres ] && ! pg_find_bin >/dev/null; then
    NOTES+=("postgres mode skipped: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)")
    log "${NOTES[-1]}"
    continue
  fi
  SERVERS="$SERVERS $m"
done
SOURCE_ADDRESSES="127.0.0.2-127.0.0.61"
SPREAD_AT=5000
SETTINGS_JSON=$(jq -n --argjson interval "$INTERVAL" --argjson settle "$SETTLE" --argjson window "$WINDOW" --arg silent "$SILENT" \
  --argjson ramp "$RAMP" --argjson floodClients "$FLOOD_CLIENTS" --argjson floodSeconds "$FLOOD_SECONDS" --arg sources "$SOURCE_ADDRESSES (from $SPREAD_AT connections)" \
  '{interval: $interval, settle: $settle, window: $window, silent: ($silent | tonumber), ramp: $ramp, floodClients: $floodClients, floodSeconds: $floodSeconds, sourceAddresses: $sources}')

SILO_DLL=$ARTIFACTS/bin/SessionGrid.Silo/release/SessionGrid.Silo.dll
SINK_DLL=$ARTIFACTS/bin/SessionGrid.Sink/release/SessionGrid.Sink.dll
TOOL_DLL=$ARTIFACTS/bin/SessionGrid.Tool/release/sessiongrid.dll
if [ "$SKIP_BUILD" = 0 ]; then
  log "building Release into $ARTIFACTS"
  for project in src/SessionGrid.Silo bench/SessionGrid.Sink src/SessionGrid.Tool; do
    dotnet build "$REPO/$project" -c Release --artifacts-path "$ARTIFACTS" -nologo -v q >"$RUN_DIR/build.log" 2>&1 \
      || { log "building $project failed:"; grep -E "error" "$RUN_DIR/build.log" | sort -u | head -20 >&2; exit 1; }
  done
fi
for dll in "$SILO_DLL" "$SINK_DLL" "$TOOL_DLL"; do
  [ -f "$dll" ] || { log "missing $dll (build first, or drop --skip-build)"; exit 1; }
done

if [[ " $SERVERS " == *" postgres "* ]]; then
  log "starting a throwaway PostgreSQL"
  if ! pg_start; then
    NOTES+=("postgres mode skipped: the throwaway cluster did not start")
    SERVERS=${SERVERS/postgres/}
  fi
fi

log "results in $RUN_DIR"
for n in $CONNECTIONS; do
  for kind in $SERVERS; do
    run_scenario "$kind" "$n"
  done
done

write_results || exit 1
cat "$RUN_DIR/results.md"
log "wrote $RUN_DIR/results.md and $RUN_DIR/results.json"
