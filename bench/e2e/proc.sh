# Process figures from /proc, for bench/e2e.sh (sourced). All sizes in bytes, CPU in clock ticks.

CLK_TCK=$(getconf CLK_TCK)

# utime + stime of a process, in clock ticks. Fields are counted after the ")" that ends the
# command name, which may itself contain spaces.
cpu_ticks() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  awk '{ print $12 + $13 }' <<<"$stat"
}

rss_bytes() {
  awk '/^VmRSS:/ { print $2 * 1024; found = 1 } END { if (!found) exit 1 }' "/proc/$1/status" 2>/dev/null
}

fd_count() {
  local fds
  fds=$(ls "/proc/$1/fd" 2>/dev/null | wc -l) || return 1
  echo "$fds"
}

# Samples a server and a load generator every second until stopped: the server's peak RSS and fd
# count, and the load generator's last CPU reading (it cannot be read once it has exited).
# Writes "peak_rss peak_fds loadgen_ticks" to $3 after every sample.
start_sampler() {
  local server=$1 loadgen=$2 out=$3
  echo "0 0 0" >"$out"
  (
    peak_rss=0 peak_fds=0 lg_ticks=0
    while alive "$server"; do
      r=$(rss_bytes "$server") || r=0
      f=$(fd_count "$server") || f=0
      [ "$r" -gt "$peak_rss" ] && peak_rss=$r
      [ "$f" -gt "$peak_fds" ] && peak_fds=$f
      if alive "$loadgen"; then
        t=$(cpu_ticks "$loadgen") && lg_ticks=$t
      fi
      echo "$peak_rss $peak_fds $lg_ticks" >"$out.tmp" && mv "$out.tmp" "$out"
      sleep 1
    done
  ) &
  SAMPLER_PID=$!
  STARTED_PIDS+=("$SAMPLER_PID")
}

stop_sampler() {
  if alive "${SAMPLER_PID:-}"; then
    kill "$SAMPLER_PID" 2>/dev/null
    wait "$SAMPLER_PID" 2>/dev/null
  fi
  SAMPLER_PID=
}
