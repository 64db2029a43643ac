# One scenario of bench/e2e.sh (sourced): one server kind at one fleet size. Writes the scenario's
# record to $RUN_DIR/<kind>-<n>.json and its logs to $RUN_DIR/<kind>-<n>/.

# loadgen OUT_PREFIX ARGS...: starts the load generator in the background; sets LOADGEN_PID.
loadgen() {
  local out=$1
  shift
  dotnet "$TOOL_DLL" loadgen --target "127.0.0.1:$GATEWAY_PORT" --no-progress --json "$out.json" "$@" >"$out.log" 2>&1 &
  LOADGEN_PID=$!
  STARTED_PIDS+=("$LOADGEN_PID")
}

# Waits for the load generator to end (its own duration), at most $1 seconds; sets LOADGEN_RC.
# Not in a $(...) subshell: only this shell can wait for its child.
wait_loadgen() {
  local limit=$1 i
  for ((i = 0; i < limit * 10; i++)); do
    alive "$LOADGEN_PID" || break
    sleep 0.1
  done
  if alive "$LOADGEN_PID"; then
    log "loadgen $LOADGEN_PID still running after ${limit}s; stopping it"
    stop_process "$LOADGEN_PID" 10
  fi
  wait "$LOADGEN_PID" 2>/dev/null
  LOADGEN_RC=$?
}

# sample VAR: "heartbeats connectionsOpen ticks time" of the running server into VAR; fails when it is gone.
sample() {
  local counters ticks
  alive "$SERVER_PID" && counters=$(server_counters) && ticks=$(cpu_ticks "$SERVER_PID") || return 1
  printf -v "$1" '%s %s %s' "$counters" "$ticks" "$(now)"
}

field() { cut -d' ' -f"$2" <<<"$1"; }

now() { date +%s.%N; }

# calc EXPR: floating-point arithmetic (awk), "null" when dividing by zero.
calc() { awk "BEGIN { r = ($1); printf \"%.10g\\n\", r }" 2>/dev/null || echo null; }

per() { [ "${2:-0}" = 0 ] && echo null || calc "($1) / ($2)"; }

run_scenario() {
  local kind=$1 n=$2 dir="$RUN_DIR/$1-$2" connection="" record="$RUN_DIR/$1-$2.json"
  mkdir -p "$dir"
  log "scenario $kind, $n connections"
  if [ "$kind" = postgres ]; then
    connection=$(pg_create_database "sg_e2e_$n") || { scenario_failed "$record" "$kind" "$n" "could not create a database"; return; }
  fi
  start_server "$kind" "$dir/server.log" "$connection" || { scenario_failed "$record" "$kind" "$n" "the server did not start (see $dir/server.log)"; return; }
  pause 3
  local rss_before fds_before
  rss_before=$(rss_bytes "$SERVER_PID")
  fds_before=$(fd_count "$SERVER_PID")

  # Silent clients start their silence after the CPU window, so its transitions stay out of it.
  local ramp_est=$(((n + RAMP - 1) / RAMP)) misbehave_after duration leave_after=$((3 * INTERVAL))
  local -a extra=()
  if [ "$kind" = sink ]; then
    duration=$((SETTLE + WINDOW + 20))
  else
    misbehave_after=$((ramp_est + SETTLE + WINDOW + 10))
    duration=$((misbehave_after + leave_after + 2 * INTERVAL + 10))
    extra+=(--silent "$SILENT" --misbehave-after "$misbehave_after")
  fi
  [ "$n" -ge "$SPREAD_AT" ] && extra+=(--source-addresses "$SOURCE_ADDRESSES")

  local lg_start
  lg_start=$(now)
  loadgen "$dir/loadgen" --clients "$n" --ramp "$RAMP" --interval "$INTERVAL" --duration "$duration" --id-prefix "e2e-$kind-$n-" "${extra[@]}"
  start_sampler "$SERVER_PID" "$LOADGEN_PID" "$dir/samples"

  local connected
  connected=$(wait_for_connections "$n" $((ramp_est + 60)))
  [ "$connected" -lt "$n" ] && log "only $connected of $n connections are open; measuring those"
  pause "$SETTLE"
  local rss_idle fds_idle
  rss_idle=$(rss_bytes "$SERVER_PID")
  fds_idle=$(fd_count "$SERVER_PID")

  local s0 s1
  sample s0 || { scenario_failed "$record" "$kind" "$n" "the server stopped before the CPU window (see $dir/server.log)"; return; }
  pause "$WINDOW"
  sample s1 || { scenario_failed "$record" "$kind" "$n" "the server stopped during the CPU window (see $dir/server.log)"; return; }
  local overlapped=false
  [ "$kind" != sink ] && [ "$(calc "$(field "$s1" 4) > $lg_start + $misbehave_after")" = 1 ] && overlapped=true

  wait_loadgen $((ramp_est + duration + 120))
  local lg_rc=$LOADGEN_RC lg_ticks peak_rss peak_fds
  stop_sampler
  read -r peak_rss peak_fds lg_ticks <"$dir/samples"

  # Saturation: a moderate fleet sends back to back; the rate is the server's own count.
  loadgen "$dir/flood" --clients "$FLOOD_CLIENTS" --ramp 1000 --interval 0 --duration "$FLOOD_SECONDS" --id-prefix "e2e-flood-$kind-$n-"
  start_sampler "$SERVER_PID" "$LOADGEN_PID" "$dir/flood-samples"
  pause $((FLOOD_CLIENTS / 1000 + 3))
  local f0 f1
  sample f0 || { scenario_failed "$record" "$kind" "$n" "the server stopped under flood (see $dir/server.log)"; return; }
  pause $((FLOOD_SECONDS > 8 ? FLOOD_SECONDS - 6 : 2))
  sample f1 || { scenario_failed "$record" "$kind" "$n" "the server stopped under flood (see $dir/server.log)"; return; }
  wait_loadgen $((FLOOD_SECONDS + 60))
  local flood_rc=$LOADGEN_RC flood_peak_rss flood_peak_fds flood_lg_ticks
  stop_sampler
  read -r flood_peak_rss flood_peak_fds flood_lg_ticks <"$dir/flood-samples"
  stop_server

  local hb=$(($(field "$s1" 1) - $(field "$s0" 1))) flood_hb=$(($(field "$f1" 1) - $(field "$f0" 1)))
  local ticks=$(($(field "$s1" 3) - $(field "$s0" 3))) flood_ticks=$(($(field "$f1" 3) - $(field "$f0" 3)))
  jq -n \
    --arg kind "$kind" --argjson n "$n" --argjson connected "$connected" \
    --argjson rssBefore "$rss_before" --argjson rssIdle "$rss_idle" --argjson fdsBefore "$fds_before" --argjson fdsIdle "$fds_idle" \
    --argjson idlePerConnection "$(per "$rss_idle - $rss_before" "$connected")" \
    --argjson windowSeconds "$(calc "$(field "$s1" 4) - $(field "$s0" 4)")" --argjson windowHeartbeats "$hb" \
    --argjson windowCpuSeconds "$(calc "$ticks / $CLK_TCK")" \
    --argjson cpuPerHeartbeatUs "$(per "$ticks / $CLK_TCK * 1000000" "$hb")" \
    --argjson windowOverlappedSilence "$overlapped" \
    --argjson floodClients "$FLOOD_CLIENTS" --argjson floodHeartbeats "$flood_hb" \
    --argjson floodPerSecond "$(per "$flood_hb" "$(field "$f1" 4) - $(field "$f0" 4)")" \
    --argjson floodCpuPerHeartbeatUs "$(per "$flood_ticks / $CLK_TCK * 1000000" "$flood_hb")" \
    --argjson peakRss "$(calc "$peak_rss > $flood_peak_rss ? $peak_rss : $flood_peak_rss")" \
    --argjson peakFds "$(calc "$peak_fds > $flood_peak_fds ? $peak_fds : $flood_peak_fds")" \
    --argjson loadgenCpuSeconds "$(calc "$lg_ticks / $CLK_TCK")" \
    --argjson loadgenExit "$lg_rc" --argjson floodExit "$flood_rc" \
    --argjson floodLoadgenCpuSeconds "$(calc "$flood_lg_ticks / $CLK_TCK")" \
    --slurpfile loadgen <(cat "$dir/loadgen.json" 2>/dev/null || echo null) \
    --slurpfile flood <(cat "$dir/flood.json" 2>/dev/null || echo null) \
    '{kind: $kind, connections: $n, connected: $connected,
      memory: {rssBeforeBytes: $rssBefore, rssIdleBytes: $rssIdle, idleBytesPerConnection: $idlePerConnection,
               peakRssBytes: $peakRss, fdsBefore: $fdsBefore, fdsIdle: $fdsIdle, peakFds: $peakFds},
      cpu: {windowSeconds: $windowSeconds, heartbeats: $windowHeartbeats, cpuSeconds: $windowCpuSeconds,
            perHeartbeatUs: $cpuPerHeartbeatUs, windowOverlappedSilence: $windowOverlappedSilence},
      saturation: {clients: $floodClients, heartbeats: $floodHeartbeats, heartbeatsPerSecond: $floodPerSecond,
                   cpuPerHeartbeatUs: $floodCpuPerHeartbeatUs, loadgenCpuSeconds: $floodLoadgenCpuSeconds, loadgenExit: $floodExit},
      loadgenCpuSeconds: $loadgenCpuSeconds,
      loadgenCpuPerHeartbeatUs: (if ($loadgen[0].heartbeatsSent // 0) > 0 then $loadgenCpuSeconds * 1000000 / $loadgen[0].heartbeatsSent else null end),
      loadgenExit: $loadgenExit,
      detection: ($loadgen[0].detection // null), falseLeaves: ($loadgen[0].falseLeaves // null),
      loadgen: $loadgen[0], floodLoadgen: $flood[0]}' >"$record"
}

scenario_failed() {
  log "scenario $2/$3 failed: $4"
  stop_server
  jq -n --arg kind "$2" --argjson n "$3" --arg error "$4" '{kind: $kind, connections: $n, error: $error}' >"$1"
}
