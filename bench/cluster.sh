#!/usr/bin/env bash
# Silo loss and cross-silo resume, measured: a cluster (deploy/local-cluster.sh: redis-server, PostgreSQL, N silos, HAProxy)
# under a fleet of reconnecting clients (sessiongrid loadgen --reconnect through HAProxy); heartbeat
# CPU per silo while steady; then one silo is SIGKILLed and the sessions it held are followed in
# PostgreSQL until each is re-attached on another silo or in leave. Writes report.md and figures.json
# to --results. With --silos 1 nothing is killed: that run is the one-silo CPU baseline.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)

usage() {
  cat <<USAGE
usage: bench/cluster.sh [options]
  --silos N        silos (default 3; 1 = the one-silo baseline, nothing killed)
  --clients N      clients, through HAProxy (default 15000)
  --interval S     heartbeat interval of the clients (default 10)
  --window S       CPU measuring window while steady (default 30)
  --observe S      longest wait after the kill for every session to be accounted for (default 60)
  --flappers N     clients that reconnect through the next silo over and over, for cross-silo resume (default 200)
  --results DIR    where report.md and the logs go (default bench/results/cluster-<time>)
  --artifacts DIR  build folder (default \${TMPDIR:-/tmp}/sessiongrid-local-cluster-build)
  --skip-build     use what --artifacts holds
USAGE
}

log() { printf '==> %s\n' "$*" >&2; }
fail_usage() { log "$1"; usage >&2; exit 2; }
source "$REPO/deploy/lib/process.sh"
source "$HERE/e2e/proc.sh"

SILOS=3
CLIENTS=15000
INTERVAL=10
WINDOW=30
OBSERVE=60
FLAPPERS=200
FLAP_SECONDS=30
SETTLE=60
RESULTS=
ARTIFACTS="${TMPDIR:-/tmp}/sessiongrid-local-cluster-build"
SKIP_BUILD=0
while [ $# -gt 0 ]; do
  case $1 in
    --silos) SILOS=${2:-} ;;
    --clients) CLIENTS=${2:-} ;;
    --interval) INTERVAL=${2:-} ;;
    --window) WINDOW=${2:-} ;;
    --observe) OBSERVE=${2:-} ;;
    --flappers) FLAPPERS=${2:-} ;;
    --results) RESULTS=${2:-} ;;
    --artifacts) ARTIFACTS=${2:-} ;;
    --skip-build) SKIP_BUILD=1; shift; continue ;;
    -h | --help) usage; exit 0 ;;
    *) fail_usage "unknown option '$1'" ;;
  esac
  [ $# -ge 2 ] || fail_usage "$1 needs a value"
  shift 2
done
for pair in "silos:$SILOS" "clients:$CLIENTS" "interval:$INTERVAL" "window:$WINDOW" "observe:$OBSERVE" "flappers:$FLAPPERS"; do
  [[ ${pair#*:} =~ ^[1-9][0-9]*$ ]] || fail_usage "--${pair%%:*} takes a positive whole number (got '${pair#*:}')"
done
for tool in dotnet psql jq curl; do
  command -v "$tool" >/dev/null || { log "$tool is not installed"; exit 1; }
done

ulimit -n "$(ulimit -Hn)" 2>/dev/null
RESULTS=${RESULTS:-$REPO/bench/results/cluster-$(date -u '+%Y%m%d-%H%M%S')}
mkdir -p "$RESULTS" || exit 1
RUN_DIR=$(cd "$RESULTS" && pwd)
CLUSTER_PID=
LOADGEN_PID=
cleanup() {
  alive "${PAUSE_PID:-}" && kill "$PAUSE_PID" 2>/dev/null
  [ -n "$LOADGEN_PID" ] && stop_process "$LOADGEN_PID" 30
  if alive "$CLUSTER_PID"; then
    # TERM, not INT: a script started in the background ignores SIGINT, so INT would leave the cluster running.
    kill -TERM "$CLUSTER_PID" 2>/dev/null
    for ((i = 0; i < 600; i++)); do alive "$CLUSTER_PID" || break; sleep 0.1; done
  fi
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

TOOL_DLL=$ARTIFACTS/bin/SessionGrid.Tool/release/sessiongrid.dll
if [ "$SKIP_BUILD" = 0 ]; then
  log "building the tool (Release) into $ARTIFACTS"
  dotnet build "$REPO/src/SessionGrid.Tool" -c Release --artifacts-path "$ARTIFACTS" -nologo -v q >"$RUN_DIR/build.log" 2>&1 \
    || { log "building the tool failed:"; grep -E "error" "$RUN_DIR/build.log" | sort -u | head -20 >&2; exit 1; }
fi

# HAProxy processes: each holds about 9,500 client connections here. The silos' API rate limit is lifted
# for the per-session placement checks after the kill.
BALANCERS=$(((CLIENTS + 8999) / 9000))
SKIP=()
[ "$SKIP_BUILD" = 1 ] && SKIP=(--skip-build)
"$REPO/deploy/local-cluster.sh" --silos "$SILOS" --gateway-port 0 --http-port 0 --balancers "$BALANCERS" --artifacts "$ARTIFACTS" \
  --ready-file "$RUN_DIR/cluster.json" "${SKIP[@]}" --silo-args "--RateLimiting:PermitLimit 100000" >"$RUN_DIR/cluster.log" 2>&1 &
CLUSTER_PID=$!
for ((i = 0; i < 3000; i++)); do
  [ -f "$RUN_DIR/cluster.json" ] && break
  alive "$CLUSTER_PID" || { log "the cluster did not start:"; tail -n 30 "$RUN_DIR/cluster.log" >&2; exit 1; }
  sleep 0.2
done
[ -f "$RUN_DIR/cluster.json" ] || { log "the cluster did not start within 10 minutes"; exit 1; }
GATEWAY=$(jq -r .gateway "$RUN_DIR/cluster.json")
PG_PORT=$(jq -r '.postgres | capture("Port=(?<p>[0-9]+)").p' "$RUN_DIR/cluster.json")
sql() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d sessiongrid -tAq -v ON_ERROR_STOP=1 -c "$1"; }
now_ms() { date +%s%3N; }

# What the silos burn with no client at all (membership, timers, dashboards' sampling): subtracted
# below, so CPU per heartbeat is what the heartbeats add. Measured after start-up has settled: a silo
# burns 60-120 ms/s in its first minute (JIT, migrations, joining) and about 30 ms/s after.
log "cluster up; letting start-up settle for $SETTLE s before measuring the idle silos"
pause "$SETTLE"
mapfile -t PIDS < <(jq -r '.silos[].pid' "$RUN_DIR/cluster.json")
mapfile -t HTTPS < <(jq -r '.silos[].http' "$RUN_DIR/cluster.json")
declare -a IDLE0 IDLE
for i in "${!PIDS[@]}"; do IDLE0[i]=$(cpu_ticks "${PIDS[i]}"); done
pause "$WINDOW"
for i in "${!PIDS[@]}"; do IDLE[i]=$(( $(cpu_ticks "${PIDS[i]}") - IDLE0[i] )); done

log "$CLIENTS clients through HAProxy at $GATEWAY, heartbeat every $INTERVAL s, reconnecting"
dotnet "$TOOL_DLL" loadgen --target "$GATEWAY" --clients "$CLIENTS" --ramp 1000 --interval "$INTERVAL" --reconnect --duration 0 \
  --id-prefix cl- --no-progress --json "$RUN_DIR/loadgen.json" >"$RUN_DIR/loadgen.log" 2>&1 &
LOADGEN_PID=$!

live_connected() { sql "SELECT count(*) FROM sessions WHERE status = 'live' AND connected"; }
for ((i = 0; i < 600; i++)); do
  [ "$(live_connected)" -ge "$CLIENTS" ] && break
  alive "$LOADGEN_PID" || { log "loadgen exited:"; tail -n 20 "$RUN_DIR/loadgen.log" >&2; exit 1; }
  pause 1
done
connected=$(live_connected)
[ "$connected" -ge "$CLIENTS" ] || { log "only $connected of $CLIENTS sessions live after 10 minutes"; exit 1; }
log "all $CLIENTS sessions live; settling $((INTERVAL * 2)) s"
pause $((INTERVAL * 2))

# Heartbeat CPU per silo: CPU time over the window / heartbeats its gateway counted in it.
silo_heartbeats() { curl -sf --max-time 10 "$1/health" | jq -er '.components.gateway.data.heartbeats'; }
declare -a T0 H0
for i in "${!PIDS[@]}"; do T0[i]=$(cpu_ticks "${PIDS[i]}"); H0[i]=$(silo_heartbeats "${HTTPS[i]}"); done
pause "$WINDOW"
CPU_ROWS=()
CPU_JSON=()
for i in "${!PIDS[@]}"; do
  ticks=$(( $(cpu_ticks "${PIDS[i]}") - T0[i] ))
  beats=$(( $(silo_heartbeats "${HTTPS[i]}") - H0[i] ))
  us=$(awk -v t="$ticks" -v idle="${IDLE[i]}" -v hz="$CLK_TCK" -v b="$beats" 'BEGIN { printf "%.1f", (b > 0 ? (t - idle) / hz * 1e6 / b : 0) }')
  idle_ms=$(awk -v t="${IDLE[i]}" -v hz="$CLK_TCK" -v w="$WINDOW" 'BEGIN { printf "%.0f", t / hz * 1000 / w }')
  busy_ms=$(awk -v t="$ticks" -v hz="$CLK_TCK" -v w="$WINDOW" 'BEGIN { printf "%.0f", t / hz * 1000 / w }')
  CPU_ROWS+=("| silo$((i + 1)) | $beats | $(awk -v b="$beats" -v w="$WINDOW" 'BEGIN { printf "%.0f", b / w }') | $idle_ms | $busy_ms | $us | $(( $(rss_bytes "${PIDS[i]}") / 1048576 )) MiB |")
  CPU_JSON+=("{\"silo\": \"silo$((i + 1))\", \"heartbeats\": $beats, \"idleCpuMsPerSecond\": $idle_ms, \"cpuMsPerSecond\": $busy_ms, \"cpuUsPerHeartbeat\": $us}")
done

# Cross-silo resume while every silo is up: flapping clients given the silos' own gateways reconnect
# through the next silo each time, so every reconnect moves its session (the grain migrates).
RESUME_LINE=
if [ "$SILOS" -gt 1 ]; then
  log "cross-silo resume: $FLAPPERS flapping clients over the silos' gateways for $FLAP_SECONDS s"
  dotnet "$TOOL_DLL" loadgen --target "$(jq -r '[.silos[].gateway] | join(",")' "$RUN_DIR/cluster.json")" --clients "$FLAPPERS" --ramp 100 \
    --interval 1 --flapping 1 --misbehave-after 2 --duration "$FLAP_SECONDS" --id-prefix flap- --no-progress \
    --json "$RUN_DIR/flapping.json" >"$RUN_DIR/flapping.log" 2>&1 \
    || { log "the flapping run failed:"; tail -n 20 "$RUN_DIR/flapping.log" >&2; exit 1; }
  RESUME_LINE=$(jq -r '"cross-silo resume (flapping clients, each reconnect through the next silo): \(.resume.resumed) reconnects, connect to welcome p50 \(.resume.p50Ms) ms, p99 \(.resume.p99Ms) ms, max \(.resume.maxMs) ms; connection failures \(.connections.failed), server errors \(.serverErrorCodes | tostring)"' "$RUN_DIR/flapping.json")
  log "$RESUME_LINE"
fi

KILL_ROWS=()
KILL_JSON='null'
if [ "$SILOS" -gt 1 ]; then
  victim=$SILOS
  VICTIM_PID=${PIDS[victim - 1]}
  sql "CREATE TABLE bench_victim AS SELECT session_id FROM sessions WHERE status = 'live' AND owner_silo LIKE 'silo$victim/%'"
  held=$(sql "SELECT count(*) FROM bench_victim")
  log "SIGKILL silo$victim (pid $VICTIM_PID), which holds $held sessions"
  killed_at=$(now_ms)
  kill -KILL "$VICTIM_PID"
  half= all= resumed=0 left=0
  while :; do
    read -r resumed left < <(sql "SELECT count(*) FILTER (WHERE s.status = 'live' AND s.connected AND s.owner_silo NOT LIKE 'silo$victim/%'),
                                         count(*) FILTER (WHERE s.status <> 'live')
                                  FROM bench_victim v JOIN sessions s USING (session_id)" | tr '|' ' ')
    elapsed=$(( $(now_ms) - killed_at ))
    [ -z "$half" ] && [ $((2 * (resumed + left))) -ge "$held" ] && half=$elapsed
    if [ $((resumed + left)) -ge "$held" ]; then all=$elapsed; break; fi
    [ "$elapsed" -ge $((OBSERVE * 1000)) ] && break
    sleep 0.25
  done
  lost=$((held - resumed - left))
  log "accounted for: $resumed re-attached, $left in leave or closed, $lost not yet, after $elapsed ms"
  pause $((INTERVAL * 2))
  reattached_end=$(sql "SELECT count(*) FROM bench_victim v JOIN sessions s USING (session_id) WHERE s.status = 'live' AND s.connected AND s.owner_silo NOT LIKE 'silo$victim/%'")
  # One activation per session cluster-wide: each of the killed silo's sessions asked through the
  # management view (GET /api/cluster/sessions/{id}), 50 per curl, 4 curls at a time.
  API=$(jq -r '.silos[0].http' "$RUN_DIR/cluster.json")
  sql "SELECT session_id FROM bench_victim" | sed "s#^#$API/api/cluster/sessions/#" \
    | xargs -P 4 -n 50 curl -s --max-time 30 >"$RUN_DIR/placements.json"
  duplicates=$(jq -s '[.[] | select(.activations? > 1)] | length' "$RUN_DIR/placements.json")
  placed=$(jq -s '[.[] | select(.activations? != null)] | length' "$RUN_DIR/placements.json")
  KILL_ROWS+=("| sessions held by the killed silo | $held |")
  KILL_ROWS+=("| half accounted for (re-attached elsewhere or in leave) | ${half:-not reached} ms |")
  KILL_ROWS+=("| all accounted for | ${all:-not within ${OBSERVE} s} ms |")
  KILL_ROWS+=("| re-attached on a survivor / in leave or closed | $resumed / $left |")
  KILL_ROWS+=("| lost (neither, after the wait) | $lost |")
  KILL_ROWS+=("| re-attached on a survivor after $((INTERVAL * 2)) s more | $reattached_end |")
  KILL_ROWS+=("| sessions with more than one activation cluster-wide (of $placed asked) | $duplicates |")
  KILL_JSON=$(jq -n --argjson held "$held" --argjson half "${half:-null}" --argjson all "${all:-null}" --argjson resumed "$resumed" \
    --argjson left "$left" --argjson lost "$lost" --argjson atEnd "$reattached_end" --argjson placed "$placed" --argjson duplicates "$duplicates" \
    '{held: $held, halfMs: $half, allMs: $all, reattached: $resumed, leaveOrClosed: $left, lost: $lost, reattachedAtEnd: $atEnd, placementsAsked: $placed, duplicates: $duplicates}')
fi

log "stopping the fleet"
stop_process "$LOADGEN_PID" 60
LOADGEN_PID=
summary="$RUN_DIR/loadgen.json"
[ -s "$summary" ] || { log "loadgen wrote no summary:"; tail -n 20 "$RUN_DIR/loadgen.log" >&2; exit 1; }

{
  echo "## Silo loss: $SILOS silos, $CLIENTS clients through HAProxy"
  echo
  echo "- date $(date -u '+%Y-%m-%d %H:%M UTC'); $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(nproc) cores"
  echo "- command: \`bench/cluster.sh --silos $SILOS --clients $CLIENTS --interval $INTERVAL --window $WINDOW --observe $OBSERVE --flappers $FLAPPERS\`"
  echo
  echo "| silo | heartbeats in ${WINDOW} s | per second | CPU ms/s idle (no clients) | CPU ms/s with the fleet | CPU us per heartbeat above idle | RSS |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${CPU_ROWS[@]}"
  if [ ${#KILL_ROWS[@]} -gt 0 ]; then
    echo
    echo "| after SIGKILL of silo$SILOS | |"
    echo "|---|---:|"
    printf '%s\n' "${KILL_ROWS[@]}"
  fi
  echo
  [ -n "$RESUME_LINE" ] && echo "$RESUME_LINE" && echo
  jq -r '"fleet through HAProxy: reconnects \(.reconnects), resume (connect to welcome) p50 \(.resume.p50Ms) ms, p99 \(.resume.p99Ms) ms, max \(.resume.maxMs) ms; false leaves \(.falseLeaves); connection failures \(.connections.failed)"' "$summary"
} >"$RUN_DIR/report.md"
jq -n --argjson cpu "[$(IFS=,; echo "${CPU_JSON[*]}")]" --argjson kill "$KILL_JSON" --slurpfile loadgen "$summary" \
  '{cpu: $cpu, kill: $kill, loadgen: $loadgen[0]}' >"$RUN_DIR/figures.json"
cat "$RUN_DIR/report.md"
