#!/usr/bin/env bash
# The one test command: installs the system packages the suite needs (postgresql, redis-server,
# chromium, haproxy; when missing), builds the
# solution and runs every test project. Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

log() { printf '==> %s\n' "$*" >&2; }

install_missing() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  { [ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || missing+=(postgresql)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  log "installing ${missing[*]}"
  $sudo apt-get update -qq >&2 || log "apt-get update failed; trying the install anyway"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
    || { log "apt-get install ${missing[*]} failed"; return 1; }
}

if ! install_missing; then
  echo "0 passed, 1 failed"
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log "building"
if ! dotnet build SessionGrid.sln -c Release -nologo -v q >build.log 2>&1; then
  grep -E "error" build.log | sort -u | head -50 >&2
  echo "0 passed, 1 failed"
  exit 1
fi

results=$(mktemp -d)
passed=0
failed=0
for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  log "testing $name"
  # --blame-hang turns a hung test into a failure with a dump instead of a stuck CI run.
  dotnet test "$project" -c Release --no-build -nologo \
    --blame-hang --blame-hang-timeout 5m \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=minimal" "$@"
  rc=$?
  trx="$results/$name.trx"
  p=0
  f=0
  if [ -f "$trx" ]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  fi
  p=${p:-0}
  f=${f:-0}
  # A crashed or hung test host can leave a report with no failures in it: the run still failed.
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    log "$name: dotnet test exited $rc without a failed test in its report; counting the project as failed"
    f=1
  fi
  passed=$((passed + p))
  failed=$((failed + f))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
