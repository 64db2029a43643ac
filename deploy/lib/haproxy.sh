# HAProxy as the cluster's TCP entry point (sourced by deploy/local-cluster.sh): a gateway frontend
# spreading client connections over the silos' gateways (leastconn; a silo that stops accepting is
# marked down within 2 s), and an HTTP frontend over the silos' API ports (health-checked with
# GET /health; a browser is kept on one silo by a cookie). The caller defines log() and sources process.sh.

HAPROXY_ROOT=
HAPROXY_PIDS=()

# One HAProxy process holds at most this many client connections: each needs two descriptors (client
# and silo side) and a process here may open 20,000 files.
HAPROXY_MAXCONN=9500

# haproxy_write_config FILE GATEWAY_PORT HTTP_PORT "SILO_GATEWAY_PORTS" "SILO_HTTP_PORTS"
haproxy_write_config() {
  local file=$1 gateway=$2 http=$3 gateways=($4) https=($5) i
  {
    cat <<CFG
global
  maxconn $HAPROXY_MAXCONN

defaults
  timeout connect 5s
  # Heartbeat connections are long-lived and quiet between heartbeats: never cut them for idleness
  # shorter than the longest heartbeat interval (the silo's own policy detects dead clients).
  timeout client 1h
  timeout server 1h
  timeout http-request 10s
  # WebSockets (the dashboard's Blazor circuit) and server-sent events stay open.
  timeout tunnel 1h
  option clitcpka
  option srvtcpka

frontend gateway
  mode tcp
  bind 127.0.0.1:$gateway
  default_backend silo_gateways

backend silo_gateways
  mode tcp
  balance leastconn
  default-server check inter 1s fall 2 rise 2
CFG
    for i in "${!gateways[@]}"; do
      echo "  server silo$((i + 1)) 127.0.0.1:${gateways[i]}"
    done
    cat <<CFG

frontend http
  mode http
  bind 127.0.0.1:$http
  default_backend silo_http

backend silo_http
  mode http
  balance roundrobin
  # A browser stays on one silo: its dashboard circuit lives there, protected by that silo's keys.
  cookie sessiongrid-silo insert indirect nocache httponly
  option httpchk GET /health
  default-server check inter 2s fall 2 rise 2
CFG
    for i in "${!https[@]}"; do
      echo "  server silo$((i + 1)) 127.0.0.1:${https[i]} cookie silo$((i + 1))"
    done
  } >"$file"
}

# haproxy_start GATEWAY_PORT HTTP_PORT "SILO_GATEWAY_PORTS" "SILO_HTTP_PORTS" [PROCESSES]
# Several processes share the frontends (SO_REUSEPORT) when one cannot hold the fleet.
haproxy_start() {
  local processes=${5:-1} n pid i
  command -v haproxy >/dev/null || { log "haproxy not found (apt-get install haproxy)"; return 1; }
  HAPROXY_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/sessiongrid-haproxy.XXXXXX") || return 1
  haproxy_write_config "$HAPROXY_ROOT/haproxy.cfg" "$1" "$2" "$3" "$4"
  haproxy -c -q -f "$HAPROXY_ROOT/haproxy.cfg" >"$HAPROXY_ROOT/check.log" 2>&1 \
    || { log "haproxy refused its configuration:"; cat "$HAPROXY_ROOT/check.log" >&2; return 1; }
  for ((n = 1; n <= processes; n++)); do
    haproxy -db -f "$HAPROXY_ROOT/haproxy.cfg" >"$HAPROXY_ROOT/haproxy-$n.log" 2>&1 &
    pid=$!
    HAPROXY_PIDS+=("$pid")
    for ((i = 0; i < 50; i++)); do
      alive "$pid" || { log "haproxy exited during start-up:"; tail -n 20 "$HAPROXY_ROOT/haproxy-$n.log" >&2; return 1; }
      port_in_use "$1" && port_in_use "$2" && break
      sleep 0.1
    done
  done
}

haproxy_stop() {
  local pid
  for pid in "${HAPROXY_PIDS[@]}"; do
    stop_process "$pid" 10
  done
  HAPROXY_PIDS=()
  if [ -n "$HAPROXY_ROOT" ] && [ -d "$HAPROXY_ROOT" ]; then
    rm -rf "$HAPROXY_ROOT"
    HAPROXY_ROOT=
  fi
}
