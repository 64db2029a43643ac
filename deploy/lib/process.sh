# Process control shared by the scripts that start SessionGrid's servers (sourced by
# deploy/local-cluster.sh and bench/e2e.sh). The caller defines log().

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# Stops a process this script started: SIGTERM (the silo flushes and says close to its clients),
# then SIGKILL after $2 seconds.
stop_process() {
  local pid=$1 grace=${2:-30} i
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < grace * 10; i++)); do
    alive "$pid" || { wait "$pid" 2>/dev/null; return 0; }
    sleep 0.1
  done
  log "process $pid did not stop within ${grace}s; killing it"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

# True when something listens on 127.0.0.1:$1.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A port nothing listens on, below the kernel's ephemeral range: a port inside it may be taken as the
# source port of an outgoing connection (a silo's to PostgreSQL or Redis) between the pick and the bind.
free_port() {
  local port i low=32768 high
  read -r low high </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null
  [ "$low" -gt 12000 ] || low=32768
  for ((i = 0; i < 200; i++)); do
    port=$((10000 + RANDOM % (low - 10000)))
    port_in_use "$port" || { echo "$port"; return 0; }
  done
  return 1
}

# Sleeps in the background and waits for it, so a signal to the script runs its trap at once
# instead of after the sleep (bash defers traps until a foreground command returns).
pause() {
  sleep "$1" &
  PAUSE_PID=$!
  wait "$PAUSE_PID"
  PAUSE_PID=
}
