# The servers under test for bench/e2e.sh (sourced): the silo (in-memory or PostgreSQL) and the
# baseline sink, each on free loopback ports (port 0; the bound ports are read from its start-up log;
# the Orleans silo port is picked free beforehand).

SERVER_PID=
GATEWAY_PORT=
HTTP_PORT=
SERVER_KIND=

# start_server KIND LOGFILE [POSTGRES_CONNECTION_STRING]
start_server() {
  local kind=$1 logfile=$2 connection=${3:-} i line
  SERVER_KIND=$kind
  if [ "$kind" = sink ]; then
    dotnet "$SINK_DLL" --Sink:Port 0 --Sink:ListenAddress 127.0.0.1 --Sink:HttpPort 0 --Sink:HttpListenAddress 127.0.0.1 >"$logfile" 2>&1 &
  else
    # Orleans advertises its silo port in membership, so it cannot be 0: a free one, and a cluster of
    # its own; no Orleans client gateway (the clients come through SessionGrid's TCP gateway).
    local silo_port
    silo_port=$(free_port) || { log "no free port for the Orleans silo"; return 1; }
    SESSIONGRID_POSTGRES=$connection dotnet "$SILO_DLL" --Gateway:Port 0 --Gateway:ListenAddress 127.0.0.1 --Http:Port 0 --Http:ListenAddress 127.0.0.1 \
      --Orleans:SiloPort "$silo_port" --Orleans:GatewayPort 0 --Orleans:ClusterId "e2e-$$-$silo_port" >"$logfile" 2>&1 &
  fi
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")

  # The console logger writes the start-up line once Kestrel has bound both ports.
  for ((i = 0; i < 1200; i++)); do
    alive "$SERVER_PID" || { log "$kind exited during start-up:"; tail -n 30 "$logfile" >&2; return 1; }
    if [ "$kind" = sink ]; then
      line=$(grep -o 'frames on tcp://[0-9.:]*, counters on http://[0-9.:]*' "$logfile" | head -n 1)
    else
      line=$(grep -o 'client gateway on tcp://[0-9.:]*, dashboard and API on http://[0-9.:]*' "$logfile" | head -n 1)
    fi
    if [ -n "$line" ]; then
      GATEWAY_PORT=$(sed -E 's#.*tcp://[^ ,]*:([0-9]+).*#\1#' <<<"$line")
      HTTP_PORT=$(sed -E 's#.*http://[^ ,]*:([0-9]+).*#\1#' <<<"$line")
      server_counters >/dev/null && return 0
    fi
    sleep 0.1
  done
  log "$kind did not report its ports within 120 s:"
  tail -n 30 "$logfile" >&2
  return 1
}

# Prints "heartbeats connectionsOpen" as the server counts them: the silo's gateway heartbeats
# (GET /health), or the sink's frames (GET /stats; every frame a heartbeat once clients are connected).
server_counters() {
  local body
  if [ "$SERVER_KIND" = sink ]; then
    body=$(curl -s --max-time 10 "http://127.0.0.1:$HTTP_PORT/stats") || return 1
    jq -er '"\(.frames) \(.connectionsOpen)"' <<<"$body"
  else
    body=$(curl -s --max-time 10 "http://127.0.0.1:$HTTP_PORT/health") || return 1
    jq -er '.components.gateway.data | "\(.heartbeats) \(.connectionsOpen)"' <<<"$body"
  fi
}

# Waits until the server holds $1 connections or $2 seconds pass; prints how many it holds.
wait_for_connections() {
  local want=$1 timeout=$2 i counters open=0
  for ((i = 0; i < timeout; i++)); do
    counters=$(server_counters) && open=${counters#* }
    [ "$open" -ge "$want" ] && break
    alive "$SERVER_PID" || break
    sleep 1
  done
  echo "$open"
}

stop_server() {
  [ -n "$SERVER_PID" ] && stop_process "$SERVER_PID" 30
  SERVER_PID=
}
