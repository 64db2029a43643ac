# The run's results for bench/e2e.sh (sourced): one JSON file with every scenario record, and a
# markdown table with one row per scenario.

# write_results: combines $RUN_DIR/*-*.json into $RUN_DIR/results.json and writes $RUN_DIR/results.md.
write_results() {
  local records=()
  local kind n
  for n in $CONNECTIONS; do
    for kind in $SERVERS; do
      [ -f "$RUN_DIR/$kind-$n.json" ] && records+=("$RUN_DIR/$kind-$n.json")
    done
  done
  [ ${#records[@]} -gt 0 ] || { log "no scenario produced a result"; return 1; }

  # The baseline ratio: silo CPU per heartbeat over the sink's at the same fleet size.
  jq -s \
    --arg date "$RUN_DATE" --arg command "$RUN_COMMAND" --arg machine "$MACHINE" \
    --argjson settings "$SETTINGS_JSON" --argjson notes "$(printf '%s\n' "${NOTES[@]}" | jq -R . | jq -s 'map(select(length > 0))')" \
    '. as $all
     | map(. as $s | if $s.error == null and $s.kind != "sink" then
         ([$all[] | select(.kind == "sink" and .error == null and .connections == $s.connections)][0].cpu.perHeartbeatUs) as $sink
         | $s + {cpuVsSink: (if $sink != null and $sink > 0 and $s.cpu.perHeartbeatUs != null then $s.cpu.perHeartbeatUs / $sink else null end)}
       else $s end)
     | {date: $date, command: $command, machine: $machine, settings: $settings, notes: $notes, scenarios: .}' \
    "${records[@]}" >"$RUN_DIR/results.json" || return 1

  {
    echo "## End-to-end run $RUN_DATE"
    echo
    echo "- machine: $MACHINE"
    echo "- command: \`$RUN_COMMAND\`"
    echo "- settings: $(jq -r 'to_entries | map("\(.key) \(.value)") | join(", ")' <<<"$SETTINGS_JSON")"
    local note
    for note in "${NOTES[@]}"; do
      [ -n "$note" ] && echo "- note: $note"
    done
    echo
    echo "| server | connections (open) | idle RSS per connection | CPU per heartbeat | vs sink | heartbeats/s flood (clients) | CPU per heartbeat flood | detection p50 / p99 (policy) | false leaves | peak RSS | peak fds | loadgen CPU |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    jq -r '
      def num(f): if . == null then "n/a" else (. * pow(10; f) | round / pow(10; f) | tostring) end;
      def kib: if . == null then "n/a" else ((. / 1024 | round | tostring) + " KiB") end;
      def mib: if . == null then "n/a" else ((. / 1048576 | round | tostring) + " MiB") end;
      def ms: if . == null then "n/a" else ((. / 1000 * 10 | round / 10 | tostring) + " s") end;
      .scenarios[]
      | if .error != null then
          "| \(.kind) | \(.connections) | failed: \(.error) | | | | | | | | | |"
        else
          "| \(.kind) | \(.connections) (\(.connected)) | \(.memory.idleBytesPerConnection | kib) | \(.cpu.perHeartbeatUs | num(1)) µs\(if .cpu.windowOverlappedSilence then " *" else "" end) | \(.cpuVsSink | num(2)) | \(.saturation.heartbeatsPerSecond | num(0)) (\(.saturation.clients)) | \(.saturation.cpuPerHeartbeatUs | num(1)) µs | \(if .kind == "sink" then "n/a" else "\(.detection.p50Ms | ms) / \(.detection.p99Ms | ms) (\(.detection.policyLeaveAfterMs | ms)), \(.detection.detected)/\(.detection.silenced)" end) | \(.falseLeaves // "n/a") | \(.memory.peakRssBytes | mib) | \(.memory.peakFds) | \(.loadgenCpuSeconds | num(1)) s (\(.loadgenCpuPerHeartbeatUs | num(1)) µs/hb) |"
        end' "$RUN_DIR/results.json"
    echo
    echo "CPU per heartbeat: server utime+stime over a ${WINDOW} s window after all clients connected and ${SETTLE} s of settling,"
    echo "divided by the heartbeats the server counted in it (silo: /health gateway.heartbeats; sink: /stats frames)."
    echo "\"vs sink\" is that figure over the sink's at the same fleet size. * = silent clients began their silence inside the window."
    echo "Detection: a silent client's last heartbeat to its \`state\` leave frame (loadgen), against the policy's leaveAfter; detected/silenced."
  } >"$RUN_DIR/results.md"
}
