#!/usr/bin/env bash
# Notion sync benchmark: starts its own gateway (embedded MongoDB, embedded Notion emulator at its
# default limits: 3 requests/s, burst 10), posts N tasks, waits until all are synced and reads the
# emulator's request log to report the achieved Notion call rate, 429s and calls per task.
#
#   bench/sync/run.sh [N] [--faults] [--fault-count K] [--concurrency C] [--keep]
#
#   N                tasks to post (default 150; the drain takes about N/3 s)
#   --faults         after the baseline, a second scenario of N tasks during which faults are
#                    injected one at a time on POST /v1/pages (429, dropped connection after the
#                    write, dropped connection before it, 503), K of them, 3 s apart
#   --fault-count K  faults injected in the --faults scenario (default 8)
#   --concurrency C  concurrent posters (default 8)
#   --keep           keep the temporary DATA_DIR and gateway log (always kept on failure)
#
# Environment: BENCH_PORT / BENCH_EMULATOR_PORT pin the ports (default: free ports picked here);
# JAVA_OPTS_BENCH adds JVM options for the gateway (default -Xmx512m).
# Exit status: 0 when every aim is met, 1 when one is missed, 2 on a set-up error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

tasks=150
faults=false
fault_count=8
concurrency=8
keep=false
while [ $# -gt 0 ]; do
  case "$1" in
    --faults) faults=true ;;
    --fault-count) fault_count="$2"; shift ;;
    --fault-count=*) fault_count="${1#*=}" ;;
    --concurrency) concurrency="$2"; shift ;;
    --concurrency=*) concurrency="${1#*=}" ;;
    --keep) keep=true ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    [0-9]*) tasks="$1" ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

for tool in java mvn curl jq; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 2; }
done

jar="target/notion-bot.jar"
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_build
cpfile="target/bench-classpath.txt"
# Only Jackson is needed by SyncBench.java; a short classpath keeps the source launcher quick.
cp="$(tr ':' '\n' < "$cpfile" | grep -E '/jackson-(core|databind|annotations)-[^/]*\.jar$' | paste -sd: -)"
[ -n "$cp" ] || { echo "bench: no Jackson jars in $cpfile" >&2; exit 2; }

port="${BENCH_PORT:-$(free_port)}"
emu_port="${BENCH_EMULATOR_PORT:-$(free_port)}"
while [ "$emu_port" = "$port" ]; do emu_port="$(free_port)"; done

work="$(mktemp -d "${TMPDIR:-/tmp}/notion-bot-bench-sync.XXXXXX")"
log="$work/gateway.log"
key="bench-sync-$(date +%s)-$RANDOM"
gateway_pid=""
status=2

# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  stop_gateway "$gateway_pid"
  if [ "$keep" = true ] || [ "$status" -ne 0 ]; then
    echo "bench: kept $work (gateway log: $log)"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

read -r -a jvm_opts <<< "${JAVA_OPTS_BENCH:--Xmx512m}"
echo "bench: gateway on 127.0.0.1:$port, emulator on 127.0.0.1:$emu_port, DATA_DIR $work/data"
# The gateway's own defaults for everything Notion-related: unset whatever the caller's shell has.
env -u NOTION_API_KEY -u NOTION_DATABASE_ID -u NOTION_API_BASE_URL -u NOTION_VERSION \
    -u NOTION_RATE_LIMIT_RPS -u MONGODB_URI -u ADMIN_API_KEY -u EMBEDDED_MONGO_PORT -u ENCRYPTION_KEY \
    PORT="$port" DATA_DIR="$work/data" API_KEY="$key" API_RATE_LIMIT_PER_SECOND=100000 \
    NOTION_EMULATOR_PORT="$emu_port" \
    java "${jvm_opts[@]}" -jar "$jar" >"$log" 2>&1 &
gateway_pid=$!

base="http://127.0.0.1:$port"
# shellcheck disable=SC2317  # called by await_gateway
ready() {
  [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$base/health" 2>/dev/null || true)" = 200 ] &&
    [ "$(curl -s -m 2 "$base/health" 2>/dev/null | jq -r '.checks.notion.workspaces[0].access // empty' 2>/dev/null || true)" = ok ] &&
    [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' -H "X-API-Key: $key" "$base/tasks?limit=1" 2>/dev/null || true)" = 200 ]
}
await_gateway "$gateway_pid" "$log" 120 ready
echo "bench: gateway ready (health 200, GET /tasks 200, workspace access ok)"

args=(--gateway "$base" --emulator "http://127.0.0.1:$emu_port" --key "$key" --tasks "$tasks"
      --concurrency "$concurrency" --configured-rps 3 --dump-dir "$work")
if [ "$faults" = true ]; then
  args+=(--faults --fault-count "$fault_count")
fi
set +e
java -cp "$cp" "$here/SyncBench.java" "${args[@]}"
status=$?
set -e
if grep -qE ' (ERROR|WARN) ' "$log"; then
  echo "bench: gateway log, ERROR/WARN lines by message (count, level and logger, message):"
  grep -E ' (ERROR|WARN) ' "$log" | grep -v 'using the local Notion EMULATOR' \
    | sed -E 's/^[^ ]+ +(ERROR|WARN) +[0-9]+ --- \[[^]]*\] +/\1 /' | sort | uniq -c | sort -rn | head -10 | sed 's/^/  /'
  if grep -qE '^[A-Za-z0-9_.$]+(Exception|Error)(: |$)' "$log"; then
    echo "bench: exceptions in the gateway log (count, first line):"
    grep -E '^[A-Za-z0-9_.$]+(Exception|Error)(: |$)' "$log" | sort | uniq -c | sort -rn | head -5 | sed 's/^/  /'
  fi
fi
exit "$status"
